"""The roster view: grid of workers × days, locking cells, re-optimizing with them pinned, exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from optimizer.roster import (
    Demand,
    RosterProblem,
    ShiftRequest,
    ShiftType,
    SolveParams,
    Worker,
    consecutive_days,
    solve_roster,
)

from .conftest import english_left, wait_for_job


@pytest.fixture
def small_roster():
    """Four workers, a week, early and late shifts; solved with one CP-SAT worker and a fixed seed."""
    days = consecutive_days(dt.date(2026, 3, 2), 7)
    shifts = (ShiftType("E", 6 * 60, 8 * 60, "early"), ShiftType("L", 14 * 60, 8 * 60, "late"))
    workers = tuple(Worker(f"W{i}", f"worker {i}", team="T1" if i < 2 else "T2", skills=frozenset({"sweeper"}))
                    for i in range(4))
    demands = tuple(Demand(d, s.id, None, minimum=1, target=1) for d in range(7) for s in shifts)
    problem = RosterProblem(days, shifts, workers, demands, name="small")
    roster = solve_roster(problem, SolveParams(time_limit_s=2, workers=1, seed=1))
    assert roster.has_solution
    return problem, roster


def test_grid_shows_each_workers_shift(window, small_roster):
    """Each cell shows the shift the roster gives that worker that day, or 'off'."""
    problem, roster = small_roster
    window._on_job_result("roster", (problem, roster))
    view = window.views["roster"]
    assert view.currentIndex() == 1
    model = view.model
    assert (model.rowCount(), model.columnCount()) == (4, 7)
    for row, worker in enumerate(problem.workers):
        for day in range(7):
            shift = roster.shift_of(worker.id, day)
            assert model.data(model.index(row, day)) == {"E": "early", "L": "late", None: "off"}[shift]
    assert str(roster.status) in view.summary.text()


def test_in_chinese_the_roster_reads_without_codes(window):
    """Cells, legend, status and broken rules read in Chinese: shift names, not ids or rule codes."""
    from desktop import i18n

    days = consecutive_days(dt.date(2026, 3, 2), 7)
    shifts = (ShiftType("early", 6 * 60, 8 * 60, "早班", name_en="Early"),
              ShiftType("late", 14 * 60, 8 * 60, "晚班", name_en="Late"))
    # one sweeper, needed on the early shift every day, asks for the late shift on Monday
    workers = (Worker("W0", "工人0", skills=frozenset({"manual_sweeper"}),
                      requests=(ShiftRequest(0, "late", wants=True, weight=1),)),)
    demands = tuple(Demand(d, "early", "manual_sweeper", minimum=1, target=1) for d in range(7))
    problem = RosterProblem(days, shifts, workers, demands, name="small")
    roster = solve_roster(problem, SolveParams(time_limit_s=2, workers=1, seed=1))
    assert any(v.rule == "shift_on_request" for v in roster.violations)
    i18n.set_language("zh")
    try:
        window._on_job_result("roster", (problem, roster))
        view = window.views["roster"]
        cells = {view.model.data(view.model.index(r, d)) for r in range(1) for d in range(7)}
        assert cells <= {"早班", "晚班", "休"} and "早班" in cells
        assert "早班&nbsp;</span> 06:00" in view.legend.text()
        notes = view.notes.toPlainText()
        assert "未满足的上班请求" in notes and "工人0（W0）申请2026-03-02（周一）上晚班，未安排" in notes
        assert "shift_on_request" not in notes and "feasible" not in view.summary.text()
        assert "罚分主要来自未满足的请求" in view.summary.text()  # what the penalty is, and what to do
    finally:
        i18n.set_language("en")


def test_team_filter_shows_only_that_team(window, small_roster):
    """Choosing a team keeps only its workers in the grid."""
    window._on_job_result("roster", small_roster)
    view = window.views["roster"]
    view.team_combo.setCurrentIndex(view.team_combo.findData("T2"))
    assert [w.id for w in view.model.workers] == ["W2", "W3"]


def test_locked_cells_are_pinned_when_reoptimizing(window, small_roster, qtbot):
    """Locked cells become pinned assignments of the re-optimization job, with their current shifts."""
    problem, roster = small_roster
    window._on_job_result("roster", small_roster)
    view = window.views["roster"]
    selection = view.grid.selectionModel()
    selection.select(view.model.index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    selection.select(view.model.index(1, 3), QItemSelectionModel.SelectionFlag.Select)
    view.lock_selected(True)
    assert view.model.pinned() == {("W0", 0): roster.shift_of("W0", 0), ("W1", 3): roster.shift_of("W1", 3)}
    assert view.model.data(view.model.index(0, 0)).startswith("🔒")
    submitted = []
    window.runner.submit = lambda kind, fn, *args, **kwargs: submitted.append((kind, args))
    view.reoptimize()
    kind, args = submitted[0]
    assert kind == "roster"
    pinned, previous, max_changes = args[-3], args[-2], args[-1]
    assert pinned == view.model.pinned() and max_changes is None  # no limit unless the manager sets one
    assert {cell: shift for cell, shift in previous.items() if shift} == dict(roster.assignments)
    assert len(previous) == len(problem.workers) * problem.horizon  # days off count as cells to keep too


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".pdf", ".ics"])
def test_export_writes_the_roster(window, small_roster, tmp_path: Path, suffix: str):
    """Export writes Excel, CSV, PDF, or one iCalendar file per worker."""
    window._on_job_result("roster", small_roster)
    written = window.views["roster"].export(tmp_path / f"roster{suffix}")
    assert written and all(p.exists() and p.stat().st_size > 0 for p in written)
    if suffix == ".ics":
        assert len(written) == 4


def test_roster_job_on_the_scenario(window, qtbot):
    """Make a roster from the training scenario: a grid when the back end is there, a clear message when not."""
    window.job_settings = {"time_limit_s": 3.0, "weeks": 1}
    assert window.start_job("roster")
    state, payload = wait_for_job(qtbot, window, "roster", timeout_ms=120_000)
    if state == "failed":
        assert "unavailable" in payload and "not available" in window.last_error
        assert window.views["roster"].currentIndex() == 0
        assert "not available" in window.views["roster"].empty.text()
    else:
        assert state == "finished"
        assert window.views["roster"].model.rowCount() > 0


def test_a_manager_enters_leave_rerosters_within_ten_changes_and_round_trips_excel(window, qtbot, tmp_path):
    """The done-when walk: leave for three people entered in the app, re-roster with at most 10 changes, the
    change report, export to Excel in Chinese, a cell edited there with a Chinese shift name, imported back
    as a locked cell and kept by the next roster."""
    from openpyxl import load_workbook

    from desktop import i18n

    i18n.set_language("zh")
    window.job_settings = {"time_limit_s": 8, "weeks": 1}
    view = window.views["roster"]
    try:
        assert window.start_job("roster")
        assert wait_for_job(qtbot, window, "roster", 120_000)[0] == "finished"
        first = view.roster
        working = sorted(w.id for w in view.problem.workers if first.shift_of(w.id, 1) is not None)[:3]
        day = view.problem.days[1].date
        for worker in working:
            assert view.add_leave(worker, day, day)
        assert window.undo.count() == 3 and "休假" in window.undo.undoText()
        view.max_changes.setValue(10)
        view.reoptimize()
        assert wait_for_job(qtbot, window, "roster", 120_000)[0] == "finished"
        second = view.roster
        assert second is not first and 3 <= len(second.changes) <= 10
        assert all(second.shift_of(w, 1) is None for w in working)
        notes = view.notes.toPlainText()
        assert "与原排班相比的变更" in notes and "休假或休息" in notes
        assert not english_left(window), english_left(window)

        path = tmp_path / "roster.xlsx"
        assert view.export(path) == [path]
        book = load_workbook(path)
        sheet = book[book.sheetnames[0]]
        header = [c.value for c in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2) if second.shift_of(r[0].value, 0) is not None)
        person, column = row[0].value, 3  # the first day's column
        names = {s.id: s.name for s in view.problem.shifts}
        assert header[0] == "工号 / Worker ID" and row[column].value == names[second.shift_of(person, 0)]
        row[column].value = "休"  # the manager gives this person the first day off, typed in Chinese
        book.save(path)
        assert view.import_edits(path) == 1 and view.model.pinned() == {(person, 0): None}
        view.max_changes.setValue(-1)
        view.reoptimize()
        assert wait_for_job(qtbot, window, "roster", 120_000)[0] == "finished"
        assert view.roster.shift_of(person, 0) is None and view.roster.has_solution
    finally:
        i18n.set_language("en")


def test_leave_imported_from_excel_and_preferences_are_undoable_edits(window, tmp_path):
    """A leave sheet (工号, 开始, 结束) becomes the people's leave in one undoable step; a wrong row changes nothing
    and says where; preferences ticked for a person are kept in the scenario and undone in one step."""
    import datetime as dt

    from openpyxl import Workbook
    from PySide6.QtCore import Qt

    from desktop.views.leave_dialog import set_preferences

    view = window.views["roster"]
    workers = window.document.current.workforce.workers
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "开始", "结束"])
    sheet.append([workers[0].id, dt.date(2017, 6, 6), dt.date(2017, 6, 8)])
    sheet.append([workers[1].id, "2017-06-09", None])
    book.save(tmp_path / "leave.xlsx")
    assert view.import_leave(tmp_path / "leave.xlsx") == 2
    after = window.document.current.workforce.workers
    assert [str(r) for r in after[0].leave][-1].startswith("2017-06-06") and after[1].leave
    window.undo.undo()  # the whole import at once
    assert window.document.current.workforce.workers[0].leave == workers[0].leave

    errors: list[str] = []
    window.show_error = errors.append
    sheet.append(["NOBODY", "2017-06-10", None])
    book.save(tmp_path / "leave.xlsx")
    assert view.import_leave(tmp_path / "leave.xlsx") == 0
    assert "leave.xlsx[Sheet]:4:A: found 'NOBODY', expected a worker id of the scenario" in errors[0]
    assert window.document.current.workforce.workers[0].leave == workers[0].leave

    shift = window.document.current.shifts.templates[0].id
    set_preferences(window, workers[2].id, [shift], [])
    assert window.document.current.workforce.workers[2].preferred_shifts == [shift]
    window.undo.undo()
    assert window.document.current.workforce.workers[2].preferred_shifts == workers[2].preferred_shifts

    from desktop.views.leave_dialog import LeaveDialog, PreferencesDialog

    dialog = PreferencesDialog(window)
    dialog.person.setCurrentIndex(2)
    dialog.preferred.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == (workers[2].id, [shift], list(workers[2].avoided_shifts))
    leave = LeaveDialog(window, dt.date(2017, 6, 5))
    assert leave.chosen() == (workers[0].id, dt.date(2017, 6, 5), dt.date(2017, 6, 5))
