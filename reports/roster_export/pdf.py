"""Printable roster: a landscape A4 table per team, Chinese labels via the built-in STSong-Light font."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from optimizer.roster.problem import RosterProblem
from reports.pdf_font import cid_font
from reports.roster_export.labels import OFF, TEAM, TITLE, WEEKDAYS, cell_colour, cell_text, clock, grid_rows
from scenarios.files.atomic import atomic_path
from scenarios.model.common import SKILL_ZH


def _team_table(problem: RosterProblem, rows: list[list[object]]) -> Table:
    horizon = problem.horizon
    header = ["工号\nID", "姓名\nName"] + [
        f"{problem.days[d].date:%m-%d}\n{WEEKDAYS[problem.days[d].weekday].split('/')[0]}" for d in range(horizon)
    ] + ["工时\nh", "班次\nShifts"]
    body = [[r[0], r[1], *r[3:3 + horizon], r[3 + horizon], r[4 + horizon]] for r in rows]
    table = Table([header, *body], repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), cid_font(), 6 if horizon > 14 else 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (2, 0), (-1, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
    ]
    for r, row in enumerate(body, start=1):
        for d in range(horizon):
            colour = cell_colour(problem, str(row[2 + d]))
            if colour is not None:
                style.append(("BACKGROUND", (2 + d, r), (2 + d, r), colors.HexColor("#" + colour)))
        for d in range(horizon):
            if problem.days[d].is_holiday or problem.days[d].is_rest_day:
                style.append(("TEXTCOLOR", (2 + d, 0), (2 + d, 0), colors.HexColor("#C00000")))
    table.setStyle(TableStyle(style))
    return table


PEOPLE_TITLE = "个人班表 / Personal schedules"
SLIP_HEADER = ["日期\nDate", "星期\nDay", "班次\nShift", "时间\nTime", "岗位\nRole"]


def _person_slip(roster, problem: RosterProblem, worker, style: ParagraphStyle) -> KeepTogether:
    """One person's days at work in the period: what a team leader posts or hands out."""
    rows = [SLIP_HEADER]
    for day in problem.days:
        shift_id = roster.shift_of(worker.id, day.index)
        if shift_id is None:
            continue
        shift = problem.shift(shift_id)
        role = roster.roles.get((worker.id, day.index), "")
        rows.append([day.date.isoformat(), WEEKDAYS[day.weekday].split("/")[0], cell_text(problem, shift_id),
                     f"{clock(shift.start_min)}–{clock(shift.end_min)}", SKILL_ZH.get(role, role)])
    off = problem.horizon - (len(rows) - 1)
    heading = Paragraph(f"{worker.name or worker.id}（{worker.id}） {TEAM}: {worker.team or '-'} — "
                        f"上班 {len(rows) - 1} 天，休息 {off} 天 / {len(rows) - 1} days on, {off} off", style)
    table = Table(rows, colWidths=(26 * mm, 14 * mm, 28 * mm, 26 * mm, 26 * mm), repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), cid_font(), 7), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]))
    return KeepTogether([heading, table, Spacer(1, 5 * mm)])


def to_pdf(roster, problem: RosterProblem, path: str | Path) -> Path:
    """A printable PDF: title, legend of shifts, one table per team, then one schedule per person."""
    font = cid_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=14, leading=18)
    text_style = ParagraphStyle("text", fontName=font, fontSize=8, leading=10)
    rows = grid_rows(roster, problem)
    legend = "；".join(f"{cell_text(problem, s.id)} {s.start_min // 60:02d}:{s.start_min % 60:02d} "
                      f"{s.duration_min / 60:g}h ({s.id})" for s in problem.shifts) + f"；{OFF} = 休息 / off"
    story = [Paragraph(f"{TITLE} — {problem.name}", title_style), Paragraph(legend, text_style), Spacer(1, 4 * mm)]
    teams = sorted({w.team for w in problem.workers})
    for team in teams:
        team_rows = [row for row, worker in zip(rows, problem.workers, strict=True) if worker.team == team]
        story.append(Paragraph(f"{TEAM}: {team or '-'}", text_style))
        story.append(_team_table(problem, team_rows))
        story.append(PageBreak())
    story.append(Paragraph(PEOPLE_TITLE, title_style))
    story += [_person_slip(roster, problem, worker, text_style) for worker in problem.workers]
    with atomic_path(path) as temp:
        document = SimpleDocTemplate(str(temp), pagesize=landscape(A4), leftMargin=8 * mm, rightMargin=8 * mm,
                                     topMargin=10 * mm, bottomMargin=10 * mm, title=TITLE)
        document.build(story)
    return Path(path)
