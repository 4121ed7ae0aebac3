"""The SQLite results store: runs and plans survive closing and reopening, keyed by what made them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from optimizer.common.plan import Plan, RoutePlan
from reports.study.store import StudyStore
from reports.study.tasks import RunResult


def test_runs_survive_reopening_and_are_keyed_by_seed_and_days(tmp_path: Path):
    """A stored run is found again after reopening, but only under the same seed, days and plan."""
    path = tmp_path / "study.sqlite"
    with StudyStore(path) as store:
        store.save_run("k1", "p1", 7, 2, RunResult("v", 0, {"cost": 1.5}, [{"cost": 0.5}], 10, 0.1, "w"))
        store.save_run("k1", "p1", 7, 2, RunResult("v", 1, {"cost": 2.5}, [], 10, 0.1, "w"))
    with StudyStore(path) as store:
        assert store.finished_replications("k1", "p1", 7, 2) == {0, 1}
        assert store.finished_replications("k1", "p1", 8, 2) == set()
        assert store.finished_replications("k1", "p1", 7, 3) == set()
        assert store.finished_replications("k1", "p2", 7, 2) == set()
        runs = store.runs("k1", "p1", 7, 2, replications=1)
    assert [(r.replication, r.kpis, r.daily) for r in runs] == [(0, {"cost": 1.5}, [{"cost": 0.5}])]


def test_store_uses_write_ahead_logging(tmp_path: Path):
    """WAL lets a reader (the app) look at a study while it is being written."""
    with StudyStore(tmp_path / "s.sqlite"):
        mode = sqlite3.connect(tmp_path / "s.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_plans_round_trip(tmp_path: Path):
    """A variant's plan is stored once and read back equal, with how it was made."""
    plan = Plan(scenario="training", parts={"garbage": RoutePlan(kind="garbage", status="feasible", cost=12.5)})
    with StudyStore(tmp_path / "s.sqlite") as store:
        store.save_plan("routes-abc", "trucks_2", plan, "optimizer.solve_routes", 1.2)
    with StudyStore(tmp_path / "s.sqlite") as store:
        loaded, engine = store.load_plan("routes-abc")
        assert store.load_plan("other") is None
    assert loaded == plan and engine == "optimizer.solve_routes"
