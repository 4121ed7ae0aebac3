"""Routing benchmark: CVRPLIB (cvrp), Solomon (vrptw) and CARP gdb (carp) through the app's solve_portfolio path.

    uv run python -m benchmarks routing --suite cvrp --data ../shared/benchmarks/cvrp/A --time-limit 10 --out r.csv
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.readers.carplib import read_carplib
from benchmarks.readers.cvrplib import read_cvrplib
from benchmarks.readers.solomon import TENTHS, read_solomon
from optimizer.routing.carp import carp_to_routing, path_cost, path_violations, routes_to_paths
from optimizer.routing.portfolio import PortfolioParams, solve_portfolio
from optimizer.routing.problem import Client, Depot, RoutingProblem, VehicleType
from optimizer.routing.solution import RoutingSolution
from optimizer.routing.validate import validate

COLUMNS = ("instance", "cost", "best_known", "gap_pct", "feasible", "time_s", "engine")


@dataclass(frozen=True)
class Prepared:
    """An instance as a routing problem, plus how to turn a plan into (benchmark cost, feasible)."""

    name: str
    problem: RoutingProblem
    evaluate: Callable[[RoutingSolution], tuple[float | None, bool]]


def _generous_fleet(total_demand: int, capacity: int, clients: int) -> int:
    """A vehicle count that does not bind (the benchmark does not limit vehicles)."""
    return max(1, min(clients, 2 * math.ceil(total_demand / capacity) + 2))


def _validated(problem: RoutingProblem, scale: float = 1.0) -> Callable[[RoutingSolution], tuple[float | None, bool]]:
    def evaluate(solution: RoutingSolution) -> tuple[float | None, bool]:
        report = validate(problem, solution)
        return (report.cost / scale if solution.routes else None), report.feasible and bool(solution.routes)
    return evaluate


def prepare_cvrp(path: Path) -> Prepared:
    """CVRPLIB: nint Euclidean distances, vehicles not limited, minimise distance."""
    inst = read_cvrplib(path)
    distance = inst.distances()
    clients = tuple(Client(location=i, demand=int(d)) for i, d in enumerate(inst.demands[1:], start=1))
    fleet = _generous_fleet(int(inst.demands.sum()), inst.capacity, len(clients))
    problem = RoutingProblem(distance, distance, (Depot(0),), clients,
                             (VehicleType(count=fleet, capacity=inst.capacity),), name=inst.name)
    return Prepared(inst.name, problem, _validated(problem))


def prepare_vrptw(path: Path) -> Prepared:
    """Solomon: tenths of truncated distance, travel time = distance, at most the file's vehicles."""
    inst = read_solomon(path)
    distance = inst.distances_tenths()

    def tenths(value: float) -> int:
        return int(round(value * TENTHS))

    clients = tuple(
        Client(location=i, demand=int(inst.demands[i]), service_duration=tenths(inst.service[i]),
               tw_early=tenths(inst.ready[i]), tw_late=tenths(inst.due[i]))
        for i in range(1, len(inst.demands)))
    vehicle = VehicleType(count=inst.vehicles, capacity=inst.capacity, shift_early=tenths(inst.ready[0]),
                          shift_late=tenths(inst.due[0]))
    problem = RoutingProblem(distance, distance, (Depot(0),), clients, (vehicle,), name=inst.name)
    return Prepared(inst.name, problem, _validated(problem, TENTHS))


def prepare_carp(path: Path) -> Prepared:
    """CARP: serve each required edge once in either direction; cost of every traversal; fleet not limited."""
    inst = read_carplib(path)
    demand = sum(e.demand for e in inst.edges if e.required)
    tasks = sum(1 for e in inst.edges if e.required)
    vehicle = VehicleType(count=_generous_fleet(demand, inst.capacity, tasks), capacity=inst.capacity)
    model = carp_to_routing(inst.num_nodes, inst.edges, (inst.depot,), (vehicle,), name=inst.name)

    def evaluate(solution: RoutingSolution) -> tuple[float | None, bool]:
        cost, feasible = _validated(model.problem)(solution)
        paths = routes_to_paths(model, solution)
        on_graph = path_cost(inst.edges, paths)
        # The graph-level check is independent of the node-routing distances.
        feasible = feasible and not path_violations(inst.edges, paths, inst.depot) and on_graph == cost
        return (on_graph if solution.routes else None), feasible

    return Prepared(inst.name, model.problem, evaluate)


SUITES: dict[str, tuple[str, Callable[[Path], Prepared]]] = {
    "cvrp": ("*.vrp", prepare_cvrp),
    "vrptw": ("*.txt", prepare_vrptw),
    "carp": ("*.dat", prepare_carp),
}

DEFAULT_ENGINES = {"cvrp": "pyvrp,pyvrp2", "vrptw": "pyvrp,pyvrp2", "carp": "pyvrp,pyvrp2"}


