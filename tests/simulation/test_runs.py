"""Running simulations the way users do: the command line, cancelling, plans, the event log on disk."""

from __future__ import annotations

import csv
import json

import numpy as np

import main
from optimizer.common.plan import load_plan, save_plan
from simulation import baseline_plan, load_event_log, simulate


def test_cli_writes_kpis_summary_timeseries_and_event_log(tmp_path, capsys):
    """`simulate` writes one KPI row per replication, a summary with CIs, a daily series and a readable log."""
    out = tmp_path / "run"
    code = main.main(["simulate", "scenarios/training.yaml", "--days", "2", "--replications", "3", "--seed", "7",
                      "--out", str(out)])
    assert code == 0
    with (out / "kpis.csv").open(encoding="utf-8") as f:
        kpis = list(csv.DictReader(f))
    assert [row["replication"] for row in kpis] == ["0", "1", "2"]
    with (out / "summary.csv").open(encoding="utf-8") as f:
        summary = {row["kpi"]: row for row in csv.DictReader(f)}
    compliance = summary["collection_compliance_pct"]
    assert float(compliance["ci_low"]) <= float(compliance["mean"]) <= float(compliance["ci_high"])
    with (out / "timeseries.csv").open(encoding="utf-8") as f:
        days = list(csv.DictReader(f))
    assert len(days) == 6 and days[1]["date"] == "2017-06-06"
    log = load_event_log(out / "events.npz")
    assert len(log) > 100
    assert {"collect", "sweep", "toilet_clean"} <= {row["event"] for row in log.rows()}
    assert "Same-day collection (日产日清)" in capsys.readouterr().out


def test_cli_json_reports_events_and_wall_time(tmp_path, capsys):
    """--json prints the summary with the number of events processed and the wall time."""
    main.main(["simulate", "scenarios/training.yaml", "--days", "1", "--replications", "2", "--seed", "1",
               "--out", str(tmp_path), "--json", "--log", "none"])
    report = json.loads(capsys.readouterr().out)
    assert report["events_processed"] > 0 and report["wall_time_s"] >= 0
    assert report["kpis"]["collection_compliance_pct"]["n"] == 2
    assert not (tmp_path / "events.npz").exists()


