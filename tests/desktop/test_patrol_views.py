"""A patrol plan of several days in the app: posts and vendor zones on the map, one date's beats at a time, who
holds which post in the roster, duty cards exported, and the plan's days and roster chosen before planning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from optimizer.common.plan import Plan

from .conftest import english_left, wait_for_job


@pytest.fixture(scope="module")
def patrols():
    """The training district's posts and beats planned for three days (dated beats)."""
    from optimizer.patrols.planner import plan_patrols
    from scenarios import load_scenario

    from .conftest import TRAINING

    return plan_patrols(load_scenario(TRAINING), days=3)


def _hover(map_widget, xy) -> str:
    """The tooltip the map shows when the pointer rests at a point of the district (metres)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()
    point = map_widget.world_to_screen().map(QPointF(float(xy[0]), float(xy[1]))).toPoint()
    QApplication.sendEvent(map_widget, QHelpEvent(QEvent.Type.ToolTip, point, map_widget.mapToGlobal(point)))
    return QToolTip.text()


def _cover(part) -> tuple[str, str, str]:
    """(date, post, worker) of a post held by someone other than its own chief (the deputy covering)."""
    holders = {post.id: post.holder for post in part.posts}
    return next((date, post_id, worker) for date, held in sorted(part.holders.items())
                for post_id, worker in sorted(held.items()) if worker and worker != holders[post_id])


def test_the_date_selector_lists_the_plans_dates_and_switching_shows_that_dates_beats(window, patrols):
    """A plan of dated beats opens on its first date; choosing another date shows only that date's beats."""
    window.show_plan(Plan(parts={"patrols": patrols}))
    tab = window.map_tab
    dates = sorted({route.date for route in patrols.routes})
    assert len(dates) == 3 and tab.date_combo.isVisibleTo(tab)
    assert [tab.date_combo.itemData(i) for i in range(tab.date_combo.count())] == dates
    assert tab.date_combo.currentData() == dates[0]

    def beats_shown() -> set[str]:
        return {route_id for route_id, _, _ in tab.map.route_layer.routes}

    first = beats_shown()
    assert first and first == {r.id for r in patrols.routes if r.date == dates[0] and len(r.path) > 1}
    tab.date_combo.setCurrentIndex(1)
    second = beats_shown()
    assert second and not second & first
    assert second == {r.id for r in patrols.routes if r.date == dates[1] and len(r.path) > 1}
    listed = tab.routes.topLevelItem(0)
    assert listed.childCount() == len([r for r in patrols.routes if r.date == dates[1]])
    i18n.set_language("zh")
    assert tab.date_combo.currentText() == f"{dates[1]}（周{'一二三四五六日'[dt.date.fromisoformat(dates[1]).weekday()]}）"
    assert not english_left(window), english_left(window)  # the date selector, summary, buttons and jobs bar


def test_a_plan_of_one_undated_day_has_no_date_selector(window):
    """A one-day patrol plan (undated beats) shows all its beats, as before, with no date to choose."""
    from optimizer.patrols.planner import plan_patrols

    part = plan_patrols(window.document.current, days=1)
    window.show_plan(Plan(parts={"patrols": part}))
    tab = window.map_tab
    assert not tab.date_combo.isVisibleTo(tab) and tab.date is None
    assert tab.map.route_count == len([r for r in part.routes if len(r.path) > 1])


def test_vendor_zones_are_labelled_with_their_hours(window):
    """Each vendor zone (定时定点定区域) is marked on the map with its id and hours, and says them on hover."""
    scenario = window.document.current
    zone = scenario.incidents.vendor_zones[0]
    hours = f"{zone.window.start // 60:02d}:{zone.window.start % 60:02d}–{zone.window.end // 60 % 24:02d}:" \
            f"{zone.window.end % 60:02d}"
    window.map_tab.map.grab()  # paint once: the labels drawn are the ones that fit
    assert f"{zone.id} {hours}" in window.map_tab.map.drawn_labels
    assert f"{zone.id} " in _hover(window.map_tab.map, window.geometry_data.facilities["vendor_zones"].xy[0])
    assert hours in _hover(window.map_tab.map, window.geometry_data.facilities["vendor_zones"].xy[0])
    window.map_tab.layer_boxes["vendor_zones"].setChecked(False)
    window.map_tab.map.grab()
    assert window.map_tab.map.drawn_labels == []


