"""The map tab: street colouring and layer toggles, the district map, and the plan's routes beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from optimizer.common.causes import causes
from optimizer.common.kinds import KINDS
from reports.route_sheets.names import route_titles

from ..i18n import bilingual, current_language, tr
from ..map.geometry import FACILITY_LAYERS, MapGeometry
from ..map.style import vehicle_colour
from ..map.widget import MapWidget

LAYERS = ("streets", *FACILITY_LAYERS, "routes")


def route_nodes(route: Any) -> list[str]:
    """The street nodes a route drives through, or its stops' nodes when the plan has no paths."""
    return list(route.path) if route.path else [stop.node for stop in route.stops]


ROUTES_AT_ONCE = 20  # more routes than this on one map are a tangle: a new plan opens filtered by kind and shift


def shortfall_sentence(reasons: list[str]) -> str:
    """'Unserved: 8 short of staff, 4 vehicles full. Add crews …' with a link to where to change it."""
    counted = causes(reasons).most_common()
    separator = "、" if current_language() == "zh" else ", "
    parts = separator.join(tr("cause.count", n=n, cause=tr(f"cause.{cause}")) for cause, n in counted)
    return f"<i>{tr('plan.short', causes=parts)} {tr(f'advice.{counted[0][0]}')}</i>"


def plan_routes(plan: Any, kind: str | None = None) -> list[tuple[Any, str]]:
    """(route, colour) pairs of a plan: one colour per vehicle or crew."""
    colours: dict[str, str] = {}
    out = []
    for part_kind in KINDS:
        part = plan.parts.get(part_kind)
        if part is None or (kind and part_kind != kind):
            continue
        for route in part.routes:
            owner = route.vehicle or route.crew or route.id
            if owner not in colours:
                colours[owner] = vehicle_colour(len(colours))
            out.append((route, colours[owner]))
    return out


