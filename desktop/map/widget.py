"""The district map: one pre-built QPainterPath per street colour, facilities as point sets, routes on top.

Painting a handful of big paths with cosmetic pens is far faster than thousands of scene items,
so the whole district redraws well within a frame while zooming and panning.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QToolTip, QWidget

from ..i18n import tr
from .geometry import FACILITY_LAYERS, MapGeometry
from .legend import paint_legend
from .overlays import PostLayer, paint_labels
from .route_layer import RouteLayer
from .style import (
    BACKGROUND,
    CLASS_COLOURS,
    CLASS_WIDTHS_PX,
    FACILITY_STYLE,
    GRADE_COLOURS,
    MUTED_CLASS_COLOURS,
    band_colour,
    street_groups,
)

PICK_RADIUS_PX = 8.0
ZOOM_STEP = 1.25
LEGEND_WIDTH_PX = 170
LEGEND_HEIGHT_PX = 170


class MapWidget(QWidget):
    """Streets, facilities, routes and moving markers over the whole district, with zoom, pan and picking."""

    picked = Signal(str, str)  # layer ("segments", "points", …), object id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 240)
        self.setMouseTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.geometry_data: MapGeometry | None = None
        self.colour_mode = "class"
        self.muted = False  # streets in greys while routes are shown over them
        self.layers = {"streets": True, "posts": True, "routes": True, **{name: True for name in FACILITY_LAYERS}}
        self._street_paths: list[tuple[QPen, QPainterPath]] = []
        self._facility_points: dict[str, QPolygonF] = {}
        self.route_layer = RouteLayer(self.update)
        self.post_layer = PostLayer()
        #: (layer, id) → the text shown when the pointer rests on a feature ("" or None: no tooltip)
        self.hover_text: Callable[[str, str], str | None] | None = None
        self.drawn_labels: list[str] = []  # the labels of the last paint (the others would have overlapped)
        self._markers: dict[str, tuple[QColor, float, QPolygonF]] = {}
        self._scale = 1.0  # pixels per metre
        self._center = QPointF(0, 0)  # metres
        self._press: QPointF | None = None
        self._moved = False
        self._zoom_anim = QVariantAnimation(self)
        self._zoom_anim.setDuration(140)
        self._zoom_anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._zoom_anim.valueChanged.connect(self._apply_zoom_step)
        self._zoom_anchor = QPointF()
        self._dot_cache: dict[tuple[str, float], QPixmap] = {}
        self._user_moved = False

    # --- data ---------------------------------------------------------------------------------
    def set_geometry(self, geometry: MapGeometry | None) -> None:
        self.geometry_data = geometry
        self._markers = {}
        self.route_layer.set_routes([])
        self.post_layer.set_posts(None, {})
        self._rebuild_streets()
        self._facility_points = {}
        if geometry is not None:
            for name, layer in geometry.facilities.items():
                self._facility_points[name] = QPolygonF([QPointF(float(x), float(y)) for x, y in layer.xy])
        self.fit()

    def set_colour_mode(self, mode: str) -> None:
        if mode not in ("class", "grade", "chief"):
            raise ValueError(f"colour mode must be class, grade or chief (got {mode!r})")
        self.colour_mode = mode
        self._rebuild_streets()
        self.update()

    def set_layer(self, name: str, visible: bool) -> None:
        self.layers[name] = visible
        self.update()

    def set_routes(self, routes: list[tuple[str, str, list[str]]]) -> None:
        """Routes to overlay: (route id, colour, street node ids in driving order)."""
        g = self.geometry_data
        self.route_layer.set_routes([] if g is None else
                                    [(route_id, QColor(colour), g.node_xy(nodes)) for route_id, colour, nodes in routes])
        if self.muted != bool(self.route_layer.routes):
            self.muted = bool(self.route_layer.routes)
            self._rebuild_streets()
        self.update()

    def set_posts(self, posts: dict[str, tuple[str, list[int]]]) -> None:
        """Posts' territories to draw under the streets: post id → (colour, segment indices)."""
        self.post_layer.set_posts(self.geometry_data, posts)
        self.update()

    def highlight_post(self, post_id: str | None) -> None:
        self.post_layer.set_highlight(post_id)
        self.update()

    @property
    def route_count(self) -> int:
        return len(self.route_layer.routes)

    def highlight_route(self, route_id: str | None) -> None:
        self.route_layer.set_highlight(route_id)
        self.update()

    def set_markers(self, name: str, xy: np.ndarray, colour: str, size_px: float) -> None:
        """A named set of dots (vehicles, full bins, incidents) drawn above everything else."""
        self._markers[name] = (QColor(colour), size_px, QPolygonF([QPointF(float(x), float(y)) for x, y in xy]))
        self.update()

    def clear_markers(self) -> None:
        self._markers = {}
        self.update()

    def _rebuild_streets(self) -> None:
        self._street_paths = []
        g = self.geometry_data
        if g is None:
            return
        a, b = g.xy[g.segment_from], g.xy[g.segment_to]
        groups = street_groups(g, self.colour_mode, self.muted)
        # Draw minor streets first so arterials stay on top.
        order = {"back_alley": 0, "branch": 1, "secondary": 2, "arterial": 3}
        for (colour, street_class), rows in sorted(groups.items(), key=lambda kv: order[kv[0][1]]):
            path = QPainterPath()
            shapes = g.segment_shapes
            for i in rows:
                path.moveTo(float(a[i, 0]), float(a[i, 1]))
                for x, y in shapes.get(i, ()):  # the street's real course, when the import kept it
                    path.lineTo(float(x), float(y))
                path.lineTo(float(b[i, 0]), float(b[i, 1]))
            pen = QPen(QColor(colour), CLASS_WIDTHS_PX[street_class])
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # round caps cost ~40x more to rasterise
            self._street_paths.append((pen, path))

    # --- view transform -----------------------------------------------------------------------
    def world_to_screen(self) -> QTransform:
        s, c = self._scale, self._center
        return QTransform(s, 0, 0, -s, self.width() / 2 - c.x() * s, self.height() / 2 + c.y() * s)

    def screen_to_world(self, point: QPointF) -> QPointF:
        s, c = self._scale, self._center
        return QPointF(c.x() + (point.x() - self.width() / 2) / s, c.y() - (point.y() - self.height() / 2) / s)

    def fit(self) -> None:
        """Show the whole district."""
        self._user_moved = False
        if self.geometry_data is None:
            return
        x0, y0, x1, y1 = self.geometry_data.bounds
        # Keep the legend (top left) clear of the district: leave its width on the left or its height on
        # top, whichever shrinks the district less.
        dx, dy, w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0), self.width(), self.height()
        legend_w, legend_h = (LEGEND_WIDTH_PX, LEGEND_HEIGHT_PX) if w > 3 * LEGEND_WIDTH_PX else (0, 0)
        beside = min((w - legend_w) / dx, h / dy)
        below = min(w / dx, (h - legend_h) / dy)
        self._scale = 0.94 * max(beside, below)
        shift_x, shift_y = (legend_w, 0) if beside >= below else (0, legend_h)
        self._center = QPointF((x0 + x1) / 2 - shift_x / 2 / self._scale, (y0 + y1) / 2 + shift_y / 2 / self._scale)
        self.update()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping the world point under `anchor` (screen pixels) fixed."""
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        before = self.screen_to_world(anchor)
        self._scale = min(max(self._scale * factor, 1e-4), 50.0)
        after = self.screen_to_world(anchor)
        self._center += before - after
        self.update()

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        self._center += QPointF(-dx_px / self._scale, dy_px / self._scale)
        self.update()

    def _apply_zoom_step(self, value: float) -> None:
        previous = getattr(self, "_zoom_last", 1.0)
        self.zoom_by(float(value) / previous, self._zoom_anchor)
        self._zoom_last = float(value)

    # --- events -------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if not self._user_moved:  # keep the whole district in view until the user zooms or pans
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if not steps:
            return
        self._zoom_anim.stop()
        self._user_moved = True
        self._zoom_anchor = event.position()
        self._zoom_last = 1.0
        self._zoom_anim.setStartValue(1.0)
        self._zoom_anim.setEndValue(ZOOM_STEP**steps)
        self._zoom_anim.start()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._moved = event.position(), False

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._press is None:
            return
        delta = event.position() - self._press
        if self._moved or abs(delta.x()) + abs(delta.y()) > 3:
            self._moved = self._user_moved = True
            self.pan_by(delta.x(), delta.y())
            self._press = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._press is not None and not self._moved:
            self.pick_at(event.position())
        self._press = None
        self.unsetCursor()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """+/- zoom, arrow keys pan, 0 shows the whole district."""
        key, step = event.key(), 60.0
        moves = {Qt.Key.Key_Left: (step, 0), Qt.Key.Key_Right: (-step, 0), Qt.Key.Key_Up: (0, step),
                 Qt.Key.Key_Down: (0, -step)}
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._user_moved = True
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self._user_moved = True
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key in moves:
            self._user_moved = True
            self.pan_by(*moves[key])
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self._user_moved = True
        self.zoom_by(2.0, event.position())

    def pick_at(self, point: QPointF) -> tuple[str, str] | None:
        """Emit `picked` for the facility or street nearest to a screen point, if within a few pixels."""
        result = self.feature_at(point)
        if result is not None:
            self.picked.emit(*result)
        return result

    def feature_at(self, point: QPointF) -> tuple[str, str] | None:
        """(layer, id) of the visible facility or street nearest to a screen point, if within a few pixels."""
        g = self.geometry_data
        if g is None:
            return None
        world = self.screen_to_world(point)
        radius_m = PICK_RADIUS_PX / self._scale
        visible = [name for name in FACILITY_LAYERS if self.layers.get(name)]
        found = g.nearest_facility(world.x(), world.y(), visible)
        if found is not None and found[2] <= radius_m:
            layer, i, _ = found
            result = (layer, g.facilities[layer].ids[i])
        elif self.layers.get("streets"):
            i, dist = g.nearest_segment(world.x(), world.y())
            if dist > radius_m:
                return None
            result = ("segments", g.segment_ids[i])
        else:
            return None
        return result

    def event(self, event: QEvent) -> bool:
        """The pointer rests on the map: a tooltip for the feature under it (a post's holder, a zone's hours)."""
        if event.type() == QEvent.Type.ToolTip and self.hover_text is not None:
            found = self.feature_at(QPointF(event.pos()))
            text = self.hover_text(*found) if found is not None else None
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- painting -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        if self.geometry_data is None:
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(self.world_to_screen())
        if self.layers.get("posts"):
            self.post_layer.paint(painter)
        if self.layers.get("streets"):
            for pen, path in self._street_paths:
                painter.strokePath(path, pen)
        if self.layers.get("routes"):
            self.route_layer.paint(painter, painter.transform(), self.width(), self.height(), self.devicePixelRatioF())
        if self.layers.get("posts"):
            self.post_layer.paint_highlight(painter)
        self.drawn_labels = []
        for name in FACILITY_LAYERS:
            if self.layers.get(name) and name in self._facility_points:
                self._paint_facilities(painter, name)
                layer = self.geometry_data.facilities[name]
                if layer.labels:
                    colour, size, _ = FACILITY_STYLE[name]
                    self.drawn_labels += paint_labels(painter, painter.transform(), layer.xy, layer.labels, colour,
                                                      self.width(), self.height(), size / 2 + 3)
        for colour, size, points in self._markers.values():
            self._paint_dots(painter, points, colour.name(), size)
        painter.resetTransform()
        self._paint_scale_bar(painter)
        self._paint_legend(painter)
        painter.end()

    def _dot(self, colour: str, size: float) -> QPixmap:
        """A pre-rendered round dot: stamping pixmaps is ~5x faster than round-capped points."""
        key = (colour, size)
        if key not in self._dot_cache:
            side = int(math.ceil(size)) + 2
            pixmap = QPixmap(side, side)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(QColor(255, 255, 255, 200), 0.8))
            p.setBrush(QColor(colour))
            p.drawEllipse(QRectF(1, 1, size, size))
            p.end()
            self._dot_cache[key] = pixmap
        return self._dot_cache[key]

    def _paint_dots(self, painter: QPainter, points: QPolygonF, colour: str, size: float) -> None:
        transform = painter.transform()
        dot = self._dot(colour, size)
        offset = dot.width() / 2
        painter.save()
        painter.resetTransform()
        w, h = self.width(), self.height()
        for q in transform.map(points):
            x, y = q.x(), q.y()
            if -offset <= x <= w + offset and -offset <= y <= h + offset:
                painter.drawPixmap(QPointF(x - offset, y - offset), dot)
        painter.restore()

    def _paint_facilities(self, painter: QPainter, name: str) -> None:
        colour, size, shape = FACILITY_STYLE[name]
        points = self._facility_points[name]
        if shape == "dot":
            self._paint_dots(painter, points, colour, size)
            return
        # Few big symbols: draw them in screen space so they keep their pixel size.
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QColor(colour))
        half = size / 2
        for p in transform.map(points):
            if shape == "square":
                painter.drawRect(QRectF(p.x() - half, p.y() - half, size, size))
            elif shape == "ring":
                painter.setPen(QPen(QColor(colour), 3))
                painter.setBrush(QColor("white"))
                painter.drawEllipse(p, half, half)
            elif shape == "diamond":
                painter.drawPolygon(QPolygonF([p + QPointF(0, -half), p + QPointF(half, 0),
                                               p + QPointF(0, half), p + QPointF(-half, 0)]))
            else:
                painter.drawPolygon(QPolygonF([p + QPointF(0, -half), p + QPointF(half, half),
                                               p + QPointF(-half, half)]))
        painter.restore()

    def _paint_scale_bar(self, painter: QPainter) -> None:
        target_px = 120
        metres = target_px / self._scale
        nice = 10 ** math.floor(math.log10(metres))
        for step in (5, 2, 1):
            if step * nice <= metres:
                nice *= step
                break
        length_px = nice * self._scale
        x, y = 16, self.height() - 18
        painter.setPen(QPen(QColor("#333333"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + length_px, y))
        painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 2))
        painter.drawLine(QPointF(x + length_px, y - 4), QPointF(x + length_px, y + 2))
        label = f"{nice / 1000:g} km" if nice >= 1000 else tr("map.scale", m=f"{nice:g}")
        painter.drawText(QPointF(x, y - 6), label)

    def legend_entries(self) -> list[tuple[str, str, str]]:
        """(colour, label, shape) rows of the legend for the current colouring and visible layers."""
        rows: list[tuple[str, str, str]] = []
        if self.layers.get("streets"):
            if self.muted:
                rows += [(MUTED_CLASS_COLOURS[c], tr(f"class.{c}"), "line") for c in CLASS_WIDTHS_PX]
            elif self.colour_mode == "class":
                rows += [(CLASS_COLOURS[c], tr(f"class.{c}"), "line") for c in CLASS_WIDTHS_PX]
            elif self.colour_mode == "grade":
                rows += [(colour, tr("grade.n", n=n), "line") for n, colour in GRADE_COLOURS.items()]
            else:
                rows += [("#1B9E77", tr("chief.other"), "line"), ("#C8C8C8", tr("chief.none"), "line")]
        if self.layers.get("posts") and self.post_layer.count:
            colour = band_colour(next(iter(self.post_layer.colours.values())))
            rows.append((colour, tr("map.posts_legend", n=self.post_layer.count), "band"))
        for name in FACILITY_LAYERS:
            if self.layers.get(name) and self.geometry_data and len(self.geometry_data.facilities[name].ids):
                colour, _, shape = FACILITY_STYLE[name]
                rows.append((colour, tr(f"map.layer.{name}"), shape))
        return rows

    def _paint_legend(self, painter: QPainter) -> None:
        paint_legend(painter, self.legend_entries(), self.font())
