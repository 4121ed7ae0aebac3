"""What a patrol plan adds to the map: posts' territories as pale bands under the streets (one path per colour,
built once per plan), the chosen post outlined, and labels beside symbols (vendor zones with their hours)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform

from .geometry import MapGeometry
from .style import POST_BAND_PX, POST_HIGHLIGHT, band_colour


def segments_path(geometry: MapGeometry, rows: list[int]) -> QPainterPath:
    """The segments `rows` as one path, following a street's real course where the import kept it."""
    a, b = geometry.xy[geometry.segment_from], geometry.xy[geometry.segment_to]
    path = QPainterPath()
    for i in rows:
        path.moveTo(float(a[i, 0]), float(a[i, 1]))
        for x, y in geometry.segment_shapes.get(i, ()):
            path.lineTo(float(x), float(y))
        path.lineTo(float(b[i, 0]), float(b[i, 1]))
    return path


class PostLayer:
    """Every post's territory, and which post a street belongs to (for hovering and picking)."""

    def __init__(self) -> None:
        self.colours: dict[str, str] = {}
        self.post_of_segment: dict[int, str] = {}
        self.highlight: str | None = None
        self._rows: dict[str, list[int]] = {}
        self._bands: list[tuple[QPen, QPainterPath]] = []
        self._outline: QPainterPath | None = None
        self._geometry: MapGeometry | None = None

    @property
    def count(self) -> int:
        return len(self._rows)

    def set_posts(self, geometry: MapGeometry | None, posts: dict[str, tuple[str, list[int]]]) -> None:
        """posts: post id → (colour, segment indices)."""
        self._geometry = geometry
        known = posts if geometry is not None else {}
        self._rows = {post_id: rows for post_id, (_, rows) in known.items()}
        self.colours = {post_id: colour for post_id, (colour, _) in known.items()}
        self.post_of_segment = {row: post_id for post_id, rows in self._rows.items() for row in rows}
        by_colour: dict[str, list[int]] = {}
        for post_id, rows in self._rows.items():
            by_colour.setdefault(self.colours[post_id], []).extend(rows)
        self._bands = []
        for colour, rows in by_colour.items():
            pen = QPen(QColor(band_colour(colour)), POST_BAND_PX)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._bands.append((pen, segments_path(geometry, rows)))  # type: ignore[arg-type]  # rows imply geometry
        self.set_highlight(self.highlight if self.highlight in self._rows else None)

    def set_highlight(self, post_id: str | None) -> None:
        self.highlight = post_id if post_id in self._rows else None
        self._outline = None
        if self.highlight is not None and self._geometry is not None:
            self._outline = segments_path(self._geometry, self._rows[self.highlight])

    def paint(self, painter: QPainter) -> None:
        for pen, path in self._bands:
            painter.strokePath(path, pen)

    def paint_highlight(self, painter: QPainter) -> None:
        """The chosen post's streets, drawn dark over everything but the symbols."""
        if self._outline is None or self.highlight is None:
            return
        pen = QPen(QColor(self.colours[self.highlight]), POST_BAND_PX + 1)
        pen.setCosmetic(True)
        painter.strokePath(self._outline, pen)
        inner = QPen(QColor(POST_HIGHLIGHT), 1.6)
        inner.setCosmetic(True)
        inner.setStyle(Qt.PenStyle.DashLine)
        painter.strokePath(self._outline, inner)


def place_labels(points: list[QPointF], labels: list[str], metrics: QFontMetricsF, width: int, height: int,
                 offset_px: float) -> list[tuple[QRectF, str]]:
    """Where each label goes (right of its point, else left), in screen pixels; a label that would cover one
    already placed, or falls off the map, is left out."""
    placed: list[QRectF] = []
    out = []
    for point, text in zip(points, labels, strict=True):
        w, h = metrics.horizontalAdvance(text) + 6, metrics.height() + 2
        for x in (point.x() + offset_px, point.x() - offset_px - w):
            box = QRectF(x, point.y() - h / 2, w, h)
            if box.right() < 0 or box.left() > width or box.bottom() < 0 or box.top() > height:
                continue
            if not any(box.intersects(other) for other in placed):
                placed.append(box)
                out.append((box, text))
                break
    return out


# Eight parameters: a paint helper given the painter, transform and viewport the map widget paints with.
def paint_labels(painter: QPainter, transform: QTransform, xy: np.ndarray, labels: list[str], colour: str,
                 width: int, height: int, offset_px: float) -> list[str]:
    """Labels on white tags beside their points (screen space); returns the texts drawn."""
    points = [transform.map(QPointF(float(x), float(y))) for x, y in xy]
    painter.save()
    painter.resetTransform()
    font = painter.font()
    font.setPointSizeF(max(font.pointSizeF() - 1.5, 7))
    painter.setFont(font)
    placed = place_labels(points, labels, QFontMetricsF(font), width, height, offset_px)
    for box, text in placed:
        painter.setPen(QPen(QColor(colour), 1))
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("#222222"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()
    return [text for _, text in placed]
