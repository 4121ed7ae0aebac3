"""Facilities, collection points, zones and chiefs' territories placed on a generated street layout."""

from __future__ import annotations

import numpy as np

from .names import stem
from .spec import DistrictSpec
from .streets import StreetLayout


def kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 20) -> np.ndarray:
    """Cluster labels by Lloyd's algorithm from a seeded start (territories, zones)."""
    centres = points[rng.choice(len(points), size=k, replace=False)].copy()
    labels = np.zeros(len(points), dtype=int)
    for _ in range(iterations):
        d = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = d.argmin(axis=1)
        for j in range(k):
            members = points[labels == j]
            if len(members):
                centres[j] = members.mean(axis=0)
    return labels


def zone_of(x: float, y: float, bounds: tuple[float, float, float, float], units: int) -> int:
    """Zones are a grid of rectangles (2 rows × units/2 columns, or one zone)."""
    if units == 1:
        return 0
    x0, y0, x1, y1 = bounds
    cols = units // 2
    col = min(cols - 1, int((x - x0) / (x1 - x0 + 1e-9) * cols))
    row = 0 if y < (y0 + y1) / 2 else 1
    return row * cols + col


def pick_nodes(candidates: list[str], n: int, rng: np.random.Generator, spread: np.ndarray | None = None) -> list[str]:
    """n distinct nodes (with replacement only when there are fewer candidates than n)."""
    replace = n > len(candidates)
    idx = rng.choice(len(candidates), size=n, replace=replace, p=spread)
    return [candidates[int(i)] for i in idx]


def edge_nodes(layout: StreetLayout, spec: DistrictSpec, k: int) -> list[str]:
    """k grid nodes spread along the district's edge (depots, stations sit at the fringe)."""
    ring = [f"N{0:03d}_{c:03d}" for c in range(spec.cols)]
    ring += [f"N{r:03d}_{spec.cols - 1:03d}" for r in range(1, spec.rows)]
    ring += [f"N{spec.rows - 1:03d}_{c:03d}" for c in range(spec.cols - 2, -1, -1)]
    ring += [f"N{r:03d}_{0:03d}" for r in range(spec.rows - 2, 0, -1)]
    step = len(ring) / k
    return [ring[int(i * step + step / 3) % len(ring)] for i in range(k)]


def centre_weights(layout: StreetLayout, nodes: list[str]) -> np.ndarray:
    """Denser near the centre: demand and facilities cluster in the urban core."""
    xy = dict(zip(layout.node_ids, layout.xy, strict=True))
    pts = np.array([xy[n] for n in nodes])
    r = np.hypot(pts[:, 0], pts[:, 1])
    w = np.exp(-r / (r.max() * 0.6 + 1))
    return w / w.sum()


def facility_name(kind_zh: str, kind_en: str, i: int) -> tuple[str, str]:
    zh, en = stem(i * 7 + 3)
    return f"{zh}{kind_zh}", f"{en} {kind_en}"
