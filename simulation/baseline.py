"""'Today's way' without the optimizer: simple, plausible routes a planner can compare against.

- Garbage: each truck takes points nearest to its depot in a fixed sweep (angle) order, unloading at
  the nearest station when the expected load nears capacity, until its shift is used up; kitchen
  trucks take restaurants on the restaurant shift. Points no truck reaches or fits are unserved.
- Sweeping: sweeper vehicles take the mechanical segments of their depot's area in id order, one
  pass per mechanical sweep a day; manual crews take the remaining sweeps in id order up to their
  grade's area per shift.
- Toilets: each cleaner gets a group of neighbouring toilets and goes round it until the shift ends.
- Patrols: no beats; officers respond to incidents only.
"""

from __future__ import annotations

import math

import numpy as np

from optimizer.common.plan import Plan, Route, RoutePlan, Stop, Unserved
from scenarios.model import Scenario, ShiftTemplate, VehicleType

from .params import TOILET_CLEAN_MIN, SimParams
from .travel import Network, clock_factors, network_of, speeds_of

NOTE = "baseline plan (today's way): simulation.baseline"
PLANNING_SLACK = 0.9
MAX_WAIT_MIN = 30.0


def baseline_plan(scenario: Scenario, params: SimParams | None = None) -> Plan:
    """Routes for every kind of work built by fixed simple rules (see module docstring)."""
    params = params or SimParams()
    net = network_of(scenario)
    parts = {
        "garbage": _garbage(scenario, net),
        "sweeping": _sweeping(scenario, net, params),
        "toilets": _toilets(scenario, net, params),
        "patrols": RoutePlan(kind="patrols", status="feasible", engine="baseline",
                             territories=_territories(scenario), notes=[NOTE, "officers respond to incidents only"]),
    }
    return Plan(scenario=scenario.district.name_en, day="", parts=parts)


def _shift_for(scenario: Scenario, preferred: str, skill: str) -> ShiftTemplate:
    ix = scenario.index
    if preferred in ix.shifts:
        return ix.shifts[preferred]
    for t in sorted(scenario.shifts.templates, key=lambda t: t.start):
        if not t.skills or skill in t.skills:
            return t
    return scenario.shifts.templates[0]


def _shifts_with_demand(scenario: Scenario, skill: str) -> list[tuple[ShiftTemplate, int]]:
    """(shift, workers) from the demand rules of a skill (Monday's), in start order."""
    counts: dict[str, int] = {}
    for d in scenario.shifts.demand:
        if d.skill == skill and 0 in d.weekdays:
            counts[d.shift] = counts.get(d.shift, 0) + d.count
    out = [(scenario.index.shifts[s], n) for s, n in counts.items() if n > 0]
    return sorted(out, key=lambda x: x[0].start)


def _angle_order(net: Network, centre: int, nodes: list[int]) -> list[int]:
    xy = net.xy_m[nodes] - net.xy_m[centre]
    return list(np.argsort(np.arctan2(xy[:, 1], xy[:, 0]), kind="stable"))


def _garbage(scenario: Scenario, net: Network) -> RoutePlan:
    ix = scenario.index
    trucks = [v for v in scenario.fleet.vehicles if not v.spare and ix.vehicle_types[v.type].kind in ("compactor", "kitchen_waste")]
    has_kitchen = any(ix.vehicle_types[v.type].kind == "kitchen_waste" for v in trucks)
    routes: list[Route] = []
    unserved: list[Unserved] = []
    groups = [("kitchen_waste", "restaurant", lambda p: p.kind == "restaurant")] if has_kitchen else []
    groups.append(("compactor", "collection", (lambda p: p.kind != "restaurant") if has_kitchen else (lambda p: True)))
    for kind, shift_id, wanted in groups:
        shift = _shift_for(scenario, shift_id, "driver")
        points = [p for p in scenario.collection_points if wanted(p) and p.mean_kg_per_day > 0]
        fleet = [v for v in trucks if ix.vehicle_types[v.type].kind == kind]
        by_depot: dict[str, list] = {}
        depots = [d for d in scenario.facilities.depots if any(v.depot == d.id for v in fleet)]
        dn = [net.index[d.node] for d in depots]
        for p in points:
            k = int(np.argmin([net.straight_m(net.index[p.node], d) for d in dn])) if dn else -1
            if k < 0:
                unserved.append(Unserved(kind="garbage", ref=p.id, reason="no truck of this kind"))
                continue
            by_depot.setdefault(depots[k].id, []).append(p)
        for depot in depots:
            pool = by_depot.get(depot.id, [])
            order = _angle_order(net, net.index[depot.node], [net.index[p.node] for p in pool]) if pool else []
            pool = [pool[i] for i in order]
            mine = [v for v in fleet if v.depot == depot.id]
            # Contiguous chunks of the sweep order, sized by each truck's share of the depot's capacity.
            caps = np.array([ix.vehicle_types[v.type].capacity_kg for v in mine])
            bounds = np.round(np.cumsum(caps) / caps.sum() * len(pool)).astype(int) if len(mine) else []
            left_over: list = []
            lo = 0
            for v, hi in zip(mine, bounds, strict=True):
                chunk = left_over + pool[lo:hi]
                lo = hi
                route, left_over = _truck_route(scenario, net, v.id, ix.vehicle_types[v.type], depot.node, shift, chunk)
                if len(route.stops) > 2:
                    routes.append(route)
            unserved += [Unserved(kind="garbage", ref=p.id, reason="no truck capacity or time left") for p in left_over]
    return _part("garbage", routes, unserved)


