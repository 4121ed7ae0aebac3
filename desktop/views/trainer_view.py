"""Trainer mode: sweep a parameter on the training district, draw cost against service level, open a
point's plan; switch rules off and compare the KPIs with the base; size a fleet or crew (the
smallest count whose plan meets the bureau's targets, reports.sizing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from .study_jobs import RULES, SWEEPS

TRAINING = Path(__file__).resolve().parents[2] / "scenarios" / "training.yaml"
SERVICE_KPI = {"trucks": "collection_compliance_pct", "toilet_cleaners": "toilet_rounds_on_time_pct"}
SIZE_WHAT = ("trucks", "sweepers", "sweeping-crews", "toilet-crews", "patrols")
COST_KPI = "cost"


class TrainerView(QWidget):
    """Not a ResultView: its controls are always there; the chart fills in when a sweep finishes."""

    job_kinds = ("sweep", "size")

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.document: Any = None
        self.result: dict | None = None
        self.points: list[tuple[str, float, float]] = []  # variant, cost, service level
        self.chart: Any = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.open_training = QPushButton()
        self.open_training.clicked.connect(lambda: self.window.session.confirm_discard() and self.window.open_path(TRAINING))
        self.parameter_label = QLabel()
        self.parameter = QComboBox()
        self.sweep_button = QPushButton()
        self.sweep_button.clicked.connect(self.run_sweep)
        self.size_what = QComboBox()
        self.size_button = QPushButton()
        self.size_button.clicked.connect(lambda: self.window.start_job("size", what=self.size_what.currentData()))
        self.sizing: Any = None
        self.size_chart: Any = None
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555555;")
        self.rules_box = QGroupBox()
        rules_layout = QHBoxLayout(self.rules_box)
        self.rule_boxes = {name: QCheckBox() for name in RULES}
        for box in self.rule_boxes.values():
            rules_layout.addWidget(box)
        self.rules_button = QPushButton()
        self.rules_button.clicked.connect(self.compare_rules_off)
        rules_layout.addWidget(self.rules_button)
        rules_layout.addStretch(1)
        bar = QHBoxLayout()
        for w in (self.open_training, self.parameter_label, self.parameter, self.sweep_button, self.size_what,
                  self.size_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.chart_holder = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addLayout(self.chart_holder, 1)
        layout.addWidget(self.rules_box)
        self.retranslate()

    def set_document(self, document: Any) -> None:
        self.document = document

    def on_unavailable(self, kind: str, text: str) -> None:
        if kind in self.job_kinds:
            self.hint.setText(text)

    def run_sweep(self) -> None:
        self.window.start_job("sweep", parameter=self.parameter.currentData())

    def compare_rules_off(self) -> None:
        """A study of the base against the same scenario with the ticked rules off (shown in Compare)."""
        chosen = [name for name, box in self.rule_boxes.items() if box.isChecked()]
        if not chosen:
            return
        changes = [RULES[name][1] for name in chosen]
        from .. import i18n

        names = {lang: [i18n.MESSAGES[RULES[n][0]][0 if lang == "en" else 1] for n in chosen] for lang in ("en", "zh")}
        variant = {"name": "rules_off", "label_en": "Off: " + ", ".join(names["en"]),
                   "label_zh": "关闭：" + "、".join(names["zh"]), "changes": changes}
        if self.window.start_job("study", variants=[variant]):
            self.window.tabs.setCurrentWidget(self.window.views["compare"])

    def on_result(self, kind: str, result: Any) -> None:
        if kind == "size" and result is not None:
            self._show_sizing(result)
            return
        if kind != "sweep" or result is None:
            return
        self.result = result
        self._collect_points()
        if self.chart is None:
            from .charts import ChartPanel

            self.chart = ChartPanel("trainer.title", self._draw)
            self.chart.canvas.mpl_connect("button_press_event", self._on_click)
            self.chart_holder.addWidget(self.chart)
        self.chart.redraw()
        self.hint.setText(tr("trainer.click"))

    def _show_sizing(self, result: Any) -> None:
        self.sizing = result
        if self.size_chart is None:
            from .charts import ChartPanel

            self.size_chart = ChartPanel("trainer.size_title", self._draw_sizing)
            self.chart_holder.addWidget(self.size_chart)
        self.size_chart.redraw()
        best = result.smallest
        self.hint.setText(tr("trainer.size_result", count=best.count) if best is not None else tr("trainer.size_none"))

    def _draw_sizing(self, ax: Any, lang: str) -> None:
        from reports.charts.sizing_chart import draw_sizing

        if self.sizing is not None:
            draw_sizing(ax, self.sizing, lang)

    def _collect_points(self) -> None:
        from reports.compare import kpi_values, mean_ci
        from simulation.kpis import kpi_range

        outcome = self.result["outcome"]
        service = SERVICE_KPI.get(self._parameter_of(outcome), "collection_compliance_pct")
        self.points = []
        self.intervals = []
        for variant in outcome.variants:
            runs = outcome.runs.get(variant.name, [])
            cost = mean_ci(list(kpi_values(runs, COST_KPI).values()), bounds=kpi_range(COST_KPI))
            level = mean_ci(list(kpi_values(runs, service).values()), bounds=kpi_range(service))
            self.points.append((variant.name, cost.mean, level.mean))
            self.intervals.append((cost, level))
        self.service_kpi = service

    @staticmethod
    def _parameter_of(outcome: Any) -> str:
        names = [v.name for v in outcome.variants[1:]]
        return next((p for p in SWEEPS if names and names[0].startswith(p)), "trucks")

    def _draw(self, ax: Any, lang: str) -> None:
        from reports.charts.study_charts import draw_tradeoff, kpi_label
        from reports.compare import pareto_front
        from simulation.kpis import kpi_info

        if not self.points:
            return
        labels = {v.name: v.label(lang) for v in self.result["outcome"].variants}
        names = [labels.get(name, name) for name, _, _ in self.points]
        xs = [c for c, _ in self.intervals]
        ys = [s for _, s in self.intervals]
        front = pareto_front([(x, y) for _, x, y in self.points], (False, True))
        period = tr("trainer.period", days=self.result["outcome"].days)  # costs add up over the days simulated
        draw_tradeoff(ax, names, xs, ys, front, f"{kpi_label(COST_KPI, kpi_info(COST_KPI), lang)}，{period}"
                      if lang == "zh" else f"{kpi_label(COST_KPI, kpi_info(COST_KPI), lang)}, {period}",
                      kpi_label(self.service_kpi, kpi_info(self.service_kpi), lang), lang)

    def _on_click(self, event: Any) -> None:
        """Open the plan of the variant nearest to the click (in screen pixels)."""
        if event.inaxes is None or not self.points:
            return
        ax = event.inaxes
        pixels = ax.transData.transform([(x, y) for _, x, y in self.points])
        distances = [((px - event.x) ** 2 + (py - event.y) ** 2) ** 0.5 for px, py in pixels]
        best = min(range(len(distances)), key=distances.__getitem__)
        if distances[best] <= 25:
            self.open_plan(self.points[best][0])

    def open_plan(self, variant: str) -> bool:
        """Show a sweep variant's plan on the map tab."""
        plan = (self.result or {}).get("plans", {}).get(variant)
        if plan is None:
            self.hint.setText(tr("trainer.no_plan", name=variant))
            return False
        self.window.map_tab.set_plan(plan)
        self.window.tabs.setCurrentWidget(self.window.map_tab)
        self.window.show_status("trainer.opened", 8000, name=variant)
        return True

    def retranslate(self) -> None:
        self.title.setText(tr("trainer.title"))
        self.open_training.setText(tr("trainer.open_training"))
        self.parameter_label.setText(tr("trainer.parameter"))
        current = self.parameter.currentData()
        self.parameter.clear()
        for key, label in SWEEPS.items():
            self.parameter.addItem(tr(label), key)
        if current:
            self.parameter.setCurrentIndex(list(SWEEPS).index(current))
        self.sweep_button.setText(tr("trainer.run"))
        what = self.size_what.currentData()
        self.size_what.clear()
        for key in SIZE_WHAT:
            self.size_what.addItem(tr(f"trainer.what.{key}"), key)
        if what:
            self.size_what.setCurrentIndex(SIZE_WHAT.index(what))
        self.size_button.setText(tr("trainer.size"))
        self.rules_box.setTitle(tr("trainer.rules"))
        for name, box in self.rule_boxes.items():
            box.setText(tr(RULES[name][0]))
        self.rules_button.setText(tr("trainer.rules_run"))
        if self.result is None:
            self.hint.setText(tr("trainer.intro"))
        elif self.points:
            self.hint.setText(tr("trainer.click"))
        if self.chart is not None:
            self.chart.retranslate()
        if self.size_chart is not None:
            self.size_chart.retranslate()
