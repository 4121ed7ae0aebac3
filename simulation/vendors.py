"""Vendor zones (定时定点定区域): violations between checks, found by a zone check or reported by the public.

Each day each zone is open in its window. Violations (stalls outside the zone or its hours,
litter) arrive as a non-homogeneous Poisson process whose rate grows with the time since the
zone's last check in its hours (or its opening): ``violations_per_hour × (1 + growth × hours)``
(``SimParams.vendor_growth_per_hour``). It is drawn by thinning: at midnight, candidates at the
window's highest rate (the rate just before closing with no check) with one uniform each, from the
zone stream of its own, so checks change which candidates are accepted, never the draws of any
other process. A candidate is accepted at its own time, when the checks before it are known.

A ``check`` stop at the zone in its hours finds every violation still open there (found by patrol)
and records the check. A violation still open when the public reports it (an exponential delay
with the ``street_vending`` type's ``public_report_mean_min``) becomes a ``street_vending`` case
at the zone's node, dispatched like any other (patrols.py). At its closing a zone-day keeps the
standard when it had ``patrol_duties.vendor_zone_checks`` checks in its hours, each at least
``vendor_check_gap_min`` after the one counted before it.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.model.common import MINUTES_PER_DAY

from . import eventlog as ev
from .patrols import Incident

if TYPE_CHECKING:
    import simpy

    from .model import Sim
    from .world import World

_CANDIDATE, _REPORT, _CLOSE = 0, 1, 2

#: Per vendor zone (World.cache["vendors"]): the segment its cases are put on and that segment's
#: enforcement zone (None: the scenario's first).
VendorTables = tuple[list[int], list[str | None]]


@dataclass
class _ZoneDay:
    zone: int
    start: float
    end: float
    last: float  # the last check in its hours, or the opening: the violation rate grows from here
    checks: list[float] = field(default_factory=list)


@dataclass
class _Violation:
    zone: int
    occurred: float
    handling_min: float
    open: bool = True


def checks_kept(times: list[float], required: int, gap_min: float) -> bool:
    """Whether `required` checks at least `gap_min` apart can be counted among `times` (greedy, in order)."""
    counted, last = 0, -np.inf
    for t in sorted(times):
        if t - last >= gap_min - 1e-9:
            counted += 1
            last = t
    return counted >= required


def _tables(world: World) -> VendorTables:
    """Each vendor zone's segment (the busiest touching its node) and that segment's enforcement zone."""
    touching: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(zip(world.segment_from, world.segment_to, strict=True)):
        touching.setdefault(a, []).append(i)
        touching.setdefault(b, []).append(i)
    weight = world.segment_incident_weight
    segments = [max(touching.get(node, [0]), key=lambda i: (weight[i], -i)) for node in world.vendor_zone_node]
    return segments, [world.segment_zone[i] for i in segments]


class Vendors:
    """The vendor zones of one replication: open zone-days, open violations, one process per day."""

    def __init__(self, sim: Sim, rng: np.random.Generator) -> None:
        self.sim = sim
        self.rng = rng
        w = sim.world
        s = w.scenario
        zones = s.incidents.vendor_zones
        duties = s.standards.patrol_duties
        self.required, self.gap_min = duties.vendor_zone_checks, duties.vendor_check_gap_min
        self.growth_per_min = sim.params.vendor_growth_per_hour / 60
        self.rate_per_min = [z.violations_per_hour / 60 for z in zones]
        self.window = [(z.window.start, z.window.end) for z in zones]
        self.node = w.vendor_zone_node
        self.at_node: dict[int, list[int]] = {}  # node → zones there (a patrol passing in the hours checks them)
        for z, node in enumerate(self.node):
            self.at_node.setdefault(int(node), []).append(z)
        types = s.incidents.types
        self.type_index = next((k for k, t in enumerate(types) if t.id == "street_vending"), 0)
        self.report_mean_min = types[self.type_index].public_report_mean_min
        self.handling_mean_min = types[self.type_index].handling_min
        tables = w.cache.get("vendors")
        if tables is None:
            tables = w.cache["vendors"] = _tables(w)
        self.segment, zone_of = tables
        first = s.incidents.zones[0].id
        self.enforcement_zone = [z or first for z in zone_of]
        self.current: list[list[_ZoneDay]] = [[] for _ in zones]
        self.open: list[list[_Violation]] = [[] for _ in zones]
        self._seq = itertools.count()

    def start_day(self, day: int) -> None:
        """Open the day's zone-days and draw their candidate violations (thinning), then run them."""
        events: list[tuple[float, int, int, Any]] = []
        rng, g = self.rng, self.growth_per_min
        for z, (start, end) in enumerate(self.window):
            a, b = day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end
            zd = _ZoneDay(z, a, b, a)
            self.current[z].append(zd)
            events.append((b, _CLOSE, next(self._seq), zd))
            top = self.rate_per_min[z] * (1 + g * (b - a))  # the highest rate the window can reach
            n = int(rng.poisson(top * (b - a)))
            times = np.sort(a + rng.random(n) * (b - a)).tolist()
            level = (rng.random(n) * top).tolist()
            delay = rng.exponential(self.report_mean_min, n).tolist()
            handling = rng.exponential(self.handling_mean_min, n).tolist()
            events += [(t, _CANDIDATE, next(self._seq), (zd, u, d, h))
                       for t, u, d, h in zip(times, level, delay, handling, strict=True)]
        if events:
            heapq.heapify(events)
            self.sim.env.process(self._run(events))

    def _run(self, events: list[tuple[float, int, int, Any]]) -> Generator[simpy.Event, Any, None]:
        env = self.sim.env
        while events:
            t, kind, _, x = heapq.heappop(events)
            if t > env.now:
                yield env.timeout(t - env.now)
            if kind == _CANDIDATE:
                zd, level, delay, handling = x
                if self._accept(zd, t, level):
                    v = _Violation(zd.zone, t, handling)
                    self.open[zd.zone].append(v)
                    heapq.heappush(events, (t + delay, _REPORT, next(self._seq), v))
            elif kind == _REPORT:
                self._public_report(x)
            else:
                self._close(x)

    def _accept(self, zd: _ZoneDay, t: float, level: float) -> bool:
        """Thinning: a candidate is a violation when its level is below the rate at t (given the checks so far)."""
        accepted = level < self.rate_per_min[zd.zone] * (1 + self.growth_per_min * (t - zd.last))
        self.sim.count.violations += accepted
        return accepted

    def _public_report(self, v: _Violation) -> None:
        """A violation nobody found by now: the public reports it, a street-vending case at the zone."""
        if not v.open:
            return
        z, now = v.zone, self.sim.env.now
        v.open = False
        self.open[z].remove(v)
        self.sim.count.violations_reported += 1
        self._log(v, now, 0.0)
        seg = self.segment[z]
        self.sim.dispatch.receive(Incident(now, self.type_index, self.enforcement_zone[z], seg, self.node[z],
                                           v.handling_min, occurred=v.occurred))

    def _close(self, zd: _ZoneDay) -> None:
        """The zone closes: its zone-day kept the standard or not."""
        c = self.sim.count
        c.zone_days += 1
        c.zone_days_kept += checks_kept(zd.checks, self.required, self.gap_min)
        self.current[zd.zone].remove(zd)

    def check(self, zone: int, t: float) -> int:
        """A check of `zone` at t (now): counted if in its hours, where it finds every open violation."""
        zd = next((d for d in self.current[zone] if d.start <= t <= d.end), None)
        if zd is None:
            return 0  # outside the zone's hours: no vendors to check
        zd.checks.append(t)
        zd.last = t
        found, self.open[zone] = self.open[zone], []
        for v in found:
            v.open = False
            self._log(v, t, 1.0)
        self.sim.count.violations_found += len(found)
        return len(found)

    def _log(self, v: _Violation, until: float, found: float) -> None:
        """One row per violation, from when it occurred to when it was found or reported (no actor: a replay
        must not put the checker at the zone before the check)."""
        log = self.sim.log
        if log is not None:
            log.add(v.occurred, until, ev.VIOLATION, -1, self.node[v.zone], self.sim.refs.vendor_zone + v.zone, found)
