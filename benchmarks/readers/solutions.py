"""Reader for the ``Route #k: ...`` / ``Cost X`` solution files shipped with CVRPLIB and Solomon sets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RouteSolution:
    """Routes as lists of customer numbers (1-based, depot excluded) and the stated cost."""

    routes: tuple[tuple[int, ...], ...]
    stated_cost: float | None


def read_route_solution(path: str | Path) -> RouteSolution:
    """Parse a ``.sol`` file: one ``Route #k: c1 c2 ...`` line per route and a ``Cost`` line."""
    routes = []
    cost = None
    for line in Path(path).read_text().splitlines():
        stripped = line.strip()
        if stripped.lower().startswith("route"):
            _, _, customers = stripped.partition(":")
            routes.append(tuple(int(c) for c in customers.split()))
        elif stripped.lower().startswith("cost"):
            cost = float(stripped.split()[1])
    return RouteSolution(tuple(routes), cost)
