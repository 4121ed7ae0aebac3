"""The command line runs the bundled training study and the quick scenario comparison."""

from __future__ import annotations

import csv
from pathlib import Path

from main import main

from .conftest import STUDIES, TRAINING, needs_simulation

pytestmark = needs_simulation


def test_study_command_writes_csv_charts_and_report(tmp_path: Path, capsys):
    """`study training.yaml` with tiny settings writes comparison.csv, charts in 3 formats and report.pdf."""
    out = tmp_path / "out"
    code = main(["study", str(STUDIES / "training.yaml"), "--replications", "2", "--days", "1",
                 "--time-limit", "1", "--lang", "zh", "--out", str(out)])
    assert code == 0
    with open(out / "comparison.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    variants = {r["variant"] for r in rows}
    assert variants == {"base", "toilets_3h", "trucks_1", "trucks_3"}
    assert all(r["n"] == "2" for r in rows)
    assert all(r["significant"] in ("yes", "no") for r in rows if r["variant"] != "base")
    charts = sorted(p.name for p in (out / "charts").iterdir())
    kpis = {r["kpi"] for r in rows}
    assert {f"{k}.{ext}" for k in kpis for ext in ("png", "svg", "pdf")} <= set(charts)
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "8 runs computed" in capsys.readouterr().out
    assert main(["study", str(STUDIES / "training.yaml"), "--replications", "2", "--days", "1",
                 "--time-limit", "1", "--formats", "png", "--out", str(out)]) == 0
    assert "0 runs computed, 8 reused" in capsys.readouterr().out


def test_compare_command_on_two_scenario_files(tmp_path: Path, capsys, monkeypatch):
    """`compare A.yaml B.yaml` treats A as the base and names B's variant after its file (B reads A's side files,
    which the user allows)."""
    monkeypatch.setenv("CITYOPS_ALLOW_OUTSIDE_SIDE_FILES", "1")
    other = tmp_path / "more_incidents.yaml"
    text = TRAINING.read_text(encoding="utf-8").replace("file: training/", f"file: {TRAINING.parent}/training/")
    assert text.count("\n  per_day: 8.0\n") == 1  # incidents.per_day
    other.write_text(text.replace("\n  per_day: 8.0\n", "\n  per_day: 16.0\n"), encoding="utf-8")
    out = tmp_path / "cmp"
    assert main(["compare", str(TRAINING), str(other), "--replications", "2", "--days", "1", "--time-limit", "1",
                 "--kpis", "incidents,cost", "--tradeoff", "cost,incidents", "--lang", "en", "--out", str(out)]) == 0
    with open(out / "comparison.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert {(r["kpi"], r["variant"]) for r in rows} == {
        (k, v) for k in ("incidents", "cost") for v in ("base", "more_incidents")}
    incidents = {r["variant"]: float(r["mean"]) for r in rows if r["kpi"] == "incidents"}
    assert incidents["more_incidents"] > incidents["base"]  # twice the incident rate shows up in the KPI
    assert (out / "charts" / "tradeoff_cost__incidents.svg").exists()


def test_bad_study_file_exits_with_a_located_error(tmp_path: Path, capsys):
    """A bad study file prints `error: file:line: …` and exits 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"base: {TRAINING}\nreplications: many\n", encoding="utf-8")
    assert main(["study", str(bad), "--out", str(tmp_path / "o")]) == 1
    assert f"error: {bad}:2: replications must be a whole number (got 'many')" in capsys.readouterr().err


def test_a_study_planned_by_iterations_gives_the_same_verdicts_twice(tmp_path: Path):
    """Plans by iterations: two runs of a re-planning study write the same comparison.csv (plans against the
    wall clock differed from run to run)."""
    study = tmp_path / "trucks.yaml"
    study.write_text(f"""name_en: Trucks
base: {TRAINING}
replications: 2
days: 1
replan: true
route_iterations: 20
kpis: [collection_compliance_pct, cost, overtime_hours]
grids:
  - name: trucks_{{n}}
    parameters:
      - {{key: n, op: set_count, path: fleet.vehicles, where: {{type: compactor_5t}}, values: [1]}}
""", encoding="utf-8")
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        assert main(["study", str(study), "--workers", "2", "--lang", "en", "--out", str(out)]) == 0
        outputs.append((out / "comparison.csv").read_bytes())
    assert b"trucks_1" in outputs[0]
    assert outputs[0] == outputs[1]
