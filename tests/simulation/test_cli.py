"""The `simulate` and `plan` commands' arguments and output files (simulation.cli)."""

from __future__ import annotations

import csv
import json

import pytest

import main
from simulation import load_event_log, simulate
from simulation.cli import write_outputs

SCENARIO = "scenarios/training.yaml"


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_simulate_writes_the_files_it_names(tmp_path, capsys):
    code = main.main(["simulate", SCENARIO, "--days", "1", "--replications", "1", "--seed", "3", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "done: 1 replication(s) x 1 day(s), seed 3" in out
    assert f"wrote {tmp_path}/kpis.csv, summary.csv, timeseries.csv, utilization.csv, cases_by_type.csv, events.npz" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cases_by_type.csv", "events.npz", "kpis.csv", "summary.csv", "timeseries.csv", "utilization.csv"]
    kpis = _rows(tmp_path / "kpis.csv")
    assert len(kpis) == 1 and kpis[0]["seed"] == "3" and kpis[0]["days"] == "1"
    summary = {row["kpi"]: row for row in _rows(tmp_path / "summary.csv")}
    assert summary["collection_compliance_pct"]["label_zh"] and summary["collection_compliance_pct"]["n"] == "1"
    assert len(_rows(tmp_path / "timeseries.csv")) == 1
    assert len(load_event_log(tmp_path / "events.npz")) > 100


def test_the_scenarios_settings_are_the_defaults_and_log_none_writes_no_event_log(tmp_path, capsys, training):
    """Without --seed the scenario's seed is used; --log none leaves events.npz out (and says so)."""
    main.main(["simulate", SCENARIO, "--days", "1", "--replications", "1", "--out", str(tmp_path), "--log", "none"])
    out = capsys.readouterr().out
    assert f"seed {training.simulation.seed}" in out and "events.npz" not in out
    assert not (tmp_path / "events.npz").exists() and (tmp_path / "kpis.csv").exists()


def test_json_output_is_strict_json_with_null_for_missing_values(tmp_path, capsys):
    """A KPI without data (no response of a type in one day) is null, not NaN, in the JSON summary."""
    main.main(["simulate", SCENARIO, "--days", "1", "--replications", "2", "--seed", "1", "--out", str(tmp_path),
               "--json", "--log", "none"])

    def refuse(name: str):
        raise ValueError(f"not JSON: {name}")
    report = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert report["kpis"]["collection_compliance_pct"]["n"] == 2
    assert any(v is None for kpi in report["kpis"].values() if isinstance(kpi, dict) for v in kpi.values())


@pytest.mark.parametrize(("args", "message"), [
    (["--days", "0"], "error: --days must be >= 1 (got 0)"),
    (["--replications", "0"], "error: --replications must be >= 1 (got 0)"),
    (["--seed", "-1"], "error: --seed must be >= 0 (got -1)"),
])
def test_a_bad_number_exits_2_with_a_clear_message(tmp_path, capsys, args, message):
    code = main.main(["simulate", SCENARIO, "--out", str(tmp_path), "--days", "1", "--replications", "1", *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "kpis.csv").exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["--out", "x", "--log", "some"], "invalid choice: 'some'"),
    (["--out", "x", "--days", "three"], "invalid int value: 'three'"),
    (["--days", "1"], "the following arguments are required: --out"),
])
def test_an_unusable_argument_exits_2_with_argparses_message(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main.main(["simulate", SCENARIO, *argv])
    assert exc.value.code == 2 and message in capsys.readouterr().err


def test_plan_refuses_a_negative_number_of_check_replications(tmp_path, capsys):
    code = main.main(["plan", SCENARIO, "--check-replications", "-1", "--out", str(tmp_path)])
    assert code == 2
    assert "error: --check-replications must be >= 0 (got -1)" in capsys.readouterr().err


def test_write_outputs_writes_one_row_per_replication_day_and_actor(tmp_path, training):
    outcome = simulate(training, None, days=1, replications=2, seed=5, event_log="none")
    paths = write_outputs(outcome, tmp_path / "new" / "folder")
    assert [p.name for p in paths] == ["kpis.csv", "summary.csv", "timeseries.csv", "utilization.csv", "cases_by_type.csv"]
    kpis, days = _rows(paths[0]), _rows(paths[2])
    assert [r["replication"] for r in kpis] == ["0", "1"] and len(days) == 2
    assert float(kpis[1]["waste_generated_kg"]) == pytest.approx(outcome.replications[1].kpis["waste_generated_kg"])
    util = _rows(paths[3])
    assert {r["replication"] for r in util} == {"0", "1"}
    assert all(0 <= float(r["utilization_pct"]) <= 100 for r in util)
    # A KPI one replication lacks (no incident of a type) is an empty cell, as is the interval of one value.
    assert any(v == "" for r in kpis for v in r.values())
    single = [r for r in _rows(paths[1]) if r["n"] == "1"]
    assert single and all(r["ci_low"] == r["ci_high"] == "" and r["mean"] != "" for r in single)
    assert not any(v.lower() == "nan" for path in paths for r in _rows(path) for v in r.values())


def test_cases_by_type_lists_every_incident_type_with_both_names(tmp_path, training):
    """cases_by_type.csv: one row per case type (Chinese and English names), counts and times over replications."""
    outcome = simulate(training, None, days=2, replications=2, seed=5, event_log="none")
    rows = _rows(write_outputs(outcome, tmp_path)[-1])
    assert [r["type"] for r in rows] == [t.id for t in training.incidents.types]
    assert all(r["name_zh"] and r["name_en"] for r in rows)
    total = sum(float(r["incidents"]) for r in rows)
    assert total == pytest.approx(outcome.summary["incidents"].mean)
    assert all(float(r["incidents_found_by_patrol"]) <= float(r["incidents"]) for r in rows)
    answered = [r for r in rows if r["response_mean_min"] != ""]
    assert answered and all(0 <= float(r["response_within_target_pct"]) <= 100 for r in answered)
