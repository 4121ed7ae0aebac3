"""The job protocol shared by every long computation: a stop predicate and a progress callback.

Long jobs (solve, simulate, study) are plain functions taking `stop` (True once the user cancelled)
and `progress` (fraction done and/or the best cost so far). The app turns progress into a progress
bar; the command line uses TerminalProgress and turns Ctrl-C into a stop request.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

StopFn = Callable[[], bool]


@dataclass(frozen=True)
class ProgressInfo:
    """What a job reports: fraction done (0..1, None when unknown), best cost so far and a short text."""

    fraction: float | None = None
    best_cost: float | None = None
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


ProgressFn = Callable[[ProgressInfo], None]


def never_stop() -> bool:
    return False


def no_progress(_: ProgressInfo) -> None:
    return None


class TerminalProgress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._last = 0.0
        self._shown = False

    def __call__(self, info: ProgressInfo) -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and (info.fraction or 0) < 1:
            return
        self._last = now
        frac = info.fraction
        bar = "" if frac is None else "[" + "#" * int(frac * self.width) + "." * (self.width - int(frac * self.width)) + f"] {frac:4.0%}"
        cost = "" if info.best_cost is None else f"  best {info.best_cost:,.1f}"
        if self.stream.isatty():
            self.stream.write(f"\r{self.label} {bar}{cost} {info.message}"[:120].ljust(80))
        elif frac is not None and int(frac * 10) != getattr(self, "_decile", -1):
            self._decile = int(frac * 10)
            self.stream.write(f"{self.label} {bar}{cost} {info.message}\n")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown and self.stream.isatty():
            self.stream.write("\n")
            self.stream.flush()


#: Interrupts within this many seconds of the first are the same Ctrl-C arriving twice (the terminal sends it
#: to the whole process group and ``uv run`` forwards it once more): they do not abort.
REPEAT_GRACE_S = 1.0


STOPPING = "stopping… (keeping the best result so far; Ctrl-C again to abort)"


@contextmanager
def ctrl_c_stops(message: str = STOPPING) -> Iterator[StopFn]:
    """Within the block, the first Ctrl-C asks the job to stop (keeping its best result); another one, after
    ``REPEAT_GRACE_S``, aborts (KeyboardInterrupt, which ``main.py`` reports without a traceback)."""
    requested = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield requested.is_set
        return
    previous = signal.getsignal(signal.SIGINT)
    first_at: list[float] = []

    def handler(signum: int, frame: Any) -> None:
        now = time.monotonic()
        if not first_at:
            first_at.append(now)
            requested.set()
            sys.stderr.write(f"\n{message}\n")
            return
        if now - first_at[0] < REPEAT_GRACE_S:
            return
        signal.signal(signal.SIGINT, previous)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    try:
        yield requested.is_set
    finally:
        # Once stopped, the program only writes what it kept and exits: a late repeat of the same Ctrl-C
        # (uv forwards one 200 ms after a second) must not cut that short, nor kill it while it shuts down.
        signal.signal(signal.SIGINT, signal.SIG_IGN if requested.is_set() else previous)


@contextmanager
def children_start_deaf() -> Iterator[None]:
    """Processes started inside the block begin with Ctrl-C blocked (the signal mask is inherited), so one that
    arrives while a child is still importing waits until the child ignores it (``ignore_ctrl_c``). The caller
    takes any Ctrl-C that came meanwhile when the block ends."""
    posix = hasattr(signal, "pthread_sigmask")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if posix else set()
    try:
        yield
    finally:
        if posix:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def ignore_ctrl_c() -> None:
    """In a child process: the terminal's Ctrl-C is the parent's business (it stops the child and keeps results)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
