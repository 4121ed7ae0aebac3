"""Run one job function in a worker process (Qt-free).

A job is a plain top-level function `fn(*args, stop, progress, **kwargs)`. The child process
calls it with a `stop` that reads a shared Event and a `progress` that streams ProgressInfo
through a Queue; the result (or the error text) comes back through the same Queue. Processes are
started with the 'spawn' method so the child never inherits the GUI's threads or Qt state, and
a solver that holds the GIL in the child cannot freeze the window.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import pickle
import queue
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scenarios.jobs import ProgressInfo

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05  # the child sends at most 20 progress messages a second


@dataclass(frozen=True)
class JobMessage:
    """What the parent reads from a job: kind in progress|finished|failed, plus its payload."""

    kind: str
    payload: Any = None
    details: str = ""
    # a finished job's result as the child pickled it: the parent keeps these bytes to pass the
    # result to the next job (a district plan takes 0.1-0.2 s to pickle, a freeze in the GUI)
    blob: bytes | None = None


def as_progress_info(value: object) -> ProgressInfo:
    """Turn what back ends report (ProgressInfo, a fraction, or a solver's dict) into ProgressInfo."""
    if isinstance(value, ProgressInfo):
        return value
    if isinstance(value, int | float):
        return ProgressInfo(fraction=float(value))
    if isinstance(value, dict):
        best = value.get("best_cost", value.get("objective", value.get("cost")))
        fraction = value.get("fraction")
        return ProgressInfo(
            fraction=None if fraction is None else float(fraction),
            best_cost=None if best is None else float(best),
            message=str(value.get("message", "")),
            extra={k: v for k, v in value.items() if k not in ("fraction", "best_cost", "objective", "message")},
        )
    return ProgressInfo(message=str(value))


class Terminated(SystemExit):
    """The app ended this job (it is closing): unwinds the job so its pool shuts down and frees its semaphores."""


def _end_with_children(signum: int, frame: Any) -> None:
    """On terminate, take this worker's own worker processes (a study's pool) down with it.

    The first SIGTERM unwinds the job (its `finally`/`except BaseException` blocks stop a study's pool, which
    frees the pool's semaphores: an immediate exit left 'leaked semaphore objects' warnings at quit). A second
    one, or a job that does not unwind, ends the process at once."""
    for child in mp.active_children():
        child.terminate()
    if not _terminating[0]:
        _terminating[0] = True
        raise Terminated(1)
    os._exit(1)


_terminating = [False]


def _child_main(inbox: Any, messages: Any, stop_event: Any) -> None:
    """Entry point of the worker process: read the call from the inbox, run it, send back the outcome."""
    signal.signal(signal.SIGTERM, _end_with_children)
    try:
        fn, args, kwargs = inbox.get()
    except BaseException as exc:
        messages.put(JobMessage("failed", f"could not receive the job: {type(exc).__name__}: {exc}", traceback.format_exc()))
        return
    last_sent = [0.0]

    def stop() -> bool:
        return stop_event.is_set()

    def progress(value: object) -> None:
        info = as_progress_info(value)
        now = time.monotonic()
        # Keep every improvement of the best cost (the live chart) but thin out plain fraction updates.
        if info.best_cost is None and now - last_sent[0] < PROGRESS_INTERVAL_S and (info.fraction or 0) < 1:
            return
        last_sent[0] = now
        messages.put(JobMessage("progress", info))

    try:
        result = fn(*args, stop=stop, progress=progress, **kwargs)
    except Terminated:
        return  # nobody is listening any more: the window is closing
    except BaseException as exc:  # the parent shows the message and logs the traceback
        messages.put(JobMessage("failed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    else:
        messages.put(JobMessage("finished", blob=pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)))
    messages.close()
    messages.join_thread()


def _unpacked(message: JobMessage) -> JobMessage:
    """A finished message with its result read from the child's bytes (which it keeps)."""
    if message.kind == "finished" and message.blob is not None and message.payload is None:
        return JobMessage("finished", pickle.loads(message.blob), message.details, message.blob)
    return message


class ProcessJob:
    """One job in a child process: start, poll for messages, cancel (then terminate after a grace period)."""

    def __init__(self, fn: Callable[..., Any], *args: Any, grace_s: float = 1.0, **kwargs: Any) -> None:
        self.fn, self.args, self.kwargs, self.grace_s = fn, args, kwargs, grace_s
        context = mp.get_context("spawn")
        self._messages = context.Queue()
        self._inbox = context.Queue()
        self._stop_event = context.Event()
        # The call (often megabytes: a pickled district) goes through a queue, whose feeder thread writes
        # it while the child starts up; as process arguments it would block the GUI until the child reads.
        # Not a daemon: a study job starts its own pool of worker processes.
        self._process = context.Process(target=_child_main, args=(self._inbox, self._messages, self._stop_event),
                                        daemon=False)
        self.cancel_requested_at: float | None = None
        self.done = False
        self.terminated = False
        self._finished_at = 0.0

    def start(self) -> None:
        self._process.start()
        self._inbox.put((self.fn, self.args, self.kwargs))
        self._inbox.close()

    def cancel(self) -> None:
        """Ask the function to stop; it should return its best result within the grace period."""
        if self.cancel_requested_at is None:
            self.cancel_requested_at = time.monotonic()
            self._stop_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_requested_at is not None

    def poll(self) -> list[JobMessage]:
        """Messages that arrived since the last poll; a dead or overdue child yields a final message."""
        out: list[JobMessage] = []
        if self.done:
            return out
        while True:
            try:
                message = self._messages.get_nowait()
            except queue.Empty:
                break
            out.append(_unpacked(message))
            if message.kind in ("finished", "failed"):
                self._finish()
                return out
        overdue = self.cancelled and time.monotonic() - (self.cancel_requested_at or 0) > self.grace_s
        if overdue:
            self.terminated = True
            self._finish()
            out.append(JobMessage("terminated"))
        elif not self._process.is_alive():
            # The child flushed its queue before exiting, so anything it sent is readable now.
            try:
                out.append(_unpacked(self._messages.get_nowait()))
            except queue.Empty:
                code = self._process.exitcode
                out.append(JobMessage("failed", f"the worker process ended unexpectedly (exit code {code})"))
            self._finish()
        return out

    def _finish(self) -> None:
        """Mark done; a child that is still exiting is reaped later without blocking the caller."""
        self.done = True
        self._finished_at = time.monotonic()
        if self.terminated and self._process.is_alive():
            log.info("terminating worker process %s after the grace period", self._process.pid)
            self._process.terminate()
        self.reap()

    def reap(self) -> bool:
        """True once the child process is gone; kills a child that lingers two seconds after finishing."""
        if self._process.exitcode is None and self._process.is_alive():
            if time.monotonic() - self._finished_at > 2.0:
                self._process.kill()
            return False
        self._process.join(timeout=0)
        for q in (self._messages, self._inbox):
            q.cancel_join_thread()
            q.close()
        return True

    def abandon(self) -> None:
        """Stop caring about this job: signal the child to end, without waiting (reap() finishes it)."""
        self._stop_event.set()
        self.done = self.terminated = True
        self._finished_at = time.monotonic()
        if self._process.is_alive():
            self._process.terminate()

    def stop_now(self) -> None:
        """End the child at once and wait for it (used when the app quits)."""
        self._stop_event.set()
        if self._process.is_alive():
            self._process.join(timeout=0.3)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=2)
        if self._process.is_alive():  # it did not unwind in time
            self._process.kill()
            self._process.join(timeout=1)
        self.done = True
        self._finished_at = time.monotonic()
        self.reap()
