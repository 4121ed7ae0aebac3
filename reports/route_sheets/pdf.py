"""Write one A4 route sheet (PDF, Chinese) per route of a plan: header, map, the ordered stops with times."""

from __future__ import annotations

import io
import re
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from optimizer.common.plan import Plan, Route
from reports.pdf_font import cid_font
from reports.route_sheets.names import (
    KIND_ZH,
    STOP_EN,
    STOP_ZH,
    clock,
    place_text,
    route_titles,
    shift_text,
    stop_note,
    streets_at_nodes,
    who_text,
)
from reports.route_sheets.route_map import route_map_png
from scenarios.files.atomic import atomic_path
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn
from scenarios.model.scenario import Scenario

TITLE = "路线作业单 Route sheet"
HEADER = ["序号\nNo.", "到达\nArrive", "离开\nLeave", "作业\nTask", "地点\nPlace", "备注\nNote"]
COLUMN_MM = (12, 16, 16, 20, 84, 36)



def _styles() -> dict[str, ParagraphStyle]:
    font = cid_font()
    return {"title": ParagraphStyle("title", fontName=font, fontSize=15, leading=19),
            "text": ParagraphStyle("text", fontName=font, fontSize=9, leading=11),
            "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)}


def _info_table(scenario: Scenario, plan: Plan, route: Route, styles: dict[str, ParagraphStyle]) -> Table:
    district = scenario.district.name_zh or scenario.district.name_en
    rows = [
        ("区域 District", district, "日期 Date", plan.day or "—"),
        ("作业 Work", KIND_ZH.get(route.kind, route.kind), "班次 Shift", shift_text(scenario, route)),
        ("车辆/人员 Vehicle/crew", who_text(scenario, route), "路线编号 Route ID", route.id),
        ("里程 Distance", f"{route.distance_m / 1000:.1f} 公里 km", "用时 Duration",
         f"{route.duration_min / 60:.1f} 小时 h"),
    ]
    body = [[Paragraph(str(cell), styles["cell"]) for cell in row] for row in rows]
    table = Table(body, colWidths=(34 * mm, 58 * mm, 30 * mm, 62 * mm))
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE")),
                               ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#EEEEEE"))]))
    return table


def _stop_rows(scenario: Scenario, route: Route, streets: dict[str, str]) -> tuple[list[list[str]], dict[int, int]]:
    """The table rows (numbered) and each stop's row number, for the map's labels."""
    rows: list[list[str]] = []
    numbers: dict[int, int] = {}
    for position, stop in enumerate(route.stops):
        numbers[position] = len(rows) + 1
        task = f"{STOP_ZH.get(stop.kind, stop.kind)}\n{STOP_EN.get(stop.kind, stop.kind)}"
        rows.append([str(len(rows) + 1), clock(stop.arrival_min), clock(stop.departure_min), task,
                     place_text(scenario, stop, streets), stop_note(stop)])
    return rows, numbers


def route_sheet_story(scenario: Scenario, plan: Plan, route: Route, title: str,
                      streets: dict[str, str]) -> list:
    styles = _styles()
    rows, numbers = _stop_rows(scenario, route, streets)
    picture = Image(io.BytesIO(route_map_png(scenario, route, numbers)), width=184 * mm, height=117 * mm)
    body = [HEADER] + [[Paragraph(cell.replace("\n", "<br/>"), styles["cell"]) for cell in row] for row in rows]
    table = Table(body, colWidths=[w * mm for w in COLUMN_MM], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), cid_font(), 8),
                               ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Paragraph(f"{TITLE} — {title}", styles["title"]), Spacer(1, 3 * mm),
            _info_table(scenario, plan, route, styles), Spacer(1, 3 * mm), picture, Spacer(1, 3 * mm), table]


def _page_number(canvas, document) -> None:
    canvas.setFont(cid_font(), 8)
    canvas.drawRightString(A4[0] - 12 * mm, 8 * mm, f"第 {document.page} 页 Page {document.page}")


def _file_name(route: Route) -> str:
    return re.sub(r"[^\w.-]+", "_", f"{route.kind}-{route.id}") + ".pdf"


def write_route_sheets(scenario: Scenario, plan: Plan, folder: str | Path,
                       progress: ProgressFn | None = None, stop: StopFn | None = None) -> list[Path]:
    """One PDF per route of the plan in `folder` (each written atomically); returns the files written."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    titles = route_titles(scenario, plan)
    streets = streets_at_nodes(scenario)
    routes = [route for part in plan.parts.values() for route in part.routes if route.stops]
    written = []
    for k, route in enumerate(routes):
        if stop is not None and stop():
            break
        path = out / _file_name(route)
        with atomic_path(path) as temp:
            document = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm,
                                         topMargin=12 * mm, bottomMargin=14 * mm, title=f"{TITLE} {titles[route.id]}")
            document.build(route_sheet_story(scenario, plan, route, titles[route.id], streets),
                           onFirstPage=_page_number, onLaterPages=_page_number)
        written.append(path)
        if progress is not None:
            progress(ProgressInfo(fraction=(k + 1) / len(routes), message=titles[route.id]))
    return written