def read_best_known(data_dir: Path) -> dict[str, float]:
    """bks.csv from the data folder or its parent, keyed by lower-case instance name."""
    for folder in (data_dir, data_dir.parent):
        if (folder / "bks.csv").is_file():
            with open(folder / "bks.csv", newline="") as handle:
                return {row["instance"].strip().lower(): float(row["best_known"]) for row in csv.DictReader(handle)}
    return {}


def find_instances(data_dir: Path, pattern: str) -> list[Path]:
    """Instance files in ``data_dir`` (or its only sub-folder holding them), in natural name order."""
    def natural(path: Path) -> list:
        return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", path.stem)]

    found = sorted(data_dir.glob(pattern), key=natural)
    if not found:
        found = sorted(data_dir.glob(f"*/{pattern}"), key=natural)
    return [p for p in found if p.is_file()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m benchmarks routing``."""
    parser.add_argument("--suite", choices=sorted(SUITES), required=True)
    parser.add_argument("--data", type=Path, required=True, help="folder of instances (bks.csv here or one level up)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="wall-clock seconds per instance")
    parser.add_argument("--instances", default=None, help="glob of instance files (default: every file of the suite)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engines", default=None,
                        help="comma-separated engines to race (default: pyvrp,pyvrp2, two PyVRP searches with their "
                             "own seeds, which did better than PyVRP with OR-Tools on every suite)")
    parser.add_argument("--baseline", default=None, metavar="ENGINES",
                        help="also solve every instance with these engines alone (e.g. pyvrp) at the same wall "
                             "clock, right after, and report both (compare within one run)")
    parser.add_argument("--out", type=Path, default=Path("routing_results.csv"))


def _solve_once(prepared, params: PortfolioParams) -> tuple[float | None, bool, float, object]:
    started = time.monotonic()
    solution = solve_portfolio(prepared.problem, params)
    elapsed = time.monotonic() - started
    cost, feasible = prepared.evaluate(solution)
    return cost, feasible, elapsed, solution


def _gap(cost: float | None, bks: float | None) -> float | None:
    return 100.0 * (cost - bks) / bks if cost is not None and bks else None


def _summary(label: str, gaps: list[float], total: int) -> str:
    if not gaps:
        return f"{label}: no feasible result with a known value"
    return (f"{label}: {len(gaps)}/{total} feasible with known value; mean gap {sum(gaps) / len(gaps):.3f}%, "
            f"max gap {max(gaps):.3f}%")


def run(args: argparse.Namespace) -> int:
    """Solve every instance, validate it, write the CSV and print mean and max gap."""
    suffix, prepare = SUITES[args.suite]
    instances = find_instances(args.data, args.instances or suffix)
    if not instances:
        print(f"no instances matching {args.instances or suffix} in {args.data}", file=sys.stderr)
        return 2
    best_known = read_best_known(args.data)
    args.engines = args.engines or DEFAULT_ENGINES[args.suite]
    params = PortfolioParams(args.time_limit, args.seed, tuple(args.engines.split(",")))
    baseline = (PortfolioParams(args.time_limit, args.seed, tuple(args.baseline.split(",")))
                if args.baseline else None)
    gaps: list[float] = []
    base_gaps: list[float] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS] + (["baseline_cost", "baseline_gap_pct", "baseline_feasible"] if baseline else []))
        for path in instances:
            prepared = prepare(path)
            cost, feasible, elapsed, solution = _solve_once(prepared, params)
            bks = best_known.get(prepared.name.lower(), best_known.get(path.stem.lower()))
            gap = _gap(cost, bks)
            if gap is not None and feasible:
                gaps.append(gap)
            row = [prepared.name, "" if cost is None else round(cost, 1), "" if bks is None else bks,
                   "" if gap is None else f"{gap:.3f}", feasible, f"{elapsed:.2f}", solution.engine]
            line = (f"{prepared.name:12s} cost={cost} bks={bks} gap={'-' if gap is None else f'{gap:.3f}%'} "
                    f"feasible={feasible} time={elapsed:.1f}s engine={solution.engine} "
                    f"engines={dict(solution.engine_costs)}")
            if baseline is not None:
                b_cost, b_feasible, _, _ = _solve_once(prepared, baseline)
                b_gap = _gap(b_cost, bks)
                if b_gap is not None and b_feasible:
                    base_gaps.append(b_gap)
                row += ["" if b_cost is None else round(b_cost, 1), "" if b_gap is None else f"{b_gap:.3f}", b_feasible]
                line += f" | {args.baseline} alone gap={'-' if b_gap is None else f'{b_gap:.3f}%'}"
            writer.writerow(row)
            handle.flush()
            print(line, flush=True)
    print(_summary(f"{args.suite} ({args.engines})", gaps, len(instances)))
    if baseline is not None:
        print(_summary(f"{args.suite} ({args.baseline} alone, same wall clock)", base_gaps, len(instances)))
    return 0
