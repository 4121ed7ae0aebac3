"""Where an imported district's facilities go: on distinct street nodes, by deterministic rules.

Facilities the OpenStreetMap data names (toilets, transfer stations, …) are snapped to their
nearest node; the rest are placed where they belong: depots and transfer stations at well-connected
nodes on the district's edge, toilets spread out (farthest first, DOMAIN.md's 500–800 m spacing),
collection points along residential and commercial streets weighted by building density.
A node holds one facility unless the data itself puts two there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from ..geo import to_metres

CLASS_RANK = {"arterial": 0, "secondary": 1, "branch": 2, "back_alley": 3}
DENSITY_RADIUS_M = 150.0  # buildings within a short walk of a collection point (DOMAIN §4: ≤70 m to a bin)


@dataclass
class NodeTable:
    """The street nodes as arrays in metres, with what touches each one."""

    ids: list[str]
    xy: np.ndarray  # (n, 2) metres about the district centre
    degree: np.ndarray  # segments meeting at the node
    rank: np.ndarray  # best street class at the node (0 arterial … 3 back alley)
    street_m: np.ndarray  # (n, 4): half the length of the node's segments, by class
    density: np.ndarray  # buildings within DENSITY_RADIUS_M
    taken: set[int] = field(default_factory=set)

    def free(self, mask: np.ndarray | None = None) -> np.ndarray:
        """Indices of nodes no facility holds yet (within ``mask``)."""
        ok = np.ones(len(self.ids), dtype=bool) if mask is None else mask.copy()
        if self.taken:
            ok[list(self.taken)] = False
        return np.flatnonzero(ok)

    def take(self, index: int) -> str:
        self.taken.add(int(index))
        return self.ids[int(index)]


def node_table(graph: dict, centre: tuple[float, float], buildings: np.ndarray) -> NodeTable:
    """Arrays of the street graph's nodes; ``buildings`` is (k, 2) lon/lat of building centroids."""
    ids = [n["id"] for n in graph["nodes"]]
    index = {n: i for i, n in enumerate(ids)}
    x, y = to_metres(np.array([n["lon"] for n in graph["nodes"]]), np.array([n["lat"] for n in graph["nodes"]]), *centre)
    xy = np.column_stack([x, y])
    degree = np.zeros(len(ids), dtype=int)
    rank = np.full(len(ids), 3, dtype=int)
    street_m = np.zeros((len(ids), 4))
    for g in graph["segments"]:
        r = CLASS_RANK[g["street_class"]]
        for end in (index[g["from_node"]], index[g["to_node"]]):
            degree[end] += 1
            rank[end] = min(rank[end], r)
            street_m[end, r] += g["length_m"] / 2
    density = np.zeros(len(ids))
    if len(buildings):
        bx, by = to_metres(buildings[:, 0], buildings[:, 1], *centre)
        tree = cKDTree(np.column_stack([bx, by]))
        density = np.array([len(found) for found in tree.query_ball_point(xy, DENSITY_RADIUS_M)], dtype=float)
    return NodeTable(ids, xy, degree, rank, street_m, density)


def snap(table: NodeTable, lonlat: list[tuple[float, float]], centre: tuple[float, float],
         max_m: float) -> list[tuple[int, float]]:
    """Nearest node and distance (m) of each point; (-1, d) when farther than ``max_m``."""
    if not lonlat:
        return []
    pts = np.array(lonlat, dtype=float)
    x, y = to_metres(pts[:, 0], pts[:, 1], *centre)
    dist, idx = cKDTree(table.xy).query(np.column_stack([x, y]))
    return [(int(i) if d <= max_m else -1, float(d)) for i, d in zip(idx, dist, strict=True)]


def edge_hubs(table: NodeTable, k: int) -> list[int]:
    """k well-connected nodes (junctions of main roads) far out on the edge, one per sector around the centre."""
    if k <= 0:
        return []
    for mask in ((table.degree >= 3) & (table.rank <= 1), table.degree >= 3, np.ones(len(table.ids), dtype=bool)):
        candidates = table.free(mask)
        if len(candidates) >= k:
            break
    else:  # a street graph this small: facilities must share nodes
        candidates = np.arange(len(table.ids))
    centre = table.xy.mean(axis=0)
    rel = table.xy[candidates] - centre
    angle = (np.arctan2(rel[:, 1], rel[:, 0]) + np.pi) / (2 * np.pi)
    radius = np.hypot(rel[:, 0], rel[:, 1])
    chosen: list[int] = []
    for s in range(k):
        in_sector = (angle >= s / k) & (angle < (s + 1) / k)
        pool = candidates[in_sector] if in_sector.any() else candidates
        order = np.lexsort((pool, -radius[np.searchsorted(candidates, pool)]))
        pick = next((int(pool[j]) for j in order if int(pool[j]) not in chosen), None)
        if pick is None:  # the sector's nodes are all taken: the farthest free node anywhere (shared if none)
            by_radius = [int(c) for c in candidates[np.argsort(-radius, kind="stable")]]
            pick = next((c for c in by_radius if c not in chosen), by_radius[s % len(by_radius)])
        chosen.append(pick)
    for i in chosen:
        table.take(i)
    return chosen


def spread(table: NodeTable, n: int, mask: np.ndarray, around: list[int]) -> list[int]:
    """n free nodes in ``mask``, each as far as possible from the ones before (and from ``around``)."""
    candidates = table.free(mask)
    if len(candidates) == 0 or n <= 0:
        return []
    pts = table.xy[candidates]
    if around:
        gap = cKDTree(table.xy[around]).query(pts)[0]
    else:  # start from the most central candidate
        gap = np.full(len(candidates), np.inf)
        gap[int(np.argmin(np.hypot(*(pts - table.xy.mean(axis=0)).T)))] = 1e18
    chosen = []
    for _ in range(min(n, len(candidates))):
        j = int(np.argmax(gap))
        chosen.append(int(candidates[j]))
        gap = np.minimum(gap, np.hypot(*(pts - pts[j]).T))
        gap[j] = -1.0
    for i in chosen:
        table.take(i)
    return chosen


def weighted(table: NodeTable, n: int, weight: np.ndarray, rng: np.random.Generator) -> list[int]:
    """n distinct free nodes drawn with probability ∝ weight (fewer when fewer nodes have weight)."""
    candidates = table.free(weight > 0)
    n = min(n, len(candidates))
    if n == 0:
        return []
    p = weight[candidates] / weight[candidates].sum()
    chosen = [int(i) for i in rng.choice(candidates, size=n, replace=False, p=p)]
    for i in chosen:
        table.take(i)
    return chosen


def residential_weight(table: NodeTable) -> np.ndarray:
    """Homes line branch streets and lanes; more buildings nearby, more waste."""
    street = table.street_m[:, 1] * 0.5 + table.street_m[:, 2] + table.street_m[:, 3]
    return street * (1.0 + table.density)


def commercial_weight(table: NodeTable) -> np.ndarray:
    """Shops and restaurants line main and secondary streets where buildings are dense."""
    street = table.street_m[:, 0] + table.street_m[:, 1] + 0.3 * table.street_m[:, 2]
    return street * (1.0 + table.density) ** 2
