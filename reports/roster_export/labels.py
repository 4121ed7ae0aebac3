"""Bilingual labels, the grid layout and the colours shared by the roster exports."""

from __future__ import annotations

from optimizer.roster.problem import RosterProblem
from scenarios.model.common import MINUTES_PER_DAY

WORKER_ID = "工号 / Worker ID"
WORKER_ID_HEADERS = frozenset({WORKER_ID, "工号", "Worker ID", "工号/Worker ID"})  # what a re-import accepts
SHIFT_ID = "班次代码 / Shift ID"
NAME_ZH = "中文名称 / Chinese name"
NAME_EN = "英文名称 / English name"
PAID_HOURS = "计薪小时 / Paid hours"
SHIFTS_SHEET = "班次 / Shifts"
CHANGES_SHEET = "变更 / Changes"
DATE = "日期 / Date"
BEFORE = "原班次 / Before"
AFTER = "新班次 / After"
REASON = "原因 / Reason"
NAME = "姓名 / Name"
TEAM = "班组 / Team"
HOURS = "工时 / Hours"
SHIFT_COUNT = "班次数 / Shifts"
NIGHTS = "夜班 / Nights"
SHIFT = "班次 / Shift"
START = "开始 / Start"
END = "结束 / End"
ROLE = "岗位 / Role"
TITLE = "排班表 / Roster"
DAY_SHEET = "日 / Day"
OFF = "休"  # written for days off; blank cells mean "not given" on import
OFF_WORDS = frozenset({"休", "off", "休/off", "休 / off", "-"})
WEEKDAYS = ("周一/Mon", "周二/Tue", "周三/Wed", "周四/Thu", "周五/Fri", "周六/Sat", "周日/Sun")
FIXED_COLUMNS = (WORKER_ID, NAME, TEAM)
TOTAL_COLUMNS = (HOURS, SHIFT_COUNT, NIGHTS)
PALETTE = ("FFF2CC", "DDEBF7", "E2EFDA", "FCE4D6", "EDE7F6", "D9E1F2", "FFE699", "C6E0B4", "F8CBAD", "BDD7EE")
NIGHT_COLOUR = "B4A7D6"


def day_header(problem: RosterProblem, day: int) -> str:
    """'2024-01-06 周六/Sat', with 节/Hol or 班/Work marks for holidays and make-up working days."""
    info = problem.days[day]
    mark = " 节/Hol" if info.is_holiday else (" 班/Work" if info.is_makeup_workday else "")
    return f"{info.date.isoformat()} {WEEKDAYS[info.weekday]}{mark}"


def shift_colour(problem: RosterProblem, shift_id: str) -> str:
    """RGB hex colour of a shift (nights share one darker colour)."""
    for position, shift in enumerate(problem.shifts):
        if shift.id == shift_id:
            return NIGHT_COLOUR if shift.is_night else PALETTE[position % len(PALETTE)]
    return "FFFFFF"


def cell_text(problem: RosterProblem, shift_id: str | None) -> str:
    """What a grid cell says: the shift's name people use ('早班'), its id when it has none, 休 for a day off."""
    if shift_id is None:
        return OFF
    shift = problem.shift(shift_id)
    return shift.name or shift.name_en or shift.id


def shift_of_cell(problem: RosterProblem, text: str) -> str | None:
    """The shift id a cell names, by id, Chinese or English name (any case); None when it names none."""
    wanted = text.strip().casefold()
    for shift in problem.shifts:
        if wanted in {shift.id.casefold(), shift.name.strip().casefold(), shift.name_en.strip().casefold()} - {""}:
            return shift.id
    return None


def cell_colour(problem: RosterProblem, text: str) -> str | None:
    """The colour of a grid cell by what it says (None for a day off or an unknown text)."""
    shift_id = shift_of_cell(problem, text)
    return None if shift_id is None else shift_colour(problem, shift_id)


def clock(minutes: int) -> str:
    """'22:00' (next-day times wrap)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def grid_rows(roster, problem: RosterProblem) -> list[list[object]]:
    """One row per worker: id, name, team, a cell per day (shift name or 休), hours, shifts, nights."""
    nights = {s.id for s in problem.shifts if s.is_night}
    rows = []
    for worker in problem.workers:
        shifts = [roster.shift_of(worker.id, d) for d in range(problem.horizon)]
        worked = [s for s in shifts if s is not None]
        minutes = sum(problem.shift(s).duration_min for s in worked)
        rows.append([worker.id, worker.name, worker.team, *(cell_text(problem, s) for s in shifts),
                     round(minutes / 60, 2), len(worked), sum(1 for s in worked if s in nights)])
    return rows


def shift_rows(problem: RosterProblem) -> list[list[object]]:
    """The legend of shift names: id (what a re-import also accepts), Chinese and English names, times."""
    return [[s.id, s.name, s.name_en, clock(s.start_min), clock(s.end_min), round(s.duration_min / 60, 2)]
            for s in problem.shifts]


def header_row(problem: RosterProblem) -> list[str]:
    """The grid's header: fixed columns, one per day, totals."""
    return [*FIXED_COLUMNS, *(day_header(problem, d) for d in range(problem.horizon)), *TOTAL_COLUMNS]
