"""A plan's routes on the map, cached as an image so panning and zooming stay smooth.

A full plan has tens of thousands of street edges; stroking them costs tens of milliseconds, too
slow for every frame. The layer is rendered once per zoom level into a pixmap; a pan only moves the
pixmap, a zoom scales it until a sharp redraw 150 ms after the last zoom step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QTransform

from .style import BACKGROUND

REDRAW_DELAY_MS = 150


def _edges_path(xy: np.ndarray) -> QPainterPath:
    """One subpath per distinct edge: no joins to compute, and driving an edge twice draws it once."""
    path = QPainterPath()
    seen: set[tuple[float, float, float, float]] = set()
    for (x0, y0), (x1, y1) in zip(xy[:-1].tolist(), xy[1:].tolist(), strict=True):
        key = (x0, y0, x1, y1) if (x0, y0) <= (x1, y1) else (x1, y1, x0, y0)
        if key in seen or key[:2] == key[2:]:
            continue
        seen.add(key)
        path.moveTo(x0, y0)
        path.lineTo(x1, y1)
    return path


def _faded(colour: QColor) -> QColor:
    """The colour mixed 80% towards the map background (opaque: translucent strokes cost 3x more)."""
    bg = QColor(BACKGROUND)
    return QColor(int(colour.red() * 0.2 + bg.red() * 0.8), int(colour.green() * 0.2 + bg.green() * 0.8),
                  int(colour.blue() * 0.2 + bg.blue() * 0.8))


class RouteLayer:
    """Route paths plus a pixmap cache keyed by view scale, size and highlighted route."""

    def __init__(self, request_update: Callable[[], None]) -> None:
        self.routes: list[tuple[str, QColor, QPainterPath]] = []
        self.highlight: str | None = None
        self._pixmap: QPixmap | None = None
        self._pixmap_transform = QTransform()
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_DELAY_MS)
        self._timer.timeout.connect(self._expire)
        self._request_update = request_update
        self._stale_scale = False

    def set_routes(self, routes: list[tuple[str, QColor, np.ndarray]]) -> None:
        self.routes = [(route_id, colour, _edges_path(xy)) for route_id, colour, xy in routes if len(xy) > 1]
        self.highlight = None
        self.invalidate()

    def set_highlight(self, route_id: str | None) -> None:
        self.highlight = route_id
        self.invalidate()

    def invalidate(self) -> None:
        self._pixmap = None

    def _expire(self) -> None:
        self._pixmap = None
        self._request_update()

    def paint(self, painter: QPainter, transform: QTransform, width: int, height: int, ratio: float) -> None:
        """Draw the cached layer, re-rendering it when the scale or size changed (deferred while zooming)."""
        if not self.routes:
            return
        cached = self._pixmap
        if cached is not None and (cached.width() != int(width * ratio) or cached.height() != int(height * ratio)):
            cached = self._pixmap = None
        if cached is not None and abs(self._pixmap_transform.m11() - transform.m11()) > 1e-12:
            self._timer.start()  # zooming: stretch the old image now, redraw it sharp once zooming pauses
        if cached is None:
            self._pixmap = self._render(transform, width, height, ratio)
            self._pixmap_transform = QTransform(transform)
            cached = self._pixmap
        # Map the cached image from the transform it was drawn with to the current one.
        relative = self._pixmap_transform.inverted()[0] * transform
        painter.save()
        painter.resetTransform()
        painter.setTransform(relative)
        painter.drawPixmap(QRectF(0, 0, width, height), cached, QRectF(0, 0, cached.width(), cached.height()))
        painter.restore()

    def _render(self, transform: QTransform, width: int, height: int, ratio: float) -> QPixmap:
        pixmap = QPixmap(int(width * ratio), int(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setTransform(transform)
        highlighted = None
        for route_id, colour, path in self.routes:
            if route_id == self.highlight:
                highlighted = (colour, path)
                continue
            pen = QPen(_faded(colour) if self.highlight else colour, 2.6)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.strokePath(path, pen)
        if highlighted is not None:
            pen = QPen(highlighted[0], 5.0)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.strokePath(highlighted[1], pen)
        p.end()
        return pixmap
