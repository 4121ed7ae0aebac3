"""Results of a simulation: KPI cards with 95% confidence intervals and four exportable charts."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..i18n import current_language, tr
from .base import ResultView

CARD_KPIS = (
    "collection_compliance_pct", "overflow_events", "dirty_segment_hours_pct", "toilet_rounds_on_time_pct",
    "response_mean_min", "response_within_target_pct", "incidents_open", "distance_km",
    "cost", "overtime_hours", "vehicle_utilization_pct", "crew_utilization_pct",
)
DAILY_KPIS = ("collection_compliance_pct", "toilet_rounds_on_time_pct", "dirty_segment_hours_pct",
              "response_within_target_pct")


def _number(value: float) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


class KpiCard(QFrame):
    """One KPI: its name, the mean over replications and the 95% CI."""

    def __init__(self, kpi: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kpi = kpi
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("KpiCard { background: white; border: 1px solid #D5D8DC; border-radius: 6px; }")
        self.name, self.value, self.ci = QLabel(), QLabel(), QLabel()
        self.name.setStyleSheet("color: #555555;")
        self.value.setStyleSheet("font-size: 20px; font-weight: bold; color: #1B2631;")
        self.ci.setStyleSheet("color: #777777; font-size: 11px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        for w in (self.name, self.value, self.ci):
            layout.addWidget(w)

    def show_summary(self, summary: Any, days: int = 1) -> None:
        from simulation.kpis import PERIOD_TOTALS, kpi_info

        info = kpi_info(self.kpi)
        name = info.label_zh if current_language() == "zh" else info.label_en
        if self.kpi.partition(":")[0] in PERIOD_TOTALS:  # a total says over how many days
            name = tr("results.total_over", name=name, days=days)
        self.name.setText(name)
        unit = "" if info.unit in ("count",) else f" {info.unit}"
        if summary is None:
            self.value.setText("—")
            self.ci.setText("")
            return
        self.value.setText(_number(summary.mean) + unit)
        self.ci.setText(tr("results.ci", low=_number(summary.ci_low), high=_number(summary.ci_high))
                        if summary.n > 1 and math.isfinite(summary.ci_low) else f"n = {summary.n}")


class ResultsView(ResultView):
    empty_key = "results.none"
    job_kinds = ("simulate",)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.outcome: Any = None
        self.charts: list = []
        self.cards = [KpiCard(kpi) for kpi in CARD_KPIS]
        self.header = QLabel()
        self.header.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.header)
        grid = QGridLayout()
        for i, card in enumerate(self.cards):
            grid.addWidget(card, i // 6, i % 6)
        layout.addLayout(grid)
        self.chart_grid = QGridLayout()
        layout.addLayout(self.chart_grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.set_content(scroll)

    def _build_charts(self) -> None:
        """Charts import matplotlib's Qt canvas, so they are built on the first result, not at start-up."""
        from reports.charts import outcome_charts as oc

        from .charts import ChartPanel

        def target() -> float | None:
            types = self.document.current.incidents.types if self.document else []
            return min((t.response_target_min for t in types), default=None)

        self.charts = [
            ChartPanel("chart.kpis_per_day", lambda ax, lang: oc.draw_kpis_per_day(ax, self.outcome, DAILY_KPIS, lang)),
            ChartPanel("chart.cost", lambda ax, lang: oc.draw_cost_breakdown(ax, self.outcome, self.window.results.get("routes"), lang)),
            ChartPanel("chart.response", lambda ax, lang: oc.draw_response_times(ax, self.outcome, lang, target())),
            ChartPanel("chart.utilization", lambda ax, lang: oc.draw_utilization(ax, self.outcome, lang)),
        ]
        for i, chart in enumerate(self.charts):
            self.chart_grid.addWidget(chart, i // 2, i % 2)

    def on_result(self, kind: str, result: Any) -> None:
        if kind != "simulate" or result is None:
            return
        self.outcome = result
        if not self.charts:
            self._build_charts()
        self._refresh()
        self.show_content()

    def _refresh(self) -> None:
        o = self.outcome
        status = tr("job.cancelled") if o.status == "stopped" else ""
        self.header.setText(tr("results.header", reps=len(o.replications), days=o.days, seed=o.seed,
                               events=f"{o.events_processed:,}", seconds=f"{o.wall_time_s:.1f}") + f" {status}"
                            + ("<br>" + "; ".join(o.plan_notes) if o.plan_notes else ""))
        for card in self.cards:
            card.show_summary(o.summary.get(card.kpi), o.days)
        for chart in self.charts:
            chart.redraw()

    def retranslate(self) -> None:
        for chart in self.charts:
            chart.retranslate()
        if self.outcome is not None:
            self._refresh()
        super().retranslate()
