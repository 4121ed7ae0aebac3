"""What changed between two variants' plans: both on one map (base faded) and their totals side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..i18n import tr
from ..map.widget import MapWidget
from .map_tab import KINDS, plan_routes, route_nodes

BASE_COLOUR = "#B3B6B7"


def plan_totals(plan: Any) -> dict[str, tuple[int, float, float, int]]:
    """kind → (routes, km, cost, unserved) as the plan states them."""
    return {kind: (len(p.routes), p.distance_m / 1000, p.cost, len(p.unserved))
            for kind in KINDS if (p := plan.parts.get(kind)) is not None}


class PlanDiffPanel(QWidget):
    """Pick a variant; its routes are drawn in colour over the base plan's routes in grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plans: dict[str, Any] = {}
        self.base = "base"
        self.labels: dict[str, str] = {}
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.currentIndexChanged.connect(self._show)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.map = MapWidget()
        for name in ("points", "toilets", "stations"):
            self.map.set_layer(name, False)
        bar = QHBoxLayout()
        bar.addWidget(self.label)
        bar.addWidget(self.combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.map, 1)
        self.retranslate()

    def set_plans(self, geometry: Any, plans: dict[str, Any], labels: dict[str, str], base: str) -> None:
        if self.map.geometry_data is not geometry:
            self.map.set_geometry(geometry)
        self.plans, self.labels, self.base = plans, labels, base
        self.combo.blockSignals(True)
        self.combo.clear()
        for name in plans:
            if name != base:
                self.combo.addItem(labels.get(name, name), name)
        self.combo.blockSignals(False)
        self._show()

    def _show(self) -> None:
        name = self.combo.currentData()
        base_plan, plan = self.plans.get(self.base), self.plans.get(name)
        if base_plan is None or plan is None:
            self.summary.setText(tr("compare.no_plans"))
            self.map.set_routes([])
            return
        routes = [(f"base:{r.id}", BASE_COLOUR, route_nodes(r)) for r, _ in plan_routes(base_plan)]
        routes += [(r.id, colour, route_nodes(r)) for r, colour in plan_routes(plan)]
        self.map.set_routes(routes)
        note = "<br>" + tr("plan.no_paths") if any(not r.path for r, _ in plan_routes(plan)) else ""
        if plan == base_plan:
            self.summary.setText(tr("compare.same_plan") + note)
            return
        before, after = plan_totals(base_plan), plan_totals(plan)
        lines = []
        for kind in KINDS:
            if kind in before or kind in after:
                b, a = before.get(kind, (0, 0.0, 0.0, 0)), after.get(kind, (0, 0.0, 0.0, 0))
                lines.append(tr("compare.plan_line", kind=tr(f"kind.{kind}"), r0=b[0], r1=a[0], km0=b[1], km1=a[1],
                                c0=b[2], c1=a[2], u0=b[3], u1=a[3]))
        self.summary.setText("<br>".join(lines) + note)

    def retranslate(self) -> None:
        self.label.setText(tr("compare.variant"))
        self._show()
