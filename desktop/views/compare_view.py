"""Compare variants side by side: KPI table with paired differences and CIs, overlaid charts, what changed."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import current_language, tr
from .base import ResultView
from .diff_text import diff_text
from .plan_diff import PlanDiffPanel
from .results_view import CARD_KPIS

VERDICT_COLOURS = {"better": "#1E8449", "worse": "#C0392B", "higher": "#1F618D", "lower": "#1F618D"}


def _fmt(value: float) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _ci(interval: Any, signed: bool = False) -> str:
    sign = "+" if signed and interval.mean > 0 else ""
    if math.isnan(interval.low):
        return f"{sign}{_fmt(interval.mean)}"
    return f"{sign}{_fmt(interval.mean)}  [{_fmt(interval.low)}, {_fmt(interval.high)}]"


class CompareView(ResultView):
    empty_key = "compare.none"
    job_kinds = ("study",)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.result: dict | None = None
        self.rows: list = []
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.changes_title = QLabel()
        self.changes_title.setStyleSheet("font-weight: bold;")
        self.changes = QListWidget()
        self.changes.setWordWrap(True)
        self.kpi_label = QLabel()
        self.kpi_combo = QComboBox()
        self.kpi_combo.currentIndexChanged.connect(self._redraw_charts)
        self.kpi_combo.activated.connect(lambda _: self.kpi_combo.setProperty("chosen", True))
        self.charts: list = []
        self.chart_box = QVBoxLayout()
        chart_bar = QHBoxLayout()
        chart_bar.addWidget(self.kpi_label)
        chart_bar.addWidget(self.kpi_combo)
        chart_bar.addStretch(1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        changes_box = QWidget()
        changes_layout = QVBoxLayout(changes_box)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        changes_layout.addWidget(self.changes_title)
        changes_layout.addWidget(self.changes)
        left.addWidget(changes_box)
        left.setSizes([480, 140])
        charts_page = QWidget()
        right_layout = QVBoxLayout(charts_page)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(chart_bar)
        right_layout.addLayout(self.chart_box, 1)
        self.plan_diff = PlanDiffPanel()
        self.right = QTabWidget()
        self.right.addTab(charts_page, "")
        self.right.addTab(self.plan_diff, "")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setSizes([860, 480])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        self.set_content(page)
        self.retranslate()

    def on_result(self, kind: str, result: Any) -> None:
        if kind != "study" or result is None:
            return
        self.result = result
        if not self.charts:
            self._build_charts()
        self._refresh()
        self.show_content()

    def _build_charts(self) -> None:
        from reports.charts import study_charts

        from .charts import ChartPanel

        def labels() -> dict[str, str]:
            lang = current_language()
            return {v.name: (v.label_zh if lang == "zh" else v.label_en) or v.name for v in self.result["outcome"].variants}

        def info(kpi: str) -> Any:
            from simulation.kpis import kpi_info

            return kpi_info(kpi)

        self.charts = [
            ChartPanel("compare.mean", lambda ax, lang: study_charts.draw_kpi_means(
                ax, self.rows, self._kpi(), info(self._kpi()), labels(), lang)),
            ChartPanel("compare.diff", lambda ax, lang: study_charts.draw_paired_differences(
                ax, self.rows, self._kpi(), info(self._kpi()), labels(), lang)),
        ]
        for chart in self.charts:
            self.chart_box.addWidget(chart)

    def _kpi(self) -> str:
        return self.kpi_combo.currentData() or CARD_KPIS[0]

    def _refresh(self) -> None:
        from reports.compare import compare_runs
        from simulation.kpis import KPIS

        outcome = self.result["outcome"]
        kpis = [k for k in CARD_KPIS if any(k in r.kpis for runs in outcome.runs.values() for r in runs)]
        self.rows = compare_runs(outcome.runs, kpis, base=outcome.variants[0].name,
                                 higher_is_better={k: KPIS[k].higher_is_better for k in kpis})
        lang = current_language()
        self.header.setText(tr("compare.header", variants=len(outcome.variants), reps=outcome.replications,
                               days=outcome.days, computed=outcome.computed, reused=outcome.reused,
                               seconds=f"{outcome.seconds:.1f}")
                            + (f"  ({tr('job.cancelled')})" if outcome.stopped else ""))
        labels = {v.name: (v.label_zh if lang == "zh" else v.label_en) or v.name for v in outcome.variants}
        self._fill_table(kpis, [v.name for v in outcome.variants], labels, lang)
        self._fill_kpi_combo(kpis, lang)
        self._fill_changes(labels)
        self._redraw_charts()
        self.plan_diff.set_plans(self.window.geometry_data, self.result.get("plans", {}), labels,
                                 outcome.variants[0].name)

    def _fill_table(self, kpis: list[str], variants: list[str], labels: dict[str, str], lang: str) -> None:
        """One row per KPI, one column per variant: its estimate and, against the base, the difference."""
        from simulation.kpis import kpi_info

        self.table.clear()
        self.table.setColumnCount(1 + len(variants))
        self.table.setHorizontalHeaderLabels([tr("compare.kpi")] + [labels.get(v, v) for v in variants])
        self.table.setRowCount(len(kpis))
        for r, kpi in enumerate(kpis):
            info = kpi_info(kpi)
            name = (info.label_zh if lang == "zh" else info.label_en) + (f" ({info.unit})" if info.unit != "count" else "")
            self.table.setItem(r, 0, QTableWidgetItem(name))
            for row in (x for x in self.rows if x.kpi == kpi):
                self.table.setItem(r, 1 + variants.index(row.variant), _cell(row))
        self.table.resizeRowsToContents()
        self.table.resizeColumnsToContents()

    def _fill_kpi_combo(self, kpis: list[str], lang: str) -> None:
        """The chart's KPI choice: the user's, else the first KPI that differs significantly."""
        from simulation.kpis import kpi_info

        current = self._kpi()
        self.kpi_combo.blockSignals(True)
        self.kpi_combo.clear()
        for k in kpis:
            info = kpi_info(k)
            self.kpi_combo.addItem(info.label_zh if lang == "zh" else info.label_en, k)
        significant = [r.kpi for r in self.rows if r.difference is not None and r.difference.significant]
        chosen = current if self.kpi_combo.property("chosen") else (significant[0] if significant else current)
        if chosen in kpis:
            self.kpi_combo.setCurrentIndex(kpis.index(chosen))
        self.kpi_combo.blockSignals(False)

    def _fill_changes(self, labels: dict[str, str]) -> None:
        """What each variant changes in the base scenario."""
        self.changes.clear()
        for name, diffs in self.result["diffs"].items():
            for diff in diffs:
                item = QListWidgetItem(f"{labels.get(name, name)}：{diff_text(diff.path, diff.old, diff.new)}")
                item.setToolTip(diff.path)  # the variant path a study file uses
                self.changes.addItem(item)

    def _redraw_charts(self) -> None:
        for chart in self.charts:
            chart.redraw()

    def retranslate(self) -> None:
        self.kpi_label.setText(tr("compare.kpi_chart"))
        self.changes_title.setText(tr("compare.changes"))
        self.right.setTabText(0, tr("compare.charts"))
        self.right.setTabText(1, tr("compare.plans"))
        self.plan_diff.retranslate()
        for chart in self.charts:
            chart.retranslate()
        if self.result is not None:
            self._refresh()
        super().retranslate()


def _cell(row: Any) -> QTableWidgetItem:
    """A variant's cell: its estimate, and its difference from the base with a verdict (bold when significant)."""
    text = _ci(row.estimate)
    item = QTableWidgetItem()
    if row.difference is not None:
        verdict = row.verdict
        mark = {"better": "▲ ", "worse": "▼ ", "higher": "● ", "lower": "● "}.get(verdict, "")
        word = tr({"n.s.": "compare.ns"}.get(verdict, f"compare.{verdict}")) if verdict else ""
        text += f"\nΔ {mark}{_ci(row.difference, signed=True)}  {word}"
        if row.difference.significant:
            item.setForeground(QBrush(QColor(VERDICT_COLOURS.get(verdict, "#000000"))))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
    else:
        item.setBackground(QBrush(QColor("#F2F3F4")))
    item.setText(text)
    return item
