"""Curtois & Qu instances through the app's roster model, and the benchmark command."""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import main as benchmark_main
from benchmarks.readers.curtois_qu import InstanceFormatError, instance_objective, read_instance, to_problem
from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.validate import validate_roster

DATA = Path(__file__).resolve().parents[2] / "data" / "rostering"
ROOT = Path(__file__).resolve().parents[3]


def test_instance1_solves_to_its_proven_optimum():
    """Instance1 (8 staff, 14 days) reaches 607, the validator accepts it and the instance's own cost agrees."""
    instance = read_instance(DATA / "Instance1.txt")
    problem = to_problem(instance)
    # It proves 607 in a few seconds on an idle machine; the limit is room for a loaded one (it stops at optimal).
    roster = solve_roster(problem, SolveParams(time_limit_s=30, workers=1, seed=0))
    assert roster.status == "optimal"
    assert validate_roster(problem, roster.assignments, roster.roles).ok
    assert instance_objective(instance, dict(roster.assignments)) == roster.objective == 607


def test_column_generation_proves_instance2_optimal():
    """Instance2's best known 828 was never proved optimal (CP-SAT alone: bound 221 after 150 s).
    Column generation's converged LP bound is handed to the full model, which then proves 828."""
    instance = read_instance(DATA / "Instance2.txt")
    problem = to_problem(instance)
    roster = solve_roster(problem, SolveParams(time_limit_s=60, workers=1, seed=0))
    assert roster.status == "optimal" and roster.best_bound == 828
    assert validate_roster(problem, roster.assignments, roster.roles).ok
    assert instance_objective(instance, dict(roster.assignments)) == roster.objective == 828


def test_reader_keeps_per_staff_rules():
    """Instance2's staff limits, forbidden successions and requests are read as written."""
    instance = read_instance(DATA / "Instance2.txt")
    problem = to_problem(instance)
    assert [s.id for s in problem.shifts] == ["E", "L"] and problem.shift("L").forbidden_next == ("E",)
    worker = problem.worker("D")
    assert dict(worker.contract.max_shifts_per_type) == {"E": 14, "L": 0}
    assert worker.contract.max_minutes_per_period == 4320 and worker.contract.min_minutes_per_period == 3360
    assert problem.worker("K").contract.min_consecutive_days == 1 and problem.horizon == 14


def test_reader_locates_a_bad_staff_line(tmp_path):
    """A staff line with a missing field names the file and line."""
    text = (DATA / "Instance1.txt").read_text().replace("A,D=14,4320,3360,5,2,2,1", "A,D=14,4320,3360,5,2,2")
    bad = tmp_path / "Bad.txt"
    bad.write_text(text)
    with pytest.raises(InstanceFormatError, match=r"Bad.txt:\d+: staff line needs 8 fields"):
        read_instance(bad)


def test_benchmark_command_writes_the_result_columns(tmp_path):
    """`python -m benchmarks rostering` writes instance,objective,best_known,gap_pct,feasible,time_s."""
    out = tmp_path / "results.csv"
    command = [sys.executable, "-m", "benchmarks", "rostering", "--data", str(DATA), "--time-limit", "5",
               "--instances", "Instance1.txt", "--out", str(out)]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["instance", "objective", "best_known", "gap_pct", "feasible", "time_s"]
    assert rows[0]["instance"] == "Instance1" and rows[0]["objective"] == "607" and rows[0]["best_known"] == "607"
    assert rows[0]["gap_pct"] == "0.00" and rows[0]["feasible"] == "yes"


def test_pricing_benchmark_reports_the_converged_root_lp(tmp_path):
    """`python -m benchmarks roster_pricing` runs the root LP alone: on Instance1 it converges, and
    its value is a lower bound, so it cannot exceed the proven optimum 607. Both pricers are exact,
    so the dynamic program and CP-SAT converge to the same LP value."""
    rows = []
    for pricer in ("auto", "cp-sat"):
        out = tmp_path / f"pricing-{pricer}.csv"
        code = benchmark_main(["roster_pricing", "--data", str(DATA), "--time-limit", "20", "--instances",
                               "Instance1.txt", "--pricer", pricer, "--out", str(out)])
        assert code == 0
        with out.open(newline="") as handle:
            rows += list(csv.DictReader(handle))
    assert list(rows[0]) == ["instance", "pricer", "workers", "rounds", "lp", "converged", "time_s", "pricing_solves",
                             "pricing_ms_mean"]
    for row, pricer in zip(rows, ("auto", "cp-sat"), strict=True):
        assert row["instance"] == "Instance1" and row["pricer"] == pricer and row["workers"] == "8"
        assert row["converged"] == "yes"
        assert 0 < float(row["lp"]) <= 607
        # every round prices every one of the 8 workers, after the two seeding passes
        assert int(row["pricing_solves"]) >= 8 * (int(row["rounds"]) - 1) + 16
        assert float(row["pricing_ms_mean"]) > 0
    assert abs(float(rows[0]["lp"]) - float(rows[1]["lp"])) <= 0.01


@pytest.mark.parametrize("command", ["rostering", "roster_pricing"])
def test_benchmark_commands_name_the_bad_line_of_a_malformed_instance(tmp_path, capsys, command):
    """A broken staff line stops the run with exit code 2 and a message naming file and line, not a traceback."""
    bad = tmp_path / "Instance99.txt"
    text = (DATA / "Instance1.txt").read_text(encoding="utf-8")
    bad.write_text(text.replace("A,D=14,4320,3360,5,2,2,1", "A,D=14,4320"), encoding="utf-8")
    code = benchmark_main([command, "--data", str(tmp_path), "--time-limit", "1", "--out", str(tmp_path / "r.csv")])
    assert code == 2
    assert re.search(r"error: .*Instance99.txt:\d+: staff line needs 8 fields", capsys.readouterr().err)
    assert not (tmp_path / "r.csv").exists()


def test_synthetic_instance_in_the_set_format_solves_at_its_own_cost(tmp_path):
    """The generator of stand-ins for the set's larger instances writes a file the reader takes,
    whose every worker has a schedule; the roster's cost is the instance's own."""
    assert benchmark_main(["curtois_synthetic", "--days", "14", "--staff", "6", "--shifts", "3", "--seed", "2",
                           "--out", str(tmp_path)]) == 0
    path = tmp_path / "Synthetic_D14_S6_T3.txt"
    instance = read_instance(path)
    assert (instance.horizon, len(instance.staff), len(instance.shifts)) == (14, 6, 3)
    problem = to_problem(instance)
    roster = solve_roster(problem, SolveParams(time_limit_s=5, workers=1, seed=0))
    assert roster.has_solution and validate_roster(problem, roster.assignments, roster.roles).ok
    assert instance_objective(instance, dict(roster.assignments)) == roster.objective


def test_synthetic_generator_rejects_a_horizon_that_is_not_whole_weeks(tmp_path):
    with pytest.raises(SystemExit, match="multiple of 7.*got 10"):
        benchmark_main(["curtois_synthetic", "--days", "10", "--staff", "6", "--shifts", "3", "--out", str(tmp_path)])
