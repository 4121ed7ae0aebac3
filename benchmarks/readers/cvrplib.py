"""Reader for VRPLIB ``.vrp`` CVRP instances with EUC_2D distances (CVRPLIB sets A, B, P, X …)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import vrplib


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
    """An EUC_2D instance parsed by ``vrplib``; distances keep TSPLIB's nint rounding (``distances``)."""
    data = vrplib.read_instance(str(path), compute_edge_weights=False)
    weight_type = data.get("edge_weight_type", "EUC_2D")
    if weight_type != "EUC_2D":
        raise ValueError(f"{path}: EDGE_WEIGHT_TYPE {weight_type!r} not supported (expected EUC_2D)")
    depots = [int(d) for d in np.atleast_1d(data.get("depot", [0]))]
    if len(depots) != 1:
        raise ValueError(f"{path}: expected one depot (got {depots})")
    coords, demands = np.asarray(data["node_coord"], dtype=float), np.asarray(data["demand"], dtype=np.int64)
    order = [depots[0]] + [n for n in range(len(coords)) if n != depots[0]]
    return CvrpInstance(name=data.get("name", Path(path).stem), capacity=int(data["capacity"]),
                        coords=coords[order], demands=demands[order])
