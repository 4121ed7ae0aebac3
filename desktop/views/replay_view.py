"""Replay a simulated day on the map: vehicles and crews move, bins fill and empty, incidents come and go."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from scenarios.model.common import MINUTES_PER_DAY

from ..i18n import tr
from ..map.widget import MapWidget
from .base import ResultView

FRAME_MS = 40
SPEEDS = (60, 300, 900, 3600)  # simulated seconds per real second
MARKERS = (  # name, colour, size px (drawn in this order: later on top)
    ("emptied", "#00E5FF", 8.0),
    ("overflowing", "#E74C3C", 10.0),
    ("crews", "#F39C12", 8.0),
    ("vehicles", "#1F3A93", 11.0),
    ("incidents", "#8E44AD", 12.0),
)


class ReplayView(ResultView):
    empty_key = "replay.none"
    job_kinds = ("simulate",)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.model: Any = None
        self.t_min = 0.0
        self.map = MapWidget()
        for name in ("toilets", "stations"):
            self.map.set_layer(name, False)
        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.valueChanged.connect(lambda v: self.show_time(float(v)))
        self.speed_label = QLabel()
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"×{s}", s)
        self.speed.setCurrentIndex(1)
        self.clock = QLabel()
        self.clock.setMinimumWidth(120)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        controls = QHBoxLayout()
        for w in (self.play_button, self.slider, self.clock, self.speed_label, self.speed):
            controls.addWidget(w)
        controls.setStretch(1, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.legend)
        layout.addLayout(controls)
        self.set_content(page)
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._advance)
        self.retranslate()

    def set_document(self, document: Any) -> None:
        super().set_document(document)
        self.timer.stop()
        self.play_button.setChecked(False)
        self.model = None
        self.map.set_geometry(self.window.geometry_data)

    def on_result(self, kind: str, result: Any) -> None:
        if kind == "routes":
            from ..map.posts import beat_dates
            from .map_tab import plan_routes, route_nodes

            dates = beat_dates(result)  # a month of dated beats: the first day's, where the replay starts
            self.map.set_routes([(r.id, c, route_nodes(r)) for r, c in plan_routes(result, None, dates[0] if dates else None)])
        if kind != "simulate" or result is None or result.event_log is None:
            return
        from ..replay_model import ReplayModel

        vehicles = set(self.document.current.index.vehicles) if self.document else set()
        self.model = ReplayModel(result.event_log, self.window.geometry_data, vehicles)
        self.slider.blockSignals(True)
        self.slider.setRange(0, int(self.model.t_end_min))
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self.show_time(6 * 60.0 if self.model.t_end_min > 6 * 60 else 0.0)
        self.show_content()

    def show_time(self, t_min: float) -> None:
        """Draw the state at t minutes from the start of the simulation."""
        if self.model is None:
            return
        self.t_min = t_min
        if int(t_min) != self.slider.value():
            self.slider.blockSignals(True)
            self.slider.setValue(int(t_min))
            self.slider.blockSignals(False)
        getters = {"emptied": self.model.emptied_at, "overflowing": self.model.overflowing_at,
                   "crews": self.model.crews_at, "vehicles": self.model.vehicles_at,
                   "incidents": self.model.open_incidents_at}
        counts = {}
        for name, colour, size in MARKERS:
            xy = getters[name](t_min)
            counts[name] = len(xy)
            self.map.set_markers(name, xy, colour, size)
        day, minute = divmod(int(t_min), MINUTES_PER_DAY)
        self.clock.setText(tr("replay.clock", day=day + 1, hh=minute // 60, mm=minute % 60))
        self.legend.setText("  ".join(f"<span style='color:{colour}'>●</span> {tr('replay.' + name)}: {counts[name]}"
                                      for name, colour, _ in MARKERS))

    def prepare_screenshot(self) -> None:
        """Pick a busy moment of the first day (mid-morning) for a still picture."""
        if self.model is not None:
            self.show_time(min(9 * 60.0 + 30, self.model.t_end_min))

    def _on_play(self, playing: bool) -> None:
        self.play_button.setText(tr("replay.pause") if playing else tr("replay.play"))
        (self.timer.start if playing else self.timer.stop)()

    def _advance(self) -> None:
        if self.model is None:
            return
        step_min = self.speed.currentData() * FRAME_MS / 1000 / 60
        t = self.t_min + step_min
        if t >= self.model.t_end_min:
            t = self.model.t_end_min
            self.play_button.setChecked(False)
        self.show_time(t)

    def retranslate(self) -> None:
        self.play_button.setText(tr("replay.pause") if self.play_button.isChecked() else tr("replay.play"))
        self.speed_label.setText(tr("replay.speed"))
        if self.model is not None:
            self.show_time(self.t_min)
        self.map.update()
        super().retranslate()
