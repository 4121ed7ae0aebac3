"""The map view (colouring, layers, picking, routes) and switching the language at run time."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from desktop import i18n
from desktop.map.geometry import build_geometry
from desktop.map.style import street_groups
from scenarios import load_scenario

from .conftest import TRAINING


def test_geometry_projects_every_segment_and_facility():
    """All segments and facilities of the training district get coordinates in metres around the centre."""
    scenario = load_scenario(TRAINING)
    g = build_geometry(scenario)
    assert len(g.segment_ids) == len(scenario.street_graph.segments)
    assert len(g.facilities["toilets"].ids) == len(scenario.facilities.toilets)
    x0, y0, x1, y1 = g.bounds
    assert x1 - x0 > 100 and y1 - y0 > 100  # a district of about a square kilometre
    assert abs((x0 + x1) / 2) < 2000 and abs((y0 + y1) / 2) < 2000


def test_street_groups_cover_each_segment_once_in_every_mode():
    """Colouring by class, grade or chief puts every segment in exactly one drawn path."""
    g = build_geometry(load_scenario(TRAINING))
    for mode in ("class", "grade", "chief"):
        rows = sorted(i for members in street_groups(g, mode).values() for i in members)
        assert rows == list(range(len(g.segment_ids))), mode


def test_clicking_a_toilet_shows_its_details(window, qtbot):
    """A click on a toilet's position picks it and the details pane names it."""
    m = window.map_tab.map
    toilet_id = window.geometry_data.facilities["toilets"].ids[0]
    x, y = window.geometry_data.facilities["toilets"].xy[0]
    screen = m.world_to_screen().map(QPointF(float(x), float(y)))
    with qtbot.waitSignal(m.picked, timeout=1000) as blocker:
        m.pick_at(screen)
    layer, picked = blocker.args
    assert picked == toilet_id or layer == "toilets"
    assert "toilet" in window.details.toPlainText().lower()


def test_clicking_a_street_picks_the_nearest_segment(window):
    """A click on the middle of a segment picks that segment when facilities are hidden."""
    m = window.map_tab.map
    for name in ("points", "toilets", "stations", "depots", "transfer"):
        window.map_tab.layer_boxes[name].setChecked(False)
    g = window.geometry_data
    mid = (g.xy[g.segment_from[5]] + g.xy[g.segment_to[5]]) / 2
    found = m.pick_at(m.world_to_screen().map(QPointF(*map(float, mid))))
    assert found is not None and found[0] == "segments"
    a, b = g.xy[g.segment_from], g.xy[g.segment_to]
    assert np.allclose((a[g.segment_ids.index(found[1])] + b[g.segment_ids.index(found[1])]) / 2, mid, atol=1.0)


def test_zoom_keeps_the_point_under_the_cursor(window):
    """Zooming about a screen point keeps the same world point under it (smooth wheel zoom relies on it)."""
    m = window.map_tab.map
    anchor = QPointF(200, 150)
    before = m.screen_to_world(anchor)
    m.zoom_by(2.0, anchor)
    after = m.screen_to_world(anchor)
    assert abs(before.x() - after.x()) < 1e-6 and abs(before.y() - after.y()) < 1e-6


def test_switching_language_relabels_the_window(window):
    """Choosing 简体中文 re-labels menus, tabs, the map toolbar and the jobs panel without reopening."""
    assert window.tabs.tabText(0) == "Map"
    window.language_actions["zh"].trigger()
    assert i18n.current_language() == "zh"
    assert window.tabs.tabText(0) == "地图"
    assert window.jobs_menu.title().startswith("任务")
    assert window.map_tab.layer_boxes["toilets"].text() == "公厕"
    assert window.jobs_panel.rows["routes"]["cancel"].text() == "取消"
    assert "道路" in [row[1] for row in window.map_tab.map.legend_entries()][0] or \
        window.map_tab.map.legend_entries()[0][1] == "主干道"
    window.language_actions["en"].trigger()
    assert window.tabs.tabText(0) == "Map"


def test_the_chosen_language_and_layout_are_kept_for_the_next_start(window, qtbot):
    """Chosen from the menu, Chinese is the language of the next start, Qt's own dialog buttons included;
    the jobs dock the user closed stays closed."""
    from PySide6.QtCore import QCoreApplication

    from desktop import preferences
    from desktop.app import make_application
    from desktop.main_window import MainWindow

    window.language_actions["zh"].trigger()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    window.jobs_dock.hide()
    window.close()
    i18n.set_language("en")  # as at a fresh start, before the saved choice is read
    make_application()
    assert preferences.saved_language() == "zh" and i18n.current_language() == "zh"
    again = MainWindow(ask_before_close=False, autosave_interval_s=3600)
    qtbot.addWidget(again)
    assert again.tabs.tabText(0) == "地图" and not again.jobs_dock.isVisibleTo(again)
    again.choose_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    again.runner.shutdown()


def test_every_message_has_both_languages():
    """No catalogue entry is missing its Chinese or English text."""
    for key, (en, zh) in i18n.MESSAGES.items():
        assert en.strip() and zh.strip(), key


