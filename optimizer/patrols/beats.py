"""One beat: a worker's duties of the day turned into timed stops on foot or by e-bike.

The duties of the day (walks, zone checks in their hours, inspections, hotspot passes in rounds) are
put in order by a time-driven greedy: from where the walker is, take the duty whose window closes
soonest when one would otherwise be missed, else the one that can start earliest (nearest). The
break goes in at a 驿站 and the beat is timed on the street network. When the beat does not fit the
shift on foot it is tried by e-bike (unless the standard says otherwise); when it still does not fit,
walks are left out, the covered post's first, then the last ones, until it fits; what is left out is
reported with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from optimizer.common.norms import BREAK_DETOUR_RESERVE_MIN
from optimizer.common.plan import Route
from optimizer.common.timeline import Router, RouteSpec, Work, make_route, with_break
from scenarios.model import ShiftTemplate, VehicleType

#: A duty is taken ahead of nearer ones when its window would close within this many minutes.
URGENT_SLACK_MIN = 20.0
#: Windows closing within this many minutes are kept reachable by every step of the greedy.
LOOKAHEAD_MIN = 90.0


@dataclass(frozen=True)
class BeatJob:
    """What one worker must do on one shift: the duties that must be kept and the walks that may give way."""

    id: str
    worker: str
    shift: ShiftTemplate
    posts: tuple[str, ...]
    must: tuple[Work, ...]
    walks: tuple[Work, ...]  # in the order they give way last → first (own post's before a covered one's)
    date: str | None = None
    wage_per_h: float = 0.0


@dataclass(frozen=True)
class Means:
    """How beats may travel (on foot, and the e-bike type when there is one) and where they start and rest."""

    foot: Router
    ebike: Router | None
    ebike_type: VehicleType | None
    travel: str  # 'mixed' | 'foot' | 'ebike'
    bases: tuple[tuple[str, int], ...] = ()  # 驿站 (or depots) a beat may start and end at
    stations: tuple[tuple[str, int], ...] = ()  # 驿站 for the break

    def options(self) -> list[tuple[Router, VehicleType | None]]:
        foot: list[tuple[Router, VehicleType | None]] = [(self.foot, None)]
        bike: list[tuple[Router, VehicleType | None]] = (
            [(self.ebike, self.ebike_type)] if self.ebike is not None else [])
        return {"foot": foot, "ebike": bike or foot}.get(self.travel, foot + bike)


def work_hours(shift: ShiftTemplate) -> tuple[float, float]:
    """Clock minutes in which a beat's duties are planned: the shift less its break and the detour reserve."""
    return float(shift.start), float(shift.end) - shift.break_min - BREAK_DETOUR_RESERVE_MIN


def order_works(router: Router, start: int, clock: float, works: list[Work]) -> tuple[list[Work], list[Work]]:
    """Works in a time-driven greedy order from ``start`` at ``clock``, and those whose window is missed.

    Each step takes the preferred work (the most urgent when one's window closes soon, else the one
    that can start earliest) whose doing still leaves every window closing within the look-ahead reachable.
    """
    nodes = sorted({start} | {w.entry for w in works} | {w.exit for w in works})
    at = {n: i for i, n in enumerate(nodes)}
    minutes = router.minutes_matrix(nodes, nodes)
    left = list(works)
    out: list[Work] = []
    missed: list[Work] = []
    here = start
    while left:
        options = []
        for w in left:
            arrive = clock + float(minutes[at[here], at[w.entry]])
            lo, hi = w.window if w.window is not None else (-math.inf, math.inf)
            options.append((max(arrive, lo), hi, w))
        late = [o for o in options if o[0] > o[1] + 1e-6 or not math.isfinite(o[0])]
        for o in late:
            missed.append(o[2])
            left.remove(o[2])
        fine = sorted((o for o in options if o not in late), key=lambda o: (o[1] - o[0] >= URGENT_SLACK_MIN, o[0], o[1]))
        if not fine:
            break
        soon = [o for o in fine if o[1] < clock + LOOKAHEAD_MIN]
        begin, _, pick = next((o for o in fine if _keeps(o, soon, minutes, at)), min(fine, key=lambda o: (o[1], o[0])))
        out.append(pick)
        left.remove(pick)
        clock = begin + pick.service_min
        here = pick.exit
    return out, missed


