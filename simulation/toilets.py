"""Public toilets: uses between cleans and whether each cleaning round came within its interval.

During opening hours a clean is due every interval after the last one (or after opening). A clean
that comes within the interval is an on-time round; every interval that passes without a clean is
a missed round. Uses between cleans are Poisson-like (the day's use rate times open time).
"""

from __future__ import annotations

import math

import numpy as np

from .streams import lognormal_factors
from .world import World


class Toilets:
    """Cleaning state of all toilets."""

    def __init__(self, world: World, rng: np.random.Generator) -> None:
        self.world = world
        self.rng = rng
        n = len(world.toilet_ids)
        self.n = n
        self.ref_t = np.zeros(n)
        self.open_from = np.zeros(n)
        self.open_to = np.zeros(n)
        self.use_rate = np.zeros(n)
        self.always_open = np.array(world.toilet_always_open, dtype=bool)
        self.interval = np.array(world.toilet_interval_min, dtype=float)
        window = np.array(world.toilet_open, dtype=float).reshape(n, 2)
        self.open_a, self.open_b = window[:, 0], window[:, 1]
        self.on_time = 0
        self.missed = 0
        self.cleans = 0
        self.uses_at_clean = 0.0
        self.started = False

    def start_day(self, day: int) -> None:
        w = self.world
        base = day * 1440.0
        self.open_from = base + self.open_a
        self.open_to = base + self.open_b
        reset = ~self.always_open if self.started else np.ones(self.n, dtype=bool)
        self.ref_t[reset] = self.open_from[reset]
        self.use_rate = w.toilet_visits_per_min * lognormal_factors(self.rng, w.params.toilet_use_cv, self.n)
        self.started = True

    def clean(self, i: int, t: float) -> float:
        """Clean toilet i at t; returns the uses since the last clean (0 outside opening hours)."""
        if not self.open_from[i] <= t <= self.open_to[i] and not self.always_open[i]:
            return 0.0
        gap = t - float(self.ref_t[i])
        if gap < 0:
            return 0.0
        interval = float(self.interval[i])
        if gap <= interval:
            self.on_time += 1
        else:
            self.missed += math.ceil(gap / interval) - 1  # deadlines passed; the late clean is one of them
        uses = float(self.use_rate[i]) * gap
        self.uses_at_clean += uses
        self.cleans += 1
        self.ref_t[i] = t
        return uses

    def clean_all(self, items: np.ndarray, t: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Apply many cleans at once (vectorized ``clean``, in time order per toilet, ties by key).

        Returns the uses each clean found, in the order given.
        """
        order = np.lexsort((key, t, items))
        it, tt = items[order], t[order]
        valid = self.always_open[it] | ((self.open_from[it] <= tt) & (tt <= self.open_to[it]))
        vi, vt = it[valid], tt[valid]
        first = np.ones(len(vi), dtype=bool)
        first[1:] = vi[1:] != vi[:-1]
        prev = np.empty(len(vi))
        prev[1:] = vt[:-1]
        prev[first] = self.ref_t[vi[first]]
        gap = vt - prev
        if (gap < 0).any():  # a clean before the toilet's reference time (rare): one at a time
            out = np.empty(len(it))
            out[order] = [self.clean(i, x) for i, x in zip(it.tolist(), tt.tolist(), strict=True)]
            return out
        interval = self.interval[vi]
        late = gap > interval
        self.on_time += int((~late).sum())
        self.missed += int((np.ceil(gap[late] / interval[late]) - 1).sum())
        uses = self.use_rate[vi] * gap
        self.uses_at_clean += float(uses.sum())
        self.cleans += len(vi)
        last = np.ones(len(vi), dtype=bool)
        last[:-1] = vi[1:] != vi[:-1]
        self.ref_t[vi[last]] = vt[last]
        found = np.zeros(len(it))
        found[valid] = uses
        out = np.empty(len(it))
        out[order] = found
        return out

    def end_day(self, day: int) -> None:
        """Count rounds missed between each toilet's last clean and closing (24-h toilets run on)."""
        end = (day + 1) * 1440.0
        closing = ~self.always_open
        gap = self.open_to[closing] - self.ref_t[closing]
        self.missed += int((gap[gap > 0] // self.interval[closing][gap > 0]).sum())
        self.ref_t[closing] = end

    def finish(self, t: float) -> None:
        """Close out 24-hour toilets at the end of the run."""
        gap = t - self.ref_t[self.always_open]
        self.missed += int((gap[gap > 0] // self.interval[self.always_open][gap > 0]).sum())
