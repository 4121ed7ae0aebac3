"""Result views on the training district: simulate → results and replay; study → compare; sweep → trainer."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import wait_for_job


@pytest.fixture
def quick(window):
    """Short jobs: 1 day, 2 replications, 2 s solver limits."""
    window.job_settings = {"days": 1, "replications": 2, "time_limit_s": 2.0}
    return window


def test_simulation_fills_the_kpi_cards_and_charts(quick, qtbot, tmp_path: Path):
    """After a simulation the results view shows KPI means with CIs, and a chart exports to PNG, SVG and PDF."""
    assert quick.start_job("simulate")
    state, outcome = wait_for_job(qtbot, quick, "simulate")
    assert state == "finished"
    view = quick.views["results"]
    assert view.currentIndex() == 1
    card = next(c for c in view.cards if c.kpi == "collection_compliance_pct")
    expected = outcome.summary["collection_compliance_pct"].mean
    assert card.value.text().startswith(f"{expected:,.1f}")
    assert "95%" in card.ci.text()
    for suffix in (".png", ".svg", ".pdf"):
        saved = view.charts[0].export(tmp_path / f"kpis{suffix}")
        assert saved.exists() and saved.stat().st_size > 1000


def test_replay_moves_vehicles_over_the_day(quick, qtbot):
    """The replay shows vehicles at work mid-morning and none before the first shift starts."""
    assert quick.start_job("simulate")
    wait_for_job(qtbot, quick, "simulate")
    replay = quick.views["replay"]
    assert replay.model is not None
    replay.show_time(0.0)
    early = replay.model.vehicles_at(0.0)
    replay.show_time(10 * 60.0)
    busy = len(replay.model.vehicles_at(10 * 60.0)) + len(replay.model.crews_at(10 * 60.0))
    assert busy > len(early)
    assert "10:00" in replay.clock.text()


def test_cancelling_a_simulation_keeps_what_was_finished(quick, qtbot):
    """A cancelled simulation stops within the grace period; the runner reports the cancel."""
    quick.job_settings = {"days": 60, "replications": 20}
    assert quick.start_job("simulate")
    qtbot.waitUntil(lambda: quick.jobs_panel.state("simulate") == "job.running", timeout=30_000)
    quick.runner.cancel("simulate")
    state, outcome = wait_for_job(qtbot, quick, "simulate", timeout_ms=5000)
    assert state == "cancelled"
    if outcome is not None:  # the best result so far, marked stopped by the simulation
        assert outcome.status == "stopped"
    assert quick.jobs_panel.state("simulate") in ("job.cancelled", "job.cancelled_empty")


def test_study_compares_the_edited_scenario_with_its_base(quick, qtbot):
    """Editing the incident rate and running a study lists the change and a KPI table with differences."""
    from PySide6.QtCore import Qt

    quick.editor.select_table("editor.incident_rates")
    model = quick.editor.current_model()
    row = model.spec.fields.index("per_day")
    base_rate = quick.document.current.incidents.per_day
    assert model.setData(model.index(row, 1), base_rate * 3, Qt.ItemDataRole.EditRole)
    assert quick.start_job("study")
    state, result = wait_for_job(qtbot, quick, "study", timeout_ms=120_000)
    assert state == "finished", result
    view = quick.views["compare"]
    assert [v.name for v in result["outcome"].variants] == ["base", "edited"]
    assert any("incidents.per_day" in view.changes.item(i).toolTip() for i in range(view.changes.count()))
    assert any("Incidents per day" in view.changes.item(i).text() for i in range(view.changes.count()))
    assert view.table.rowCount() > 3 and view.table.columnCount() == 3
    incidents_row = next(r for r in view.rows if r.kpi == "response_mean_min" and r.variant == "edited")
    assert incidents_row.difference is not None


def test_sweep_draws_a_tradeoff_and_opens_a_plan(quick, qtbot):
    """A toilet-cleaner sweep (1 to one more than the district has) is a real tradeoff: cost rises with the
    cleaners and so do the intervals kept, at least three distinct points; clicking one shows its plan."""
    trainer = quick.views["trainer"]
    quick.job_settings = {"days": 1, "replications": 2}
    assert quick.start_job("sweep", parameter="toilet_cleaners")
    state, result = wait_for_job(qtbot, quick, "sweep", timeout_ms=180_000)
    assert state == "finished", result
    assert len(trainer.points) == len(result["outcome"].variants) >= 3
    assert trainer.service_kpi == "toilet_rounds_on_time_pct"
    distinct = {(round(cost), round(level, 1)) for _, cost, level in trainer.points}
    assert len(distinct) >= 3
    by_cleaners = sorted(trainer.points[1:], key=lambda p: int(p[0].rsplit("_", 1)[1]))
    assert by_cleaners[0][1] < by_cleaners[-1][1] and by_cleaners[0][2] < by_cleaners[-1][2]
    name = trainer.points[1][0]
    if result["plans"].get(name) is not None:
        assert trainer.open_plan(name)
        assert quick.tabs.currentWidget() is quick.map_tab
        assert quick.map_tab.map.route_count > 0
    else:
        assert not trainer.open_plan(name)
        assert name in trainer.hint.text()


def test_sizing_draws_the_curve_and_names_the_smallest_count(quick, qtbot):
    """The Trainer's sizing job runs in the background and shows the count → cost and KPI curve."""
    trainer = quick.views["trainer"]
    trainer.size_what.setCurrentIndex(trainer.size_what.findData("toilet-crews"))
    trainer.size_button.click()
    state, result = wait_for_job(qtbot, quick, "size", timeout_ms=240_000)
    assert state == "finished", result
    assert len(result.points) >= 3 and trainer.size_chart is not None
    best = result.smallest
    assert (str(best.count) in trainer.hint.text()) if best is not None else trainer.hint.text()


