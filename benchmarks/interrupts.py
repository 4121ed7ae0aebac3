"""Ctrl-C as a terminal sends it, to the process group of `uv run main.py plan|roster|study …`, at random moments.

uv run python -m benchmarks interrupts --tries 10 [--commands plan,roster,study] [--seed 1]

Each try starts the command under `uv run` in its own process group, waits until it has something to
keep (the engines searching, the roster search under way, a first finished study run), waits a random
0–3 s more, then sends SIGINT to the whole group twice 50 ms apart (the keypress, and uv forwarding it
again). A try passes when the program exits by itself without a traceback and wrote its result: the plan
(status "stopped"), the roster export, or the study's comparison.csv with its finished runs (a study that
finished before the Ctrl-C took effect counts as kept; the table says how many were stopped).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT_GAP_S = 0.05
READY_TIMEOUT_S = 120.0
EXIT_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Interrupted:
    """How one interrupted command ended."""

    returncode: int | None
    output: str  # stdout and stderr together, as a terminal shows them
    ready_s: float  # from start until it had something to keep
    stop_s: float  # from Ctrl-C until it exited

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.output


class _Reader(threading.Thread):
    """Collects a process's output as it comes (progress bars write without newlines)."""

    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self.stream, self.chunks, self.lock = stream, [], threading.Lock()

    def run(self) -> None:
        while chunk := self.stream.read1(65536):
            with self.lock:
                self.chunks.append(chunk)

    def text(self) -> str:
        with self.lock:
            return b"".join(self.chunks).decode("utf-8", errors="replace")


def group_size(pid: int) -> int:
    """Processes in the group led by ``pid`` (uv, the program, its solver processes)."""
    found = subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout.split()
    return len(found)


def interrupt_uv_run(args: list[str], ready: Callable[[int, str], bool], extra_wait_s: float = 0.0,
                     cwd: Path = ROOT, second_after_s: float = REPEAT_GAP_S) -> Interrupted:
    """Start `uv run --frozen ARGS`, wait for ``ready(pid, output)``, then Ctrl-C its process group twice:
    ``REPEAT_GAP_S`` apart (one keypress that uv forwards again), or later (the user pressing it again)."""
    uv = shutil.which("uv")
    if uv is None:
        raise RuntimeError("uv is not on PATH (the README's commands run under uv)")
    started = time.monotonic()
    process = subprocess.Popen([uv, "run", "--frozen", *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    reader = _Reader(process.stdout)
    reader.start()
    try:
        deadline = started + READY_TIMEOUT_S
        while process.poll() is None and time.monotonic() < deadline and not ready(process.pid, reader.text()):
            time.sleep(0.1)
        ready_s = time.monotonic() - started
        time.sleep(extra_wait_s)
        sent = time.monotonic()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # the terminal's Ctrl-C …
            time.sleep(second_after_s)
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # … and the same keypress forwarded again
        try:
            process.wait(timeout=EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pass
        stop_s = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(timeout=5)
    return Interrupted(process.returncode, reader.text(), ready_s, stop_s)


# --- the three commands: what to run, when it has something to keep, what must be there after -------------


def plan_args(out: Path) -> list[str]:
    return ["main.py", "plan", "scenarios/training.yaml", "--what", "garbage", "--time-limit", "90",
            "--check-replications", "0", "--out", str(out)]


def plan_ready(pid: int, output: str) -> bool:
    return group_size(pid) >= 4  # uv, the program and both engine processes


def plan_kept(out: Path, result: Interrupted) -> str | None:
    path = out / "plan.json"
    if not path.exists():
        return "no plan.json"
    status = json.loads(path.read_text(encoding="utf-8"))["parts"]["garbage"]["status"]
    return None if status == "stopped" else f"garbage status {status!r}, expected 'stopped'"


def roster_args(out: Path) -> list[str]:
    return ["main.py", "roster", "scenarios/training.yaml", "--weeks", "4", "--time-limit", "120",
            "--export", str(out / "roster.xlsx")]


def roster_ready(pid: int, output: str) -> bool:
    return "roster [" in output  # searching (a Ctrl-C from then on must still give a whole legal roster)


def roster_kept(out: Path, result: Interrupted) -> str | None:
    path = out / "roster.xlsx"
    if not path.exists():
        return "no roster.xlsx"
    return None if path.read_bytes().startswith(b"PK") else "roster.xlsx is not an Excel file"


def study_args(out: Path) -> list[str]:
    # 30 replications of 7 days: a run phase of half a minute or more, so the Ctrl-C lands while runs are under way
    return ["main.py", "study", "scenarios/studies/training.yaml", "--replications", "30", "--days", "7",
            "--formats", "png", "--out", str(out)]


_FIRST_RUN = re.compile(r"\b[1-9]\d* runs\b")


def study_ready(pid: int, output: str) -> bool:
    return bool(_FIRST_RUN.search(output))


def study_kept(out: Path, result: Interrupted) -> str | None:
    if not (out / "study.sqlite").exists():
        return "no study.sqlite"
    with sqlite3.connect(out / "study.sqlite") as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        runs = sum(db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables if "run" in t)
    if runs == 0:
        return "no finished run kept in study.sqlite"
    return None if (out / "comparison.csv").exists() else "no comparison.csv"


COMMANDS: dict[str, tuple[Callable[[Path], list[str]], Callable[[int, str], bool],
                          Callable[[Path, Interrupted], str | None], tuple[int, ...]]] = {
    # name: (arguments, ready, what must be kept, exit codes of a clean stop)
    "plan": (plan_args, plan_ready, plan_kept, (0,)),
    "roster": (roster_args, roster_ready, roster_kept, (0,)),
    "study": (study_args, study_ready, study_kept, (130, 0)),  # 0: it had finished when the Ctrl-C came
}


def try_once(command: str, folder: Path, extra_wait_s: float) -> tuple[Interrupted, str | None]:
    """One interrupted run of ``command``; the second item says what was lost (None: nothing)."""
    args, ready, kept, codes = COMMANDS[command]
    result = interrupt_uv_run(args(folder), ready, extra_wait_s)
    if result.traceback:
        return result, "printed a traceback"
    if result.returncode not in codes:
        return result, f"exit code {result.returncode}, expected {codes}"
    return result, kept(folder, result)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tries", type=int, default=10)
    parser.add_argument("--commands", default="plan,roster,study")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random extra waits")


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    print("| command | tries | result kept | of them stopped by the Ctrl-C | median s to first result "
          "| median s from Ctrl-C to exit | lost |")
    print("|---|---|---|---|---|---|---|")
    failed = 0
    for command in commands:
        kept, stopped, ready, stops, lost = 0, 0, [], [], []
        for _ in range(args.tries):
            with tempfile.TemporaryDirectory(prefix=f"cityops-ctrl-c-{command}-") as folder:
                result, problem = try_once(command, Path(folder), rng.uniform(0.0, 3.0))
            ready.append(result.ready_s)
            stops.append(result.stop_s)
            stopped += "stopping…" in result.output
            if problem is None:
                kept += 1
            else:
                lost.append(problem)
        failed += args.tries - kept
        print(f"| {command} | {args.tries} | {kept} | {stopped} | {sorted(ready)[len(ready) // 2]:.1f} | "
              f"{sorted(stops)[len(stops) // 2]:.1f} | {'; '.join(sorted(set(lost))) or '—'} |", flush=True)
    return 1 if failed else 0
