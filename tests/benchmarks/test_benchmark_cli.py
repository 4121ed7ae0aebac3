"""``python -m benchmarks routing`` runs small instances end to end and writes the result table."""

from __future__ import annotations

import csv
from pathlib import Path

from benchmarks.__main__ import build_parser, main

DATA = Path(__file__).resolve().parents[1] / "data" / "routing"


def test_routing_subcommand_is_registered():
    """The dispatcher finds the routing module's subcommand."""
    parser = build_parser()
    args = parser.parse_args(["routing", "--suite", "cvrp", "--data", "x"])
    assert args.suite == "cvrp" and callable(args.run)


def test_cli_writes_one_validated_row_per_instance(tmp_path):
    """Two CVRP instances at 1 s: each row has the columns, a feasible plan and a gap against bks.csv."""
    out = tmp_path / "results.csv"
    code = main(["routing", "--suite", "cvrp", "--data", str(DATA / "cvrp"), "--time-limit", "1", "--out", str(out)])
    assert code == 0
    with open(out, newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["instance", "cost", "best_known", "gap_pct", "feasible", "time_s", "engine"]
    assert [r["instance"] for r in rows] == ["A-n32-k5", "A-n33-k5"]
    for row in rows:
        assert row["feasible"] == "True" and row["engine"] in ("pyvrp", "pyvrp2")  # the two searches of the default
        assert float(row["cost"]) >= float(row["best_known"])  # both are proven optima
        assert abs(float(row["gap_pct"]) - 100 * (float(row["cost"]) / float(row["best_known"]) - 1)) < 1e-3


def test_cli_finds_bks_one_level_up(tmp_path):
    """With --data pointing at the solomon/ folder, bks.csv is read from its parent."""
    out = tmp_path / "vrptw.csv"
    code = main(["routing", "--suite", "vrptw", "--data", str(DATA / "vrptw" / "solomon"), "--time-limit", "1",
                 "--out", str(out)])
    assert code == 0
    with open(out, newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["instance"] == "C101" and float(row["best_known"]) == 827.3 and row["feasible"] == "True"
