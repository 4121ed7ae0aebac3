"""Benchmark: the same study on one worker process and on two, from empty stores, in one run.

uv run python -m reports.study.speedup scenarios/studies/training.yaml --replications 10 --days 3
uv run python -m reports.study.speedup scenarios/studies/speedup_40_runs.yaml --on dask

``--on dask`` starts a Dask scheduler and `dask worker --nworkers N --nthreads 1` on loopback for
each N (the README's commands); their start-up is not timed, the study is.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from .executors import DaskExecutor, LocalExecutor
from .loopback import loopback_cluster
from .pipeline import run_study
from .spec import StudySpec, load_study


def _timed_run(spec: StudySpec, folder: Path, executor: LocalExecutor | DaskExecutor, replications: int | None,
               days: int | None, start: float) -> tuple[float, int, float]:
    try:
        outcome = run_study(spec, folder, executor, replications=replications, days=days)
    finally:
        executor.close()
    run_s = sum(r.seconds for runs in outcome.runs.values() for r in runs)
    return time.perf_counter() - start, outcome.computed, run_s


def time_study(study: Path, workers: int, replications: int | None, days: int | None,
               on: str = "local") -> tuple[float, int, float]:
    """Wall time of a full study run on `workers` processes (local: their start-up included), runs computed,
    and the summed time of the runs themselves (it grows when other programs compete for the cores)."""
    spec = load_study(study)
    with tempfile.TemporaryDirectory(prefix="cityops-speedup-") as folder:
        if on == "dask":
            with loopback_cluster(workers, Path(folder) / "cluster") as address:
                start = time.perf_counter()
                return _timed_run(spec, Path(folder), DaskExecutor(address), replications, days, start)
        start = time.perf_counter()
        return _timed_run(spec, Path(folder), LocalExecutor(workers, Path(folder) / "plans"), replications, days,
                          start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("study", type=Path)
    parser.add_argument("--replications", type=int, default=None)
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--on", choices=("local", "dask"), default="local",
                        help="local worker processes, or a Dask scheduler and worker processes on loopback")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    times: dict[int, float] = {}
    print(f"on: {args.on}")
    print("| worker processes | runs | wall time s | speed-up | runs per hour per core | sum of run times s "
          "| load avg (1 min) before |\n|---|---|---|---|---|---|---|")
    for w in args.workers:
        load = os.getloadavg()[0]
        seconds, runs, run_s = time_study(args.study, w, args.replications, args.days, args.on)
        times[w] = seconds
        first = times[args.workers[0]]
        per_core_h = runs / (seconds / 3600) / w
        print(f"| {w} | {runs} | {seconds:.1f} | {first / seconds:.2f}× | {per_core_h:.0f} | {run_s:.1f} "
              f"| {load:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