def test_cli_reads_a_saved_plan(tmp_path, training, capsys):
    """--plan DIR simulates a plan written by save_plan (here the baseline minus its toilet rounds)."""
    plan = baseline_plan(training)
    plan = plan.with_part(plan.parts["toilets"].model_copy(update={"routes": []}))
    save_plan(plan, tmp_path / "plan")
    assert load_plan(tmp_path / "plan") == plan
    main.main(["simulate", "scenarios/training.yaml", "--plan", str(tmp_path / "plan"), "--days", "1",
               "--replications", "1", "--out", str(tmp_path / "out"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["kpis"]["toilet_rounds_on_time_pct"]["mean"] == 0.0


def test_cli_reports_a_plan_that_does_not_fit_the_scenario(tmp_path, training, capsys):
    """A plan naming an unknown collection point is a user error quoting the bad id, not a crash."""
    plan = baseline_plan(training)
    route = plan.parts["garbage"].routes[0]
    bad_stop = route.stops[1].model_copy(update={"ref": "CP_NOPE"})
    bad = route.model_copy(update={"stops": [route.stops[0], bad_stop, *route.stops[2:]]})
    save_plan(plan.with_part(plan.parts["garbage"].model_copy(update={"routes": [bad]})), tmp_path)
    code = main.main(["simulate", "scenarios/training.yaml", "--plan", str(tmp_path), "--out", str(tmp_path / "o")])
    assert code == 1
    assert "CP_NOPE" in capsys.readouterr().err


def test_stop_returns_what_is_finished_marked_stopped(training):
    """Cancelling after the first day keeps the finished work and marks the outcome stopped."""
    calls = []
    outcome = simulate(training, None, days=3, replications=4, seed=1, stop=lambda: len(calls) >= 1,
                       progress=calls.append)
    assert outcome.status == "stopped"
    assert len(outcome.replications) == 1
    assert outcome.replications[0].days_completed == 1
    assert outcome.summary["collection_compliance_pct"].n == 1


def test_progress_reaches_one(training):
    """Progress goes up by day and replication and ends at 1.0."""
    seen = []
    simulate(training, None, days=2, replications=2, seed=1, progress=seen.append, event_log="none")
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 4


def test_baseline_plan_serves_points_or_says_why(training):
    """Every collection point is on a baseline route or listed as unserved with a reason."""
    plan = baseline_plan(training)
    garbage = plan.parts["garbage"]
    routed = {s.ref for r in garbage.routes for s in r.stops if s.kind == "point"}
    unserved = {u.ref for u in garbage.unserved}
    assert routed | unserved == {p.id for p in training.collection_points if p.mean_kg_per_day > 0}
    assert all(r.stops[0].kind == "start" and r.stops[-1].kind == "end" for r in garbage.routes)
    assert plan.parts["toilets"].routes and plan.parts["sweeping"].routes


def test_event_log_keeps_all_replications_when_asked(training, tmp_path):
    """event_log='all' holds every replication; saved and loaded it is unchanged."""
    outcome = simulate(training, None, days=1, replications=2, seed=3, event_log="all",
                       event_log_path=tmp_path / "events.npz")
    log = outcome.event_log
    assert set(np.unique(log.events["rep"])) == {0, 1}
    again = load_event_log(outcome.event_log_path)
    assert np.array_equal(again.events, log.events) and again.actors == log.actors


def test_replications_can_be_sent_to_worker_processes(training):
    """run_replication, its arguments and its result survive pickling (process pools, Dask)."""
    import pickle

    from simulation import run_replication

    plan = baseline_plan(training)
    job = pickle.loads(pickle.dumps((run_replication, training, plan)))
    func, scenario, plan_copy = job
    result = func(scenario, plan_copy, days=1, seed=3, replication=2)
    again = pickle.loads(pickle.dumps(result))
    direct = run_replication(training, plan, days=1, seed=3, replication=2)
    assert again.kpis == direct.kpis and again.replication == 2


def test_cli_writes_utilization_per_vehicle_and_crew(tmp_path):
    """utilization.csv lists each vehicle and crew with a busy share between 0 and 100 %."""
    main.main(["simulate", "scenarios/training.yaml", "--days", "1", "--replications", "1", "--out", str(tmp_path),
               "--log", "none"])
    with (tmp_path / "utilization.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    actors = {row["actor"] for row in rows}
    assert "compactor_5t-01" in actors and "sweeper-01" in actors
    assert all(0 <= float(row["utilization_pct"]) <= 100 for row in rows)


def test_same_seed_same_kpis_in_fresh_processes(tmp_path):
    """Two fresh interpreters with different hash seeds print the same KPIs for the same seed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    reports = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "main.py", "simulate", "scenarios/training.yaml", "--days", "1",
                              "--replications", "2", "--seed", "5", "--out", str(tmp_path / hash_seed), "--json",
                              "--log", "none"], cwd=root, env=env, capture_output=True, text=True, check=True).stdout
        report = json.loads(out)
        reports.append(report["kpis"])
    assert reports[0] == reports[1]


def test_an_optimized_plan_simulates_and_collects_more_than_todays_way():
    """The optimizer's plan runs in the simulation (same seed as the baseline) and collects at least as much on time."""
    from optimizer import RouteParams, solve_routes
    from scenarios import load_scenario

    scenario = load_scenario("scenarios/training.yaml")
    plan = solve_routes(scenario, "all", RouteParams(time_limit_s=6, seed=1))
    optimized = simulate(scenario, plan, days=2, replications=2, seed=11, event_log="none")
    baseline = simulate(scenario, baseline_plan(scenario), days=2, replications=2, seed=11, event_log="none")
    assert optimized.status == "done"
    ours = optimized.summary["collection_compliance_pct"].mean
    assert ours >= baseline.summary["collection_compliance_pct"].mean
    assert ours >= 90.0
