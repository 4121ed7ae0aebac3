"""A synthetic but OSM-shaped city district, written as .osm (XML) or .osm.pbf, for tests and the import benchmark.

Streets are a bent grid (every block edge its own way, as OSM editors often split them, with two shape
vertices), tagged primary, tertiary, residential (some one-way), with service alleys through blocks,
skipped footways, buildings with levels, toilets, a transfer station and a named place. Same size and
seed give the same file. Real extracts are read the same way; this one only lets the tests and the
benchmark choose the size.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

LON0, LAT0 = 103.93, 30.58
STEP_DEG = 0.0012  # about 120 m between grid lines


class _City:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.nodes: list[tuple[int, float, float, dict[str, str]]] = []
        self.ways: list[tuple[int, list[int], dict[str, str]]] = []

    def node(self, lon: float, lat: float, **tags: str) -> int:
        self.nodes.append((len(self.nodes) + 1, round(lon, 7), round(lat, 7), tags))
        return len(self.nodes)

    def way(self, refs: list[int], **tags: str) -> None:
        self.ways.append((len(self.ways) + 1, refs, tags))


def _line_tags(k: int, vertical: bool) -> dict[str, str]:
    if k % 8 == 0:
        return {"highway": "primary", "name": f"{'南北' if vertical else '东西'}大道{k // 8 + 1}",
                "name:en": f"{'North-South' if vertical else 'East-West'} Avenue {k // 8 + 1}"}
    if k % 4 == 0:
        return {"highway": "tertiary", "name": f"{'纵' if vertical else '横'}{k}路"}
    tags = {"highway": "residential", "name": f"{'纵' if vertical else '横'}{k}街"}
    if k % 3 == 0:
        tags["oneway"] = "yes" if (k // 3) % 2 else "-1"
    return tags


def build_city(cols: int, rows: int, seed: int = 1) -> _City:
    """Grid of cols × rows junctions, its streets, alleys, buildings and facilities."""
    c = _City(seed)
    jitter = STEP_DEG * 0.08
    grid = [[c.node(LON0 + i * STEP_DEG + c.rng.uniform(-jitter, jitter), LAT0 + j * STEP_DEG + c.rng.uniform(-jitter, jitter))
             for i in range(cols)] for j in range(rows)]
    xy = {n: (lon, lat) for n, lon, lat, _ in c.nodes}

    def edge(a: int, b: int, tags: dict[str, str]) -> int:
        """A block edge with two bent shape vertices; returns its middle vertex (alleys join there)."""
        (x1, y1), (x2, y2) = xy[a], xy[b]
        bend = c.rng.uniform(-jitter, jitter, size=2)
        m1 = c.node(x1 + (x2 - x1) / 3 + bend[0], y1 + (y2 - y1) / 3 + bend[1])
        m2 = c.node(x1 + 2 * (x2 - x1) / 3 + bend[1], y1 + 2 * (y2 - y1) / 3 + bend[0])
        c.way([a, m1, m2, b], **tags)
        return m1

    across: dict[tuple[int, int], int] = {}
    for j in range(rows):
        for i in range(cols - 1):
            across[(j, i)] = edge(grid[j][i], grid[j][i + 1], _line_tags(j, False))
    for i in range(cols):
        for j in range(rows - 1):
            edge(grid[j][i], grid[j + 1][i], _line_tags(i, True))
    _blocks(c, grid, across, rows, cols, xy)
    _facilities(c, cols, rows)
    return c


def _blocks(c: _City, grid: list[list[int]], across: dict, rows: int, cols: int, xy: dict) -> None:
    """Per block: a service alley in one block of three, a footway in some, and two to four buildings."""
    for j in range(rows - 1):
        for i in range(cols - 1):
            if (i + j) % 3 == 0:
                c.way([across[(j, i)], across[(j + 1, i)]], highway="service", name=f"{j}-{i}巷")
            if (i * 7 + j) % 5 == 0:
                c.way([grid[j][i], grid[j + 1][i + 1]], highway="footway")
            x0, y0 = xy[grid[j][i]]
            for _ in range(int(c.rng.integers(2, 5))):
                bx = x0 + STEP_DEG * c.rng.uniform(0.15, 0.75)
                by = y0 + STEP_DEG * c.rng.uniform(0.15, 0.75)
                d = STEP_DEG * 0.08
                corners = [c.node(bx, by), c.node(bx + d, by), c.node(bx + d, by + d), c.node(bx, by + d)]
                c.way([*corners, corners[0]], building="apartments", **{"building:levels": str(int(c.rng.integers(2, 12)))})


def _facilities(c: _City, cols: int, rows: int) -> None:
    w, h = (cols - 1) * STEP_DEG, (rows - 1) * STEP_DEG
    for k in range(max(1, cols * rows // 60)):
        c.node(LON0 + w * c.rng.uniform(0.05, 0.95), LAT0 + h * c.rng.uniform(0.05, 0.95), amenity="toilets",
               name=f"公厕{k + 1}")
    x, y = LON0 + w * 0.98, LAT0 + h * 0.02
    d = STEP_DEG * 0.2
    corners = [c.node(x, y), c.node(x + d, y), c.node(x + d, y + d), c.node(x, y + d)]
    c.way([*corners, corners[0]], amenity="waste_transfer_station", name="城东垃圾压缩中转站")
    c.node(LON0 + w / 2, LAT0 + h / 2, place="suburb", name="测试街道", **{"name:en": "Test Subdistrict"})


def write_city(path: Path, cols: int, rows: int, seed: int = 1) -> Path:
    """Write the city as OSM XML (.osm) or PBF (.osm.pbf), by the file name."""
    import osmium
    import osmium.osm.mutable as mut

    city = build_city(cols, rows, seed)
    path.unlink(missing_ok=True)
    with osmium.SimpleWriter(str(path)) as writer:
        for i, lon, lat, tags in city.nodes:
            writer.add_node(mut.Node(id=i, location=(lon, lat), tags=tags))
        for i, refs, tags in city.ways:
            writer.add_way(mut.Way(id=i, nodes=refs, tags=tags))
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.osm_city", description=__doc__)
    p.add_argument("--cols", type=int, default=20)
    p.add_argument("--rows", type=int, default=15)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("out", type=Path, help=".osm or .osm.pbf")
    args = p.parse_args(argv)
    write_city(args.out, args.cols, args.rows, args.seed)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
