"""Reader for Solomon VRPTW ``.txt`` instances (DIMACS conventions: distances truncated to one decimal)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
    """Parse the VEHICLE block (number, capacity) and the CUSTOMER table."""
    lines = [line.split() for line in Path(path).read_text().splitlines() if line.strip()]
    name = lines[0][0]
    vehicles = capacity = None
    rows = []
    for k, parts in enumerate(lines):
        if parts[0].upper() == "NUMBER" and vehicles is None:
            vehicles, capacity = int(lines[k + 1][0]), int(lines[k + 1][1])
        elif len(parts) == 7 and all(_is_number(p) for p in parts):
            rows.append([float(p) for p in parts])
    if vehicles is None or capacity is None or not rows:
        raise ValueError(f"{path}: not a Solomon instance (VEHICLE block or customer rows missing)")
    table = np.array(sorted(rows, key=lambda r: r[0]))
    return SolomonInstance(
        name=name, vehicles=vehicles, capacity=capacity, coords=table[:, 1:3],
        demands=table[:, 3].astype(np.int64), ready=table[:, 4], due=table[:, 5], service=table[:, 6])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
