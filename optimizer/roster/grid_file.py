"""A roster grid as the roster exports write it, read back into (worker, date, shift) cells.

CSV or XLSX: a worker-id column (工号 / Worker ID), a column per date headed ``YYYY-MM-DD …``, a shift
(id, Chinese or English name) or 休/off per cell. Used by the simulation (who is on duty) and by the
patrol planner (beats for the people rostered that day). Errors name file, sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from scenarios.errors import DataError
from scenarios.model import Scenario

OFF_WORDS = frozenset({"", "休", "off", "休/off", "休 / off", "-"})
_ID_WORDS = ("worker id", "工号")


def read_roster_cells(path: Path, scenario: Scenario) -> list[tuple[str, dt.date, str]]:
    """(worker, date, shift) of every working cell of a roster grid; DataError names file, sheet, row, column."""
    if not path.is_file():
        raise DataError(f"{path}: roster file not found (expected a CSV or XLSX written by `main.py roster --export`)")
    sheets = _xlsx_sheets(path) if path.suffix.lower() in (".xlsx", ".xlsm") else [("", _csv_rows(path))]
    cells: list[tuple[str, dt.date, str]] = []
    seen: set[tuple[str, dt.date]] = set()
    # The exports name shifts as people do (早班); ids and English names read too.
    shift_of = {key.casefold(): t.id for t in scenario.shifts.templates for key in (t.id, t.name_zh, t.name_en) if key}
    read_any = False
    for sheet, rows in sheets:
        if not rows or not _is_id(rows[0][0] if rows[0] else ""):
            continue
        read_any = True
        where = f"{path.name}{'[' + sheet + ']' if sheet else ''}"
        dates = _date_columns(rows[0])
        for r, row in enumerate(rows[1:], start=2):
            worker = str(row[0]).strip() if row and row[0] is not None else ""
            if not worker:
                continue
            if worker not in scenario.index.workers:
                raise DataError(f"{where}:{r}:A: worker id {worker!r} is not a worker of the scenario")
            for c, date in dates.items():
                value = "" if c >= len(row) or row[c] is None else str(row[c]).strip()
                if value.lower() in OFF_WORDS or (worker, date) in seen:
                    continue
                shift = shift_of.get(value.casefold())
                if shift is None:
                    names = ", ".join(t.name_zh or t.id for t in scenario.shifts.templates)
                    raise DataError(f"{where}:{r}:{_column(c)}: found {value!r}, expected a shift of the scenario "
                                    f"({names}, or its id) or 休/off")
                seen.add((worker, date))
                cells.append((worker, date, shift))
    if not read_any:
        raise DataError(f"{path}:1:A: no sheet starts with a worker-id column (expected a header like '工号 / Worker ID')")
    return cells


def _is_id(cell: object) -> bool:
    text = str(cell or "").strip().lower()
    return any(word in text for word in _ID_WORDS)


def _date_columns(header: list[object]) -> dict[int, dt.date]:
    out = {}
    for c, cell in enumerate(header):
        text = str(cell or "").strip()[:10]
        try:
            out[c] = dt.date.fromisoformat(text)
        except ValueError:
            continue
    return out


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _csv_rows(path: Path) -> list[list[object]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text at byte {exc.start} (save the roster as UTF-8 CSV or XLSX)") from None


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[object]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DataError(f"{path}: not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        return [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
    finally:
        book.close()
