"""The map's legend: a box at the top left with one row per colour or symbol shown."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF


def paint_legend(painter: QPainter, rows: list[tuple[str, str, str]], base_font: QFont) -> None:
    """Rows of (colour, label, shape): line, band, dot, ring, square, triangle or diamond."""
    if not rows:
        return
    font = QFont(base_font)
    font.setPointSizeF(max(font.pointSizeF() - 1, 7))
    painter.setFont(font)
    line_h = painter.fontMetrics().height() + 2
    width = max(painter.fontMetrics().horizontalAdvance(label) for _, label, _ in rows) + 40
    box = QRectF(10, 10, width, line_h * len(rows) + 10)
    painter.setPen(QPen(QColor("#BBBBBB"), 1))
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(box, 4, 4)
    for k, (colour, label, shape) in enumerate(rows):
        y = box.top() + 5 + k * line_h + line_h / 2
        if shape in ("line", "band"):
            painter.setPen(QPen(QColor(colour), 3 if shape == "line" else 7))
            painter.drawLine(QPointF(18, y), QPointF(34, y))
        elif shape == "ring":
            painter.setPen(QPen(QColor(colour), 2.5))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(QPointF(26, y), 4.5, 4.5)
        elif shape in ("square", "triangle", "diamond"):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            p = QPointF(26, y)
            if shape == "square":
                painter.drawRect(QRectF(21, y - 5, 10, 10))
            elif shape == "triangle":
                painter.drawPolygon(QPolygonF([p + QPointF(0, -6), p + QPointF(6, 5), p + QPointF(-6, 5)]))
            else:
                painter.drawPolygon(QPolygonF([p + QPointF(0, -5), p + QPointF(5, 0), p + QPointF(0, 5),
                                               p + QPointF(-5, 0)]))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(26, y), 4, 4)
        painter.setPen(QColor("#222222"))
        painter.drawText(QPointF(42, y + painter.fontMetrics().ascent() / 2 - 1), label)
