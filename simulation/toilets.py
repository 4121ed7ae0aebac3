"""Public toilets: uses between cleans, and the intervals kept by the bureau's standard.

Cleanings are recorded with the minute they began; at the end of each day every toilet's
cleanings of that day are assessed by ``scenarios.assessment.intervals_kept`` over its assessed
hours (opening hours cut to the round hours): a cleaning within the interval keeps one, every
deadline passed without one is missed. Uses between cleans are Poisson-like (the day's use rate
times the open time since the last clean).
"""

from __future__ import annotations

import numpy as np

from scenarios.assessment import intervals_kept
from scenarios.model.common import MINUTES_PER_DAY

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
        self.assessed = world.toilet_assessed  # (start, end) minutes of the day, or None
        self.cleaned: dict[int, list[list[float]]] = {}  # day → per toilet, minutes after that midnight
        self.on_time = 0
        self.missed = 0
        self.cleans = 0
        self.uses_at_clean = 0.0
        self.started = False

    def start_day(self, day: int) -> None:
        w = self.world
        base = day * MINUTES_PER_DAY
        self.open_from = base + self.open_a
        self.open_to = base + self.open_b
        reset = ~self.always_open if self.started else np.ones(self.n, dtype=bool)
        self.ref_t[reset] = self.open_from[reset]
        self.use_rate = w.toilet_visits_per_min * lognormal_factors(self.rng, w.params.toilet_use_cv, self.n)
        self.cleaned.setdefault(day, [[] for _ in range(self.n)])
        self.started = True

    def _record(self, i: int, t: float) -> None:
        day = int(t // MINUTES_PER_DAY)
        self.cleaned.setdefault(day, [[] for _ in range(self.n)])[i].append(t - day * MINUTES_PER_DAY)

    def clean(self, i: int, t: float) -> float:
        """Clean toilet i beginning at t; returns the uses since the last clean (0 outside opening hours)."""
        if not self.open_from[i] <= t <= self.open_to[i] and not self.always_open[i]:
            return 0.0
        self._record(i, t)
        gap = t - float(self.ref_t[i])
        if gap < 0:
            return 0.0
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
        for i, x in zip(vi.tolist(), vt.tolist(), strict=True):
            self._record(i, x)
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
        """Assess the day's cleanings of every toilet (the standard's intervals over its assessed hours)."""
        end = (day + 1) * MINUTES_PER_DAY
        closing = ~self.always_open
        self.ref_t[closing] = end
        cleaned = self.cleaned.pop(day, [[] for _ in range(self.n)])
        for i, hours in enumerate(self.assessed):
            if hours is None:
                continue
            record = intervals_kept(hours[0], hours[1], float(self.interval[i]), cleaned[i])
            self.on_time += record.kept
            self.missed += record.missed

    def finish(self, t: float) -> None:
        """Nothing left to close: every day was assessed at its end (kept for the replication's protocol)."""
