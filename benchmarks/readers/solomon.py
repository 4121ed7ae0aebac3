"""Reader for Solomon VRPTW ``.txt`` instances (DIMACS conventions: distances truncated to one decimal)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import vrplib

#: Solomon distances keep one decimal: solver units are tenths.
TENTHS = 10


@dataclass(frozen=True)
class SolomonInstance:
    """Row 0 is the depot; times and distances in the file's own units."""

    name: str
    vehicles: int
    capacity: int
    coords: np.ndarray
    demands: np.ndarray
    ready: np.ndarray
    due: np.ndarray
    service: np.ndarray

    def distances_tenths(self) -> np.ndarray:
        """Euclidean distance truncated to one decimal, in tenths (exact for integer coordinates)."""
        n = len(self.coords)
        out = np.zeros((n, n), dtype=np.int64)
        for i in range(n):
            for j in range(n):
                dx = self.coords[i, 0] - self.coords[j, 0]
                dy = self.coords[i, 1] - self.coords[j, 1]
                out[i, j] = _truncated_tenths(dx, dy)
        return out


def _truncated_tenths(dx: float, dy: float) -> int:
    if float(dx).is_integer() and float(dy).is_integer():
        return math.isqrt(int(TENTHS * TENTHS * (dx * dx + dy * dy)))
    return int(math.floor(TENTHS * math.hypot(dx, dy) + 1e-9))


def read_solomon(path: str | Path) -> SolomonInstance:
    """The VEHICLE block (number, capacity) and the CUSTOMER table, parsed by ``vrplib``."""
    try:
        data = vrplib.read_instance(str(path), instance_format="solomon", compute_edge_weights=False)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"{path}: not a Solomon instance ({exc})") from None
    windows = np.asarray(data["time_window"], dtype=float)
    return SolomonInstance(
        name=data["name"], vehicles=int(data["vehicles"]), capacity=int(data["capacity"]),
        coords=np.asarray(data["node_coord"], dtype=float), demands=np.asarray(data["demand"], dtype=np.int64),
        ready=windows[:, 0], due=windows[:, 1], service=np.asarray(data["service_time"], dtype=float))