def test_posts_colour_their_territories_and_name_who_holds_them_that_day(window, patrols):
    """Neighbouring posts differ in colour; a street of a post names its chief and, on a date its chief is off,
    the deputy covering it; clicking the street outlines the post and details it."""
    window.show_plan(Plan(parts={"patrols": patrols}))
    tab = window.map_tab
    chief_posts = [post for post in patrols.posts if post.segments]
    assert set(tab.map.post_layer.colours) == {post.id for post in chief_posts}
    assert len(set(tab.map.post_layer.colours.values())) == len(chief_posts)  # the two posts meet: two colours
    date, post_id, deputy = _cover(patrols)
    tab.date_combo.setCurrentIndex(tab.date_combo.findData(date))
    street = next(post for post in patrols.posts if post.id == post_id).segments[0]
    for name in ("points", "toilets", "stations", "depots", "transfer", "vendor_zones"):
        tab.layer_boxes[name].setChecked(False)
    g = window.geometry_data
    row = g.segment_ids.index(street)
    hover = _hover(tab.map, (g.xy[g.segment_from[row]] + g.xy[g.segment_to[row]]) / 2)
    assert f"Post {post_id}" in hover and f"{date}: " in hover and f"({deputy}) covers as deputy" in hover
    tab.map.picked.emit("segments", street)
    assert tab.map.post_layer.highlight == post_id
    assert f"({deputy}) covers as deputy" in window.details.toPlainText()


@pytest.fixture
def chiefs_roster(window, patrols):
    """A roster of the training district's two chiefs over the patrol plan's dates (solved in a second)."""
    from optimizer.roster import (
        Demand,
        RosterProblem,
        ShiftType,
        SolveParams,
        Worker,
        consecutive_days,
        solve_roster,
    )

    first = dt.date.fromisoformat(min(patrols.holders))
    days = consecutive_days(first, 3)
    shifts = (ShiftType("patrol_day", 8 * 60, 8 * 60, "巡查白班", name_en="Patrol day"),)
    workers = tuple(Worker(chief.worker, chief.name_en, team="C1", skills=frozenset({"chief"}))
                    for chief in window.document.current.workforce.chiefs)
    demands = tuple(Demand(d, "patrol_day", None, minimum=1, target=1) for d in range(3))
    problem = RosterProblem(days, shifts, workers, demands, name="chiefs")
    roster = solve_roster(problem, SolveParams(time_limit_s=2, workers=1, seed=1))
    assert roster.has_solution
    return problem, roster


def test_the_roster_shows_the_post_each_chief_holds_and_the_deputys_cover(window, patrols, chiefs_roster):
    """With a patrol plan open, a chief's roster cell on a date names the post held that day, and both posts
    (own first) on a day the chief covers the other post as deputy."""
    problem, roster = chiefs_roster
    window._on_job_result("roster", chiefs_roster)
    window.show_plan(Plan(parts={"patrols": patrols}))
    model = window.views["roster"].model
    own = {post.holder: post.id for post in patrols.posts}
    date, covered, deputy = _cover(patrols)
    column = [day.date.isoformat() for day in problem.days].index(date)
    row = [w.id for w in model.workers].index(deputy)
    cell = model.index(row, column)
    assert model.data(cell).endswith(f" {own[deputy]}+{covered}")
    tip = model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert f"Holds post {own[deputy]}" in tip and f"covers {covered} as deputy" in tip
    for day in problem.days:  # every cell of a day names exactly the posts the plan gives that worker
        held = patrols.holders.get(day.date.isoformat(), {})
        for r, worker in enumerate(model.workers):
            posts = sorted(p for p, w in held.items() if w == worker.id)
            text = model.data(model.index(r, problem.days.index(day)))
            assert sorted(text.split(" ")[-1].split("+")) == posts if posts else "CH" not in text
    assert "covered by a deputy" in window.views["roster"].summary.text()