def _keeps(option: tuple[float, float, Work], soon: list[tuple[float, float, Work]], minutes: np.ndarray,
           at: dict[int, int]) -> bool:
    """True when, after doing ``option``, the works of ``soon`` can all still be done in time, earliest deadline first."""
    begin, _, w = option
    clock, here = begin + w.service_min, w.exit
    for _, hi, other in sorted((o for o in soon if o[2] is not w), key=lambda o: (o[1], o[0])):
        lo = other.window[0] if other.window is not None else -math.inf
        start = max(lo, clock + float(minutes[at[here], at[other.entry]]))
        if start > hi + 1e-6:
            return False
        clock, here = start + other.service_min, other.exit
    return True


def _base(router: Router, bases: tuple[tuple[str, int], ...], nodes: list[int]) -> tuple[str, int]:
    """The station (or depot) with the least travel to and from the beat's places."""
    to = router.minutes_matrix([b for _, b in bases], nodes)
    return bases[int(np.argmin(np.where(np.isfinite(to), to, 1e6).sum(axis=1)))]


def _attempt(job: BeatJob, means: Means, router: Router, vt: VehicleType | None,
             works: list[Work]) -> tuple[Route | None, list[Work]]:
    """The beat on one means of travel with these works, or None when it ends after the shift."""
    shift = job.shift
    base_id, base = _base(router, means.bases, [w.entry for w in works])
    ordered, missed = order_works(router, base, float(shift.start), works)
    timed = with_break(router, ordered, base, base, float(shift.start), means.stations, shift.break_min,
                       float(shift.end))
    spec = RouteSpec(id=job.id, kind="patrols", start_node=base, end_node=base, start_ref=base_id, end_ref=base_id,
                     vehicle_type=vt, crew=job.worker, shift=shift.id, wage_per_h=job.wage_per_h)
    route = make_route(router, spec, timed, float(shift.start))
    if route is None or route.stops[-1].arrival_min > shift.end + 1e-6:
        return None, missed
    return route.model_copy(update={"date": job.date, "posts": list(job.posts)}), missed


def plan_beat(job: BeatJob, means: Means) -> tuple[Route | None, list[tuple[Work, str]]]:
    """The beat and the works left out, each with why (see the module docstring).

    Each means is tried in turn until one keeps every window; the one missing fewest is kept.
    """
    walks = list(job.walks)
    while True:
        originals = [*job.must, *walks]
        if not originals:
            return None, []
        best: tuple[Route, list[Work], dict[int, Work]] | None = None
        for router, vt in means.options():
            adapted = [_adapt(w, router, vt) for w in originals]
            route, missed = _attempt(job, means, router, vt, adapted)
            if route is not None and (best is None or len(missed) < len(best[1])):
                best = (route, missed, {id(a): o for a, o in zip(adapted, originals, strict=True)})
                if not missed:
                    break
        if best is not None:
            route, missed, back = best
            left_out = [(w, f"left out so that the beat fits shift {job.shift.id}") for w in job.walks if w not in walks]
            return route, left_out + [(back[id(m)], "its window cannot be reached on this beat") for m in missed]
        if not walks:
            why = f"the duties do not fit shift {job.shift.id} even without walks, on foot or by e-bike"
            return None, [(w, why) for w in job.must]
        del walks[-max(1, len(job.walks) - len(walks)):]  # give way 1, 1, 2, 4 … walks: few attempts


def _adapt(work: Work, router: Router, vt: VehicleType | None) -> Work:
    """A walk goes at the means' working pace (an e-bike's patrol speed); other works are as given."""
    if work.kind != "walk" or vt is None:
        return work
    minutes = work.serve_m / 1000 / vt.work_speed_kmh * 60
    return Work(work.kind, work.ref, work.entry, work.exit, round(minutes, 3), work.serve_nodes, work.serve_m,
                work.window, work.load_kg)
