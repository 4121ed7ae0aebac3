"""Who turns up: each day's absences and spare workers, decided at midnight for every route at once.

The day's spare pool per skill goes to absent seats in plan order (route by route, seat by seat),
so the crews a day gets do not depend on the order in which SimPy happens to start shifts that
begin at the same minute (and a batched shift needs no event of its own to be staffed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .draws import RouteDraws
    from .routes import CompiledRoute


class Staffing:
    """Crew seats of all routes, and the day's (workers present, service-time factor) per route."""

    def __init__(self, routes: list[CompiledRoute], draws: RouteDraws, absence_rate: float, slowdown: float) -> None:
        self.draws = draws
        self.rate = absence_rate
        self.slowdown = slowdown
        self.seats = draws.seats
        self.seat_skill = [skill for r in routes for skill in r.crew_skills]
        self.no_seats = self.seats == 0
        self.present = np.where(self.no_seats, 1, self.seats)
        self.factor = np.ones(len(routes))

    def staff_day(self, day: int, pool: dict[str, int]) -> int:
        """Fill `present` and `factor` for `day` from the day's pool (changed in place); returns absences."""
        present = np.where(self.no_seats, 1, self.seats)
        absences = 0
        if self.rate > 0:
            draws = self.draws
            u = draws.seat_uniforms(day)
            essential = np.zeros(len(present), dtype=bool)
            seat_route, seat_no = draws.seat_route, draws.seat_no
            for s in np.flatnonzero(u < self.rate).tolist():
                absences += 1
                skill = self.seat_skill[s]
                if pool.get(skill, 0) > 0:
                    pool[skill] -= 1
                else:
                    k = seat_route[s]
                    present[k] -= 1
                    essential[k] |= seat_no[s] == 0  # the first seat drives (or is the only worker)
            present[(essential | (present <= 0)) & ~self.no_seats] = 0
        self.present = present
        self.factor = np.where((present == self.seats) | self.no_seats, 1.0, self.slowdown)
        return absences