class MapTab(QWidget):
    """Map with toolbar on top and the plan's route list on the right."""

    #: route ids to keep as they are while the rest of the plan is made again
    replan_requested = Signal(list)
    #: a summary link asks for another tab: "sizing" (Trainer ▸ Sizing) or "editor" (the scenario's tables)
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Any = None
        self.scenario: Any = None
        self.map = MapWidget()
        self.colour_label = QLabel()
        self.colour_combo = QComboBox()
        self.colour_combo.currentIndexChanged.connect(self._on_colour_mode)
        self.layer_boxes: dict[str, QCheckBox] = {}
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.colour_label)
        toolbar.addWidget(self.colour_combo)
        toolbar.addSpacing(12)
        for name in LAYERS:
            box = QCheckBox()
            box.setChecked(True)
            box.toggled.connect(lambda on, n=name: self.map.set_layer(n, on))
            self.layer_boxes[name] = box
            toolbar.addWidget(box)
        toolbar.addStretch(1)
        self.fit_button = QPushButton()
        self.fit_button.clicked.connect(self.map.fit)
        toolbar.addWidget(self.fit_button)

        self.kind_combo = QComboBox()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.shift_combo = QComboBox()  # one shift's routes at a time reads; all of a district's do not
        self.shift_combo.currentIndexChanged.connect(self._show_routes)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self.open_requested.emit)
        self.routes = QTreeWidget()
        self.routes.setRootIsDecorated(True)
        self.routes.setAlternatingRowColors(True)
        self.routes.itemSelectionChanged.connect(self._on_route_selected)
        self.routes.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.replan_button = QPushButton()
        self.replan_button.setEnabled(False)
        self.replan_button.clicked.connect(self._on_replan)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.routes_title = QLabel()
        self.routes_title.setStyleSheet("font-weight: bold;")
        side_layout.addWidget(self.routes_title)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo, 1)
        filters.addWidget(self.shift_combo, 1)
        side_layout.addLayout(filters)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.routes, 1)
        side_layout.addWidget(self.replan_button)
        # What was clicked on the map; in the map's own side panel, so other tabs keep their size (a dock
        # shown and hidden on every tab switch resized every chart, 0.5–5 s each time).
        self.details_title = QLabel()
        self.details_title.setStyleSheet("font-weight: bold;")
        self.details = QTextBrowser()
        side_layout.addWidget(self.details_title)
        side_layout.addWidget(self.details, 1)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555555;")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.map)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        self.retranslate()

    def set_geometry(self, geometry: MapGeometry | None) -> None:
        self.map.set_geometry(geometry)
        self._show_routes()

    def set_plan(self, plan: Any, scenario: Any = None) -> None:
        """Show a plan's routes; with the scenario, routes are listed by the names crews use."""
        self.plan = plan
        self.scenario = scenario if plan is not None else None
        crowded = plan is not None and sum(len(p.routes) for p in plan.parts.values()) > ROUTES_AT_ONCE
        if crowded:  # start on the first kind of work (and below, its first shift): a map that reads
            first = next((k for k in KINDS if k in plan.parts and plan.parts[k].routes), None)
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(0 if first is None or len(plan.parts) == 1 else 1 + KINDS.index(first))
            self.kind_combo.blockSignals(False)
        self._fill_shifts(choose_first=True)
        self._show_routes()

    def _on_kind_chosen(self) -> None:
        self._fill_shifts(choose_first=True)
        self._show_routes()

    def _fill_shifts(self, choose_first: bool = False) -> None:
        """The shifts of the routes of the chosen kind; the first is chosen for a new plan or kind."""
        current = self.shift_combo.currentData()
        shifts = [] if self.plan is None else sorted(
            {route.shift for route, _ in plan_routes(self.plan, self.kind_combo.currentData()) if route.shift},
            key=lambda s: (self._shift_start(s), s))
        self.shift_combo.blockSignals(True)
        self.shift_combo.clear()
        self.shift_combo.addItem(tr("plan.all_shifts"), None)
        for shift in shifts:
            self.shift_combo.addItem(self._shift_name(shift), shift)
        shown = 0 if self.plan is None else len(plan_routes(self.plan, self.kind_combo.currentData()))
        wanted = shifts[0] if choose_first and len(shifts) > 1 and shown > ROUTES_AT_ONCE else current
        wanted = None if choose_first and shown <= ROUTES_AT_ONCE else wanted
        self.shift_combo.setCurrentIndex(max(0, self.shift_combo.findData(wanted)) if wanted else 0)
        self.shift_combo.blockSignals(False)
        self.shift_combo.setVisible(bool(shifts))

    def _shift_start(self, shift_id: str) -> float:
        template = self.scenario.index.shifts.get(shift_id) if self.scenario is not None else None
        return template.start if template is not None else 0.0

    def _shift_name(self, shift_id: str) -> str:
        template = self.scenario.index.shifts.get(shift_id) if self.scenario is not None else None
        return bilingual(template.name_zh, template.name_en) or shift_id if template is not None else shift_id

    def _on_colour_mode(self, index: int) -> None:
        mode = self.colour_combo.itemData(index)
        if mode:
            self.map.set_colour_mode(mode)

    def _show_routes(self) -> None:
        self.routes.clear()
        kind = self.kind_combo.currentData()
        if self.plan is None:
            self.summary.setText(tr("plan.none"))
            self.map.set_routes([])
            return
        shift = self.shift_combo.currentData()
        pairs = [(route, colour) for route, colour in plan_routes(self.plan, kind) if shift is None or route.shift == shift]
        titles = route_titles(self.scenario, self.plan, current_language()) if self.scenario is not None else {}
        self.map.set_routes([(route.id, colour, route_nodes(route)) for route, colour in pairs])
        lines = []
        for part_kind in KINDS:
            part = self.plan.parts.get(part_kind)
            if part is None or (kind and part_kind != kind):
                continue
            lines.append(tr("plan.summary", kind=tr(f"kind.{part_kind}"), n=len(part.routes), km=part.distance_m / 1000,
                            cost=part.cost, unserved=len(part.unserved),
                            status=tr(f"plan.status.{part.status}")))
            if part.unserved:
                lines.append(shortfall_sentence([u.reason for u in part.unserved]))
            moved = next((n for n in part.notes if n.startswith("re-planning:")), None)
            if moved:
                lines.append(moved if len(moved) <= 160 else moved[:157] + "…")
            group = QTreeWidgetItem([tr(f"kind.{part_kind}"), "", str(len(part.routes))])
            group.setFirstColumnSpanned(False)
            self.routes.addTopLevelItem(group)
            for route, colour in pairs:
                if route.kind != part_kind:
                    continue
                rel = route.reliability
                item = QTreeWidgetItem([route.id, route.vehicle or route.crew or "", str(len(route.stops)),
                                        f"{route.distance_m / 1000:.1f}", f"{route.duration_min / 60:.1f}", f"{route.cost:,.0f}",
                                        f"{min(rel.within_shift, rel.all_served):.0%}" if rel is not None else ""])
                item.setData(0, Qt.ItemDataRole.UserRole, route.id)
                item.setForeground(0, QBrush(QColor(colour)))
                item.setText(0, f"■ {titles.get(route.id, route.id)}")
                item.setToolTip(0, route.id)
                group.addChild(item)
            group.setExpanded(len(self.plan.parts) == 1 or bool(kind))
        if any(not route.path for route, _ in pairs):
            lines.append(tr("plan.no_paths"))
        self.summary.setText("<br>".join(lines))
        for column in range(7):
            self.routes.resizeColumnToContents(column)
        # Route ids are long: keep the first column readable, the rest fit their contents.
        self.routes.setColumnWidth(0, max(self.routes.columnWidth(0), 170))

    def selected_route_ids(self) -> list[str]:
        return [i.data(0, Qt.ItemDataRole.UserRole) for i in self.routes.selectedItems()
                if i.data(0, Qt.ItemDataRole.UserRole)]

    def _on_route_selected(self) -> None:
        ids = self.selected_route_ids()
        self.map.highlight_route(ids[0] if ids else None)
        self.replan_button.setEnabled(bool(ids) and self.plan is not None)

    def _on_replan(self) -> None:
        ids = self.selected_route_ids()
        if ids:
            self.replan_requested.emit(ids)

    def retranslate(self) -> None:
        self.colour_label.setText(tr("map.colour_by"))
        mode = self.colour_combo.currentData() or "class"
        self.colour_combo.blockSignals(True)
        self.colour_combo.clear()
        for key, data in (("map.by_class", "class"), ("map.by_grade", "grade"), ("map.by_chief", "chief")):
            self.colour_combo.addItem(tr(key), data)
        self.colour_combo.setCurrentIndex(["class", "grade", "chief"].index(mode))
        self.colour_combo.blockSignals(False)
        for name, box in self.layer_boxes.items():
            box.setText(tr(f"map.layer.{name}"))
        self.fit_button.setText(tr("map.fit"))
        kind = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem(tr("kind.all"), None)
        for k in KINDS:
            self.kind_combo.addItem(tr(f"kind.{k}"), k)
        self.kind_combo.setCurrentIndex(0 if kind is None else 1 + KINDS.index(kind))
        self.kind_combo.blockSignals(False)
        self.routes_title.setText(tr("plan.routes"))
        self.details_title.setText(tr("dock.details"))
        self.routes.setHeaderLabels([tr("plan.col.route"), tr("plan.col.vehicle"), tr("plan.col.stops"),
                                     tr("plan.col.km"), tr("plan.col.hours"), tr("plan.col.cost"),
                                     tr("plan.col.reliability")])
        self.hint.setText(tr("map.click_hint"))
        self.replan_button.setText(tr("plan.replan"))
        self.replan_button.setToolTip(tr("plan.replan_tip"))
        self._fill_shifts()
        self._show_routes()
        self.map.update()
