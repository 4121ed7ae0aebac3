"""The territory map on a duty card: the district's streets in light grey, the post's streets over them,
its vendor zones, toilets, stations and hotspots marked and named."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from optimizer.common.plan import Post
from reports.charts.style import PALETTE, apply_chart_style
from reports.duty_cards.labels import bi, field, name_of
from reports.duty_cards.places import Places
from scenarios.geo import to_metres
from scenarios.model.scenario import Scenario

Line = list[tuple[float, float]]
MARGIN = 0.06  # share of the territory's extent shown around it
MIN_SPAN_M = 300.0
STREET_NAME = "#003A66"
MARKS = {  # mark kind → (marker, colour, legend words)
    "zone": ("s", PALETTE[1], "zone"), "toilet": ("o", PALETTE[2], "toilet"),
    "station": ("^", PALETTE[4], "station"), "hotspot": ("D", PALETTE[3], "hotspot_mark"),
}


@dataclass(frozen=True)
class Mark:
    kind: str
    x: float
    y: float
    label: str


def _projector(scenario: Scenario) -> Callable[[float, float], tuple[float, float]]:
    lon0, lat0 = scenario.district.center_lon, scenario.district.center_lat

    def project(lon: float, lat: float) -> tuple[float, float]:
        x, y = to_metres(lon, lat, lon0, lat0)
        return float(x), float(y)

    return project


def street_lines(scenario: Scenario) -> dict[str, Line]:
    """Each segment's course in metres: its from node, the points of its shape, its to node."""
    project = _projector(scenario)
    nodes = scenario.index.nodes
    lines = {}
    for segment in scenario.street_graph.segments:
        a, b = nodes[segment.from_node], nodes[segment.to_node]
        inner = list(zip(segment.shape[::2], segment.shape[1::2], strict=True))
        lines[segment.id] = [project(lon, lat) for lon, lat in [(a.lon, a.lat), *inner, (b.lon, b.lat)]]
    return lines


def post_marks(scenario: Scenario, post: Post, places: Places) -> list[Mark]:
    """The post's vendor zones, toilets, stations and hotspots, once each, where they are."""
    project, index = _projector(scenario), scenario.index
    marks, seen = [], set()
    for duty in post.duties:
        if duty.kind == "walk" or duty.ref in seen:
            continue
        seen.add(duty.ref)
        kind = {"check": "zone", "hotspot": "hotspot"}.get(duty.kind) or (
            "toilet" if duty.ref in index.toilets else "station")
        found = places.find(duty.ref)
        node = index.nodes.get(getattr(found, "node", None) or duty.node)
        if node is not None:
            marks.append(Mark(kind, *project(node.lon, node.lat), places.name(duty.ref, duty.node)))
    return marks


def _extent(lines: list[Line], marks: list[Mark], aspect: float) -> tuple[float, float, float, float]:
    """The territory's box with a margin, widened to the picture's shape so metres east and north match."""
    xs = [x for line in lines for x, _ in line] + [m.x for m in marks]
    ys = [y for line in lines for _, y in line] + [m.y for m in marks]
    span = max(max(xs) - min(xs), max(ys) - min(ys), MIN_SPAN_M)
    x0, x1 = min(xs) - MARGIN * span, max(xs) + MARGIN * span
    y0, y1 = min(ys) - MARGIN * span, max(ys) + MARGIN * span
    if (x1 - x0) / (y1 - y0) < aspect:
        grow = ((y1 - y0) * aspect - (x1 - x0)) / 2
        return x0 - grow, x1 + grow, y0, y1
    grow = ((x1 - x0) / aspect - (y1 - y0)) / 2
    return x0, x1, y0 - grow, y1 + grow


def _draw_marks(axes, marks: list[Mark], lang: str) -> None:
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for kind, (marker, colour, words) in MARKS.items():
        mine = [m for m in marks if m.kind == kind]
        if not mine:
            continue
        axes.scatter([m.x for m in mine], [m.y for m in mine], marker=marker, s=42, color=colour,
                     edgecolors="black", linewidths=0.5, zorder=4, label=field(words, lang))
        for m in mine:
            axes.annotate(m.label, (m.x, m.y), xytext=(5, -4), textcoords="offset points", va="top", fontsize=7,
                          path_effects=halo, zorder=5)  # below the point: street names sit above their lines


def _street_names(axes, scenario: Scenario, post: Post, lines: dict[str, Line], lang: str) -> None:
    """Each of the post's streets named once, along its middle segment."""
    by_name: dict[str, list[str]] = {}
    for segment_id in post.segments:
        segment = scenario.index.segments.get(segment_id)
        if segment is not None and segment_id in lines and (segment.name_zh or segment.name_en):
            by_name.setdefault(name_of(segment, lang), []).append(segment_id)
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    for name, ids in by_name.items():
        line = lines[ids[len(ids) // 2]]
        (ax, ay), (bx, by) = line[(len(line) - 1) // 2], line[(len(line) - 1) // 2 + 1]
        angle = math.degrees(math.atan2(by - ay, bx - ax))
        angle = angle - 180 if angle > 90 else angle + 180 if angle <= -90 else angle
        axes.text((ax + bx) / 2, (ay + by) / 2, name, rotation=angle, rotation_mode="anchor", ha="center",
                  va="bottom", fontsize=6.5, color=STREET_NAME, path_effects=halo, zorder=3)


def _scale_bar(axes, x0: float, x1: float, y0: float, y1: float) -> None:
    width = x1 - x0
    length = next(n for n in (2000, 1000, 500, 200, 100, 50) if n <= width / 5 or n == 50)
    left, base = x1 - 0.04 * width - length, y0 + 0.05 * (y1 - y0)
    axes.plot([left, left + length], [base, base], color="black", linewidth=2, zorder=6)
    axes.annotate(f"{length} m", (left + length / 2, base), xytext=(0, 3), textcoords="offset points",
                  ha="center", fontsize=7, zorder=6)


def territory_map_png(places: Places, post: Post, lines: dict[str, Line] | None = None, width_in: float = 7.3,
                      height_in: float = 3.9) -> bytes:
    """PNG of the post's territory: its streets (shape when known) over the district's, its places named.

    `lines` (from street_lines) can be passed in when drawing many posts of one scenario."""
    apply_chart_style()
    scenario, lang = places.scenario, places.lang
    lines = lines if lines is not None else street_lines(scenario)
    own = [lines[s] for s in post.segments if s in lines]
    marks = post_marks(scenario, post, places)
    x0, x1, y0, y1 = _extent(own or list(lines.values()), marks, width_in / height_in)
    figure = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.add_collection(LineCollection(list(lines.values()), colors="#C8C8C8", linewidths=0.7, zorder=1))
    if own:
        axes.add_collection(LineCollection(own, colors=PALETTE[0], linewidths=2.4, zorder=2,
                                           label=field("streets", lang)))
    _street_names(axes, scenario, post, lines, lang)
    _draw_marks(axes, marks, lang)
    _scale_bar(axes, x0, x1, y0, y1)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_axis_off()
    if own or marks:
        axes.legend(loc="upper left", fontsize=7, framealpha=0.9, title=bi(("图例", "Legend"), lang), title_fontsize=7)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200, bbox_inches=None)
    return buffer.getvalue()
