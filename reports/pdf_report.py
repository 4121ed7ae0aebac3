"""The PDF report of a study: what was compared, the comparison table, the charts, the conclusions.

reportlab with its built-in CID font STSong-Light, so Chinese text needs no font file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.pdf_font import FONT, cid_font


@dataclass
class ReportTable:
    """A titled table: header row plus text rows."""

    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class ReportContent:
    """Everything the report shows, already worded in the report's language."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    variants: ReportTable | None = None
    tables: list[ReportTable] = field(default_factory=list)
    charts: list[tuple[str, Path]] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)


def _styles() -> dict[str, ParagraphStyle]:
    cid_font()
    return {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=17, leading=22, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=FONT, fontSize=12.5, leading=17, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5),
    }


def _table(table: ReportTable, styles: dict[str, ParagraphStyle], width: float) -> Table:
    data = [[Paragraph(escape(c), styles["cell"]) for c in row] for row in [table.header, *table.rows]]
    t = Table(data, repeatRows=1, colWidths=[width / len(table.header)] * len(table.header))
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return t


def write_report_pdf(path: Path, content: ReportContent) -> Path:
    """Lay the content out on A4 pages and write the PDF."""
    styles = _styles()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=content.title)
    width = A4[0] - 30 * mm
    h = content.headings
    story: list = [Paragraph(escape(content.title), styles["title"])]
    for key, value in content.facts:
        story.append(Paragraph(f"<b>{escape(key)}</b>: {escape(value)}", styles["body"]))
    if content.conclusions:
        story.append(Paragraph(escape(h.get("conclusions", "Conclusions")), styles["h2"]))
        story.extend(Paragraph("• " + escape(line), styles["body"]) for line in content.conclusions)
    if content.variants:
        story.append(Paragraph(escape(content.variants.title), styles["h2"]))
        story.append(_table(content.variants, styles, width))
    for table in content.tables:
        story.append(Paragraph(escape(table.title), styles["h2"]))
        story.append(_table(table, styles, width))
    if content.charts:
        story.append(PageBreak())
        story.append(Paragraph(escape(h.get("charts", "Charts")), styles["h2"]))
    for caption, png in content.charts:
        img = Image(str(png))
        scale = min(1.0, width / img.imageWidth)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        story += [Paragraph(escape(caption), styles["body"]), img, Spacer(1, 4 * mm)]
    doc.build(story)
    return path


def text_rows(rows: Sequence[Sequence[object]]) -> list[list[str]]:
    return [[str(c) for c in row] for row in rows]
