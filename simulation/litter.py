"""Litter on street segments: linear build-up between sweeps, reset by sweeping.

A segment is dirty while its litter density is above its grade's limit; dirty minutes count only
inside the grade's patrol window (when the standard applies). Density is linear in time between
events, so the moment it crosses the limit is computed, not polled.
"""

from __future__ import annotations

import numpy as np

from scenarios.model.common import MINUTES_PER_DAY

from .streams import lognormal_factors
from .world import World


# Seven parameters: plain floats on the litter hot path (called per segment and visit).
def dirty_minutes(t0: float, t1: float, d0: float, rate: float, limit: float, w0: float, w1: float) -> float:
    """Minutes in [t0, t1] ∩ [w0, w1] during which d0 + rate·(t − t0) exceeds limit."""
    if d0 >= limit:
        start = t0
    elif rate <= 0:
        return 0.0
    else:
        start = t0 + (limit - d0) / rate
    lo = max(start, w0)
    hi = min(t1, w1)
    return hi - lo if hi > lo else 0.0


class Litter:
    """Litter density of all segments, advanced lazily (one segment at a sweep, all at midnight)."""

    def __init__(self, world: World, rng: np.random.Generator) -> None:
        self.world = world
        self.rng = rng
        n = len(world.segment_ids)
        self.n = n
        self.density = np.zeros(n)
        self.t_last = np.zeros(n)
        self.rate = np.zeros(n)
        self.limit = world.segment_limit.copy()
        self.window = world.segment_window
        self.day_start = 0.0
        self.w0 = np.zeros(n)
        self.w1 = np.zeros(n)
        self.dirty_min = 0.0
        self.window_min = 0.0
        self.sweeps = 0
        # The morning deadline (the standard's first sweep by the patrol window's start), per segment-day.
        self.first_sweep = np.full(n, np.inf)
        self.swept_by_deadline = 0
        self.deadline_days = 0
        self.needs_sweep = np.array(world.segment_sweeps_per_day, dtype=int) > 0

    def start_day(self, day: int, rain: bool) -> None:
        w = self.world
        rate = w.segment_litter_per_min * lognormal_factors(self.rng, w.params.litter_cv, self.n)
        if rain:
            rate = rate * w.scenario.disruptions.rain_litter_factor
        self.rate = rate
        self.day_start = day * MINUTES_PER_DAY
        self.w0 = self.day_start + self.window[:, 0]
        self.w1 = self.day_start + self.window[:, 1]
        self.window_min += float((self.window[:, 1] - self.window[:, 0]).sum())
        self.first_sweep = np.full(self.n, np.inf)

    def _advance(self, i: int, t: float) -> None:
        t0 = float(self.t_last[i])
        if t <= t0:
            return
        d0 = float(self.density[i])
        rate = float(self.rate[i])
        self.dirty_min += dirty_minutes(t0, t, d0, rate, float(self.limit[i]), float(self.w0[i]), float(self.w1[i]))
        self.density[i] = d0 + rate * (t - t0)
        self.t_last[i] = t

    def sweep(self, i: int, t: float) -> float:
        """Sweep segment i at t; returns the density found (items per 1,000 m²). ``sweep_all`` does many."""
        t0 = float(self.t_last[i])
        found = float(self.density[i])
        if t > t0:
            rate = float(self.rate[i])
            limit = float(self.limit[i])
            if found >= limit:
                lo = t0
            elif rate > 0:
                lo = t0 + (limit - found) / rate
            else:
                lo = t
            w0, w1 = float(self.w0[i]), float(self.w1[i])
            lo = lo if lo > w0 else w0
            hi = t if t < w1 else w1
            if hi > lo:
                self.dirty_min += hi - lo
            found += rate * (t - t0)
            self.t_last[i] = t
        self.density[i] = 0.0
        self.sweeps += 1
        if t < self.first_sweep[i]:
            self.first_sweep[i] = t
        return found

    def sweep_all(self, items: np.ndarray, t: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Apply many sweeps at once (vectorized ``sweep``, in time order per segment, ties by key).

        Returns the density each sweep found, in the order given. The sweeps must not be earlier
        than the segments' last update (they are applied at midnight, for the day just ended).
        """
        order = np.lexsort((key, t, items))
        it, tt = items[order], t[order]
        first = np.ones(len(it), dtype=bool)
        first[1:] = it[1:] != it[:-1]
        prev_t = np.empty(len(it))
        prev_t[1:] = tt[:-1]
        prev_t[first] = self.t_last[it[first]]
        prev_d = np.zeros(len(it))
        prev_d[first] = self.density[it[first]]
        rate, limit = self.rate[it], self.limit[it]
        grow = tt > prev_t
        found = np.where(grow, prev_d + rate * (tt - prev_t), prev_d)
        with np.errstate(divide="ignore", invalid="ignore"):
            lo = np.where(prev_d >= limit, prev_t, np.where(rate > 0, prev_t + (limit - prev_d) / rate, tt))
        lo = np.maximum(lo, self.w0[it])
        hi = np.minimum(tt, self.w1[it])
        self.dirty_min += float(np.where(grow & (hi > lo), hi - lo, 0.0).sum())
        last = np.ones(len(it), dtype=bool)
        last[:-1] = it[1:] != it[:-1]
        ends = it[last]
        self.t_last[ends] = np.maximum(self.t_last[ends], tt[last])
        self.density[ends] = 0.0
        self.sweeps += len(it)
        np.minimum.at(self.first_sweep, it, tt)
        out = np.empty(len(it))
        out[order] = found
        return out

    def advance_all(self, t: float) -> None:
        """Bring every segment to t (vectorized version of _advance)."""
        t0, d0, rate, limit = self.t_last, self.density, self.rate, self.limit
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(d0 >= limit, t0, np.where(rate > 0, t0 + (limit - d0) / np.where(rate > 0, rate, 1), np.inf))
        lo = np.maximum(cross, self.w0)
        hi = np.minimum(t, self.w1)
        self.dirty_min += float(np.clip(hi - lo, 0, None).sum())
        self.density = d0 + rate * np.maximum(t - t0, 0)
        self.t_last = np.maximum(t0, t)

    def end_day(self) -> None:
        """Count the segments whose first sweep of the day came by the morning deadline (the window's start)."""
        due = self.needs_sweep
        self.deadline_days += int(due.sum())
        self.swept_by_deadline += int((due & (self.first_sweep <= self.w0 + 1e-9)).sum())
