"""Posts and their duties (定人定岗定则): what each chief's post and each enforcement unit must do, and when.

A chief's post is the territory with its holder and deputy (from the scenario) and its standing duties,
after the scenario's ``standards.patrol_duties``:
- walk every street of the territory once every N days by cleaning grade; each street gets a day
  offset so that every day of the cycle carries about the same walking length;
- check each vendor zone at the territory's nodes ``vendor_zone_checks`` times a day in its hours,
  when the chiefs' shift overlaps those hours enough for the checks; otherwise the zone goes to the
  enforcement unit of its zone, whose officers' evening shift covers it;
- inspect each toilet and micro-service station (驿站) of the territory once every N days, spread over
  the days of the cycle;
- pass the territory's busiest spot (both ends of its street with the most incidents) a number of
  times a day (``incidents.hotspot_visits_per_day``; 街长 patrols at least three times a day).
A unit's post holds the vendor checks no chief's shift can keep and the passes over the unit zone's
busiest streets (one spot each). Offsets count days from the scenario's ``simulation.start_date``.
"""

from __future__ import annotations

from collections import Counter

from optimizer.common.norms import HOTSPOT_STOP_MIN
from optimizer.common.plan import Duty, Post
from scenarios.model import Scenario, ShiftTemplate

#: Busiest streets of an enforcement zone whose ends the unit's beats pass (assumed: enough spots for a
#: few beats per shift, few enough that each is passed several times a day).
UNIT_HOTSPOT_STREETS = 6

#: Shortest start window a zone check gets (assumed: a beat needs some freedom to reach the zone on time).
MIN_CHECK_WINDOW_MIN = 15.0


def chief_shift(scenario: Scenario) -> ShiftTemplate:
    """The chiefs' shift: the first listing the 'chief' skill (else the first day shift)."""
    for shift in sorted(scenario.shifts.templates, key=lambda s: s.start):
        if "chief" in shift.skills:
            return shift
    return min(scenario.shifts.templates, key=lambda s: (s.night, s.start))


def shift_hours(shift: ShiftTemplate) -> tuple[float, float]:
    """Clock minutes a shift covers, break included."""
    return float(shift.start), float(shift.start + shift.duration_min + shift.break_min)


def checks_fit(scenario: Scenario, window: tuple[float, float]) -> bool:
    """True when the zone's checks can each get a start window of ``MIN_CHECK_WINDOW_MIN`` in ``window``, spaced
    by the standard's gap (see ``day_jobs.check_windows``)."""
    d = scenario.standards.patrol_duties
    if d.vendor_zone_checks == 0:
        return False
    part = (window[1] - window[0]) / d.vendor_zone_checks
    return part - max(d.vendor_check_gap_min, d.vendor_check_min) >= MIN_CHECK_WINDOW_MIN


def _node_owner(scenario: Scenario, territories: dict[str, list[str]]) -> dict[str, str]:
    """Each node of a territory → the post with most streets at it (ties: the smaller id)."""
    segs = scenario.index.segments
    count: dict[str, Counter[str]] = {}
    for post, segment_ids in territories.items():
        for s in segment_ids:
            for node in (segs[s].from_node, segs[s].to_node):
                count.setdefault(node, Counter())[post] += 1
    return {node: min(c, key=lambda p: (-c[p], p)) for node, c in count.items()}


def _balanced_offsets(items: list[tuple[str, float]], every: int) -> dict[str, int]:
    """Day offsets in [0, every) giving each day of the cycle about the same total weight (largest first)."""
    load = [0.0] * every
    out: dict[str, int] = {}
    for ref, weight in sorted(items, key=lambda x: (-x[1], x[0])):
        day = min(range(every), key=lambda k: (load[k], k))
        out[ref] = day
        load[day] += weight
    return out


def _walks(scenario: Scenario, segment_ids: list[str]) -> list[Duty]:
    d = scenario.standards.patrol_duties
    segs = scenario.index.segments
    by_every: dict[int, list[tuple[str, float]]] = {}
    for s in segment_ids:
        by_every.setdefault(d.walk_every_days[segs[s].cleaning_grade - 1], []).append((s, segs[s].length_m))
    duties = []
    for every, items in sorted(by_every.items()):
        offsets = _balanced_offsets(items, every)
        duties += [Duty(kind="walk", ref=s, node=segs[s].from_node, every_days=every, offset=offsets[s],
                        minutes=round(length / 1000 / 4.0 * 60, 3)) for s, length in sorted(items)]
    return duties


