"""Visits one shift's crews could not reach, given to the crews of the other shifts that are on duty then.

Visits are shared between shifts by load before solving; where a shift's visits bunch up (the
hand-over hours), its solve can leave some unserved while the crews of the shift beside it have
idle time. Each such visit is offered to the rounds of the same zone on every other shift whose
working time reaches its slot: inserted in window order, kept when the round still keeps every
window and ends in its shift; emptiest round first. Crews of that shift and zone who got no round
start one when no round can take the visit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from optimizer.common.network import Router
from optimizer.common.plan import Route
from optimizer.common.timeline import RouteSpec, Work, route_in_shift
from scenarios.model import ShiftTemplate


@dataclass
class Round:
    """One crew's round while it is being built: its route, the visits it was laid out from, who does it."""

    route: Route
    works: list[Work]
    spec: RouteSpec
    zone: str


@dataclass(frozen=True)
class Leftover:
    """A visit no crew of its shift could take: the toilet, where, the slot the standard gives it."""

    ref: str
    toilet: str
    node: int
    zone: str
    slot: tuple[float, float]
    clean_min: float
    shift: str


def window_on(shift: ShiftTemplate, slot: tuple[float, float], clean_min: float,
              work_end_min: float) -> tuple[float, float] | None:
    """When the visit may start on ``shift`` (the slot cut to the shift's working time), or None."""
    start, end = max(slot[0], float(shift.start)), min(slot[1], work_end_min - clean_min)
    return (start, end) if end >= start else None


# Shared by the planner, the robust repair and tests, each with its own loose shift tables (end_by: repair only).
def place_leftovers(router: Router, leftovers: list[Leftover], rounds: list[Round], idle: dict[tuple[str, str], int],
                    shifts: dict[str, ShiftTemplate], work_end: dict[str, float],
                    stations: list[tuple[str, int]],
                    end_by: dict[str, float] | None = None) -> tuple[list[Round], list[Leftover]]:
    """Rounds with the leftovers they could take, the new rounds of idle crews, and the visits still left.

    ``end_by`` (round id → minute): only these rounds take visits, each still ending by its minute (the
    robust repair's rounds with time to spare); without it every round may, ending by its shift's end.
    """
    still: list[Leftover] = []
    for visit in sorted(leftovers, key=lambda v: (v.slot[0], v.ref)):
        if not _place(router, visit, rounds, idle, shifts, work_end, stations, end_by):
            still.append(visit)
    return rounds, still


# place_leftovers' own arguments, for one visit.
def _place(router: Router, visit: Leftover, rounds: list[Round], idle: dict[tuple[str, str], int],
           shifts: dict[str, ShiftTemplate], work_end: dict[str, float], stations: list[tuple[str, int]],
           end_by: dict[str, float] | None) -> bool:
    for shift_id, shift in sorted(shifts.items()):
        if shift_id == visit.shift:
            continue
        window = window_on(shift, visit.slot, visit.clean_min, work_end[shift_id])
        if window is None:
            continue
        work = Work("toilet", visit.toilet, visit.node, visit.node, visit.clean_min, window=window)
        mates = sorted((r for r in rounds if r.zone == visit.zone and r.spec.shift == shift_id
                        and (end_by is None or r.spec.id in end_by)),
                       key=lambda r: (r.route.duration_min, r.spec.id))
        for mate in mates:
            works = _insert(mate.works, work)
            end = min(float(shift.end), end_by[mate.spec.id]) if end_by is not None else float(shift.end)
            route, dropped = route_in_shift(router, mate.spec, works, float(shift.start), end,
                                            shift.break_min, stations)
            if route is not None and not dropped:
                mate.route, mate.works = route, works
                return True
        same_zone = [r for r in rounds if r.zone == visit.zone]
        if idle.get((visit.zone, shift_id), 0) > 0 and same_zone:
            template = replace(same_zone[0].spec, shift=shift_id)  # the zone's base
            number = sum(1 for r in rounds if r.zone == visit.zone and r.spec.shift == shift_id) + 1
            spec = replace(template, id=f"toilets-{visit.zone}-{shift_id}-{number:02d}",
                           crew=f"toilet-crew-{visit.zone}-{shift_id}-{number:02d}")
            route, dropped = route_in_shift(router, spec, [work], float(shift.start), float(shift.end),
                                            shift.break_min, stations)
            if route is not None and not dropped:
                rounds.append(Round(route, [work], spec, visit.zone))
                idle[(visit.zone, shift_id)] -= 1
                return True
    return False


def _insert(works: list[Work], work: Work) -> list[Work]:
    """The round's visits with one more, in the order their windows open."""
    assert work.window is not None
    at = next((i for i, w in enumerate(works) if w.window is not None and w.window[0] > work.window[0]), len(works))
    return works[:at] + [work] + works[at:]
