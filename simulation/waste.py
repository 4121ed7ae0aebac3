"""Waste at collection points: analytic bin fill between events, overflow when full, the 日产日清 ledger.

Each point fills at a constant rate during a day (that day's random amount / 1,440 min), so the
level at any time and the moment a bin becomes full follow from arithmetic; nothing polls.
Conservation holds by construction: generated = collected + in bins + overflowed.

Same-day collection is counted as ``scenarios.assessment`` defines it: waste is due at a point's
collection; what the last collection of a day leaves behind (or, on a day without one, the day's
waste) is due that day and overdue afterwards, so collecting it later does not count as same-day.
"""

from __future__ import annotations

import math

import numpy as np

from scenarios.assessment import collection_cleared, collection_due_kg
from scenarios.model.common import MINUTES_PER_DAY

from .eventlog import OVERFLOW, EventLogWriter
from .streams import lognormal_factors
from .world import World


class Bins:
    """Levels of all bins, advanced lazily (one point at a visit, all points at midnight)."""

    def __init__(self, world: World, rng: np.random.Generator, log: EventLogWriter | None, ref0: int) -> None:
        self.world = world
        self.rng = rng
        self.log = log
        self.ref0 = ref0
        n = len(world.point_ids)
        self.n = n
        self.capacity = world.point_capacity_kg.tolist()
        self.level = [0.0] * n
        self.t_last = [0.0] * n
        self.rate = [0.0] * n
        self.full = [False] * n
        self.visited_today = [False] * n
        self.overflowed_today = [False] * n
        self.overflow_today_kg = [0.0] * n
        self.overdue = [0.0] * n  # kg due on an earlier day and still in the bin
        self.same_day_today = [0.0] * n  # kg collected today that was not overdue
        self.left_after = [0.0] * n  # kg left in the bin by today's last collection
        self.counted = world.point_mean_kg > 0
        self.generated_kg = 0.0
        self.collected_kg = 0.0
        self.overflow_kg = 0.0
        self.overflow_min = 0.0
        self.overflow_events = 0

    def start_day(self, day: int, rain: bool) -> None:
        """Draw each point's waste for the day (weekday, holiday and weather factors, random spread)."""
        w = self.world
        amount = w.point_mean_kg * w.point_weekday[:, w.weekday(day)]
        if w.is_holiday(day):
            amount = amount * w.point_holiday
        if rain:
            amount = amount * w.params.rain_waste_factor
        amount = amount * lognormal_factors(self.rng, w.point_cv, self.n)
        self.rate = (amount / MINUTES_PER_DAY).tolist()

    def _advance(self, i: int, t: float) -> None:
        dt = t - self.t_last[i]
        if dt <= 0:
            return
        rate = self.rate[i]
        level = self.level[i]
        new = level + rate * dt
        self.generated_kg += rate * dt
        cap = self.capacity[i]
        if new > cap:
            if self.full[i]:
                since = self.t_last[i]
            else:
                since = self.t_last[i] + (cap - level) / rate
                self.full[i] = True
                self.overflow_events += 1
                if self.log is not None:
                    self.log.add(since, since, OVERFLOW, -1, self.world.point_node[i], self.ref0 + i)
            self.overflow_min += t - since
            self.overflow_kg += new - cap
            self.overflow_today_kg[i] += new - cap
            self.overflowed_today[i] = True
            new = cap
        self.level[i] = new
        self.t_last[i] = t

    def level_at(self, i: int, t: float) -> float:
        self._advance(i, t)
        return self.level[i]

    def collect(self, i: int, t: float, room_kg: float) -> float:
        """Empty point i at time t into a truck with room_kg free; returns kg taken."""
        taken = self.collect_unless_reload(i, t, room_kg, 0.0, math.inf)
        assert taken is not None  # reload_at=inf: it never turns back for a reload
        return taken

    def collect_unless_reload(self, i: int, t: float, room_kg: float, load: float, reload_at: float) -> float | None:
        """``collect``, unless the truck would reach `reload_at` kg and leave waste behind (None:
        nothing taken, the bin only brought to t; the caller makes a reload trip)."""
        if t > self.t_last[i]:
            self._advance(i, t)
        level = self.level[i]
        take = level if level <= room_kg else max(room_kg, 0.0)
        level -= take
        if level > 1e-9 and load + take >= reload_at:
            return None
        self.collected_kg += take
        if level <= 1e-9:
            level = 0.0
        overdue = self.overdue[i]
        self.same_day_today[i] += take - overdue if take > overdue else 0.0
        self.overdue[i] = overdue - take if overdue > take else 0.0
        self.visited_today[i] = True
        self.left_after[i] = level
        self.level[i] = level
        self.full[i] = False
        return take

    def advance_all(self, t: float) -> None:
        """Bring every bin to time t (vectorized; used at midnight and at the end)."""
        # (dtypes given: numpy converts typed lists much faster)
        level = np.array(self.level, dtype=float)
        t_last = np.array(self.t_last, dtype=float)
        rate = np.array(self.rate, dtype=float)
        cap = self.world.point_capacity_kg
        full = np.array(self.full, dtype=bool)
        dt = np.maximum(t - t_last, 0.0)
        new = level + rate * dt
        self.generated_kg += float((rate * dt).sum())
        over = new > cap
        with np.errstate(divide="ignore", invalid="ignore"):
            since = np.where(full, t_last, t_last + (cap - level) / np.where(rate > 0, rate, 1.0))
        fresh = over & ~full
        self.overflow_events += int(fresh.sum())
        if self.log is not None:
            for i in np.flatnonzero(fresh):
                self.log.add(float(since[i]), float(since[i]), OVERFLOW, -1, self.world.point_node[i], self.ref0 + int(i))
        self.overflow_min += float((t - since)[over].sum())
        self.overflow_kg += float((new - cap)[over].sum())
        self.overflow_today_kg = (np.array(self.overflow_today_kg) + np.where(over, new - cap, 0.0)).tolist()
        self.level = np.minimum(new, cap).tolist()
        self.full = (full | over).tolist()
        self.t_last = np.maximum(t_last, t).tolist()
        self.overflowed_today = (np.array(self.overflowed_today, dtype=bool) | over).tolist()

    def end_day(self, t: float) -> tuple[float, float, int, int, int]:
        """Close the day at t for 日产日清: (kg collected the same day, kg due, points cleared, points
        counted, points overflowing); what was left behind becomes overdue; resets the day's flags."""
        self.advance_all(t)
        level = np.array(self.level)
        visited = np.array(self.visited_today, dtype=bool)
        overdue = np.array(self.overdue)
        overflow = np.array(self.overflow_today_kg)
        left_after = np.array(self.left_after)
        # Left behind: by the day's last collection, else the day's waste still in the bin.
        left = np.where(visited, left_after - overdue, level - overdue).clip(min=0.0)
        same_day = np.array(self.same_day_today)
        counted = self.counted
        due = collection_due_kg(same_day, left, overflow)
        cleared = collection_cleared(visited, left, overflow)
        overflowed = np.array(self.overflowed_today, dtype=bool)
        self.overdue = np.where(visited, left_after, level).tolist()
        self.visited_today = [False] * self.n
        self.same_day_today = [0.0] * self.n
        self.overflow_today_kg = [0.0] * self.n
        self.left_after = [0.0] * self.n
        self.overflowed_today = list(self.full)
        return (float(same_day[counted].sum()), float(due[counted].sum()), int((cleared & counted).sum()),
                int(counted.sum()), int(overflowed.sum()))

    @property
    def in_bins_kg(self) -> float:
        return float(sum(self.level))
