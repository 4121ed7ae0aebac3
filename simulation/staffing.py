"""Who turns up: each day's absences and spare workers, decided at midnight for every route at once.

The day's spare pool goes to absent seats in plan order (route by route, seat by seat), so the
crews a day gets do not depend on the order in which SimPy happens to start shifts that begin at
the same minute (and a batched shift needs no event of its own to be staffed). Without a roster
the pool is per skill (the workers not in a seat); with one (``duty.py``) it is per (skill,
shift): the people rostered on a shift beyond its seats, and seats the roster leaves empty are
short before anyone is absent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scenarios.model.common import Skill

if TYPE_CHECKING:
    from .draws import RouteDraws
    from .routes import CompiledRoute

PoolKey = Skill | tuple[Skill, str]  # a spare pool's key: the skill, or (skill, shift) with a roster


class Staffing:
    """Crew seats of all routes, and the day's (workers present, service-time factor) per route."""

    def __init__(self, routes: list[CompiledRoute], draws: RouteDraws, absence_rate: float, slowdown: float) -> None:
        self.draws = draws
        self.rate = absence_rate
        self.slowdown = slowdown
        self.seats = draws.seats
        self.seat_skill = [skill for r in routes for skill in r.crew_skills]
        self.seat_key = [(skill, r.shift or "") for r in routes for skill in r.crew_skills]
        self.no_seats = self.seats == 0
        self.present = np.where(self.no_seats, 1, self.seats)
        self.factor = np.ones(len(routes))

    def staff_day(self, day: int, pool: dict[PoolKey, int], short: dict[tuple[Skill, str], int] | None = None,
                  active: np.ndarray | None = None) -> tuple[int, int]:
        """Fill `present` and `factor` for `day` from the day's pool (changed in place).

        ``pool`` is keyed by skill, or by (skill, shift) when ``short`` is given (a roster): the seats
        ``short`` names (the last of their kind in plan order) go unfilled first. ``active``: the routes
        that run that day (dated beats, schedule.py); the seats of the others are neither absent nor
        short. Returns (absences, seats left unfilled).
        """
        present = np.where(self.no_seats, 1, self.seats)
        essential = np.zeros(len(present), dtype=bool)
        seat_route, seat_no = self.draws.seat_route, self.draws.seat_no
        seat_on = active[seat_route] if active is not None else None
        unfilled = 0
        by_shift = short is not None
        if short:
            left = dict(short)
            for s in range(len(self.seat_key) - 1, -1, -1):
                key = self.seat_key[s]
                if left.get(key, 0) > 0 and (seat_on is None or seat_on[s]):
                    left[key] -= 1
                    k = seat_route[s]
                    present[k] -= 1
                    essential[k] |= seat_no[s] == 0
                    unfilled += 1
        absences = 0
        if self.rate > 0:
            absent = self.draws.seat_uniforms(day) < self.rate
            if seat_on is not None:
                absent &= seat_on
            for s in np.flatnonzero(absent).tolist():
                absences += 1
                pool_key = self.seat_key[s] if by_shift else self.seat_skill[s]
                if pool.get(pool_key, 0) > 0:
                    pool[pool_key] -= 1
                else:
                    k = seat_route[s]
                    present[k] -= 1
                    essential[k] |= seat_no[s] == 0  # the first seat drives (or is the only worker)
                    unfilled += 1
        present[(essential | (present <= 0)) & ~self.no_seats] = 0
        self.present = present
        self.factor = np.where((present == self.seats) | self.no_seats, 1.0, self.slowdown)
        return absences, unfilled
