"""Chiefs' territories (街长/路长/巷长责任区): contiguous, balanced by workload, close to the current ones.

Workload of a segment = the duty minutes it brings its chief each day (see ``duty_minutes``): walking it
once in its grade's cycle, its share of the inspections and zone checks at its ends, and the cases
expected on it (its share of the incident weight × length, at the mean handling time). Territories start from the previous assignment
(``previous``: chief → segments) or else from each segment's ``chief``; a territory split in
pieces keeps its largest piece and the others join a neighbouring territory, and segments without
a chief join a neighbour too. Then, while a territory carries more than ``BALANCED`` times the mean
workload, a local search moves boundary segments out of the most loaded territory into its least loaded
neighbour, keeping the donor connected, as long as the move lowers
the larger of the two loads (so the sum of squared loads falls and the search ends). Only the
heaviest territory gives segments away, which keeps changes to the existing map few.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from scenarios.model import Scenario


@dataclass(frozen=True)
class Territories:
    """Chief id → segment ids, and how the balance changed."""

    assignment: dict[str, list[str]]
    moved: int
    max_over_mean_before: float
    max_over_mean_after: float
    disconnected: tuple[str, ...] = ()

    def summary(self) -> str:
        return (f"territories: workload max/mean {self.max_over_mean_before:.2f} -> {self.max_over_mean_after:.2f}, "
                f"{self.moved} segments moved")


#: A territory at most this many times the mean workload is balanced enough: it is left as it is, so that
#: the map people know changes only where a post is clearly overloaded (assumed, like a 25 % tolerance).
BALANCED = 1.25

_WORKLOADS: dict[int, tuple[Scenario, dict[str, float]]] = {}


def workload(scenario: Scenario, segment_id: str) -> float:
    """Duty minutes a day the segment brings its chief (computed once per scenario)."""
    hit = _WORKLOADS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        _WORKLOADS.clear()  # one scenario at a time is planned; keep the cache from growing
        hit = _WORKLOADS[id(scenario)] = (scenario, duty_minutes(scenario))
    return hit[1][segment_id]


def duty_minutes(scenario: Scenario) -> dict[str, float]:
    """Per segment: walking it in its cycle, its share of the duties at its ends, its expected cases (minutes a day)."""
    d = scenario.standards.patrol_duties
    segs = scenario.street_graph.segments
    degree: dict[str, int] = {}
    for g in segs:
        for n in (g.from_node, g.to_node):
            degree[n] = degree.get(n, 0) + 1
    at_node: dict[str, float] = {}
    for t in scenario.facilities.toilets:
        at_node[t.node] = at_node.get(t.node, 0.0) + d.inspection_min / d.inspect_every_days
    for st in scenario.facilities.service_stations:
        at_node[st.node] = at_node.get(st.node, 0.0) + d.inspection_min / d.inspect_every_days
    for z in scenario.incidents.vendor_zones:
        at_node[z.node] = at_node.get(z.node, 0.0) + d.vendor_check_min * d.vendor_zone_checks
    weight = sum(g.incident_weight * g.length_m for g in segs) or 1.0
    types = scenario.incidents.types
    handling = sum(t.share * t.handling_min for t in types) / (sum(t.share for t in types) or 1.0)
    cases = scenario.incidents.per_day * handling
    return {g.id: g.length_m / 1000 / 4.0 * 60 / d.walk_every_days[g.cleaning_grade - 1]
            + sum(at_node.get(n, 0.0) / degree[n] for n in (g.from_node, g.to_node))
            + cases * g.incident_weight * g.length_m / weight for g in segs}


def _neighbours(scenario: Scenario) -> dict[str, list[str]]:
    at_node: dict[str, list[str]] = {}
    for g in scenario.street_graph.segments:
        at_node.setdefault(g.from_node, []).append(g.id)
        at_node.setdefault(g.to_node, []).append(g.id)
    return {g.id: sorted({t for n in (g.from_node, g.to_node) for t in at_node[n] if t != g.id})
            for g in scenario.street_graph.segments}


def _pieces(members: set[str], near: dict[str, list[str]]) -> list[set[str]]:
    """Connected pieces of a set of segments, largest first."""
    left, pieces = set(members), []
    while left:
        seed = min(left)
        piece, queue = {seed}, deque([seed])
        while queue:
            for t in near[queue.popleft()]:
                if t in left and t not in piece:
                    piece.add(t)
                    queue.append(t)
        left -= piece
        pieces.append(piece)
    return sorted(pieces, key=lambda p: (-len(p), min(p)))


def _ratio(loads: dict[str, float]) -> float:
    values = [v for v in loads.values()]
    mean = sum(values) / len(values) if values else 0.0
    return max(values) / mean if mean > 0 else 1.0


def plan_territories(scenario: Scenario, previous: dict[str, list[str]] | None = None, *,
                     stop: Callable[[], bool] = lambda: False, max_moves: int | None = None) -> Territories:
    """Contiguous, balanced territories for the scenario's chiefs (see the module docstring).

    ``max_moves`` defaults to the number of segments (the search ends at a local optimum well before).
    """
    if max_moves is None:
        max_moves = len(scenario.street_graph.segments)
    near = _neighbours(scenario)
    chiefs = [c.id for c in scenario.workforce.chiefs]
    owner: dict[str, str] = {}
    if previous:
        for chief, segments in previous.items():
            if chief in scenario.index.chiefs:
                owner.update({s: chief for s in segments if s in near})
    else:
        owner = {g.id: g.chief for g in scenario.street_graph.segments if g.chief in scenario.index.chiefs}
    initial = dict(owner)
    start_loads = {c: 0.0 for c in chiefs}
    for s, c in owner.items():
        start_loads[c] += workload(scenario, s)
    before = _ratio(start_loads)
    # Repair: keep each territory's largest piece, free the rest.
    members: dict[str, set[str]] = {c: set() for c in chiefs}
    for s, c in owner.items():
        members[c].add(s)
    for c in chiefs:
        for piece in _pieces(members[c], near)[1:]:
            for s in piece:
                del owner[s]
            members[c] -= piece
    loads = {c: sum(workload(scenario, s) for s in members[c]) for c in chiefs}
    _adopt_orphans(scenario, near, owner, members, loads)
    _balance(scenario, _State(near, owner, members, loads), chiefs, max_moves, stop)
    disconnected = tuple(c for c in chiefs if len(_pieces(members[c], near)) > 1)
    moved = sum(1 for s, c in owner.items() if initial.get(s) != c)
    return Territories({c: sorted(members[c]) for c in chiefs}, moved, before, _ratio(loads), disconnected)


@dataclass
class _State:
    """The search's state: each segment's neighbours and owner, each chief's segments and load."""

    near: dict[str, list[str]]
    owner: dict[str, str]
    members: dict[str, set[str]]
    loads: dict[str, float]


