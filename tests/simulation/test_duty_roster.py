"""The roster in the simulation: who works each day follows it; seats it leaves empty are crew-days short."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

import main
from optimizer.common.plan import save_plan
from scenarios.errors import DataError
from simulation import baseline_plan, simulate
from simulation.duty import read_duty_roster

from .test_validity import quiet, variant

DAYS = 2


def _write_roster(path: Path, scenario, plan, drop_skill: str | None = None) -> Path:
    """A roster grid as the exports write it, with exactly the people the plan's routes need each day."""
    seats: Counter = Counter()
    for part in plan.parts.values():
        for r in part.routes:
            if r.vehicle:
                vt = scenario.index.vehicle_types[scenario.index.vehicles[r.vehicle].type]
                for c in vt.crew:
                    seats[(c.skill, r.shift)] += c.count
            elif r.shift:
                worker = scenario.index.workers.get(r.crew or "")
                skill = {"sweeping": "manual_sweeper", "toilets": "toilet_cleaner",
                         "patrols": "chief" if worker and "chief" in worker.skills else "enforcement_officer"}[r.kind]
                seats[(skill, r.shift)] += 1
    dates = [scenario.simulation.start_date + dt.timedelta(days=d) for d in range(DAYS)]
    cells: dict[str, dict[dt.date, str]] = {}
    for date in dates:
        busy: set[str] = set()
        for (skill, shift), n in sorted(seats.items()):
            if skill == drop_skill:
                continue
            chosen = [w.id for w in scenario.workforce.workers if w.skills[0] == skill and w.id not in busy][:n]
            assert len(chosen) == n, (skill, shift)
            busy.update(chosen)
            for w in chosen:
                cells.setdefault(w, {})[date] = shift
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工号 / Worker ID", "姓名 / Name", "班组 / Team", *(f"{d.isoformat()} 周x" for d in dates)])
        for w in scenario.workforce.workers:
            writer.writerow([w.id, w.name_zh, w.team, *(cells.get(w.id, {}).get(d, "休") for d in dates)])
    return path


@pytest.fixture(scope="module")
def calm(training):
    return variant(training, quiet)


def test_a_full_roster_leaves_no_crew_day_short(calm, tmp_path_factory):
    """Everyone the routes need is rostered and nobody is absent: no crew-day short, every stop served."""
    plan = baseline_plan(calm)
    duty = read_duty_roster(_write_roster(tmp_path_factory.mktemp("r") / "roster.csv", calm, plan), calm)
    outcome = simulate(calm, plan, days=DAYS, replications=1, seed=1, duty=duty, event_log="none")
    kpis = outcome.replications[0].kpis
    assert kpis["crew_days_short"] == 0 and kpis["skipped_stops"] == 0


def test_a_roster_without_toilet_cleaners_leaves_their_rounds_undone(calm, tmp_path_factory):
    """No toilet cleaner rostered: their seats are crew-days short and the toilet rounds are not run."""
    plan = baseline_plan(calm)
    path = _write_roster(tmp_path_factory.mktemp("r") / "roster.csv", calm, plan, drop_skill="toilet_cleaner")
    outcome = simulate(calm, plan, days=DAYS, replications=1, seed=1, duty=read_duty_roster(path, calm), event_log="none")
    kpis = outcome.replications[0].kpis
    toilet_routes = len(plan.parts["toilets"].routes)
    assert kpis["crew_days_short"] == toilet_routes * DAYS
    assert kpis["skipped_stops"] > 0
    full = simulate(calm, plan, days=DAYS, replications=1, seed=1, event_log="none").replications[0].kpis
    assert kpis["toilet_rounds_on_time_pct"] < full["toilet_rounds_on_time_pct"]


def test_a_bad_cell_is_located(calm, tmp_path):
    """An unknown shift id is reported with file, row, column, the value found and what was expected."""
    path = _write_roster(tmp_path / "roster.csv", calm, baseline_plan(calm))
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    rows[3][3] = "nightshift"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(DataError, match=r"roster.csv:4:D: found 'nightshift', expected a shift of the scenario \(清运班"):
        read_duty_roster(path, calm)


def test_simulate_command_takes_the_roster(training, tmp_path, capsys):
    """`main.py simulate --roster FILE` staffs the routes from the file and reports crew-days short."""
    plan = baseline_plan(training)
    save_plan(plan, tmp_path / "plan")
    path = _write_roster(tmp_path / "roster.csv", training, plan, drop_skill="toilet_cleaner")
    code = main.main(["simulate", "scenarios/training.yaml", "--plan", str(tmp_path / "plan"), "--roster", str(path),
                      "--days", str(DAYS), "--replications", "1", "--out", str(tmp_path / "sim")])
    assert code == 0
    assert "Crew-days short" in capsys.readouterr().out
    bad = main.main(["simulate", "scenarios/training.yaml", "--roster", str(tmp_path / "missing.csv"),
                     "--days", "1", "--replications", "1", "--out", str(tmp_path / "sim2")])
    assert bad == 1


def test_a_roster_the_roster_command_exported_is_read(training, tmp_path):
    """The XLSX `main.py roster --export` writes is read back: a week of dates with people on duty."""
    xlsx = tmp_path / "roster.xlsx"
    assert main.main(["roster", "scenarios/training.yaml", "--weeks", "1", "--time-limit", "5",
                      "--export", str(xlsx)]) in (0, 1)
    duty = read_duty_roster(xlsx, training)
    assert len(duty.on_duty) == 7
    first = duty.of(training.simulation.start_date)
    assert first and sum(first.values()) > 10
    assert all(shift in training.index.shifts for _, shift in first)
