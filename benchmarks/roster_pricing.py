"""Benchmark: the roster column generation's root LP on Curtois & Qu instances (pricing speed).

    uv run python -m benchmarks roster_pricing --data DIR --time-limit S [--instances GLOB ...]
        [--pricer auto|cp-sat] --out results.csv

Runs the root LP of `optimizer/roster/columns.py` alone, from the same seed columns the app
uses, until pricing proves it optimal or the time limit, and writes per instance: the rounds,
the LP value, whether it converged, the wall time, and how long one worker's pricing solve
took on average. `--pricer cp-sat` prices every worker with the one-worker CP-SAT model instead
of the dynamic program (schedule_dp.py), to compare the two in one run. The rostering benchmark
measures the whole solve; this one isolates the part whose speed decides how far column
generation gets in its share of the time.
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

from benchmarks.readers.curtois_qu import read_instance, to_problem
from benchmarks.rostering import add_arguments as add_common_arguments
from benchmarks.rostering import run_all
from optimizer.roster.columns import ColumnGeneration, WorkerPricer

__all__ = ["add_arguments", "run", "run_instance"]

COLUMNS = ("instance", "pricer", "workers", "rounds", "lp", "converged", "time_s", "pricing_solves", "pricing_ms_mean")


class _TimedPricer:
    """Wraps a pricer's `price` to add up its wall time (threads price concurrently)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.solves = 0
        self.seconds = 0.0

    def wrap(self, pricer: WorkerPricer) -> None:
        price = pricer.price

        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                return price(*args, **kwargs)
            finally:
                with self.lock:
                    self.solves += 1
                    self.seconds += time.perf_counter() - began

        pricer.price = timed  # type: ignore[method-assign]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The rostering benchmark's options, and which pricer to use."""
    add_common_arguments(parser)
    parser.add_argument("--pricer", choices=("auto", "cp-sat"), default="auto",
                        help="auto: the dynamic program where it applies (as the app does); cp-sat: CP-SAT for every worker")


def run_instance(path: Path, time_limit_s: float, workers: int, seed: int, pricer: str = "auto") -> dict[str, object]:
    """The root LP of one instance; returns one CSV row."""
    instance = read_instance(path)
    problem = to_problem(instance)
    cg = ColumnGeneration(problem, {}, workers, seed, lambda: False, lambda _: None, use_dp=pricer == "auto")
    timer = _TimedPricer()
    for worker_pricer in cg.pricers:
        timer.wrap(worker_pricer)
    try:
        began = time.monotonic()
        cg.seed_columns()
        value, _ = cg.generate(began + time_limit_s, max_rounds=100_000)
        elapsed = time.monotonic() - began
    finally:
        cg.close()
    return {
        "instance": instance.name,
        "pricer": pricer,
        "workers": len(problem.workers),
        "rounds": cg.rounds,
        "lp": f"{value:.2f}",
        "converged": "yes" if cg.converged else "no",
        "time_s": f"{elapsed:.1f}",
        "pricing_solves": timer.solves,
        "pricing_ms_mean": f"{1000 * timer.seconds / max(1, timer.solves):.1f}",
    }


def run(args: argparse.Namespace) -> int:
    """Run the benchmark; exit code 2 when no instance matches or a file is malformed."""
    return run_all(args, lambda path: run_instance(path, args.time_limit, args.workers, args.seed, args.pricer), COLUMNS)
