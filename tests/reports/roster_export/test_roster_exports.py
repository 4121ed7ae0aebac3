"""Roster exports write files that read back, and imports round-trip or give located errors."""

import datetime as dt

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from optimizer.roster.problem import Contract, Demand, RosterProblem, ShiftType, Worker, consecutive_days
from optimizer.roster.roster import Roster
from reports.roster_export import RosterImportError, read_pinned, to_csv, to_ics_dir, to_pdf, to_xlsx
from reports.roster_export.labels import OFF, WORKER_ID


@pytest.fixture
def problem() -> RosterProblem:
    """Two teams, three workers, a week with a holiday and a make-up working Saturday."""
    days = consecutive_days(dt.date(2024, 9, 30), 7, holidays=frozenset({dt.date(2024, 10, 1)}),
                            makeup_workdays=frozenset({dt.date(2024, 10, 5)}))
    shifts = (ShiftType("E", 360, 480, name="早班", name_en="Early"),
              ShiftType("N", 1320, 480, name="夜班", name_en="Night", is_night=True))
    workers = (Worker("W1", "张伟", "A", frozenset({"driver"}), Contract()),
               Worker("W2", "李娜", "A", frozenset({"loader"}), Contract()),
               Worker("W3", "王芳", "B", frozenset({"driver"}), Contract()))
    return RosterProblem(days, shifts, workers, (Demand(0, "E", "driver", 1, 1),), name="测试 test")


@pytest.fixture
def roster() -> Roster:
    """A hand-made roster: W1 early Mon-Tue, W2 night Wed, W3 early Sat."""
    cells = {("W1", 0): "E", ("W1", 1): "E", ("W2", 2): "N", ("W3", 5): "E"}
    return Roster("feasible", assignments=cells, roles={("W1", 0): "driver"}, objective=0)


