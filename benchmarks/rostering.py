"""Benchmark: Curtois & Qu shift-scheduling instances through the app's own roster model.

    uv run python -m benchmarks rostering --data DIR --time-limit S [--instances GLOB ...] --out results.csv

Each instance is converted into the generic `RosterProblem`, solved by `solve_roster`, checked
by the independent validator, and priced by the instance's own objective (not the model's).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.readers.curtois_qu import InstanceFormatError, instance_objective, read_instance, to_problem
from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.validate import validate_roster

COLUMNS = ("instance", "objective", "best_known", "gap_pct", "feasible", "time_s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the `rostering` subcommand (the `roster_pricing` subcommand takes the same)."""
    parser.add_argument("--data", type=Path, required=True, help="folder with Instance*.txt and bks.csv")
    parser.add_argument("--time-limit", type=float, required=True, help="seconds per instance")
    parser.add_argument("--instances", nargs="+", default=["Instance*.txt"], help="file name globs (default: all)")
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT search workers / pricing threads (default 2)")
    parser.add_argument("--seed", type=int, default=0)


def instance_paths(args: argparse.Namespace) -> list[Path]:
    """The instance files the globs name, in natural order (Instance2 before Instance10)."""
    return sorted({p for pattern in args.instances for p in args.data.glob(pattern) if p.is_file()}, key=natural_key)


def run_all(args: argparse.Namespace, solve: Callable[[Path], dict[str, object]], columns: tuple[str, ...]) -> int:
    """Solve every instance, print and write a row each (the CSV after every instance, so an
    interrupted run keeps its rows); 2 when no instance matches or a file is malformed."""
    paths = instance_paths(args)
    if not paths:
        print(f"no instance matches {args.instances} in {args.data}", file=sys.stderr)
        return 2
    rows = []
    for path in paths:
        try:
            rows.append(solve(path))
        except InstanceFormatError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(",".join(str(rows[-1][c]) for c in columns), flush=True)
        write_rows(args.out, rows, columns)
    return 0


def natural_key(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.stem)]


def read_best_known(data: Path) -> dict[str, int]:
    """instance -> best-known objective from bks.csv (empty when the file is missing)."""
    path = data / "bks.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["instance"]: int(float(row["best_known"])) for row in csv.DictReader(handle) if row.get("best_known")}


def run_instance(path: Path, best_known: int | None, params: SolveParams) -> dict[str, object]:
    """Solve, validate and price one instance; returns one CSV row."""
    instance = read_instance(path)
    problem = to_problem(instance)
    roster = solve_roster(problem, params)
    report = validate_roster(problem, roster.assignments, roster.roles)
    feasible = roster.has_solution and report.ok
    objective = instance_objective(instance, dict(roster.assignments)) if roster.has_solution else None
    if feasible and objective != roster.objective:
        print(f"warning: {path.name}: model objective {roster.objective} != instance objective {objective}", file=sys.stderr)
    if roster.has_solution and not report.ok:
        print(f"error: {path.name}: validator found {len(report.hard)} broken rules, e.g. {report.hard[0].message}", file=sys.stderr)
    gap = None if objective is None or not best_known else 100.0 * (objective - best_known) / best_known
    return {
        "instance": instance.name,
        "objective": "" if objective is None else objective,
        "best_known": "" if best_known is None else best_known,
        "gap_pct": "" if gap is None else f"{gap:.2f}",
        "feasible": "yes" if feasible else "no",
        "time_s": f"{roster.wall_time_s:.1f}",
    }


def write_rows(path: Path, rows: list[dict[str, object]], columns: tuple[str, ...] = COLUMNS) -> None:
    """Write the CSV atomically (temp file in the same folder, then replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Run the benchmark; exit code 1 when an instance got no valid roster."""
    best = read_best_known(args.data)
    params = SolveParams(time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    rows: list[dict[str, object]] = []

    def solve(path: Path) -> dict[str, object]:
        rows.append(run_instance(path, best.get(path.stem), params))
        return rows[-1]

    code = run_all(args, solve, COLUMNS)
    return code or (0 if all(row["feasible"] == "yes" for row in rows) else 1)