def _inspections(scenario: Scenario, nodes: set[str]) -> list[Duty]:
    d = scenario.standards.patrol_duties
    places = [(t.id, t.node) for t in scenario.facilities.toilets if t.node in nodes]
    places += [(s.id, s.node) for s in scenario.facilities.service_stations if s.node in nodes]
    offsets = _balanced_offsets([(ref, 1.0) for ref, _ in places], d.inspect_every_days)
    return [Duty(kind="inspect", ref=ref, node=node, every_days=d.inspect_every_days, offset=offsets[ref],
                 minutes=d.inspection_min) for ref, node in sorted(places)]


def _check(scenario: Scenario, zone_id: str, node: str, window: tuple[float, float]) -> Duty:
    d = scenario.standards.patrol_duties
    return Duty(kind="check", ref=zone_id, node=node, per_day=d.vendor_zone_checks, window=window,
                minutes=d.vendor_check_min)


def _hotspot_duties(scenario: Scenario, nodes: list[str]) -> list[Duty]:
    passes = scenario.incidents.hotspot_visits_per_day
    if passes <= 0:
        return []
    return [Duty(kind="hotspot", ref=n, node=n, per_day=passes, minutes=HOTSPOT_STOP_MIN) for n in nodes]


def busiest_ends(scenario: Scenario, segment_ids: list[str], streets: int = 1) -> list[str]:
    """Both ends of the ``streets`` segments with the highest incident weight (then length, then id)."""
    segs = scenario.index.segments
    ranked = sorted(segment_ids, key=lambda s: (-segs[s].incident_weight, -segs[s].length_m, s))[:streets]
    return list(dict.fromkeys(n for s in ranked for n in (segs[s].from_node, segs[s].to_node)))


def zone_of_node(scenario: Scenario) -> dict[str, str]:
    """Each street node → the enforcement zone most of its streets are in."""
    count: dict[str, Counter[str]] = {}
    for g in scenario.street_graph.segments:
        if g.zone:
            for node in (g.from_node, g.to_node):
                count.setdefault(node, Counter())[g.zone] += 1
    return {node: min(c, key=lambda z: (-c[z], z)) for node, c in count.items()}


def build_posts(scenario: Scenario, territories: dict[str, list[str]]) -> list[Post]:
    """Every chief's post and every enforcement unit's post with their duties (see the module docstring)."""
    owner = _node_owner(scenario, territories)
    day = shift_hours(chief_shift(scenario))
    for_units: list[tuple[str, str, tuple[float, float]]] = []
    checks: dict[str, list[Duty]] = {}
    for z in scenario.incidents.vendor_zones:
        window = (float(z.window.start), float(z.window.end))
        overlap = (max(window[0], day[0]), min(window[1], day[1]))
        post = owner.get(z.node)
        if post is not None and checks_fit(scenario, overlap):
            checks.setdefault(post, []).append(_check(scenario, z.id, z.node, overlap))
        else:
            for_units.append((z.id, z.node, window))
    segs = scenario.index.segments
    posts = []
    for chief in scenario.workforce.chiefs:
        segment_ids = territories.get(chief.id, [])
        nodes = {n for s in segment_ids for n in (segs[s].from_node, segs[s].to_node)}
        duties = (_walks(scenario, segment_ids) + checks.get(chief.id, []) + _inspections(scenario, nodes)
                  + _hotspot_duties(scenario, busiest_ends(scenario, segment_ids)))
        posts.append(Post(id=chief.id, kind="chief", holder=chief.worker, deputy=chief.deputy, unit=chief.unit,
                          segments=list(segment_ids), duties=duties))
    return posts + _unit_posts(scenario, for_units)


def _unit_posts(scenario: Scenario, zones: list[tuple[str, str, tuple[float, float]]]) -> list[Post]:
    """One post per enforcement unit with a zone: the vendor checks left to it and its busiest spots."""
    zone_at = zone_of_node(scenario)
    posts = []
    for team in scenario.workforce.teams:
        if team.kind != "enforcement" or team.zone is None:
            continue
        mine = [g.id for g in scenario.street_graph.segments if g.zone == team.zone]
        duties = [_check(scenario, zid, node, window) for zid, node, window in zones if zone_at.get(node) == team.zone]
        segs = scenario.index.segments
        busiest = sorted(mine, key=lambda s: (-segs[s].incident_weight, -segs[s].length_m, s))[:UNIT_HOTSPOT_STREETS]
        # One spot per busy street for a unit (its first end): the beats spread over more streets.
        duties += _hotspot_duties(scenario, list(dict.fromkeys(segs[s].from_node for s in busiest)))
        posts.append(Post(id=team.id, kind="unit", holder=team.id, unit=team.id, duties=duties))
    return posts


def due_on(duty: Duty, day_index: int) -> bool:
    """True when the duty is due on the day ``day_index`` days after the scenario's start date."""
    return (day_index - duty.offset) % duty.every_days == 0
