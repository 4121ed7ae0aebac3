"""The jobs dock: one row per job kind with a progress bar, a live best-cost sparkline and a cancel button."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from optimizer.common.kinds import KINDS
from scenarios.jobs import ProgressInfo

from ..i18n import tr
from ..jobs.runner import JobRunner

JOB_KINDS = ("routes", "roster", "simulate", "study", "sweep", "size", "sheets", "cards")
PATROL_WHATS = ("all", "patrols")  # the plans that include patrols: their days and roster can be chosen
WORK_KINDS = ("all", *KINDS)


def job_title(kind: str) -> str:
    """A job kind's name in the current language (catalogue key job.KIND)."""
    return tr(f"job.{kind}")


class CostSparkline(QWidget):
    """The best cost so far against time, drawn as a small step line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(160, 18)
        self.setMaximumHeight(20)
        self.points: list[tuple[float, float]] = []
        self._start = time.monotonic()

    def reset(self) -> None:
        self.points, self._start = [], time.monotonic()
        self.update()

    def add(self, cost: float) -> None:
        if self.points and cost == self.points[-1][1]:
            return
        self.points.append((time.monotonic() - self._start, cost))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        painter.setPen(QPen(QColor("#DDDDDD"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if len(self.points) >= 1:
            t_end = max(time.monotonic() - self._start, self.points[-1][0], 1e-3)
            costs = [c for _, c in self.points]
            lo, hi = min(costs), max(costs)
            span = (hi - lo) or max(abs(hi), 1.0) * 0.1
            w, h = self.width() - 4, self.height() - 4

            def to_xy(t: float, c: float) -> QPointF:
                return QPointF(2 + w * t / t_end, 2 + h * (1 - (c - lo) / span) if hi != lo else 2 + h / 2)

            line = QPolygonF()
            for k, (t, c) in enumerate(self.points):
                if k:
                    line.append(to_xy(t, self.points[k - 1][1]))
                line.append(to_xy(t, c))
            line.append(to_xy(t_end, costs[-1]))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor("#0072B2"), 1.6))
            painter.drawPolyline(line)
        painter.end()


class JobsPanel(QWidget):
    """Shows every job the runner knows about; Cancel asks the job to stop and keep its best result."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.rows: dict[str, dict] = {}
        self.settings: dict[str, object] = {}
        self.roster_file: Path | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 2, 6, 2)
        outer.addLayout(self._build_settings_row())
        self._build_job_rows(outer)
        runner.started.connect(self._on_started)
        runner.progress.connect(self._on_progress)
        runner.finished.connect(lambda kind, _: self._on_end(kind, "job.done"))
        runner.failed.connect(lambda kind, *_: self._on_end(kind, "job.failed"))
        runner.cancelled.connect(lambda kind, result: self._on_end(
            kind, "job.cancelled" if result is not None else "job.cancelled_empty"))
        self.retranslate()
        self._store_settings()

    def _build_settings_row(self) -> QHBoxLayout:
        """The job settings: what to plan, the patrols' days and roster, time limit, days, replications."""
        settings_row = QHBoxLayout()
        self.time_label, self.days_label, self.reps_label = QLabel(), QLabel(), QLabel()
        self.time_limit = QDoubleSpinBox()
        self.time_limit.setRange(0.5, 3600)
        self.time_limit.setDecimals(1)
        self.days = QSpinBox()
        self.days.setRange(1, 366)
        self.replications = QSpinBox()
        self.replications.setRange(1, 1000)
        self.what_label, self.what = QLabel(), QComboBox()
        self.what.currentIndexChanged.connect(self._store_settings)
        settings_row.addWidget(self.what_label)
        settings_row.addWidget(self.what)
        # Patrols: how many days of dated beats (1 = today's beats, 28 ≈ a month) and who is on duty (a roster file).
        self.patrol_days_label, self.patrol_days = QLabel(), QSpinBox()
        self.patrol_days.setRange(1, 366)
        self.patrol_days.valueChanged.connect(self._store_settings)
        self.roster_button, self.roster_label, self.roster_clear = QPushButton(), QLabel(), QPushButton()
        self.roster_button.clicked.connect(self._choose_roster)
        self.roster_clear.clicked.connect(lambda: self.set_roster_file(None))
        self.roster_label.setStyleSheet("color: #555555;")
        self.patrol_widgets = (self.patrol_days_label, self.patrol_days, self.roster_button, self.roster_label,
                               self.roster_clear)
        for widget in self.patrol_widgets:
            settings_row.addWidget(widget)
        for label, box in ((self.time_label, self.time_limit), (self.days_label, self.days),
                           (self.reps_label, self.replications)):
            settings_row.addWidget(label)
            settings_row.addWidget(box)
            box.valueChanged.connect(self._store_settings)
        settings_row.addStretch(1)
        return settings_row

    def _build_job_rows(self, outer: QVBoxLayout) -> None:
        """One row per kind of job (title, progress, status, cost sparkline, Cancel), hidden until it runs."""
        layout = QGridLayout()
        outer.addLayout(layout)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        for r, kind in enumerate(JOB_KINDS):
            title, bar, status = QLabel(), QProgressBar(), QLabel()
            bar.setRange(0, 1000)
            bar.setValue(0)
            bar.setTextVisible(False)
            bar.setMaximumHeight(14)
            status.setMinimumWidth(260)
            title.setMinimumWidth(110)
            chart, cancel = CostSparkline(), QPushButton()
            cancel.setEnabled(False)
            cancel.setMaximumHeight(22)
            cancel.clicked.connect(lambda _=False, k=kind: self._cancel(k))
            for c, widget in enumerate((title, bar, status, chart, cancel)):
                layout.addWidget(widget, r, c)
            self.rows[kind] = {"title": title, "bar": bar, "status": status, "chart": chart, "cancel": cancel,
                               "state": "job.idle", "best": None}
        self.idle_label = QLabel()
        self.idle_label.setStyleSheet("color: #777777;")
        layout.addWidget(self.idle_label, len(JOB_KINDS), 0, 1, 5)
        for row in self.rows.values():  # a row appears once its kind of job has run
            for key in ("title", "bar", "status", "chart", "cancel"):
                row[key].hide()
        layout.setColumnStretch(1, 3)
        layout.setColumnStretch(3, 2)

    def set_defaults(self, time_limit_s: float, days: int, replications: int) -> None:
        """Job settings for a newly opened scenario (the user can change them before each run)."""
        self.time_limit.setValue(time_limit_s)
        self.days.setValue(days)
        self.replications.setValue(replications)
        self.patrol_days.setValue(1)
        self.roster_file = None  # a roster file names another district's people
        self._show_roster_file()
        self._store_settings()

    def _store_settings(self) -> None:
        self.settings.clear()
        self.settings.update(time_limit_s=self.time_limit.value(), days=self.days.value(),
                             replications=self.replications.value(), what=self.what.currentData() or "all",
                             patrol_days=self.patrol_days.value(),
                             patrol_roster=str(self.roster_file) if self.roster_file else None)
        patrols = (self.what.currentData() or "all") in PATROL_WHATS
        for widget in self.patrol_widgets:
            widget.setVisible(patrols)
        self.roster_clear.setVisible(patrols and self.roster_file is not None)

    def _choose_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("job.patrol_roster"), "", "Excel (*.xlsx);;CSV (*.csv)")
        if path:
            self.set_roster_file(Path(path))

    def set_roster_file(self, path: Path | None) -> None:
        """The roster whose chiefs and officers on duty the patrol beats are planned for (None: the demand rules)."""
        self.roster_file = path
        self._show_roster_file()
        self._store_settings()

    def _show_roster_file(self) -> None:
        self.roster_label.setText(self.roster_file.name if self.roster_file else tr("job.no_roster"))
        self.roster_label.setToolTip(str(self.roster_file) if self.roster_file else tr("job.patrol_roster_tip"))

    def _cancel(self, kind: str) -> None:
        self.runner.cancel(kind)
        self._set_state(kind, "job.cancelling")

    def clear(self) -> None:
        """Back to 'no jobs yet' (another district was opened)."""
        for kind, row in self.rows.items():
            row["chart"].reset()
            row["best"] = None
            row["cancel"].setEnabled(False)
            for key in ("title", "bar", "status", "chart", "cancel"):
                row[key].hide()
            self._set_state(kind, "job.idle")
        self.idle_label.show()

    def _on_started(self, kind: str) -> None:
        if kind not in self.rows:
            return
        row = self.rows[kind]
        row["bar"].setRange(0, 0)  # busy until the first fraction arrives
        row["chart"].reset()
        row["best"] = None
        row["cancel"].setEnabled(True)
        for key in ("title", "bar", "status", "chart", "cancel"):
            row[key].show()
        self.idle_label.hide()
        self._set_state(kind, "job.starting")

    def _on_progress(self, kind: str, info: ProgressInfo) -> None:
        if kind not in self.rows:
            return
        row = self.rows[kind]
        if info.fraction is not None:
            row["bar"].setRange(0, 1000)
            row["bar"].setValue(int(1000 * max(0.0, min(1.0, info.fraction))))
        if info.best_cost is not None:
            row["best"] = info.best_cost
            row["chart"].add(info.best_cost)
        if row["state"] in ("job.starting", "job.running"):
            self._set_state(kind, "job.running", info.message)

    def _on_end(self, kind: str, state: str) -> None:
        if kind not in self.rows:
            return
        row = self.rows[kind]
        row["bar"].setRange(0, 1000)
        row["bar"].setValue(1000 if state == "job.done" else row["bar"].value())
        row["cancel"].setEnabled(False)
        self._set_state(kind, state)

    def _set_state(self, kind: str, state: str, message: str = "") -> None:
        row = self.rows[kind]
        row["state"] = state
        text = tr(state)
        if row["best"] is not None:
            text += "  " + tr("job.best", cost=row["best"])
        if message:
            text += f"  {message}"
        row["status"].setText(text)

    def state(self, kind: str) -> str:
        return self.rows[kind]["state"]

    def retranslate(self) -> None:
        self.idle_label.setText(tr("job.none_yet"))
        self.what_label.setText(tr("job.what"))
        current = self.what.currentIndex()
        self.what.blockSignals(True)
        self.what.clear()
        for kind in WORK_KINDS:
            self.what.addItem(tr(f"kind.{kind}"), kind)
        self.what.setCurrentIndex(max(current, 0))
        self.what.blockSignals(False)
        self.time_label.setText(tr("job.time_limit"))
        self.days_label.setText(tr("job.days"))
        self.reps_label.setText(tr("job.replications"))
        self.patrol_days_label.setText(tr("job.patrol_days"))
        self.patrol_days.setToolTip(tr("job.patrol_days_tip"))
        self.patrol_days_label.setToolTip(tr("job.patrol_days_tip"))
        self.roster_button.setText(tr("job.patrol_roster"))
        self.roster_button.setToolTip(tr("job.patrol_roster_tip"))
        self.roster_clear.setText(tr("job.roster_clear"))
        self._show_roster_file()
        for kind, row in self.rows.items():
            row["title"].setText(job_title(kind))
            row["cancel"].setText(tr("job.cancel"))
            self._set_state(kind, row["state"])
            row["title"].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
