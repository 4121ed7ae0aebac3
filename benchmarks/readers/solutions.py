"""Reader for the ``Route #k: ...`` / ``Cost X`` solution files shipped with CVRPLIB and Solomon sets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import vrplib


@dataclass(frozen=True)
class RouteSolution:
    """Routes as lists of customer numbers (1-based, depot excluded) and the stated cost."""

    routes: tuple[tuple[int, ...], ...]
    stated_cost: float | None


def read_route_solution(path: str | Path) -> RouteSolution:
    """A ``.sol`` file (``Route #k: c1 c2 ...`` lines and a ``Cost`` line), parsed by ``vrplib``."""
    data = vrplib.read_solution(str(path))
    cost = data.get("cost")
    return RouteSolution(tuple(tuple(int(c) for c in route) for route in data["routes"]),
                         None if cost is None else float(cost))
