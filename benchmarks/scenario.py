"""Scenario load time and memory: parse and validate a scenario file N times (the first run is cold).

``python -m benchmarks scenario --scenario scenarios/shuangliu.yaml --repeat 5``
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", type=Path, default=Path("scenarios/shuangliu.yaml"))
    parser.add_argument("--repeat", type=int, default=5)


def run(args: argparse.Namespace) -> int:
    from scenarios import load_scenario

    times = []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        scenario = load_scenario(args.scenario)
        _ = scenario.index  # the lookups every planner builds first
        times.append(time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.scenario}: first load {times[0]:.3f} s, median of {len(times)} {statistics.median(times):.3f} s, "
          f"peak RSS {peak_mb:.0f} MB ({len(scenario.street_graph.segments)} segments, "
          f"{len(scenario.collection_points)} points, {len(scenario.workforce.workers)} workers)")
    return 0