def _truck_route(scenario: Scenario, net: Network, vehicle: str, vt: VehicleType, depot_node: str,
                 shift: ShiftTemplate, pool: list) -> tuple[Route, list]:
    """Take points from the pool in order while the shift lasts; unload at the nearest station when full."""
    table = net.table(speeds_of(vt))
    stations = scenario.facilities.transfer_stations
    station_nodes = [net.index[s.node] for s in stations]
    depot = net.index[depot_node]
    table.ensure([depot, *station_nodes, *(net.index[p.node] for p in pool)])
    t = float(shift.start)
    # Plan to 90 % of the shift with rush-hour travel times: slack for randomness, queues and reloads.
    end = shift.start + PLANNING_SLACK * shift.duration_min + shift.break_min
    rush = clock_factors(scenario, False, 1.0)
    stops = [Stop(kind="start", ref=vehicle, node=depot_node, arrival_min=t, departure_min=t)]
    here, load, left = depot, 0.0, []
    took_break = shift.break_min <= 0
    queue = [(p, False) for p in pool]
    k = 0
    while k < len(queue):
        p, retried = queue[k]
        k += 1
        node = net.index[p.node]
        leg = table.minutes(here, node)
        if not math.isfinite(leg) or not math.isfinite(table.minutes(node, depot)):
            left.append(p)
            continue
        if load + p.mean_kg_per_day > vt.capacity_kg * 0.9:
            t, here, stop = _unload(table, stations, station_nodes, here, t)
            stops.append(stop)
            load = 0.0
            leg = table.minutes(here, node)
        s_i, s_node = _nearest(table, station_nodes, node)
        back = table.minutes(node, s_node) + stations[s_i].unload_min + table.minutes(s_node, depot)
        if t + leg + p.service_min + back > end:
            left.append(p)
            continue
        arrive = t + leg * rush[int(t) % 1440]
        wait = _access_wait(p, arrive)
        if wait is not None and wait > MAX_WAIT_MIN and not retried:
            queue.append((p, True))  # closed now: come back at the end of the round
            continue
        if wait is None or arrive + wait + p.service_min + back > end:
            left.append(p)
            continue
        t = arrive + wait
        stops.append(Stop(kind="point", ref=p.id, node=p.node, arrival_min=t, departure_min=t + p.service_min,
                          load_kg=load + p.mean_kg_per_day))
        t += p.service_min
        load += p.mean_kg_per_day
        here = node
        if not took_break and t >= shift.start + shift.duration_min / 2:
            station = _nearest_service_station(scenario, net, here)
            to_station = table.minutes(here, net.index[station.node]) if station is not None else math.inf
            if math.isfinite(to_station) and station is not None:
                t += to_station
                here = net.index[station.node]
            stops.append(Stop(kind="break", ref=station.id if station is not None and math.isfinite(to_station) else "",
                              node=net.node_ids[here], arrival_min=t, departure_min=t + shift.break_min, load_kg=load))
            t += shift.break_min
            took_break = True
    if load > 0:
        t, here, stop = _unload(table, stations, station_nodes, here, t)
        stops.append(stop)
    t += table.minutes(here, depot)
    stops.append(Stop(kind="end", ref=vehicle, node=depot_node, arrival_min=t, departure_min=t))
    route = Route(id=f"G-{vehicle}", kind="garbage", vehicle=vehicle, vehicle_type=vt.id, shift=shift.id,
                  stops=stops, duration_min=t - shift.start)
    return route, left


def _access_wait(point, t: float) -> float | None:
    """Minutes until the point's next access window opens (None: none left today)."""
    clock = t % 1440
    for w in point.access_windows:
        if clock <= w.end:
            return max(0.0, w.start - clock)
    return None