def test_xlsx_has_team_and_day_sheets_matching_the_roster(tmp_path, problem, roster):
    """Each team sheet's grid equals the roster, with totals, colours and a sheet per day."""
    path = to_xlsx(roster, problem, tmp_path / "roster.xlsx")
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["班组 A", "班组 B"] and len(book.sheetnames) == 2 + 7 + 1
    legend = list(book["班次 _ Shifts"].iter_rows(values_only=True))
    assert legend[1:] == [("E", "早班", "Early", "06:00", "14:00", 8), ("N", "夜班", "Night", "22:00", "06:00", 8)]
    sheet = book["班组 A"]
    assert sheet["A1"].value == WORKER_ID
    grid = {row[0]: row[3:10] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert grid["W1"] == ("早班", "早班", OFF, OFF, OFF, OFF, OFF)  # the names people use, not ids
    assert grid["W2"][2] == "夜班"
    totals = {row[0]: row[10:13] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert totals["W1"] == (16, 2, 0) and totals["W2"] == (8, 1, 1)
    assert sheet["D2"].fill.start_color.rgb.endswith("FFF2CC")
    assert "节/Hol" in sheet["E1"].value and "班/Work" in sheet["I1"].value
    day_rows = list(book["2024-09-30"].iter_rows(min_row=2, values_only=True))
    assert day_rows == [("早班", "06:00", "14:00", "W1", "张伟", "A", "司机", "E")]


def test_a_shift_typed_in_chinese_in_excel_reads_back_as_a_pin(tmp_path, problem, roster):
    """The manager's round trip: export, type 夜班 (or 'night', or the id) into a cell in Excel, import it back;
    a grid whose first header is only 工号 reads too, and a wrong name is located with the names allowed."""
    path = to_xlsx(roster, problem, tmp_path / "roster.xlsx")
    book = load_workbook(path)
    sheet = book["班组 B"]
    sheet["D2"], sheet["E2"], sheet["F2"], sheet["A1"] = "夜班", "night", "E", "工号"
    book.save(path)
    pinned = read_pinned(path, problem)
    assert (pinned[("W3", 0)], pinned[("W3", 1)], pinned[("W3", 2)]) == ("N", "N", "E")
    sheet["G2"] = "中班"
    book.save(path)
    with pytest.raises(RosterImportError) as error:
        read_pinned(path, problem)
    assert "roster.xlsx[班组 B]:2:G: found '中班', expected a shift name (早班, 夜班)" in str(error.value)


def test_csv_round_trips_into_pinned_cells(tmp_path, problem, roster):
    """Exported CSV read back pins exactly the roster: shifts where worked, off elsewhere."""
    path = to_csv(roster, problem, tmp_path / "roster.csv")
    pinned = read_pinned(path, problem)
    assert len(pinned) == 3 * 7
    assert {cell: shift for cell, shift in pinned.items() if shift} == dict(roster.assignments)


def test_xlsx_round_trips_into_pinned_cells(tmp_path, problem, roster):
    """Exported XLSX read back pins exactly the roster."""
    pinned = read_pinned(to_xlsx(roster, problem, tmp_path / "roster.xlsx"), problem)
    assert {cell: shift for cell, shift in pinned.items() if shift} == dict(roster.assignments)
    assert pinned[("W3", 0)] is None


def test_bad_csv_gives_located_errors(tmp_path, problem, roster):
    """An unknown shift and an unknown worker are reported with row, column, value and expectation."""
    path = to_csv(roster, problem, tmp_path / "roster.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("W1,张伟,A,早班", "W1,张伟,A,X", 1)
    lines[2] = "W9" + lines[2][2:]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RosterImportError) as caught:
        read_pinned(bad, problem)
    found = {(p.row, p.column, p.found) for p in caught.value.problems}
    assert found == {(2, "D", "X"), (3, "A", "W9")}
    assert "bad.csv:2:D: found 'X', expected a shift name (早班, 夜班) or id" in str(caught.value)


def test_bad_xlsx_header_is_located(tmp_path, problem, roster):
    """A date outside the horizon in the header is reported with sheet and column."""
    path = to_xlsx(roster, problem, tmp_path / "roster.xlsx")
    book = load_workbook(path)
    book["班组 B"]["F1"] = "2030-01-01 周二/Tue"
    book.save(path)
    with pytest.raises(RosterImportError) as caught:
        read_pinned(path, problem)
    (problem_found,) = caught.value.problems
    assert (problem_found.sheet, problem_found.row, problem_found.column) == ("班组 B", 1, "F")


def test_ics_one_calendar_per_worker(tmp_path, problem, roster):
    """Every worker gets a parseable .ics with one event per shift at the right time."""
    files = to_ics_dir(roster, problem, tmp_path / "ics")
    assert sorted(f.name for f in files) == ["W1.ics", "W2.ics", "W3.ics"]
    events = {f.stem: [e for e in Calendar.from_ical(f.read_bytes()).walk("VEVENT")] for f in files}
    assert [len(events[w]) for w in ("W1", "W2", "W3")] == [2, 1, 1]
    night = events["W2"][0]
    assert night.decoded("dtstart") == dt.datetime(2024, 10, 2, 22, 0)
    assert night.decoded("dtend") == dt.datetime(2024, 10, 3, 6, 0)


def test_pdf_is_written(tmp_path, problem, roster):
    """The printable roster: team grids, then each person's schedule (dates, shift names, times) in Chinese;
    no temporary file is left behind."""
    import pypdfium2 as pdfium

    path = to_pdf(roster, problem, tmp_path / "roster.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["roster.pdf"]
    pdf = pdfium.PdfDocument(path)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "个人班表" in text and "张伟（W1）" in text and "上班 2 天，休息 5 天" in text
    assert "2024-09-30" in text and "早班" in text and "06:00–14:00" in text


def test_exports_have_the_permissions_of_an_ordinary_new_file(tmp_path, problem, roster):
    """A manager's shared Excel, CSV, PDF and calendars are readable as any file they create (not 0600)."""
    import os
    import stat

    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    ordinary = stat.S_IMODE(plain.stat().st_mode)
    files = [to_xlsx(roster, problem, tmp_path / "roster.xlsx"), to_csv(roster, problem, tmp_path / "roster.csv"),
             to_pdf(roster, problem, tmp_path / "roster.pdf"), *to_ics_dir(roster, problem, tmp_path / "ics")]
    assert files and all(stat.S_IMODE(os.stat(f).st_mode) == ordinary for f in files)
    assert not list(tmp_path.rglob(".*"))  # no temporary file left behind


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bin.xlsx", bytes(range(256)) * 4, "is not an Excel workbook"),
    ("bin.csv", b"\x00\x01\x02" * 100, "is a binary file"),
    ("gbk.csv", "工号,2017-06-05\nW1,早班\n".encode("gbk"), "GBK"),
    ("folder.csv", None, "is a folder"),
    ("missing.xlsx", "missing", "file not found"),
])
def test_unreadable_pin_files_say_which_file_and_what(tmp_path, problem, name, content, message):
    """A manager's pin file that is binary, GBK, a folder or missing gets one located line, not a traceback."""
    from scenarios.errors import DataError

    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(DataError, match=message) as caught:
        read_pinned(path, problem)
    assert str(path) in str(caught.value)
