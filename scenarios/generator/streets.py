"""The street graph of a generated district: a jittered grid with arterials, one-way rows and back alleys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .names import street_name
from .spec import DistrictSpec


@dataclass
class StreetLayout:
    """Nodes and segments in local metres, before they become scenario rows."""

    node_ids: list[str] = field(default_factory=list)
    xy: list[tuple[float, float]] = field(default_factory=list)
    segments: list[dict] = field(default_factory=list)
    grid_nodes: list[str] = field(default_factory=list)
    alley_nodes: list[str] = field(default_factory=list)
    alley_names: list[str] = field(default_factory=list)
    featured_names: list[str] = field(default_factory=list)

    def add_node(self, node_id: str, x: float, y: float) -> None:
        self.node_ids.append(node_id)
        self.xy.append((round(x, 2), round(y, 2)))


def _line_class(index: int, spec: DistrictSpec) -> str:
    if index % spec.arterial_every == 0:
        return "arterial"
    if index % spec.secondary_every == 0:
        return "secondary"
    return "branch"


def _grade(street_class: str) -> int:
    return {"arterial": 1, "secondary": 2, "branch": 3, "back_alley": 4}[street_class]


WIDTH_M = {"arterial": 30.0, "secondary": 18.0, "branch": 8.0, "back_alley": 4.0}


def build_streets(spec: DistrictSpec, rng: np.random.Generator) -> StreetLayout:
    """Grid streets named per line, irregular blocks, one-way rows, featured streets and back alleys."""
    layout = StreetLayout()
    pos = _add_grid_nodes(spec, rng, layout)

    def length(a: str, b: str) -> float:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        return round(float(np.hypot(x2 - x1, y2 - y1)) * float(rng.uniform(1.0, 1.08)), 1)

    _add_streets(spec, rng, layout, _grid_lines(spec), length)
    _add_back_alleys(spec, rng, layout, pos, length)
    return layout


def _add_grid_nodes(spec: DistrictSpec, rng: np.random.Generator, layout: StreetLayout) -> dict[str, tuple[float, float]]:
    """The grid's nodes, jittered around their grid position; their positions by id."""
    jitter = spec.spacing_m * 0.18
    width = (spec.cols - 1) * spec.spacing_m
    height = (spec.rows - 1) * spec.spacing_m
    pos: dict[str, tuple[float, float]] = {}
    for r in range(spec.rows):
        for c in range(spec.cols):
            node_id = f"N{r:03d}_{c:03d}"
            x = c * spec.spacing_m - width / 2 + float(rng.uniform(-jitter, jitter))
            y = r * spec.spacing_m - height / 2 + float(rng.uniform(-jitter, jitter))
            layout.add_node(node_id, x, y)
            layout.grid_nodes.append(node_id)
            pos[node_id] = (x, y)
    return pos


def _grid_lines(spec: DistrictSpec) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """(direction, row or column, its links) of every grid line, rows first."""
    # Row streets run east-west (direction 'ew'), column streets north-south ('ns').
    lines: list[tuple[str, int, list[tuple[str, str]]]] = []
    for r in range(spec.rows):
        lines.append(("ew", r, [(f"N{r:03d}_{c:03d}", f"N{r:03d}_{c + 1:03d}") for c in range(spec.cols - 1)]))
    for c in range(spec.cols):
        lines.append(("ns", c, [(f"N{r:03d}_{c:03d}", f"N{r + 1:03d}_{c:03d}") for r in range(spec.rows - 1)]))
    return lines


def _add_streets(spec: DistrictSpec, rng: np.random.Generator, layout: StreetLayout,
                 lines: list[tuple[str, int, list[tuple[str, str]]]], length: Callable[[str, str], float]) -> None:
    """The grid lines' segments: named, classed, some one-way, some featured, some branch links dropped."""
    branch_lines = [i for i, (_, idx, _) in enumerate(lines) if _line_class(idx, spec) == "branch"]
    featured = set(int(i) for i in rng.choice(branch_lines, size=spec.featured_streets, replace=False))
    featured_order = sorted(featured)
    for line_no, (direction, idx, links) in enumerate(lines):
        street_class = _line_class(idx, spec)
        name_zh, name_en = street_name(line_no, street_class, direction)
        one_way = direction == "ew" and street_class == "branch" and idx % spec.one_way_every == 1
        reverse = one_way and (idx // spec.one_way_every) % 2 == 1
        featured_year = None
        if line_no in featured:
            featured_year = 2017 if featured_order.index(line_no) < spec.featured_2017 else 2018
            layout.featured_names.append(name_zh)
        for a, b in links:
            if street_class == "branch" and not one_way and featured_year is None and rng.random() < spec.drop_share:
                continue  # missing links make irregular blocks
            if reverse:
                a, b = b, a
            layout.segments.append(
                {
                    "id": f"S{len(layout.segments) + 1:05d}",
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "street": name_zh,
                    "from_node": a,
                    "to_node": b,
                    "length_m": length(a, b),
                    "width_m": WIDTH_M[street_class],
                    "street_class": street_class,
                    "one_way": one_way,
                    "sides": 2,
                    "cleaning_grade": 1 if featured_year else _grade(street_class),
                    "featured_year": featured_year,
                }
            )


def _add_back_alleys(spec, rng, layout: StreetLayout, pos, length) -> None:
    """Each back alley (背街小巷) crosses a block: grid node → inner node → diagonal grid node."""
    blocks = [(r, c) for r in range(spec.rows - 1) for c in range(spec.cols - 1)]
    chosen = rng.choice(len(blocks), size=spec.back_alleys, replace=False)
    for n, b in enumerate(sorted(int(i) for i in chosen)):
        r, c = blocks[b]
        a, z = f"N{r:03d}_{c:03d}", f"N{r + 1:03d}_{c + 1:03d}"
        (x1, y1), (x2, y2) = pos[a], pos[z]
        mid = f"A{n + 1:03d}"
        mx = (x1 + x2) / 2 + float(rng.uniform(-15, 15))
        my = (y1 + y2) / 2 + float(rng.uniform(-15, 15))
        layout.add_node(mid, mx, my)
        pos[mid] = (mx, my)
        layout.alley_nodes.append(mid)
        name_zh, name_en = street_name(1000 + n, "back_alley", "ew")
        layout.alley_names.append(name_zh)
        year = 2017 if n < spec.alleys_upgraded_2017 else 2018
        for u, v in ((a, mid), (mid, z)):
            layout.segments.append(
                {
                    "id": f"S{len(layout.segments) + 1:05d}",
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "street": name_zh,
                    "from_node": u,
                    "to_node": v,
                    "length_m": length(u, v),
                    "width_m": WIDTH_M["back_alley"],
                    "street_class": "back_alley",
                    "one_way": False,
                    "sides": 1,
                    "cleaning_grade": 3 if year == 2017 else 4,
                    "alley_upgrade_year": year,
                }
            )
