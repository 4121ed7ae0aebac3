"""Reader for VRPLIB ``.vrp`` CVRP instances with EUC_2D distances (CVRPLIB sets A, B, P, X …)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class CvrpInstance:
    """Node 0 is the depot, nodes 1..n the customers (VRPLIB node i+1 is node i here)."""

    name: str
    capacity: int
    coords: np.ndarray
    demands: np.ndarray

    def distances(self) -> np.ndarray:
        """TSPLIB EUC_2D: Euclidean distance rounded to the nearest integer (nint, halves up)."""
        diff = self.coords[:, None, :] - self.coords[None, :, :]
        return np.floor(np.sqrt((diff**2).sum(axis=2)) + 0.5).astype(np.int64)


def read_cvrplib(path: str | Path) -> CvrpInstance:
    """Parse NAME, CAPACITY, EDGE_WEIGHT_TYPE (EUC_2D only), NODE_COORD_SECTION, DEMAND_SECTION, DEPOT_SECTION."""
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = line
            sections[current] = []
        elif ":" in line and current is None:
            key, _, value = line.partition(":")
            header[key.strip().upper()] = value.strip()
        elif current is not None:
            sections[current].append(line.split())
    weight_type = header.get("EDGE_WEIGHT_TYPE", "EUC_2D")
    if weight_type != "EUC_2D":
        raise ValueError(f"{path}: EDGE_WEIGHT_TYPE {weight_type!r} not supported (expected EUC_2D)")
    coords = {int(row[0]): (float(row[1]), float(row[2])) for row in sections["NODE_COORD_SECTION"]}
    demands = {int(row[0]): int(row[1]) for row in sections["DEMAND_SECTION"]}
    depots = [int(row[0]) for row in sections.get("DEPOT_SECTION", [["1"]]) if int(row[0]) >= 0]
    if len(depots) != 1:
        raise ValueError(f"{path}: expected one depot (got {depots})")
    order = [depots[0]] + sorted(n for n in coords if n != depots[0])
    return CvrpInstance(
        name=header.get("NAME", Path(path).stem),
        capacity=int(header["CAPACITY"]),
        coords=np.array([coords[n] for n in order]),
        demands=np.array([demands.get(n, 0) for n in order], dtype=np.int64),
    )

