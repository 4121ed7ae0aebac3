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
        self.ref_t = [0.0] * n
        self.open_from = [0.0] * n
        self.open_to = [0.0] * n
        self.use_rate = [0.0] * n
        self.on_time = 0
        self.missed = 0
        self.cleans = 0
        self.uses_at_clean = 0.0
        self.started = False

    def start_day(self, day: int) -> None:
        w = self.world
        base = day * 1440.0
        for i, (a, b) in enumerate(w.toilet_open):
            self.open_from[i] = base + a
            self.open_to[i] = base + b
            if not (w.toilet_always_open[i] and self.started):
                self.ref_t[i] = base + a
        self.use_rate = (w.toilet_visits_per_min * lognormal_factors(self.rng, w.params.toilet_use_cv, self.n)).tolist()
        self.started = True

    def clean(self, i: int, t: float) -> float:
        """Clean toilet i at t; returns the uses since the last clean (0 outside opening hours)."""
        if not self.open_from[i] <= t <= self.open_to[i] and not self.world.toilet_always_open[i]:
            return 0.0
        gap = t - self.ref_t[i]
        if gap < 0:
            return 0.0
        interval = self.world.toilet_interval_min[i]
        if gap <= interval:
            self.on_time += 1
        else:
            self.missed += math.ceil(gap / interval) - 1  # deadlines passed; the late clean is one of them
        uses = self.use_rate[i] * gap
        self.uses_at_clean += uses
        self.cleans += 1
        self.ref_t[i] = t
        return uses

    def end_day(self, day: int) -> None:
        """Count rounds missed between each toilet's last clean and closing (24-h toilets run on)."""
        end = (day + 1) * 1440.0
        for i in range(self.n):
            if self.world.toilet_always_open[i]:
                continue
            gap = self.open_to[i] - self.ref_t[i]
            if gap > 0:
                self.missed += int(gap // self.world.toilet_interval_min[i])
            self.ref_t[i] = end

    def finish(self, t: float) -> None:
        """Close out 24-hour toilets at the end of the run."""
        for i in range(self.n):
            if self.world.toilet_always_open[i]:
                gap = t - self.ref_t[i]
                if gap > 0:
                    self.missed += int(gap // self.world.toilet_interval_min[i])
