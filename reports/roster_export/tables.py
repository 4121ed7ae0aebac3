"""Roster grids as CSV and XLSX (a sheet per team, coloured by shift, and a sheet per day)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from optimizer.roster.changes import REASONS, explain_changes
from optimizer.roster.problem import RosterProblem
from reports.roster_export.labels import (
    AFTER,
    BEFORE,
    CHANGES_SHEET,
    DATE,
    END,
    FIXED_COLUMNS,
    NAME,
    NAME_EN,
    NAME_ZH,
    PAID_HOURS,
    REASON,
    ROLE,
    SHIFT,
    SHIFT_ID,
    SHIFTS_SHEET,
    START,
    TEAM,
    WORKER_ID,
    cell_colour,
    cell_text,
    clock,
    grid_rows,
    header_row,
    shift_colour,
    shift_rows,
)
from scenarios.files.atomic import atomic_path
from scenarios.model.common import SKILL_ZH


def to_csv(roster, problem: RosterProblem, path: str | Path) -> Path:
    """All workers × days in one UTF-8 CSV (with BOM so that Excel shows the Chinese labels)."""
    with atomic_path(path) as temp:
        with temp.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(header_row(problem))
            writer.writerows(grid_rows(roster, problem))
    return Path(path)


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", name or "-")[:31]
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}~{n}"
        n += 1
    used.add(title)
    return title


def _team_sheet(workbook: Workbook, title: str, problem: RosterProblem, header: list[str], rows: list[list[object]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    first_day = len(FIXED_COLUMNS) + 1
    for row in rows:
        sheet.append(row)
        for column in range(first_day, first_day + problem.horizon):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.alignment = Alignment(horizontal="center")
            colour = cell_colour(problem, str(cell.value))
            if colour is not None:
                cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
    sheet.freeze_panes = sheet.cell(row=2, column=first_day)
    for column in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14 if column < first_day else 9


def _day_sheet(workbook: Workbook, title: str, roster, problem: RosterProblem, day: int) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([SHIFT, START, END, WORKER_ID, NAME, TEAM, ROLE, SHIFT_ID])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for shift in problem.shifts:
        for worker in problem.workers:
            if roster.shift_of(worker.id, day) == shift.id:
                role = roster.roles.get((worker.id, day), "")
                sheet.append([cell_text(problem, shift.id), clock(shift.start_min), clock(shift.end_min), worker.id,
                              worker.name, worker.team, SKILL_ZH.get(role, role), shift.id])
                colour = shift_colour(problem, shift.id)
                sheet.cell(row=sheet.max_row, column=1).fill = PatternFill("solid", start_color=colour, end_color=colour)


def _changes_sheet(workbook: Workbook, title: str, roster, problem: RosterProblem, pinned) -> None:
    """What changed from the previous roster for whom, and why (only when re-rostered from one)."""
    sheet = workbook.create_sheet(title)
    sheet.append([WORKER_ID, NAME, DATE, BEFORE, AFTER, REASON])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names = {w.id: w.name for w in problem.workers}
    for item in explain_changes(problem, roster, pinned):
        change = item.change
        reason = REASONS[item.reason]["zh"].format(names="、".join(names.get(w) or w for w in item.covers))
        sheet.append([change.worker, names.get(change.worker, ""), problem.days[change.day].date.isoformat(),
                      cell_text(problem, change.before), cell_text(problem, change.after), reason])
    for column, width in zip("ABCDEF", (12, 10, 12, 10, 10, 30), strict=True):
        sheet.column_dimensions[column].width = width


def to_xlsx(roster, problem: RosterProblem, path: str | Path, pinned=None) -> Path:
    """A sheet per team (workers × days, coloured by shift, totals per worker), a sheet per day, the shift
    legend, and (for a re-roster) the changes from the previous roster with their reasons."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    header, rows = header_row(problem), grid_rows(roster, problem)
    used: set[str] = set()
    teams = sorted({w.team for w in problem.workers})
    for team in teams:
        team_rows = [row for row, worker in zip(rows, problem.workers, strict=True) if worker.team == team]
        _team_sheet(workbook, _sheet_title(f"班组 {team}" if team else "班组 -", used), problem, header, team_rows)
    for day in range(problem.horizon):
        _day_sheet(workbook, _sheet_title(problem.days[day].date.isoformat(), used), roster, problem, day)
    if roster.changes:
        _changes_sheet(workbook, _sheet_title(CHANGES_SHEET, used), roster, problem, pinned)
    legend = workbook.create_sheet(_sheet_title(SHIFTS_SHEET, used))
    legend.append([SHIFT_ID, NAME_ZH, NAME_EN, START, END, PAID_HOURS])
    for row in shift_rows(problem):
        legend.append(row)
        colour = shift_colour(problem, str(row[0]))
        legend.cell(row=legend.max_row, column=2).fill = PatternFill("solid", start_color=colour, end_color=colour)
    with atomic_path(path) as temp:
        workbook.save(temp)
    return Path(path)
