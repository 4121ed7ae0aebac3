"""Cross-field checks: references resolve, ids are unique, work is reachable and staffable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .scenario import Scenario

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class CrossCheckIssue:
    """One failed rule: where (field path), what was found and what was expected."""

    loc: Loc
    message: str
    value: Any = None


class CrossCheckError(Exception):
    """Raised (not a ValueError, so pydantic passes it through) when cross-field checks fail."""

    def __init__(self, issues: list[CrossCheckIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues[:5]))
        self.issues = issues


def raise_on_cross_check_issues(scenario: Scenario) -> None:
    issues = list(cross_check(scenario))
    if issues:
        raise CrossCheckError(issues)


def cross_check(s: Scenario) -> Iterator[CrossCheckIssue]:
    """Every rule that spans more than one field."""
    yield from _unique_ids(s)
    yield from _references(s)
    yield from _standards_cover_grades(s)
    yield from _shares(s)
    yield from _staffable(s)
    yield from _reachable(s)


def _unique_ids(s: Scenario) -> Iterator[CrossCheckIssue]:
    tables: list[tuple[Loc, Iterable[Any]]] = [
        (("street_graph", "nodes"), s.street_graph.nodes),
        (("street_graph", "segments"), s.street_graph.segments),
        (("facilities", "depots"), s.facilities.depots),
        (("facilities", "transfer_stations"), s.facilities.transfer_stations),
        (("facilities", "service_stations"), s.facilities.service_stations),
        (("facilities", "toilets"), s.facilities.toilets),
        (("collection_points",), s.collection_points),
        (("fleet", "vehicle_types"), s.fleet.vehicle_types),
        (("fleet", "vehicles"), s.fleet.vehicles),
        (("workforce", "teams"), s.workforce.teams),
        (("workforce", "workers"), s.workforce.workers),
        (("workforce", "chiefs"), s.workforce.chiefs),
        (("shifts", "templates"), s.shifts.templates),
        (("incidents", "types"), s.incidents.types),
        (("incidents", "zones"), s.incidents.zones),
    ]
    for loc, items in tables:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                yield CrossCheckIssue((*loc, i, "id"), "must be unique (this id is used twice)", item.id)
            seen.add(item.id)


def _ref(loc: Loc, value: str | None, known: dict[str, Any] | set[str], what: str) -> Iterator[CrossCheckIssue]:
    if value is not None and value not in known:
        yield CrossCheckIssue(loc, f"must name a known {what}", value)


def _references(s: Scenario) -> Iterator[CrossCheckIssue]:
    ix = s.index
    for i, g in enumerate(s.street_graph.segments):
        loc: Loc = ("street_graph", "segments", i)
        yield from _ref((*loc, "from_node"), g.from_node, ix.nodes, "node")
        yield from _ref((*loc, "to_node"), g.to_node, ix.nodes, "node")
        yield from _ref((*loc, "chief"), g.chief, ix.chiefs, "chief")
        yield from _ref((*loc, "zone"), g.zone, ix.zones, "zone")
        if g.from_node == g.to_node:
            yield CrossCheckIssue((*loc, "to_node"), "must differ from from_node (no loops)", g.to_node)
    for table in ("depots", "transfer_stations", "service_stations", "toilets"):
        for i, f in enumerate(getattr(s.facilities, table)):
            yield from _ref(("facilities", table, i, "node"), f.node, ix.nodes, "node")
    for i, p in enumerate(s.collection_points):
        yield from _ref(("collection_points", i, "node"), p.node, ix.nodes, "node")
    for i, v in enumerate(s.fleet.vehicles):
        yield from _ref(("fleet", "vehicles", i, "type"), v.type, ix.vehicle_types, "vehicle type")
        yield from _ref(("fleet", "vehicles", i, "depot"), v.depot, ix.depots, "depot")
    for i, w in enumerate(s.workforce.workers):
        loc = ("workforce", "workers", i)
        yield from _ref((*loc, "team"), w.team, ix.teams, "team")
        yield from _ref((*loc, "home_depot"), w.home_depot, ix.depots, "depot")
        for j, shift in enumerate(w.preferred_shifts):
            yield from _ref((*loc, "preferred_shifts", j), shift, ix.shifts, "shift template")
        for j, shift in enumerate(w.avoided_shifts):
            yield from _ref((*loc, "avoided_shifts", j), shift, ix.shifts, "shift template")
        for j, day in enumerate(w.unavailable_weekdays):
            if not 0 <= day <= 6:
                yield CrossCheckIssue((*loc, "unavailable_weekdays", j), "must be 0 (Monday) .. 6 (Sunday)", day)
    for i, c in enumerate(s.workforce.chiefs):
        yield from _ref(("workforce", "chiefs", i, "worker"), c.worker, ix.workers, "worker")
        yield from _ref(("workforce", "chiefs", i, "unit"), c.unit, ix.teams, "team")
        worker = ix.workers.get(c.worker)
        if worker is not None and "chief" not in worker.skills:
            yield CrossCheckIssue(("workforce", "chiefs", i, "worker"), "must be a worker with skill 'chief'", c.worker)
        yield from _ref(("workforce", "chiefs", i, "deputy"), c.deputy, ix.workers, "worker")
        if c.deputy is not None and c.deputy == c.worker:
            yield CrossCheckIssue(("workforce", "chiefs", i, "deputy"), "must be another worker than the post's holder",
                                  c.deputy)
    for i, t in enumerate(s.workforce.teams):
        yield from _ref(("workforce", "teams", i, "zone"), t.zone, ix.zones, "zone")
    for i, (a, b) in enumerate(s.labour_rules.forbidden_successions):
        yield from _ref(("labour_rules", "forbidden_successions", i, 0), a, ix.shifts, "shift template")
        yield from _ref(("labour_rules", "forbidden_successions", i, 1), b, ix.shifts, "shift template")
    for i, d in enumerate(s.shifts.demand):
        yield from _ref(("shifts", "demand", i, "shift"), d.shift, ix.shifts, "shift template")
        yield from _ref(("shifts", "demand", i, "team"), d.team, ix.teams, "team")
    for i, breakdown in enumerate(s.disruptions.breakdowns):
        yield from _ref(("disruptions", "breakdowns", i, "vehicle_type"), breakdown.vehicle_type, ix.vehicle_types,
                        "vehicle type")
    for i, z in enumerate(s.incidents.vendor_zones):
        yield from _ref(("incidents", "vendor_zones", i, "node"), z.node, ix.nodes, "node")
    zones = {z.id for z in s.incidents.vendor_zones}
    for i, stall in enumerate(s.incidents.vendor_register):
        if stall.zone not in zones:
            yield CrossCheckIssue(("incidents", "vendor_register", i, "zone"),
                                  f"unknown vendor zone (expected one of {sorted(zones)[:8]})", stall.zone)


def _standards_cover_grades(s: Scenario) -> Iterator[CrossCheckIssue]:
    grades = s.index.cleaning_grades
    for i, g in enumerate(s.street_graph.segments):
        if g.cleaning_grade not in grades:
            yield CrossCheckIssue(
                ("street_graph", "segments", i, "cleaning_grade"),
                f"must be a grade defined in standards.cleaning_grades ({sorted(grades)})",
                g.cleaning_grade,
            )
    toilet_grades = s.index.toilet_grades
    for i, t in enumerate(s.facilities.toilets):
        if t.cleaning_interval_min is None and t.grade not in toilet_grades:
            yield CrossCheckIssue(
                ("facilities", "toilets", i, "grade"),
                f"must be a grade defined in standards.toilet_grades ({sorted(toilet_grades)})",
                t.grade,
            )


def _shares(s: Scenario) -> Iterator[CrossCheckIssue]:
    total = sum(t.share for t in s.incidents.types)
    if abs(total - 1.0) > 0.01:
        yield CrossCheckIssue(("incidents", "types"), "shares must add up to 1.0", round(total, 4))


_WORK_SKILLS = {
    "compactor": ("driver", "loader"),
    "kitchen_waste": ("driver",),
    "sweeper": ("sweeper_operator",),
    "washer": ("driver",),
}


def _staffable(s: Scenario) -> Iterator[CrossCheckIssue]:
    skills: Counter[str] = Counter(skill for w in s.workforce.workers for skill in set(w.skills))
    needed: dict[str, Loc] = {}
    for i, t in enumerate(s.fleet.vehicle_types):
        if any(v.type == t.id for v in s.fleet.vehicles):
            for j, c in enumerate(t.crew):
                needed.setdefault(c.skill, ("fleet", "vehicle_types", i, "crew", j, "skill"))
    if s.facilities.toilets:
        needed.setdefault("toilet_cleaner", ("facilities", "toilets"))
    if any(g.street_class in ("branch", "back_alley") for g in s.street_graph.segments):
        needed.setdefault("manual_sweeper", ("street_graph", "segments"))
    if s.incidents.per_day > 0:
        needed.setdefault("enforcement_officer", ("incidents", "per_day"))
    if s.workforce.chiefs:
        needed.setdefault("chief", ("workforce", "chiefs"))
    for skill, loc in needed.items():
        if skills[skill] == 0:
            yield CrossCheckIssue(loc, f"needs workers with skill '{skill}' but workforce.workers has none")


def _reachable(s: Scenario) -> Iterator[CrossCheckIssue]:
    """Every segment, point and toilet must be reachable from some depot over the directed street graph."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    node_ids = {n.id: i for i, n in enumerate(s.street_graph.nodes)}
    rows: list[int] = []
    cols: list[int] = []
    for g in s.street_graph.segments:
        a, b = node_ids.get(g.from_node), node_ids.get(g.to_node)
        if a is None or b is None:
            return  # already reported as a bad reference
        rows.append(a)
        cols.append(b)
        if not g.one_way:
            rows.append(b)
            cols.append(a)
    n = len(node_ids)
    # A super-source linked to every depot finds all nodes reachable from any depot in one search.
    source = n
    for d in s.facilities.depots:
        if d.node in node_ids:
            rows.append(source)
            cols.append(node_ids[d.node])
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    reached = np.zeros(n + 1, dtype=bool)
    reached[breadth_first_order(graph, source, directed=True, return_predecessors=False)] = True
    for i, g in enumerate(s.street_graph.segments):
        if not reached[node_ids[g.from_node]]:
            yield CrossCheckIssue(("street_graph", "segments", i), "must be reachable from a depot over the street graph", g.id)
    for i, p in enumerate(s.collection_points):
        if p.node in node_ids and not reached[node_ids[p.node]]:
            yield CrossCheckIssue(("collection_points", i, "node"), "must be reachable from a depot over the street graph", p.node)
    for i, t in enumerate(s.facilities.toilets):
        if t.node in node_ids and not reached[node_ids[t.node]]:
            yield CrossCheckIssue(("facilities", "toilets", i, "node"), "must be reachable from a depot over the street graph", t.node)
    for i, station in enumerate(s.facilities.transfer_stations):
        if station.node in node_ids and not reached[node_ids[station.node]]:
            yield CrossCheckIssue(("facilities", "transfer_stations", i, "node"),
                                  "must be reachable from a depot over the street graph", station.node)
