"""One crew for several beats: beats whose passes fit one after the other in a shift share a crew.

Each beat's pass is a block of kerbs with one window. A crew whose day leaves room takes another
beat's blocks (all blocks in window order); the merged day is laid out again with its break and is
kept only when no kerb is dropped. Largest days first, each offered to the crews whose base is
nearest, so a crew walks between neighbouring beats.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from optimizer.common.network import Router
from optimizer.common.plan import Route
from optimizer.common.timeline import RouteSpec, Work, route_in_shift
from scenarios.model import ShiftTemplate

CANDIDATE_CREWS = 6  # nearest crews a beat is offered to


@dataclass
class BeatDay:
    """A beat's day on one shift: its route, the works it was laid out from, its crew's spec."""

    route: Route
    works: list[Work]
    spec: RouteSpec


def _blocks(works: list[Work]) -> list[list[Work]]:
    """Consecutive works sharing a window (one pass of one beat)."""
    out: list[list[Work]] = []
    for w in works:
        if out and out[-1][0].window == w.window:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _merge(a: list[Work], b: list[Work]) -> list[Work]:
    blocks = sorted(_blocks(a) + _blocks(b), key=lambda blk: (blk[0].window or (0.0, 0.0)))
    return [w for blk in blocks for w in blk]


def pack_beats(router: Router, shift: ShiftTemplate, days: list[BeatDay],
               stations: list[tuple[str, int]]) -> list[Route]:
    """The routes of one shift with beats packed into as few crews as the windows and the shift allow."""
    crews: list[BeatDay] = []
    for day in sorted(days, key=lambda d: (-d.route.duration_min, d.route.id)):
        placed = False
        if crews:
            here = day.spec.start_node
            row = router.row(here)
            order = np.argsort([row[c.spec.start_node] for c in crews], kind="stable")[:CANDIDATE_CREWS]
            for k in order.tolist():
                crew = crews[k]
                merged = _merge(crew.works, day.works)
                spec = replace(crew.spec, id=f"{crew.spec.id}+{day.spec.id.rsplit('-', 1)[-1]}",
                               crew=f"{crew.spec.crew}+{day.spec.crew.split('-')[1] if day.spec.crew else ''}")
                route, dropped = route_in_shift(router, spec, merged, float(shift.start), float(shift.end),
                                                shift.break_min, stations)
                if route is not None and not dropped:
                    crews[k] = BeatDay(route, merged, spec)
                    placed = True
                    break
        if not placed:
            crews.append(day)
    return [c.route for c in crews]