def _nearest_service_station(scenario: Scenario, net: Network, here: int):
    """The micro-service station (驿站) closest in a straight line, where crews take their break."""
    stations = scenario.facilities.service_stations
    if not stations:
        return None
    return min(stations, key=lambda s: net.straight_m(here, net.index[s.node]))


def _foot_break(scenario: Scenario, net: Network, here: int, t: float, shift: ShiftTemplate, kmh: float,
                detour: float) -> tuple[Stop, float, int]:
    """A break at the nearest service station for a crew on foot: (stop, time after it, position)."""
    station = _nearest_service_station(scenario, net, here)
    if station is None:
        return Stop(kind="break", ref="", node=net.node_ids[here], arrival_min=t, departure_min=t + shift.break_min), \
            t + shift.break_min, here
    node = net.index[station.node]
    t += net.foot_minutes(here, node, kmh, detour)
    return Stop(kind="break", ref=station.id, node=station.node, arrival_min=t, departure_min=t + shift.break_min), \
        t + shift.break_min, node


def _nearest(table, station_nodes: list[int], node: int) -> tuple[int, int]:
    row = table.row(node)
    k = int(np.argmin([row[s] for s in station_nodes]))
    return k, station_nodes[k]


def _unload(table, stations, station_nodes: list[int], here: int, t: float) -> tuple[float, int, Stop]:
    """Unload at the nearest station open on arrival (the nearest one when none is)."""
    row = table.row(here)
    open_now = [k for k, st in enumerate(stations)
                if st.opening.start <= (t + row[station_nodes[k]]) % 1440 <= st.opening.end]
    if open_now:
        k = min(open_now, key=lambda j: row[station_nodes[j]])
        node = station_nodes[k]
    else:
        k, node = _nearest(table, station_nodes, here)
    t += table.minutes(here, node)
    st = stations[k]
    stop = Stop(kind="unload", ref=st.id, node=st.node, arrival_min=t, departure_min=t + st.unload_min, load_kg=0)
    return t + st.unload_min, node, stop


def _sweeping(scenario: Scenario, net: Network, params: SimParams) -> RoutePlan:
    ix = scenario.index
    sweepers = [v for v in scenario.fleet.vehicles if not v.spare and ix.vehicle_types[v.type].kind == "sweeper"]
    segs = scenario.street_graph.segments
    manual_sweeps: dict[str, int] = {}
    mech: dict[str, int] = {}
    for g in segs:
        grade = ix.cleaning_grades[g.cleaning_grade]
        can_drive = any(ix.vehicle_types[v.type].allows(g.street_class) for v in sweepers)
        m = grade.mechanical_sweeps_per_day if grade.method != "manual" and can_drive else 0
        if grade.method == "mechanical" and can_drive:
            m = max(m, 1)
        mech[g.id] = min(m, grade.sweeps_per_day)
    routes: list[Route] = []
    unserved: list[Unserved] = []
    mech_shifts = _shifts_with_demand(scenario, "sweeper_operator") or [(_shift_for(scenario, "early", "sweeper_operator"), len(sweepers))]
    for g in segs:
        # Sweeps beyond the sweeper shifts fall to the manual crews.
        mech[g.id] = min(mech[g.id], len(mech_shifts))
        manual_sweeps[g.id] = ix.cleaning_grades[g.cleaning_grade].sweeps_per_day - mech[g.id]
    for k, (shift, _) in enumerate(mech_shifts):
        todo = [g for g in segs if mech[g.id] > k]
        routes += _split_segments(scenario, net, todo, [(v.id, v.type) for v in sweepers], shift, f"S{k + 1}", unserved,
                                  params.manual_strip_m)
    manual = _shifts_with_demand(scenario, "manual_sweeper") or [(_shift_for(scenario, "early", "manual_sweeper"), 0)]
    workers = [w.id for w in scenario.workforce.workers if "manual_sweeper" in w.skills]
    used = 0
    for k, (shift, count) in enumerate(manual):
        crew = workers[used:used + (count or len(workers))]
        used += len(crew)
        todo = [g for g in segs if manual_sweeps[g.id] > k]
        routes += _split_segments(scenario, net, todo, [(w, None) for w in crew], shift, f"M{k + 1}", unserved, params.manual_strip_m)
    return _part("sweeping", routes, unserved)


