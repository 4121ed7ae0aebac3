"""A study's results in one SQLite file (WAL mode) in the study's folder.

Finished runs are written one by one as they arrive, so an interrupted study keeps them, and a
reopened study (more replications, more variants, the same seed) computes only what is missing.
Runs are keyed by what determines them: the variant's content key, the plan used, seed, days and
replication number. Only the main process writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from optimizer.common.plan import Plan

from .expand import StudyVariant
from .tasks import RunResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS variants (
    name TEXT PRIMARY KEY, key TEXT NOT NULL, position INTEGER NOT NULL, label_zh TEXT, label_en TEXT,
    scenario_path TEXT NOT NULL, changes_json TEXT NOT NULL, replan INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS plans (
    plan_key TEXT PRIMARY KEY, variant TEXT NOT NULL, engine TEXT NOT NULL, seconds REAL NOT NULL,
    plan_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rosters (plan_key TEXT PRIMARY KEY, kpis_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    variant_key TEXT NOT NULL, plan_key TEXT NOT NULL, seed INTEGER NOT NULL, days INTEGER NOT NULL,
    replication INTEGER NOT NULL, variant TEXT NOT NULL, kpis_json TEXT NOT NULL, daily_json TEXT NOT NULL,
    events INTEGER NOT NULL, seconds REAL NOT NULL, worker TEXT NOT NULL, notes_json TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (variant_key, plan_key, seed, days, replication));
"""


class StudyStore:
    """Open (or create) the results database of a study."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StudyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_meta(self, **values: str) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def save_variants(self, variants: Iterable[StudyVariant]) -> None:
        """Record the study's variants (a variant whose definition changed gets its new key)."""
        rows = [
            (v.name, v.key, i, v.label_zh, v.label_en, v.scenario_path,
             json.dumps([c.model_dump(mode="json") for c in v.changes], ensure_ascii=False), int(v.replan))
            for i, v in enumerate(variants)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO variants VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def save_plan(self, plan_key: str, variant: str, plan: Plan, engine: str, seconds: float) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?, ?)",
                (plan_key, variant, engine, seconds, plan.model_dump_json()),
            )

    def save_roster_kpis(self, plan_key: str, kpis: dict[str, float]) -> None:
        """KPIs of the roster made for a plan (every replication with that plan reports them)."""
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO rosters VALUES (?, ?)", (plan_key, json.dumps(kpis)))

    def load_roster_kpis(self, plan_key: str) -> dict[str, float]:
        row = self._db.execute("SELECT kpis_json FROM rosters WHERE plan_key = ?", (plan_key,)).fetchone()
        return json.loads(row[0]) if row else {}

    def load_plan(self, plan_key: str) -> tuple[Plan, str] | None:
        row = self._db.execute("SELECT plan_json, engine FROM plans WHERE plan_key = ?", (plan_key,)).fetchone()
        return (Plan.model_validate_json(row[0]), row[1]) if row else None

    def plan_engine(self, plan_key: str) -> str | None:
        """How a stored plan was made (for the report), without reading the plan itself."""
        row = self._db.execute("SELECT engine FROM plans WHERE plan_key = ?", (plan_key,)).fetchone()
        return row[0] if row else None

    def save_run(self, variant_key: str, plan_key: str, seed: int, days: int, result: RunResult) -> None:
        """Store one finished replication (committed at once, so Ctrl-C keeps it)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (variant_key, plan_key, seed, days, result.replication, result.variant, json.dumps(result.kpis),
                 json.dumps(result.daily), result.events, result.seconds, result.worker,
                 json.dumps(result.notes, ensure_ascii=False)),
            )

    def finished_replications(self, variant_key: str, plan_key: str, seed: int, days: int) -> set[int]:
        rows = self._db.execute(
            "SELECT replication FROM runs WHERE variant_key=? AND plan_key=? AND seed=? AND days=?",
            (variant_key, plan_key, seed, days),
        )
        return {r[0] for r in rows}

    def runs(self, variant_key: str, plan_key: str, seed: int, days: int, replications: int) -> list[RunResult]:
        """The stored replications 0..replications-1 of a variant, by replication number."""
        rows = self._db.execute(
            "SELECT variant, replication, kpis_json, daily_json, events, seconds, worker, notes_json FROM runs "
            "WHERE variant_key=? AND plan_key=? AND seed=? AND days=? AND replication < ? ORDER BY replication",
            (variant_key, plan_key, seed, days, replications),
        )
        return [
            RunResult(name, rep, json.loads(k), json.loads(d), events, secs, worker, json.loads(notes))
            for name, rep, k, d, events, secs, worker, notes in rows
        ]