def _two_route_plan(window):
    """A hand-made plan over the training district's first street nodes (test data for the overlay)."""
    from optimizer.common.plan import Plan, Route, RoutePlan, Stop

    nodes = list(window.geometry_data.node_index)
    routes = []
    for k, vehicle in enumerate(("V1", "V2")):
        path = nodes[k * 5:(k + 1) * 5]
        stops = [Stop(kind="point", ref=f"P{k}{i}", node=n, arrival_min=480 + i, departure_min=481 + i)
                 for i, n in enumerate(path)]
        routes.append(Route(id=f"R{k}", kind="garbage", vehicle=vehicle, stops=stops, path=path,
                            distance_m=1000.0 * (k + 1), duration_min=60, cost=100.0 * (k + 1)))
    part = RoutePlan(kind="garbage", routes=routes, status="feasible", cost=300.0, distance_m=3000.0)
    return Plan(parts={"garbage": part})


def test_plan_overlays_one_colour_per_vehicle_and_lists_routes(window):
    """A plan's routes appear on the map and in the list; selecting one highlights it."""
    from desktop.views.map_tab import plan_routes

    plan = _two_route_plan(window)
    window._on_job_result("routes", plan)
    tab = window.map_tab
    assert tab.map.route_count == 2
    colours = {colour for _, colour in plan_routes(plan)}
    assert len(colours) == 2
    group = tab.routes.topLevelItem(0)
    assert group.childCount() == 2 and "3.0 km" in tab.summary.text()
    assert group.child(0).text(0) == "■ Garbage collection route 1" and group.child(0).toolTip(0) == "R0"
    i18n.set_language("zh")
    assert tab.routes.topLevelItem(0).child(1).text(0) == "■ 垃圾清运 第2路"
    i18n.set_language("en")
    group = tab.routes.topLevelItem(0)
    group.child(1).setSelected(True)
    assert tab.map.route_layer.highlight == "R1"
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("sweeping"))
    assert tab.map.route_count == 0


def test_every_key_the_app_uses_is_in_the_catalogue():
    """Each literal tr('…') key in desktop/ has an entry, so no view shows a raw key to the user."""
    import re
    from pathlib import Path

    root = Path(i18n.__file__).parent
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r"""\btr\(\s*["']([a-z_]+\.[a-z_.0-9]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in i18n.MESSAGES)
    assert not missing, missing


def test_a_plan_summary_says_what_is_short_and_links_to_where_to_change_it(window):
    """Unserved work is summed up by cause with advice; the advice's link opens the tab to act in."""
    from optimizer.common.plan import Plan, RoutePlan, Unserved

    unserved = [Unserved(kind="toilets", ref=f"WC{k}", reason="staff: no toilet_cleaner of shift d is left for zone Z")
                for k in range(3)] + [Unserved(kind="toilets", ref="WC9", reason="toilet WC9 cannot be reached from base B")]
    part = RoutePlan(kind="toilets", routes=[], status="feasible", unserved=unserved)
    window._on_job_result("routes", Plan(parts={"toilets": part}))
    text = window.map_tab.summary.text()
    assert "Not done: 3 short of staff, 1 not reachable." in text and 'href="sizing"' in text
    window.map_tab.summary.linkActivated.emit("sizing")
    assert window.tabs.currentWidget() is window.views["trainer"]
    i18n.set_language("zh")
    assert "未完成：人员不足 3 项、车辆无法到达 1 项。" in window.map_tab.summary.text()


def test_a_crowded_plan_opens_on_one_kind_and_one_shift(window):
    """Over 20 routes on one map are a tangle: a big plan opens on its first kind and shift; 'all' stays a choice."""
    from optimizer.common.plan import Plan, Route, RoutePlan, Stop

    nodes = list(window.geometry_data.node_index)
    stop = Stop(kind="start", ref="D1", node=nodes[0], arrival_min=300, departure_min=300)

    def routes(kind: str, shift: str, n: int) -> list[Route]:
        return [Route(id=f"{kind}-{shift}-{k}", kind=kind, crew=f"c{kind}{shift}{k}", shift=shift, stops=[stop],
                      path=nodes[k:k + 3]) for k in range(n)]

    plan = Plan(parts={"sweeping": RoutePlan(kind="sweeping", status="feasible",
                                             routes=routes("sweeping", "early", 15) + routes("sweeping", "late", 12)),
                       "toilets": RoutePlan(kind="toilets", status="feasible", routes=routes("toilets", "toilet_day", 3))})
    window._on_job_result("routes", plan)
    tab = window.map_tab
    assert tab.kind_combo.currentData() == "sweeping" and tab.shift_combo.currentData() == "early"
    assert tab.map.route_count == 15 and tab.map.muted
    tab.shift_combo.setCurrentIndex(tab.shift_combo.findData(None))
    assert tab.map.route_count == 27


def test_in_chinese_no_english_is_left_in_the_window(window):
    from .conftest import english_left

    """Every tab, menu, button, list and header of the window, in Chinese: no English word a person reads."""
    i18n.set_language("zh")
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    for table in range(window.editor.table_list.count()):  # every table of the scenario editor
        window.editor.table_list.setCurrentRow(table)
        assert not english_left(window), english_left(window)