def test_route_job_draws_a_checked_plan_on_the_map(quick, qtbot):
    """Planning garbage routes in the app draws each route on the map and lists it with the checker's verdict."""
    assert quick.start_job("routes", what="garbage", time_limit_s=4.0)
    state, plan = wait_for_job(qtbot, quick, "routes", timeout_ms=120_000)
    assert state == "finished", quick.last_error
    part = plan.parts["garbage"]
    assert part.routes and "independent check: valid" in part.notes
    assert quick.map_tab.plan is plan
    assert quick.map_tab.routes.topLevelItem(0).childCount() == len(part.routes)
    assert str(len(part.routes)) in quick.map_tab.summary.text()


def test_replanning_from_the_map_keeps_the_selected_truck_route(quick, qtbot):
    """Select a garbage route, re-plan: that route comes back unchanged, the other parts stay, moves are shown."""
    assert quick.start_job("routes", what="all", time_limit_s=6.0)
    state, first = wait_for_job(qtbot, quick, "routes", timeout_ms=120_000)
    assert state == "finished", quick.last_error
    keep = first.parts["garbage"].routes[0]
    tab = quick.map_tab
    group = tab.routes.topLevelItem(0)
    item = next(group.child(k) for k in range(group.childCount()) if group.child(k).data(0, 0x0100) == keep.id)
    item.setSelected(True)
    assert tab.replan_button.isEnabled()
    tab.replan_button.click()
    state, _ = wait_for_job(qtbot, quick, "routes", timeout_ms=120_000)
    assert state == "finished", quick.last_error
    plan = quick.results["routes"]
    # The robust check rates the routes again with the new plan: the route itself is what must not change.
    assert keep.model_copy(update={"reliability": None}) in [
        r.model_copy(update={"reliability": None}) for r in plan.parts["garbage"].routes]
    assert plan.parts["sweeping"] == first.parts["sweeping"]  # not re-planned, kept
    assert any(n.startswith("re-planning:") for n in plan.parts["garbage"].notes)
    assert "re-planning:" in tab.summary.text()


def test_replanning_needs_a_garbage_route(quick, qtbot):
    """Locking only a sweeping route is refused with a message, nothing starts."""
    assert quick.start_job("routes", what="sweeping", time_limit_s=3.0)
    wait_for_job(qtbot, quick, "routes", timeout_ms=120_000)
    route = quick.results["routes"].parts["sweeping"].routes[0]
    assert not quick.replan_routes([route.id])
    assert "garbage" in quick.last_error


def test_scenario_differences_read_in_words_not_dicts():
    """What changed in a variant reads as owner · field: old → new, a whole record by its name, never a dict."""
    from desktop import i18n
    from desktop.views.diff_text import diff_text

    assert diff_text("fleet.vehicle_types[id=CT8].capacity_kg", 8000.0, 9000.0) == "CT8 · Capacity (kg): 8000 → 9000"
    assert diff_text("fleet.vehicles[id=V9]", None, {"id": "V9", "type": "CT8"}) == "Vehicles: added V9"
    i18n.set_language("zh")
    try:
        text = diff_text("shifts.demand", [{"skill": "driver", "shift": "early", "count": 2}],
                         [{"skill": "driver", "shift": "early", "count": 3}])
        assert text == "人员需求：技能 司机，班次 early，最少人数 2 → 技能 司机，班次 early，最少人数 3"
        assert "{" not in text
    finally:
        i18n.set_language("en")
