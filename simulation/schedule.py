"""Which routes run on which simulated day: dated beats of a duty horizon, cycled past its end.

A route with a ``date`` (a beat planned for one date of a duty horizon) runs only on the simulated
day that date stands for; a route without one runs every day. The plan's horizon is the sorted
distinct dates of its dated routes. A simulated date the horizon holds stands for itself; any
other date stands for the horizon date at the same offset from the horizon's first date, modulo
the horizon's length (so a 28-day patrol plan drives a simulation of any length, and a
simulation that starts before the horizon lines up the same way). A route that does not run on a
day counts nowhere that day: no seat, no absence, no cost, no skipped stop, no utilization.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from scenarios.errors import DataError

if TYPE_CHECKING:
    from .routes import CompiledRoute


def parse_route_date(text: str | None, route_id: str) -> str | None:
    """A plan route's date, checked (YYYY-MM-DD) and normalised; None stays None (every day)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise DataError(f"plan route {route_id}: date must be a date as YYYY-MM-DD (got {text!r})") from None


class Schedule:
    """The dated routes of a compiled plan by date, and the horizon date each simulated date stands for."""

    def __init__(self, routes: list[CompiledRoute]) -> None:
        self.horizon = sorted({r.date for r in routes if r.date is not None})
        self._first = dt.date.fromisoformat(self.horizon[0]) if self.horizon else None
        self._known = set(self.horizon)
        self.undated = np.array([r.date is None for r in routes], dtype=bool)
        self._by_date: dict[str, list[int]] = {}
        for r in routes:
            if r.date is not None:
                self._by_date.setdefault(r.date, []).append(r.index)
        self._masks: dict[str | None, np.ndarray] = {}

    @property
    def dated(self) -> bool:
        return bool(self.horizon)

    def plan_date(self, date: dt.date) -> str | None:
        """The horizon date whose dated routes run on `date` (None: the plan has no dated routes)."""
        if self._first is None:
            return None
        text = date.isoformat()
        if text in self._known:
            return text
        return self.horizon[(date - self._first).days % len(self.horizon)]

    def active(self, plan_date: str | None) -> np.ndarray:
        """Per route: whether it runs on a day standing for `plan_date` (the undated ones always do)."""
        mask = self._masks.get(plan_date)
        if mask is None:
            mask = self.undated.copy()
            if plan_date is not None:
                mask[self._by_date.get(plan_date, [])] = True
            self._masks[plan_date] = mask
        return mask
