"""What we plan: routes (garbage, sweeping, toilets, patrols), territories and crew rosters.

``solve_routes`` and ``RouteParams`` (from ``optimizer.solve``) are loaded on first use, so the
routing engines' worker processes, which import ``optimizer.routing.*``, stay light.
"""

from __future__ import annotations

from typing import Any

_LAZY = {"solve_routes", "RouteParams", "KINDS", "kinds_of"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from optimizer import solve

        return getattr(solve, name)
    raise AttributeError(f"module 'optimizer' has no attribute {name!r}")


__all__ = sorted(_LAZY)