def _split_segments(scenario: Scenario, net: Network, todo: list, crews: list[tuple[str, str | None]],
                    shift: ShiftTemplate, tag: str, unserved: list[Unserved], strip_m: float) -> list[Route]:
    """Give each crew the next segments in id order until its shift is full (estimated)."""
    ix = scenario.index
    todo = sorted(todo, key=lambda g: g.id)
    routes = []
    pos = 0
    for crew, vtype_id in crews:
        if pos >= len(todo):
            break
        vt = ix.vehicle_types[vtype_id] if vtype_id else None
        t = float(shift.start)
        end = shift.start + shift.duration_min
        stops: list[Stop] = []
        here = None
        took_break = shift.break_min <= 0
        while pos < len(todo):
            g = todo[pos]
            if vt is not None and not vt.allows(g.street_class):
                unserved.append(Unserved(kind="sweeping", ref=g.id, reason="sweeper cannot drive this street class"))
                pos += 1
                continue
            a, b = net.index[g.from_node], net.index[g.to_node]
            leg = 0.0 if here is None else net.foot_minutes(here, a, 20.0 if vt else 4.5, 1.3)
            if vt is not None:
                work = g.length_m * g.sides / 1000 / vt.work_speed_kmh * 60
            else:
                strip_m2 = g.length_m * min(g.width_m, g.sides * strip_m)
                work = strip_m2 / ix.cleaning_grades[g.cleaning_grade].manual_m2_per_shift * shift.duration_min
            if t + leg + work > end and stops:
                break
            t += leg
            stops.append(Stop(kind="segment", ref=g.id, node=g.to_node, from_node=g.from_node, arrival_min=t,
                              departure_min=t + work))
            t += work
            here = b
            pos += 1
            if vt is None and not took_break and t >= shift.start + shift.duration_min / 2:
                stop, t, here = _foot_break(scenario, net, here, t, shift, 4.5, 1.3)
                stops.append(stop)
                took_break = True
        routes.append(Route(id=f"{tag}-{crew}", kind="sweeping", vehicle=crew if vt else None,
                            vehicle_type=vtype_id, crew=None if vt else crew, shift=shift.id, stops=stops,
                            duration_min=t - shift.start))
    unserved += [Unserved(kind="sweeping", ref=g.id, reason=f"no crew left on shift {shift.id}") for g in todo[pos:]]
    return routes


def _toilets(scenario: Scenario, net: Network, params: SimParams) -> RoutePlan:
    toilets = sorted(scenario.facilities.toilets, key=lambda t: t.id)
    shifts = _shifts_with_demand(scenario, "toilet_cleaner") or [(_shift_for(scenario, "early", "toilet_cleaner"), 0)]
    workers = [w.id for w in scenario.workforce.workers if "toilet_cleaner" in w.skills]
    routes: list[Route] = []
    unserved: list[Unserved] = []
    if not toilets or not workers:
        return _part("toilets", routes, [Unserved(kind="toilets", ref=t.id, reason="no cleaners") for t in toilets])
    centre = net.index[scenario.facilities.depots[0].node]
    order = _angle_order(net, centre, [net.index[t.node] for t in toilets])
    toilets = [toilets[i] for i in order]
    used = 0
    for shift, count in shifts:
        crew = workers[used:used + (count or len(workers))] or workers[:1]
        used += len(crew)
        groups = np.array_split(np.arange(len(toilets)), min(len(crew), len(toilets)))
        for worker, group in zip(crew, groups, strict=False):
            members = [toilets[i] for i in group]
            t = float(shift.start)
            end = shift.start + shift.duration_min + shift.break_min
            stops: list[Stop] = []
            here = net.index[members[0].node]
            took_break = shift.break_min <= 0
            while True:
                added = False
                for toilet in members:
                    node = net.index[toilet.node]
                    leg = net.foot_minutes(here, node, params.cleaner_kmh, params.detour_factor)
                    clean = TOILET_CLEAN_MIN[toilet.grade]
                    if t + leg + clean > end:
                        break
                    t += leg
                    stops.append(Stop(kind="toilet", ref=toilet.id, node=toilet.node, arrival_min=t, departure_min=t + clean))
                    t += clean
                    here = node
                    added = True
                    if not took_break and t >= shift.start + shift.duration_min / 2:
                        stop, t, here = _foot_break(scenario, net, here, t, shift, params.cleaner_kmh, params.detour_factor)
                        stops.append(stop)
                        took_break = True
                else:
                    if added:
                        continue
                break
            routes.append(Route(id=f"T-{worker}-{shift.id}", kind="toilets", crew=worker, shift=shift.id, stops=stops,
                                duration_min=t - shift.start))
    return _part("toilets", routes, unserved)


def _territories(scenario: Scenario) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for g in scenario.street_graph.segments:
        if g.chief:
            out.setdefault(g.chief, []).append(g.id)
    return out


def _part(kind: str, routes: list[Route], unserved: list[Unserved]) -> RoutePlan:
    return RoutePlan(kind=kind, routes=routes, unserved=unserved, status="feasible", engine="baseline",
                     notes=[NOTE])
