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
from ..map.posts import beat_dates, holding, patrol_part, post_colours, post_segments, runs_on
from ..map.style import vehicle_colour
from ..map.widget import MapWidget
from .map_patrols import date_label, post_details, post_hover, zone_hover

LAYERS = ("streets", "posts", *FACILITY_LAYERS, "routes")


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


def plan_routes(plan: Any, kind: str | None = None, date: str | None = None,
                by_post: dict[str, str] | None = None) -> list[tuple[Any, str]]:
    """(route, colour) pairs of a plan: one colour per vehicle or crew (a chief's beat: its post's colour, from
    `by_post`); with `date`, only the routes that run on that date (a month of beats is filtered before anything
    is built)."""
    colours: dict[str, str] = {}
    out = []
    for part_kind in KINDS:
        part = plan.parts.get(part_kind)
        if part is None or (kind and part_kind != kind):
            continue
        for route in part.routes:
            if not runs_on(route, date):
                continue
            if by_post and route.posts and route.posts[0] in by_post:
                out.append((route, by_post[route.posts[0]]))
                continue
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
    #: the user asks for the patrol posts' duty cards (岗位责任卡)
    duty_cards_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Any = None
        self.scenario: Any = None
        self.district: Any = None  # the open scenario, with or without a plan
        self.dates: list[str] = []  # the plan's beat dates (a patrol plan of several days)
        self._titles: tuple[Any, str, dict[str, str]] = (None, "", {})  # (plan, language, route titles)
        self._segment_index: dict[str, int] = {}
        self._shown: dict[str, Any] = {}  # route id → route, of the routes listed
        self.map = MapWidget()
        self.map.hover_text = self._hover_text
        self.map.picked.connect(self._on_picked)
        toolbar = self._build_toolbar()
        self._build_route_list()
        side = self._build_side()
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

    def _build_toolbar(self) -> QHBoxLayout:
        """The map's toolbar: colour mode, one check box per layer, fit."""
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
        self.layer_boxes["posts"].setVisible(False)  # shown with a patrol plan's posts
        toolbar.addStretch(1)
        self.fit_button = QPushButton()
        self.fit_button.clicked.connect(self.map.fit)
        toolbar.addWidget(self.fit_button)
        return toolbar

    def _build_route_list(self) -> None:
        """The route list, its filters (kind, date, shift) and its buttons (replan, duty cards)."""
        self.kind_combo = QComboBox()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.shift_combo = QComboBox()  # one shift's routes at a time reads; all of a district's do not
        self.shift_combo.currentIndexChanged.connect(self._show_routes)
        self.date_combo = QComboBox()  # a plan of dated beats shows one date at a time
        self.date_combo.currentIndexChanged.connect(self._on_date_chosen)
        self.date_combo.setVisible(False)
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
        self.cards_button = QPushButton()
        self.cards_button.clicked.connect(self.duty_cards_requested.emit)
        self.cards_button.setVisible(False)

    def _build_side(self) -> QWidget:
        """The side panel: the route list with its filters, and the details of what was clicked."""
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.routes_title = QLabel()
        self.routes_title.setStyleSheet("font-weight: bold;")
        side_layout.addWidget(self.routes_title)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo, 1)
        filters.addWidget(self.date_combo, 1)
        filters.addWidget(self.shift_combo, 1)
        side_layout.addLayout(filters)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.routes, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.replan_button, 1)
        buttons.addWidget(self.cards_button, 1)
        side_layout.addLayout(buttons)
        # What was clicked on the map; in the map's own side panel, so other tabs keep their size (a dock
        # shown and hidden on every tab switch resized every chart, 0.5–5 s each time).
        self.details_title = QLabel()
        self.details_title.setStyleSheet("font-weight: bold;")
        self.details = QTextBrowser()
        side_layout.addWidget(self.details_title)
        side_layout.addWidget(self.details, 1)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555555;")
        return side

    def set_geometry(self, geometry: MapGeometry | None, district: Any = None) -> None:
        """The district's map (and the scenario it is drawn from, for what the map says about its features)."""
        self.district = district
        self.map.set_geometry(geometry)
        self._segment_index = {s: i for i, s in enumerate(geometry.segment_ids)} if geometry is not None else {}
        zones = geometry is not None and len(geometry.facilities["vendor_zones"].ids) > 0
        self.layer_boxes["vendor_zones"].setVisible(zones)
        self._show_posts()
        self._show_routes()

    def set_plan(self, plan: Any, scenario: Any = None) -> None:
        """Show a plan's routes; with the scenario, routes are listed by the names crews use. A patrol plan's
        posts colour their territories; a plan of dated beats shows one date at a time (its first, or the one
        chosen before)."""
        self.plan = plan
        self.scenario = scenario if plan is not None else None
        self._fill_dates()
        self._show_posts()
        crowded = plan is not None and len(plan_routes(plan, None, self.date)) > ROUTES_AT_ONCE
        if crowded:  # start on the first kind of work (and below, its first shift): a map that reads
            first = next((k for k in KINDS if k in plan.parts and plan.parts[k].routes), None)
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(0 if first is None or len(plan.parts) == 1 else 1 + KINDS.index(first))
            self.kind_combo.blockSignals(False)
        self._fill_shifts(choose_first=True)
        self._show_routes()

    @property
    def date(self) -> str | None:
        """The date whose beats are shown (None: the plan is not dated)."""
        return self.date_combo.currentData() if self.dates else None

    def choose_date(self, date: str) -> None:
        self.date_combo.setCurrentIndex(self.date_combo.findData(date))

    def _fill_dates(self) -> None:
        """The plan's beat dates in the date selector, keeping the chosen date when the new plan has it."""
        current = self.date_combo.currentData()
        self.dates = beat_dates(self.plan)
        self.date_combo.blockSignals(True)
        self.date_combo.clear()
        for date in self.dates:
            self.date_combo.addItem(date_label(date), date)
        self.date_combo.setCurrentIndex(max(0, self.date_combo.findData(current)))
        self.date_combo.blockSignals(False)
        self.date_combo.setVisible(bool(self.dates))

    def _on_date_chosen(self) -> None:
        self._fill_shifts()
        self._show_routes()

    def _show_posts(self) -> None:
        """Each post's territory in its colour (neighbouring posts differ), built once per plan."""
        part = patrol_part(self.plan)
        g = self.map.geometry_data
        posts: dict[str, tuple[str, list[int]]] = {}
        if part is not None and g is not None:
            rows = post_segments(part, self._segment_index)
            colours = post_colours(rows, zip(g.segment_from.tolist(), g.segment_to.tolist(), strict=True))
            posts = {post_id: (colours[post_id], members) for post_id, members in rows.items()}
        self.map.set_posts(posts)
        self.layer_boxes["posts"].setVisible(bool(posts))
        self.cards_button.setVisible(part is not None)

    def _hover_text(self, layer: str, object_id: str) -> str | None:
        """A street of a post: the post, its chief and who holds it on the date shown; a vendor zone: its hours."""
        if layer == "segments" and self.map.layers.get("posts"):
            post_id = self.map.post_layer.post_of_segment.get(self._segment_index.get(object_id, -1))
            return post_hover(self.scenario, patrol_part(self.plan), post_id, self.date) if post_id else None
        if layer == "vendor_zones":
            return zone_hover(self.district, object_id)
        return None

    def _on_picked(self, layer: str, object_id: str) -> None:
        """A street of a post was clicked: outline its post's territory."""
        post_id = self.map.post_layer.post_of_segment.get(self._segment_index.get(object_id, -1)) \
            if layer == "segments" else None
        self.map.highlight_post(post_id)

    def feature_details(self, layer: str, object_id: str) -> str:
        """What the plan adds to a clicked feature's details: the post a street belongs to and its holder."""
        if layer != "segments":
            return ""
        post_id = self.map.post_layer.post_of_segment.get(self._segment_index.get(object_id, -1))
        return post_details(self.scenario, patrol_part(self.plan), post_id, self.date) if post_id else ""

    def _on_kind_chosen(self) -> None:
        self._fill_shifts(choose_first=True)
        self._show_routes()

    def _fill_shifts(self, choose_first: bool = False) -> None:
        """The shifts of the routes of the chosen kind; the first is chosen for a new plan or kind."""
        current = self.shift_combo.currentData()
        chosen = [] if self.plan is None else plan_routes(self.plan, self.kind_combo.currentData(), self.date)
        shifts = sorted(
            {route.shift for route, _ in chosen if route.shift},
            key=lambda s: (self._shift_start(s), s))
        self.shift_combo.blockSignals(True)
        self.shift_combo.clear()
        self.shift_combo.addItem(tr("plan.all_shifts"), None)
        for shift in shifts:
            self.shift_combo.addItem(self._shift_name(shift), shift)
        shown = len(chosen)
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
        pairs = [(route, colour) for route, colour in plan_routes(self.plan, kind, self.date, self.map.post_layer.colours)
                 if shift is None or route.shift == shift]
        self._shown = {route.id: route for route, _ in pairs}
        titles = self._route_titles()
        self.map.set_routes([(route.id, colour, route_nodes(route)) for route, colour in pairs])
        lines = []
        for part_kind in KINDS:
            part = self.plan.parts.get(part_kind)
            if part is None or (kind and part_kind != kind):
                continue
            lines.append(tr("plan.summary", kind=tr(f"kind.{part_kind}"), n=len(part.routes), km=part.distance_m / 1000,
                            cost=part.cost, unserved=len(part.unserved),
                            status=tr(f"plan.status.{part.status}")))
            if part.posts:
                lines.append(self._posts_sentence(part, sum(1 for r, _ in pairs if r.kind == part_kind)))
            if part.unserved:
                lines.append(shortfall_sentence([u.reason for u in part.unserved]))
            moved = next((n for n in part.notes if n.startswith("re-planning:")), None)
            if moved:
                lines.append(moved if len(moved) <= 160 else moved[:157] + "…")
            group = QTreeWidgetItem([tr(f"kind.{part_kind}"), "",
                                     str(sum(1 for r, _ in pairs if r.kind == part_kind))])
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

    def _route_titles(self) -> dict[str, str]:
        """Route titles of the plan in the current language (made once per plan and language: a month of beats)."""
        plan, language, titles = self._titles
        if plan is not self.plan or language != current_language():
            titles = route_titles(self.scenario, self.plan, current_language()) if self.scenario is not None else {}
            self._titles = (self.plan, current_language(), titles)
        return titles

    def _posts_sentence(self, part: Any, beats: int) -> str:
        """'276 posts, 28 days planned; on 2017-06-05: 340 beats, 3 posts covered by deputies, 0 unheld'."""
        held = [holding(part, post.id, self.date) for post in part.posts]
        covered = sum(1 for h in held if h is not None and h.role in ("deputy", "other"))
        unheld = sum(1 for h in held if h is not None and h.role == "none")
        days = max(len(self.dates), 1)
        return tr("plan.posts", posts=len(part.posts), days=days, beats=beats, covered=covered, unheld=unheld,
                  date=self.date or (min(part.holders) if part.holders else ""))

    def selected_route_ids(self) -> list[str]:
        return [i.data(0, Qt.ItemDataRole.UserRole) for i in self.routes.selectedItems()
                if i.data(0, Qt.ItemDataRole.UserRole)]

    def _on_route_selected(self) -> None:
        ids = self.selected_route_ids()
        self.map.highlight_route(ids[0] if ids else None)
        self.replan_button.setEnabled(bool(ids) and self.plan is not None)
        route = self._shown.get(ids[0]) if ids else None
        if route is not None and route.posts:  # a beat: its holder's post (the first it serves) is outlined
            self.map.highlight_post(route.posts[0])

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
        self.cards_button.setText(tr("map.duty_cards"))
        self.cards_button.setToolTip(tr("map.duty_cards_tip"))
        self.date_combo.setToolTip(tr("map.date_tip"))
        for k, date in enumerate(self.dates):
            self.date_combo.setItemText(k, date_label(date))
        self._fill_shifts()
        self._show_routes()
        self.map.update()
