"""The map on a route sheet: the streets around the route, the path driven or walked, numbered stops."""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from optimizer.common.plan import Route
from reports.charts.style import apply_chart_style
from scenarios.model.scenario import Scenario

MARGIN = 0.08  # share of the route's extent shown around it
PATH_COLOUR = "#0072B2"
STOP_COLOURS = {"point": "#D55E00", "toilet": "#009E73", "unload": "#000000", "break": "#CC79A7",
                "hotspot": "#E69F00", "refill": "#56B4E9"}
MAX_LABELS = 60  # beyond this, numbers would cover the map: the table carries them


def _projected(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Node positions in metres east/north of the district's mean position (flat projection: a district is small)."""
    nodes = scenario.street_graph.nodes
    lat0 = sum(n.lat for n in nodes) / len(nodes)
    lon0 = sum(n.lon for n in nodes) / len(nodes)
    scale = math.cos(math.radians(lat0))
    return {n.id: ((n.lon - lon0) * 111_320 * scale, (n.lat - lat0) * 110_540) for n in nodes}


def route_map_png(scenario: Scenario, route: Route, numbers: dict[int, int], width_in: float = 7.2,
                  height_in: float = 4.6) -> bytes:
    """PNG of the route over its streets; `numbers` maps a stop's position in the route to its row number."""
    apply_chart_style()
    xy = _projected(scenario)
    nodes = [n for n in route.path if n in xy] or [s.node for s in route.stops if s.node in xy]
    xs, ys = [xy[n][0] for n in nodes], [xy[n][1] for n in nodes]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 300.0)
    x0, x1 = min(xs) - MARGIN * span, max(xs) + MARGIN * span
    y0, y1 = min(ys) - MARGIN * span, max(ys) + MARGIN * span
    # Widen the shorter side to the picture's shape, so metres east and north are drawn alike.
    wanted = width_in / height_in
    if (x1 - x0) / (y1 - y0) < wanted:
        grow = ((y1 - y0) * wanted - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) / wanted - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    figure = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    streets = []
    for segment in scenario.street_graph.segments:
        (ax_, ay), (bx, by) = xy[segment.from_node], xy[segment.to_node]
        if max(ax_, bx) >= x0 and min(ax_, bx) <= x1 and max(ay, by) >= y0 and min(ay, by) <= y1:
            streets.append(((ax_, ay), (bx, by)))
    axes.add_collection(LineCollection(streets, colors="#BBBBBB", linewidths=0.6, zorder=1))
    axes.plot(xs, ys, color=PATH_COLOUR, linewidth=2.0, alpha=0.8, zorder=2)
    labelled = 0
    for position, stop in enumerate(route.stops):
        if stop.node not in xy:
            continue
        x, y = xy[stop.node]
        if stop.kind in ("start", "end"):
            axes.plot(x, y, marker="s", color="#000000", markersize=7, zorder=4)
            continue
        if stop.kind == "segment":
            continue  # the path shows the swept streets; the table lists them
        axes.plot(x, y, marker="o", color=STOP_COLOURS.get(stop.kind, "#555555"), markersize=5, zorder=3)
        if labelled < MAX_LABELS and position in numbers:
            axes.annotate(str(numbers[position]), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=7, zorder=5)
            labelled += 1
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()
