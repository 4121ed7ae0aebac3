"""Per-route random numbers, drawn a block of days at a time (two numpy calls per route and block).

Every route has its own stream (``stream(seed, replication, "route", route id)``), so removing a
route changes no other route's numbers (common random numbers). At the midnight that starts a
block of ``BLOCK_DAYS`` days each route draws, for every day of the block, a travel and a service
multiplier per stop (mean-1 lognormal) and one uniform per crew seat (absences) plus one for the
vehicle's time to failure. What a route-day uses thus depends only on seed, replication, route and
day, not on when or in which order the model reads it: the stop-by-stop run (``lookahead=False``)
and the batched foot crews (``crew_batch.py``) see the same numbers.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .routes import derived
from .streams import stream

if TYPE_CHECKING:
    from .routes import CompiledRoute

BLOCK_DAYS = 8


class RouteDraws:
    """The current block of every route's draws in two flat arrays (offsets per route)."""

    def __init__(self, seed: int, replication: int, routes: list[CompiledRoute], travel_cv: float,
                 service_cv: float) -> None:
        self.rngs = [stream(seed, replication, "route", r.id) for r in routes]
        self.__dict__.update(layout_of(routes, travel_cv, service_cv))
        self.z = np.empty(int(self.z_off[-1]))
        self.u = np.empty(int(self.u_off[-1]))
        self.block = -1

    n: np.ndarray
    seats: np.ndarray
    z_off: np.ndarray
    u_off: np.ndarray
    u_step: np.ndarray
    seat_route: np.ndarray
    seat_no: np.ndarray
    seat_base: np.ndarray
    seat_step: np.ndarray
    _sigma: np.ndarray

    def ensure(self, day: int) -> None:
        """Draw the block holding `day` (called at each midnight; draws only when a new block starts)."""
        block = day // BLOCK_DAYS
        if block == self.block:
            return
        self.block = block
        z, u, zo, uo = self.z, self.u, self.z_off.tolist(), self.u_off.tolist()
        for k, rng in enumerate(self.rngs):
            if zo[k + 1] > zo[k]:
                rng.standard_normal(out=z[zo[k]:zo[k + 1]])
            rng.random(out=u[uo[k]:uo[k + 1]])
        # Mean-1 lognormal multipliers (sigma 0, i.e. cv 0, gives exactly 1).
        np.multiply(z, self._sigma, out=z)
        z -= 0.5 * self._sigma * self._sigma
        np.exp(z, out=z)

    def noise(self, k: int, day: int) -> tuple[list[float], list[float]]:
        """Travel and service multipliers of route k's stops on `day` (its block must be current)."""
        n = int(self.n[k])
        j = day % BLOCK_DAYS
        base = int(self.z_off[k])
        a = base + j * n
        b = base + (BLOCK_DAYS + j) * n
        return self.z[a:a + n].tolist(), self.z[b:b + n].tolist()

    def seat_uniforms(self, day: int) -> np.ndarray:
        """One uniform per crew seat of every route on `day`, routes in plan order."""
        return self.u[self.seat_base + (day % BLOCK_DAYS) * self.seat_step]

    def failure_uniform(self, k: int, day: int) -> float:
        """Route k's draw for its vehicle's time to failure on `day`."""
        step = int(self.u_step[k])
        return float(self.u[int(self.u_off[k]) + (day % BLOCK_DAYS) * step + step - 1])


def layout_of(routes: list[CompiledRoute], travel_cv: float, service_cv: float) -> dict[str, np.ndarray]:
    """Where each route's draws sit in the flat arrays (built once per compiled plan)."""
    return derived(routes, ("draws", travel_cv, service_cv), lambda: _layout(routes, travel_cv, service_cv))


def _layout(routes: list[CompiledRoute], travel_cv: float, service_cv: float) -> dict[str, np.ndarray]:
    d = BLOCK_DAYS
    n = np.array([len(r) for r in routes], dtype=np.int64)
    seats = np.array([len(r.crew_skills) for r in routes], dtype=np.int64)
    # Normals: per route [travel: days × stops | service: days × stops].
    z_off = np.concatenate(([0], np.cumsum(2 * d * n)))
    sigma = lambda cv: math.sqrt(math.log1p(cv * cv))  # noqa: E731
    st, ss = sigma(travel_cv), sigma(service_cv)
    # Uniforms: per route days × (seats + 1); the last of a day is the time-to-failure draw.
    u_step = seats + 1
    u_off = np.concatenate(([0], np.cumsum(d * u_step)))
    # Flat index of every seat's uniform on day 0 of a block, routes in plan order (staffing).
    seat_route = np.repeat(np.arange(len(routes)), seats)
    seat_no = np.concatenate([np.arange(s) for s in seats.tolist()] or [np.empty(0, dtype=np.int64)])
    return {
        "n": n, "seats": seats, "z_off": z_off, "u_off": u_off, "u_step": u_step, "seat_route": seat_route,
        "seat_no": seat_no, "seat_base": u_off[:-1][seat_route] + seat_no, "seat_step": u_step[seat_route],
        "_sigma": np.repeat(np.tile([st, ss], len(routes)), np.repeat(d * n, 2)),
    }
