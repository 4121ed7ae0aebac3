"""Benchmark: the same study on one local worker process and on two, from empty stores, in one run.

uv run python -m reports.study.speedup scenarios/studies/training.yaml --replications 10 --days 3
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from .executors import LocalExecutor
from .pipeline import run_study
from .spec import load_study


def time_study(study: Path, workers: int, replications: int | None, days: int | None) -> tuple[float, int, float]:
    """Wall time of a full study run (worker start-up included) on `workers` processes, runs computed,
    and the summed time of the runs themselves (it grows when other programs compete for the cores)."""
    spec = load_study(study)
    with tempfile.TemporaryDirectory(prefix="cityops-speedup-") as folder:
        start = time.perf_counter()
        executor = LocalExecutor(workers, Path(folder) / "plans")
        try:
            outcome = run_study(spec, Path(folder), executor, replications=replications, days=days)
        finally:
            executor.close()
        run_s = sum(r.seconds for runs in outcome.runs.values() for r in runs)
        return time.perf_counter() - start, outcome.computed, run_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("study", type=Path)
    parser.add_argument("--replications", type=int, default=None)
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    times: dict[int, float] = {}
    print("| workers | runs | wall time s | speed-up | sum of run times s | load avg (1 min) before |\n|---|---|---|---|---|---|")
    for w in args.workers:
        load = os.getloadavg()[0]
        seconds, runs, run_s = time_study(args.study, w, args.replications, args.days)
        times[w] = seconds
        first = times[args.workers[0]]
        print(f"| {w} | {runs} | {seconds:.1f} | {first / seconds:.2f}× | {run_s:.1f} | {load:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
