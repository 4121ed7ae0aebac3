"""Read an existing roster grid (XLSX or CSV, as written by the exports) into pinned cells.

Blank cells are not pinned; 休/off pins a day off; a shift's name (Chinese or English, as the export
writes it) or its id pins that shift. The first header may be 工号, Worker ID or both. Errors are
collected and reported with file, sheet, row, column, the value found and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from optimizer.roster.problem import RosterProblem
from reports.roster_export.labels import OFF_WORDS, WORKER_ID, WORKER_ID_HEADERS, cell_text, shift_of_cell
from scenarios.errors import DataError
from scenarios.importers.text import read_user_bytes, read_user_text


@dataclass(frozen=True)
class ImportProblem:
    """One located error in an imported roster."""

    file: str
    row: int
    column: str
    found: str
    expected: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.file}{'[' + self.sheet + ']' if self.sheet else ''}:{self.row}:{self.column}"
        return f"{where}: found {self.found!r}, expected {self.expected}"


class RosterImportError(ValueError):
    """An imported roster has errors; `problems` lists each one, located."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} error(s) in the imported roster:\n{shown}{more}")


def _parse_grid(rows: Sequence[Sequence[object]], problem: RosterProblem, file: str, sheet: str,
                errors: list[ImportProblem]) -> dict[tuple[str, int], str | None]:
    pinned: dict[tuple[str, int], str | None] = {}
    if not rows:
        errors.append(ImportProblem(file, 1, "A", "", f"a header row starting with {WORKER_ID!r}", sheet))
        return pinned
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    if not header or header[0] not in WORKER_ID_HEADERS:
        errors.append(ImportProblem(file, 1, "A", header[0] if header else "", repr(WORKER_ID), sheet))
        return pinned
    dates = {day.date: day.index for day in problem.days}
    day_columns: dict[int, int] = {}
    for position, label in enumerate(header):
        try:
            date = dt.date.fromisoformat(label[:10])
        except ValueError:
            continue
        if date not in dates:
            errors.append(ImportProblem(file, 1, get_column_letter(position + 1), label,
                                        f"a date from {problem.days[0].date} to {problem.days[-1].date}", sheet))
            continue
        day_columns[position] = dates[date]
    workers = {w.id for w in problem.workers}
    names = ", ".join(cell_text(problem, s.id) for s in problem.shifts)
    expected_cell = f"a shift name ({names}) or id, 休/off, or blank"
    for number, row in enumerate(rows[1:], start=2):
        values = ["" if v is None else str(v).strip() for v in row]
        if not any(values):
            continue
        worker_id = values[0]
        if worker_id not in workers:
            errors.append(ImportProblem(file, number, "A", worker_id, "a worker id of the scenario", sheet))
            continue
        for position, day in day_columns.items():
            value = values[position] if position < len(values) else ""
            if not value:
                continue
            shift_id = shift_of_cell(problem, value)
            if value.lower() in OFF_WORDS:
                pinned[(worker_id, day)] = None
            elif shift_id is not None:
                pinned[(worker_id, day)] = shift_id
            else:
                errors.append(ImportProblem(file, number, get_column_letter(position + 1), value, expected_cell, sheet))
    return pinned


def sheets_of(path: Path) -> list[tuple[str, list[list[object]]]]:
    """(sheet title, rows) of a .csv (one sheet, titled '') or .xlsx file; DataError (file and what is wrong)
    for a file that is missing, a folder, binary, not UTF-8, no workbook, or of another type."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = read_user_text(path, "CSV")
        try:
            return [("", [list(r) for r in csv.reader(io.StringIO(text, newline=""))])]
        except csv.Error as exc:
            raise DataError(f"{path}: is not a readable CSV file ({exc})") from None
    if suffix in (".xlsx", ".xlsm"):
        data = read_user_bytes(path)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
            raise DataError(f"{path}: is not an Excel workbook (.xlsx) ({type(exc).__name__}: {exc})") from None
        sheets = [(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)]) for sheet in workbook.worksheets]
        workbook.close()
        return sheets
    raise RosterImportError([ImportProblem(path.name, 0, "-", path.suffix, ".xlsx or .csv")])


def read_pinned(path: str | Path, problem: RosterProblem) -> dict[tuple[str, int], str | None]:
    """Pinned cells from a roster grid file (.xlsx or .csv); raises RosterImportError with located errors, or
    DataError (file and what is wrong) for a file that is missing, a folder, binary, not UTF-8 or no workbook."""
    path = Path(path)
    errors: list[ImportProblem] = []
    pinned: dict[tuple[str, int], str | None] = {}
    grids = 0
    for title, rows in sheets_of(path):
        if rows and rows[0] and str(rows[0][0] or "").strip() in WORKER_ID_HEADERS:
            grids += 1
            pinned.update(_parse_grid(rows, problem, path.name, title, errors))
    if not grids:
        errors.append(ImportProblem(path.name, 1, "A", "", f"a sheet whose first cell is {WORKER_ID!r}"))
    if errors:
        raise RosterImportError(errors)
    return pinned