def _balance(scenario: Scenario, state: _State, chiefs: list[str], max_moves: int, stop: Callable[[], bool]) -> None:
    """Move boundary segments out of the heaviest territories until no move lowers a pair's larger load."""
    near, owner, members, loads = state.near, state.owner, state.members, state.loads
    moves = 0
    stuck: set[str] = set()
    swept = False  # True once every chief was tried afresh since the last move
    while moves < max_moves and not stop():
        move = None
        limit = BALANCED * sum(loads.values()) / max(1, len(loads))
        for heavy in sorted(chiefs, key=lambda c: (-loads[c], c)):
            if loads[heavy] <= limit:
                break  # every territory left is within the tolerance: leave it as it is
            if heavy not in stuck:
                move = _best_move(scenario, near, owner, members, loads, heavy)
                if move is not None:
                    break
                stuck.add(heavy)
        if move is None:
            if swept:
                return
            # The stuck marks are a shortcut; before ending, try everyone once more so that the result is a
            # true local optimum and re-planning from it moves nothing.
            stuck.clear()
            swept = True
            continue
        swept = False
        s, u, w = move
        members[heavy].discard(s)
        members[u].add(s)
        owner[s] = u
        loads[heavy] -= w
        loads[u] += w
        moves += 1
        # The donor got lighter: its neighbours may now give to it; the receiver may now give away.
        stuck -= {heavy, u} | {owner[t] for x in members[heavy] for t in near[x] if t in owner}


def _best_move(scenario: Scenario, near: dict[str, list[str]], owner: dict[str, str], members: dict[str, set[str]],
               loads: dict[str, float], heavy: str) -> tuple[str, str, float] | None:
    """The boundary segment of ``heavy`` whose move to a lighter neighbour lowers the pair's larger load most."""
    best = None
    for s in sorted(members[heavy]):
        w = workload(scenario, s)
        for u in sorted({owner[t] for t in near[s] if t in owner and owner[t] != heavy}):
            if loads[u] + w < loads[heavy] and (best is None or max(loads[heavy] - w, loads[u] + w) < best[0]):
                if len(members[heavy]) > 1 and len(_pieces(members[heavy] - {s}, near)) == 1:
                    best = (max(loads[heavy] - w, loads[u] + w), s, u, w)
    return None if best is None else best[1:]


def _adopt_orphans(scenario: Scenario, near: dict[str, list[str]], owner: dict[str, str],
                   members: dict[str, set[str]], loads: dict[str, float]) -> None:
    """Give every segment without a territory to its least loaded neighbouring territory (flood fill)."""
    orphans = sorted(s for s in near if s not in owner)
    while orphans:
        placed = False
        for s in orphans:
            owners = sorted({owner[t] for t in near[s] if t in owner}, key=lambda c: (loads[c], c))
            if owners:
                owner[s] = owners[0]
                members[owners[0]].add(s)
                loads[owners[0]] += workload(scenario, s)
                placed = True
        orphans = [s for s in orphans if s not in owner]
        if not placed:  # a street network piece no territory touches: give it to the least loaded chief
            if not loads:
                return
            chief = min(loads, key=lambda c: (loads[c], c))
            s = orphans.pop(0)
            owner[s] = chief
            members[chief].add(s)
            loads[chief] += workload(scenario, s)
