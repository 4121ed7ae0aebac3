"""Which stops a route may apply ahead of the simulation clock (conservative look-ahead).

A stop changes only the item it serves (a bin, a segment's litter, a toilet) or nothing shared at
all (a break, a refill, the start or end of a route). Applying it before the clock reaches its
arrival gives the same result as applying it at its arrival, provided that

- no other route can touch the same item at an earlier time afterwards: every route publishes a
  lower bound on the arrival times it has still to process (``Sim.lbs``), and a stop goes ahead
  only while every other route visiting its item has a bound later than the stop's arrival (the
  conservative rule of parallel discrete-event simulation; the rule is symmetric, so two routes
  never both go ahead past each other);
- it arrives before the next midnight (the day's accounts close and tomorrow's rates start);
- it arrives before the route's own breakdown time (drawn when the shift starts), so the
  breakdown interrupts the route exactly where it would have without look-ahead.

Sweeps and toilet cleans need no bound at all: they are recorded and applied to their items at
midnight in time order (deferred.py), so only collection points (a truck's load depends on the
bin) are items that routes wait for. Unloads (station bays are shared queues) and patrol hotspots
and the other duty stops of a beat (the walker can be dispatched) always wait for the clock. Work handed over to a neighbour route is not in the static visitor lists, so
the routes visiting handed-over items stop going ahead (``Sim.hand_over``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import eventlog as ev

if TYPE_CHECKING:
    from .routes import CompiledRoute

STATEFUL = frozenset({ev.POINT})  # stops whose item another route may visit and whose result matters on the way
NEVER_AHEAD = frozenset({ev.UNLOAD}) | ev.DUTY_CODES  # (a walker can be dispatched)
# Stops the route loop's fast path handles: no access window, no load, no shared queue.
FAST = frozenset({ev.SWEEP, ev.TOILET, ev.BREAK, ev.REFILL, ev.START, ev.END})


def mark_lookahead(routes: list[CompiledRoute]) -> None:
    """Fill each route's index, `ahead`, `fast` and `point` flags and `others` (the other routes visiting each stop's item)."""
    visitors: dict[tuple[int, int], set[int]] = {}
    for k, r in enumerate(routes):
        r.index = k
        for c, item in zip(r.code, r.item, strict=True):
            if c in STATEFUL:
                visitors.setdefault((c, item), set()).add(k)
    for k, r in enumerate(routes):
        # A patrol beat's walker can be dispatched at any moment: every one of its stops waits for the clock.
        walker = r.kind == "patrols"
        r.ahead = [c not in NEVER_AHEAD and not walker for c in r.code]
        r.fast = [c in FAST and not walker for c in r.code]
        r.point = [c == ev.POINT for c in r.code]
        r.others = [tuple(sorted(visitors[(c, item)] - {k})) if c in STATEFUL else ()
                    for c, item in zip(r.code, r.item, strict=True)]