def test_duty_cards_are_exported_from_the_app(window, qtbot, patrols, tmp_path: Path):
    """File ▸ Export duty cards writes one PDF per post of the patrol plan, as a job with progress."""
    assert not window.export_duty_cards(tmp_path / "none")  # no patrol plan yet: a message, no job
    assert "Plan patrols first" in window.last_error and not window.runner.is_running()
    window.show_plan(Plan(parts={"patrols": patrols}))
    assert window.map_tab.cards_button.isVisibleTo(window.map_tab)
    assert window.export_duty_cards(tmp_path / "cards")
    state, result = wait_for_job(qtbot, window, "cards", timeout_ms=120_000)
    assert state == "finished", result
    written = sorted(p.name for p in (tmp_path / "cards").glob("*.pdf"))
    assert written == sorted(f"{post.id}.pdf" for post in patrols.posts)
    assert all((tmp_path / "cards" / name).read_bytes().startswith(b"%PDF") for name in written)
    assert str(len(written)) in window.statusBar().currentMessage()
    assert window.jobs_panel.state("cards") == "job.done"


def test_the_plan_job_takes_the_patrol_days_and_the_roster_file(window, tmp_path: Path):
    """The jobs bar's patrol days and duty roster reach the planner; a roster file that is gone is refused."""
    from desktop.jobs import tasks
    from desktop.views.job_specs import job_call

    panel = window.jobs_panel
    panel.what.setCurrentIndex(panel.what.findData("garbage"))
    assert not panel.patrol_days.isVisibleTo(panel)  # only plans with patrols have days and a roster
    panel.what.setCurrentIndex(panel.what.findData("patrols"))
    assert panel.patrol_days.isVisibleTo(panel) and panel.roster_button.isVisibleTo(panel)
    roster = tmp_path / "duty.csv"
    roster.write_text("工号 / Worker ID,2017-06-05,2017-06-06\nCHW001,patrol_day,休\nCHW002,休,patrol_day\n",
                      encoding="utf-8")
    panel.patrol_days.setValue(28)
    panel.set_roster_file(roster)
    assert panel.roster_label.text() == "duty.csv"
    fn, args, _ = job_call(window, "routes")
    assert fn is tasks.plan_routes and args[1] == "patrols" and args[-2:] == (28, str(roster))
    roster.unlink()
    with pytest.raises(ValueError, match="duty.csv"):
        job_call(window, "routes")
    panel.set_roster_file(None)
    assert job_call(window, "routes")[1][-2:] == (28, None)


def test_a_patrol_plan_of_days_from_a_roster_file_is_planned_in_the_app(window, qtbot, tmp_path: Path):
    """Planning patrols for 2 days from a roster file gives dated beats for the chiefs the file has on duty."""
    roster = tmp_path / "duty.csv"
    roster.write_text("工号 / Worker ID,2017-06-05,2017-06-06\nCHW001,patrol_day,休\nCHW002,休,patrol_day\n",
                      encoding="utf-8")
    assert window.start_job("routes", what="patrols", patrol_days=2, patrol_roster=roster, time_limit_s=5)
    state, plan = wait_for_job(qtbot, window, "routes", timeout_ms=120_000)
    assert state == "finished", plan
    part = plan.parts["patrols"]
    assert sorted({r.date for r in part.routes}) == ["2017-06-05", "2017-06-06"]
    assert {w for w in part.on_duty["2017-06-05"] if w.startswith("CHW")} == {"CHW001"}
    assert set(part.holders["2017-06-06"].values()) == {"CHW002"}  # the one chief on duty holds both posts
    assert window.map_tab.dates == ["2017-06-05", "2017-06-06"]
