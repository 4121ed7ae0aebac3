"""Plan routes compiled for the simulation: flat per-stop arrays of nodes, base travel and service times.

Travel follows the planners' own street network (``optimizer.common.network.router_for``: the
route's vehicle type, an e-bike, or on foot), and a stop's base service time is the time the plan
gives it (checked against the scenario's norms by the independent checkers), so with the noise
switched off a simulated day runs exactly as planned. A stop the plan has waiting (for a window or
the timetable) and every toilet cleaning keep their planned start: a crew that comes early waits.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from optimizer.common.network import Router, router_for
from optimizer.common.plan import Plan, Route, Stop
from scenarios.errors import DataError
from scenarios.model import ShiftTemplate, Vehicle, VehicleType
from scenarios.model.common import MINUTES_PER_DAY, STREET_CLASSES, Skill

from . import eventlog as ev
from .batching import mark_lookahead
from .eventlog import Refs
from .schedule import parse_route_date
from .world import World

KIND_CODE = {
    "start": ev.START, "end": ev.END, "point": ev.POINT, "unload": ev.UNLOAD, "segment": ev.SWEEP,
    "toilet": ev.TOILET, "break": ev.BREAK, "hotspot": ev.HOTSPOT, "refill": ev.REFILL,
    "walk": ev.WALK, "check": ev.CHECK, "inspect": ev.INSPECT,
}
FOOT_SKILL: dict[str, Skill] = {"sweeping": "manual_sweeper", "toilets": "toilet_cleaner", "patrols": "enforcement_officer", "garbage": "loader"}
DEFAULT_SHIFT_MIN = 450.0
INF = math.inf
T = TypeVar("T")


@dataclass
class CompiledRoute:
    """One route's static data; index i describes stop i and the leg that reaches it."""

    id: str
    kind: str
    actor: str
    vehicle: str | None
    vehicle_type: VehicleType | None
    table: Router
    foot_kmh: float
    crew_skills: list[Skill]
    start_clock: float
    paid_min: float
    break_min: float
    depot: str | None
    start_node: int
    capacity_kg: float
    crew: str | None = None
    shift: str | None = None  # the shift template it works (who is on duty for it, by the roster)
    beat_kmh: float | None = None  # a patrol beat by e-bike: the speed its walker goes to cases at
    rush: bool = False  # legs slowed in rush hours (motor traffic)
    date: str | None = None  # runs on this date of the plan's duty horizon only (schedule.py); None: every day
    duties: int = 0  # duty stops (hotspot, walk, check, inspect): a beat's planned duties of a day it runs
    code: list[int] = field(default_factory=list)
    ready: list[float] = field(default_factory=list)  # earliest start, minutes after the day's midnight
    entry: list[int] = field(default_factory=list)
    exit: list[int] = field(default_factory=list)
    item: list[int] = field(default_factory=list)
    ref: list[int] = field(default_factory=list)
    leg_from: list[int] = field(default_factory=list)
    leg_min: list[float] = field(default_factory=list)
    leg_km: list[float] = field(default_factory=list)
    service_min: list[float] = field(default_factory=list)
    reload_station: list[int] = field(default_factory=list)
    # Look-ahead tables (batching.py); empty for handed-over work, which always waits for the clock.
    index: int = -1
    ahead: list[bool] = field(default_factory=list)
    fast: list[bool] = field(default_factory=list)
    point: list[bool] = field(default_factory=list)
    others: list[tuple[int, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.code)


def _mean_kmh(vehicle_type: VehicleType) -> float:
    """A beat's e-bike speed to a case: its mean over the street classes it may use."""
    speeds = [vehicle_type.speed_kmh.of(c) for c in STREET_CLASSES if vehicle_type.speed_kmh.of(c) > 0]
    return sum(speeds) / len(speeds) if speeds else 0.0


def _shift(world: World, route: Route) -> ShiftTemplate | None:
    if route.shift is None:
        return None
    shift = world.scenario.index.shifts.get(route.shift)
    if shift is None:
        raise DataError(f"plan route {route.id}: shift must name a shift template of the scenario (got {route.shift!r})")
    return shift


_DERIVED: dict[tuple[int, Hashable], tuple[list[CompiledRoute], Any]] = {}


def derived(routes: list[CompiledRoute], key: Hashable, build: Callable[[], T]) -> T:
    """A table built from compiled routes once and reused by every replication of the same plan.

    Compiled routes are cached per (scenario, plan) (``replication.compiled``), so static tables
    built from them (batch groups, the draws' layout) are built once, like the travel tables.
    """
    hit = _DERIVED.get((id(routes), key))
    if hit is not None and hit[0] is routes:
        return hit[1]
    value = build()
    if len(_DERIVED) >= 16:
        _DERIVED.pop(next(iter(_DERIVED)))
    _DERIVED[(id(routes), key)] = (routes, value)
    return value


def compile_plan(world: World, plan: Plan, refs: Refs) -> list[CompiledRoute]:
    """All routes of a plan, checked against the scenario and compiled; legs use cached road tables."""
    compiled = [_compile_route(world, route, refs) for part in plan.parts.values() for route in part.routes]
    _fill_legs(world, compiled)
    mark_lookahead(compiled)
    return compiled


def _compile_route(world: World, route: Route, refs: Refs) -> CompiledRoute:
    p = world.params
    vehicle, vtype, mode = _vehicle_of(world, route)
    shift = _shift(world, route)
    start_clock = _start_clock(route, shift)
    paid = shift.duration_min if shift else (vtype.max_shift_min if vtype else DEFAULT_SHIFT_MIN)
    skills = _crew_skills(world, route, vtype)
    foot_kmh = {"toilets": p.cleaner_kmh, "patrols": p.officer_kmh}.get(route.kind, p.walk_kmh)
    depot = vehicle.depot if vehicle is not None else None
    start_node = _start_node(world, route, depot)
    table = router_for(world.scenario, mode)
    r = CompiledRoute(
        id=route.id, kind=route.kind, actor=route.vehicle or route.crew or route.id, vehicle=route.vehicle,
        vehicle_type=vtype, table=table, foot_kmh=foot_kmh, crew_skills=skills, start_clock=start_clock,
        paid_min=paid, break_min=shift.break_min if shift else 0.0, depot=depot, start_node=start_node,
        capacity_kg=vtype.capacity_kg if vtype else math.inf, crew=route.crew, shift=route.shift, rush=table.rush,
        date=parse_route_date(route.date, route.id),
        beat_kmh=_mean_kmh(mode) if route.kind == "patrols" and vtype is None and mode is not None else None,
    )
    _add_stops(world, refs, route, shift, r)
    r.duties = sum(1 for c in r.code if c in ev.DUTY_CODES)
    return r


def _vehicle_of(world: World, route: Route) -> tuple[Vehicle | None, VehicleType | None, VehicleType | None]:
    """(vehicle, its type, how the route travels) of a route, checked against the scenario."""
    ix = world.scenario.index
    vehicle = ix.vehicles.get(route.vehicle) if route.vehicle else None
    if route.vehicle and vehicle is None:
        raise DataError(f"plan route {route.id}: vehicle must name a vehicle of the scenario (got {route.vehicle!r})")
    if route.vehicle_type and route.vehicle_type not in ix.vehicle_types:
        raise DataError(f"plan route {route.id}: vehicle_type must name a vehicle type of the scenario "
                        f"(got {route.vehicle_type!r})")
    vtype = ix.vehicle_types[vehicle.type] if vehicle is not None else None
    # How the route travels: its vehicle, else the vehicle type it names (crews on e-bikes), else on foot.
    mode = vtype or (ix.vehicle_types[route.vehicle_type] if route.vehicle_type else None)
    return vehicle, vtype, mode


def _start_clock(route: Route, shift: ShiftTemplate | None) -> float:
    """The minute the route starts: its start stop's departure, else its shift's start, else its first arrival."""
    stops = route.stops
    if stops and stops[0].kind == "start":
        return stops[0].departure_min
    if shift is not None:
        return float(shift.start)
    return stops[0].arrival_min if stops else 0.0


def _crew_skills(world: World, route: Route, vtype: VehicleType | None) -> list[Skill]:
    """One skill per crew seat: the vehicle type's crew, else the one worker on foot."""
    if vtype is not None:
        return [c.skill for c in vtype.crew for _ in range(c.count)]
    worker = world.scenario.index.workers.get(route.crew or "")
    if route.kind == "patrols" and worker is not None and "chief" in worker.skills:
        return ["chief"]
    return [FOOT_SKILL[route.kind]]


def _start_node(world: World, route: Route, depot: str | None) -> int:
    """Where the route starts: its vehicle's depot, else its first stop."""
    if depot is not None:
        return world.depot_node[depot]
    if route.stops:
        first = route.stops[0].from_node or route.stops[0].node
        return _node(world.network.index, first, route.id)
    return 0


def _add_stops(world: World, refs: Refs, route: Route, shift: ShiftTemplate | None, r: CompiledRoute) -> None:
    """Append the route's stops to its compiled tables (code, nodes, item, service, timetable)."""
    node_of = world.network.index
    day0 = r.start_clock // MINUTES_PER_DAY * MINUTES_PER_DAY
    for stop in route.stops:
        code = KIND_CODE[stop.kind]
        exit_node = _node(node_of, stop.node, route.id)
        begin = stop.start_min if stop.start_min is not None else stop.arrival_min
        service = stop.departure_min - begin  # the plan's own time for the work (checked against the norms)
        if stop.kind == "break":
            service = shift.break_min if shift and shift.break_min > 0 else service
        item, ref, entry_node = _stop_item(world, refs, stop, exit_node, route.id)
        timetabled = stop.start_min is not None or stop.kind == "toilet"
        r.code.append(code)
        r.entry.append(entry_node)
        r.exit.append(exit_node)
        r.item.append(item)
        r.ref.append(ref)
        r.service_min.append(max(service, 0.0))
        r.ready.append(begin - day0 if timetabled and stop.kind not in ("start", "end") else -INF)


def _stop_item(world: World, refs: Refs, stop: Stop, exit_node: int, route_id: str) -> tuple[int, int, int]:
    """(item index, log ref, entry node) of a stop; the entry differs from the exit only along a segment."""
    kind, entry = stop.kind, exit_node
    if kind == "point":
        item = _item(world.point_index, stop.ref, route_id, "collection point")
        return item, refs.point + item, entry
    if kind == "unload":
        item = _item(world.station_index, stop.ref, route_id, "transfer station")
        return item, refs.station + item, entry
    if kind in ("segment", "walk"):  # swept, or walked by a chief: entered at one end, left at the other
        item = _item(world.segment_index, stop.ref, route_id, "segment")
        a, b = world.segment_from[item], world.segment_to[item]
        entry = _node(world.network.index, stop.from_node, route_id) if stop.from_node else (a if exit_node == b else b)
        return item, refs.segment + item, entry
    if kind == "toilet":
        item = _item(world.toilet_index, stop.ref, route_id, "toilet")
        return item, refs.toilet + item, entry
    if kind == "check":
        item = _item(world.vendor_zone_index, stop.ref, route_id, "vendor zone")
        return item, refs.vendor_zone + item, entry
    if kind == "inspect":  # a toilet (item: its index) or a micro-service station (item −1)
        if stop.ref in world.toilet_index:
            item = world.toilet_index[stop.ref]
            return item, refs.toilet + item, entry
        station = _item(world.service_station_index, stop.ref, route_id, "toilet or micro-service station")
        return -1, refs.service_station + station, entry
    if kind == "break" and stop.ref in world.service_station_index:
        return -1, refs.service_station + world.service_station_index[stop.ref], entry
    return -1, -1, entry


def _node(node_of: dict[str, int], node: str, route_id: str) -> int:
    k = node_of.get(node)
    if k is None:
        raise DataError(f"plan route {route_id}: stop node must be a node of the street graph (got {node!r})")
    return k


def _item(index: dict[str, int], ref: str, route_id: str, what: str) -> int:
    k = index.get(ref)
    if k is None:
        raise DataError(f"plan route {route_id}: stop ref must name a {what} of the scenario (got {ref!r})")
    return k


def _fill_legs(world: World, routes: list[CompiledRoute]) -> None:
    """Base (free-flow) leg minutes and km for every stop, batching Dijkstra per road table."""
    stations = world.station_node
    by_table: dict[int, list[CompiledRoute]] = {}
    for r in routes:
        by_table.setdefault(id(r.table), []).append(r)
    for group in by_table.values():
        sources = set(stations)
        for r in group:
            sources.add(r.start_node)
            sources.update(r.exit)
            sources.update(world.depot_node.values())
        group[0].table.ensure(sorted(sources))
    for r in routes:
        prev = r.start_node
        pairs = []
        for i in range(len(r)):
            target = r.entry[i]
            r.leg_from.append(prev)
            r.leg_min.append(r.table.minutes(prev, target))
            pairs.append((prev, target))
            prev = r.exit[i]
        r.leg_km = (r.table.metres_of(pairs) / 1000).tolist() if pairs else []
        if r.vehicle is not None:
            for i in range(len(r)):
                if r.code[i] == ev.POINT:
                    row = r.table.row(r.exit[i])
                    best = min(range(len(stations)), key=lambda s: row[stations[s]])
                    r.reload_station.append(best)
                else:
                    r.reload_station.append(-1)
        else:
            r.reload_station = [-1] * len(r)


def continuation(r: CompiledRoute, first: int, runner_table: Router, foot_kmh: float) -> CompiledRoute:
    """The stops of r from `first` on, to be driven by another vehicle or crew (legs computed at run time)."""
    rest = slice(first, None)
    n = len(r.code[rest])
    return CompiledRoute(
        id=f"{r.id}+", kind=r.kind, actor=r.actor, vehicle=r.vehicle, vehicle_type=r.vehicle_type, table=runner_table,
        foot_kmh=foot_kmh, crew_skills=r.crew_skills, start_clock=r.start_clock, paid_min=r.paid_min,
        break_min=r.break_min, depot=r.depot, start_node=-1, capacity_kg=r.capacity_kg, rush=runner_table.rush,
        code=r.code[rest], ready=r.ready[rest], entry=r.entry[rest], exit=r.exit[rest], item=r.item[rest], ref=r.ref[rest], leg_from=[-1] * n,
        leg_min=[INF] * n, leg_km=[INF] * n, service_min=r.service_min[rest], reload_station=r.reload_station[rest],
    )


def subset(r: CompiledRoute, keep: list[int]) -> CompiledRoute:
    """The stops of r at the given indices (legs are recomputed at run time where they no longer fit)."""
    pick = lambda xs: [xs[i] for i in keep]  # noqa: E731
    return CompiledRoute(
        id=r.id, kind=r.kind, actor=r.actor, vehicle=r.vehicle, vehicle_type=r.vehicle_type, table=r.table,
        foot_kmh=r.foot_kmh, crew_skills=r.crew_skills, start_clock=r.start_clock, paid_min=r.paid_min,
        break_min=r.break_min, depot=r.depot, start_node=-1, capacity_kg=r.capacity_kg, rush=r.rush,
        code=pick(r.code), ready=pick(r.ready),
        entry=pick(r.entry), exit=pick(r.exit), item=pick(r.item), ref=pick(r.ref), leg_from=pick(r.leg_from),
        leg_min=pick(r.leg_min), leg_km=pick(r.leg_km), service_min=pick(r.service_min),
        reload_station=pick(r.reload_station),
    )
