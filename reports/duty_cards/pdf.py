"""Write one A4 duty card (岗位责任卡, PDF) per post: who holds it, its territory, its duties, its beat times."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from optimizer.common.plan import Post, RoutePlan
from reports.duty_cards.beats import MAX_DATES, beat_dates, beat_rows
from reports.duty_cards.duties import card_facts, duty_rows, plan_dates, post_title
from reports.duty_cards.labels import FIELDS, TITLE, bi, field
from reports.duty_cards.places import Places
from reports.duty_cards.territory_map import Line, street_lines, territory_map_png
from reports.pdf_font import cid_font
from scenarios.errors import DataError
from scenarios.files.atomic import atomic_path
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn
from scenarios.model.scenario import Scenario

WIDTH_MM = 186
DUTY_COLUMNS_MM = (30, 72, 34, 32, 18)
BEAT_COLUMNS_MM = (24, 32, 22, 20, 88)
HEAD_GREY = colors.HexColor("#D9D9D9")
MAX_PAGES = 2



def _styles() -> dict[str, ParagraphStyle]:
    font = cid_font()
    return {"title": ParagraphStyle("title", fontName=font, fontSize=15, leading=19),
            "h2": ParagraphStyle("h2", fontName=font, fontSize=11, leading=14, spaceBefore=4, spaceAfter=2),
            "note": ParagraphStyle("note", fontName=font, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
            "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)}


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _grid(rows: list[list[str]], widths_mm: tuple[int, ...], style: ParagraphStyle, header: bool = True) -> Table:
    table = Table([[_para(cell, style) for cell in row] for row in rows], colWidths=[w * mm for w in widths_mm],
                  repeatRows=1 if header else 0)
    commands = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_GREY))
    else:  # label, value, label, value
        commands += [("BACKGROUND", (0, 0), (0, -1), HEAD_GREY), ("BACKGROUND", (2, 0), (2, -1), HEAD_GREY)]
    table.setStyle(TableStyle(commands))
    return table


def _facts_table(facts: list[tuple[str, str]], style: ParagraphStyle) -> Table:
    rows = [[*facts[k], *(facts[k + 1] if k + 1 < len(facts) else ("", ""))] for k in range(0, len(facts), 2)]
    return _grid([list(row) for row in rows], (26, 67, 26, 67), style, header=False)


def card_story(places: Places, part: RoutePlan, post: Post, dates: list[str] | None, map_png: bytes,
               max_dates: int = MAX_DATES) -> list[Flowable]:
    """The flowables of one card: title, head facts, territory map, duty list, beat times (at most `max_dates`)."""
    scenario, lang = places.scenario, places.lang
    styles, cell = _styles(), _styles()["cell"]
    days = plan_dates(part)
    first_day = dt.date.fromisoformat(days[0]) if days else None
    picture = Image(io.BytesIO(map_png), width=WIDTH_MM * mm, height=97 * mm)
    duty_head = [field(k, lang, "\n") for k in ("kind", "place", "often", "hours", "minutes")]
    shown, left_off = beat_dates(part, post, dates, max_dates)
    beat_head = [field(k, lang, "\n") for k in ("date", "walker", "shift", "span", "stops")]
    story: list[Flowable] = [
        _para(f"{bi(TITLE, lang)} — {post_title(scenario, post, lang)}", styles["title"]), Spacer(1, 2 * mm),
        _facts_table(card_facts(scenario, part, post, lang), cell), Spacer(1, 2 * mm),
        _para(field("map", lang), styles["h2"]), picture,
        _para(field("duties", lang), styles["h2"]),
        _grid([duty_head, *duty_rows(places, post, first_day)], DUTY_COLUMNS_MM, cell),
    ]
    beats = [_para(field("beats", lang), styles["h2"]),
             _grid([beat_head, *beat_rows(places, part, post, shown)], BEAT_COLUMNS_MM, cell)]
    if left_off:
        beats.append(_para(bi((f"另有 {left_off} 天未列出，仅列前 {len(shown)} 天。",
                               f"{left_off} more dates not shown: only the first {len(shown)}."), lang),
                           styles["note"]))
    return [*story, KeepTogether(beats[:2]), *beats[2:]]


def _page_numbers(lang: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """Draws 第 n 页 Page n at the foot of each page."""

    def draw(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.setFont(cid_font(), 8)
        page = FIELDS["page"]
        canvas.drawRightString(A4[0] - 12 * mm, 8 * mm,
                               bi((page[0].format(n=document.page), page[1].format(n=document.page)), lang))
    return draw


def chosen_posts(part: RoutePlan, posts: list[str] | None) -> list[Post]:
    """The part's posts, or those asked for in the order asked; an id the plan lacks is a DataError naming it."""
    by_id = {p.id: p for p in part.posts}
    if not by_id:
        raise DataError("the patrol plan has no posts (定人定岗定则): plan patrols with posts and duties first "
                        "/ 巡查计划中没有岗位")
    missing = [p for p in posts or [] if p not in by_id]
    if missing:
        raise DataError(f"post {', '.join(map(repr, missing))} is not in the plan (its posts: "
                        f"{', '.join(by_id)}) / 计划中没有岗位 {'、'.join(missing)}")
    return [by_id[p] for p in dict.fromkeys(posts)] if posts is not None else list(by_id.values())


def card_pdf(places: Places, part: RoutePlan, post: Post, dates: list[str] | None,
             lines: dict[str, Line] | None = None) -> tuple[bytes, int]:
    """The card's PDF and its page count; beat dates are dropped (with a note) until it fits on two pages."""
    map_png, numbers = territory_map_png(places, post, lines), _page_numbers(places.lang)
    for max_dates in range(MAX_DATES, 0, -2):
        buffer = io.BytesIO()
        document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=11 * mm,
                                     bottomMargin=13 * mm, title=f"{bi(TITLE, places.lang)} {post.id}")
        document.build(card_story(places, part, post, dates, map_png, max_dates), onFirstPage=numbers,
                       onLaterPages=numbers)
        if document.page <= MAX_PAGES:
            break
    return buffer.getvalue(), document.page


def _check_dates(dates: list[str] | None) -> None:
    for date in dates or []:
        try:
            dt.date.fromisoformat(date)
        except (TypeError, ValueError):
            raise DataError(f"date {date!r} is not a date as YYYY-MM-DD / 日期格式应为 YYYY-MM-DD") from None


# Eight parameters: a public entry point whose keywords (dates, posts, lang, progress, stop) are its interface.
def write_duty_cards(scenario: Scenario, part: RoutePlan, folder: Path, *, dates: list[str] | None = None,
                     posts: list[str] | None = None, lang: str = "zh", progress: ProgressFn | None = None,
                     stop: StopFn | None = None) -> list[Path]:
    """One A4 duty card per post (`<post id>.pdf` in `folder`, each written atomically); returns the files.

    `dates` picks the beat dates shown (default: every date with a beat for the post, at most 7); `posts`
    picks the posts (default: all); `lang` ('zh' or 'en') is the language that comes first on the card."""
    chosen = chosen_posts(part, posts)
    _check_dates(dates)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    places, lines = Places.of(scenario, lang), street_lines(scenario)  # shared by every card
    written = []
    for k, post in enumerate(chosen):
        if stop is not None and stop():
            break
        path = out / (re.sub(r"[^\w.-]+", "_", post.id) + ".pdf")
        data, _ = card_pdf(places, part, post, dates, lines)
        with atomic_path(path) as temp:
            temp.write_bytes(data)
        written.append(path)
        if progress is not None:
            progress(ProgressInfo(fraction=(k + 1) / len(chosen), message=post.id))
    return written
