"""Leave (请假) read from a sheet a manager keeps: one row per absence, 工号 / from / to (to may be blank).

Headers may be Chinese, English or both ('工号 / Worker ID', '开始 / From', '结束 / To'); dates as Excel dates or
YYYY-MM-DD text. Every error is reported with file, sheet, row, column, the value found and what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from openpyxl.utils import get_column_letter

from reports.roster_export.importer import ImportProblem, RosterImportError, sheets_of
from reports.roster_export.labels import WORKER_ID_HEADERS

FROM_HEADERS = frozenset({"开始", "开始日期", "From", "开始 / From", "开始日期 / From", "first"})
TO_HEADERS = frozenset({"结束", "结束日期", "To", "结束 / To", "结束日期 / To", "last"})
LEAVE_TITLE = "请假 / Leave"


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def read_leave(path: str | Path, workers: Collection[str]) -> list[tuple[str, dt.date, dt.date]]:
    """(worker id, first day, last day) for every row of the file's leave sheet."""
    path = Path(path)
    errors: list[ImportProblem] = []
    found: list[tuple[str, dt.date, dt.date]] = []
    for title, rows in sheets_of(path):
        header = ["" if v is None else str(v).strip() for v in (rows[0] if rows else [])]
        if not header or header[0] not in WORKER_ID_HEADERS:
            continue
        start = next((k for k, h in enumerate(header) if h in FROM_HEADERS), None)
        end = next((k for k, h in enumerate(header) if h in TO_HEADERS), None)
        if start is None:
            errors.append(ImportProblem(path.name, 1, get_column_letter(len(header) + 1), "", "a column 开始 / From",
                                        title))
            continue
        for number, row in enumerate(rows[1:], start=2):
            cells = list(row) + [None] * len(header)
            worker = "" if cells[0] is None else str(cells[0]).strip()
            if not worker and cells[start] in (None, ""):
                continue
            first = _date(cells[start])
            last = _date(cells[end]) if end is not None and cells[end] not in (None, "") else first
            if worker not in workers:
                errors.append(ImportProblem(path.name, number, "A", worker, "a worker id of the scenario", title))
            elif first is None:
                errors.append(ImportProblem(path.name, number, get_column_letter(start + 1), str(cells[start]),
                                            "a date (YYYY-MM-DD)", title))
            elif last is None or last < first:
                errors.append(ImportProblem(path.name, number, get_column_letter((end or start) + 1),
                                            str(cells[end] if end is not None else ""),
                                            f"a date (YYYY-MM-DD) on or after {first}", title))
            else:
                found.append((worker, first, last))
    if not found and not errors:
        errors.append(ImportProblem(path.name, 1, "A", "", "a sheet with columns 工号 / Worker ID and 开始 / From"))
    if errors:
        raise RosterImportError(errors)
    return found
