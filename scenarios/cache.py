"""Derived data cached per scenario object (scenarios are immutable, so identity is a safe key)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from .model import Scenario

T = TypeVar("T")


def per_scenario(build: Callable[[Scenario], T], size: int = 4) -> Callable[[Scenario], T]:
    """Wrap ``build`` so each of the last ``size`` scenarios it saw is built for once."""
    cache: dict[int, tuple[Scenario, T]] = {}

    @functools.wraps(build)
    def cached(scenario: Scenario) -> T:
        hit = cache.get(id(scenario))
        if hit is not None and hit[0] is scenario:
            return hit[1]
        if len(cache) >= size:
            cache.pop(next(iter(cache)))
        value = build(scenario)
        cache[id(scenario)] = (scenario, value)
        return value

    return cached
