"""Garbage collection (垃圾清运) as routing subproblems: points, trucks, reload stations, shifts.

The district is split into subproblems so each solve stays small: one per collection group (day
collection of residential and commercial points; evening collection of restaurants), home depot,
and set of truck types that can reach the points (small bin trucks serve back alleys alone).
Every number becomes a solver integer through one Scaling (optimizer.routing.builder). A point's
amount is the standard's quantile of its daily waste (``scenarios.assessment.planned_daily_kg``),
so a truck has room for the whole day's waste on most days, not only on an average one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from optimizer.common.network import StreetNetwork, mean_rush_factor, speeds_of
from optimizer.common.norms import BREAK_DETOUR_RESERVE_MIN
from optimizer.routing.builder import ProblemBuilder, Scaling
from optimizer.routing.problem import RoutingProblem
from scenarios.assessment import collections_needed, planned_daily_kg
from scenarios.model import CollectionPoint, Scenario, ShiftTemplate, VehicleType
from scenarios.model.common import MINUTES_PER_DAY

# Metres, seconds, kilograms; costs in 1/10,000 CNY so per-metre and per-second costs stay integers.
SCALING = Scaling(distance_scale=1.0, time_scale=1.0, load_scale=1.0, cost_scale=10_000.0)
# What leaving a point unserved costs the solver, by priority (1 = most important), in CNY.
UNSERVED_PENALTY = {1: 20_000.0, 2: 10_000.0, 3: 4_000.0}
MAX_RELOADS = 12


@dataclass
class Subproblem:
    """One solve: which points, trucks and stations, and how to map the solver's answer back."""

    name: str
    group: str
    depot: str
    shift: ShiftTemplate
    vehicle_types: list[VehicleType]
    vehicles: dict[str, list[str]]  # vehicle type id → vehicle ids at this depot
    points: list[CollectionPoint]
    demand_kg: dict[str, float]
    windows: dict[str, tuple[float, float]]  # point id → chosen window (minutes; whole ones until a repair's margin)
    stations: list[str]  # transfer-station ids, solver depots 1..n
    end_station: str
    return_s: float  # drive from the end station home, reserved in the shift
    node_of_location: list[str] = field(default_factory=list)
    problem: RoutingProblem | None = None
    pred: dict[str, np.ndarray] = field(default_factory=dict)


#: Suffix of the second collection of a point whose waste does not fit its bins (an internal client id).
SECOND = "#2"


def point_id(ref: str) -> str:
    """The collection point a client stands for (its second collection carries ``SECOND``)."""
    return ref[: -len(SECOND)] if ref.endswith(SECOND) else ref


def planned_kg(scenario: Scenario, point: CollectionPoint, day: dt.date) -> float:
    """The kg a truck plans to take at one collection of a point on ``day``: the standard's quantile of its
    daily waste, shared between the collections the standard needs (two when it does not fit its bins)."""
    planned = planned_daily_kg(scenario, point, day.weekday(), day in scenario.calendar.holidays)
    return planned / collections_needed(point, planned)


def collection_groups(scenario: Scenario) -> dict[str, tuple[list[CollectionPoint], list[VehicleType]]]:
    """Restaurants go to kitchen-waste trucks when the fleet has them; everything else to compactors."""
    compactors = [t for t in scenario.fleet.vehicle_types if t.kind == "compactor"]
    kitchen = [t for t in scenario.fleet.vehicle_types if t.kind == "kitchen_waste"]
    used = {v.type for v in scenario.fleet.vehicles}
    compactors = [t for t in compactors if t.id in used]
    kitchen = [t for t in kitchen if t.id in used]
    restaurants = [p for p in scenario.collection_points if p.kind == "restaurant"]
    others = [p for p in scenario.collection_points if p.kind != "restaurant"]
    if kitchen:
        return {"day": (others, compactors), "evening": (restaurants, kitchen)}
    return {"day": (others + restaurants, compactors)}


def shift_for(scenario: Scenario, points: list[CollectionPoint]) -> ShiftTemplate:
    """The drivers' shift that overlaps the points' access windows the most."""
    driver_shifts = [s for s in scenario.shifts.templates if not s.skills or "driver" in s.skills]
    if not driver_shifts:
        driver_shifts = list(scenario.shifts.templates)

    def overlap(s: ShiftTemplate) -> float:
        return sum(max(0.0, min(w.end, s.end) - max(w.start, s.start)) for p in points for w in p.access_windows)

    return max(driver_shifts, key=overlap)


def chosen_window(point: CollectionPoint, shift: ShiftTemplate) -> tuple[int, int] | None:
    """The longest access window inside the shift (a point has one stop: e.g. not at rush hour)."""
    best = None
    for w in point.access_windows:
        lo, hi = max(w.start, shift.start), min(w.end, shift.end)
        if hi > lo and (best is None or hi - lo > best[1] - best[0]):
            best = (int(lo), int(hi))
    return best


def build_problem(sub: Subproblem, scenario: Scenario, net: StreetNetwork) -> RoutingProblem:
    """Integer problem: depot 0 = home depot, depots 1.. = stations; one client per point."""
    ix = scenario.index
    speeds = _slowest(sub.vehicle_types)
    builder = ProblemBuilder(scaling=SCALING, name=sub.name)
    builder.add_depot(0.0, name=sub.depot)
    for sid in sub.stations:
        builder.add_depot(ix.transfer_stations[sid].unload_min * 60, name=sid)
    nodes = [ix.depots[sub.depot].node] + [ix.transfer_stations[s].node for s in sub.stations]
    for p in sub.points:
        lo, hi = sub.windows[p.id]
        builder.add_client(sub.demand_kg[p.id], p.service_min * 60, (lo * 60, hi * 60), required=False,  # one collection
                           prize=UNSERVED_PENALTY.get(p.priority, 4_000.0), name=p.id)
        nodes.append(p.node)
    sub.node_of_location = nodes
    shift = sub.shift
    # After the solver's route: the last unload at the end station and the drive home; the break
    # (and its detour to a 驿站) is inserted afterwards, so it is kept out of the working time.
    end = 1 + sub.stations.index(sub.end_station)
    tail_s = sub.return_s + ix.transfer_stations[sub.end_station].unload_min * 60
    shift_end_s = (shift.start + shift.duration_min + shift.break_min) * 60
    window_s = (shift.start * 60, max(shift.start * 60, shift_end_s - tail_s - (shift.break_min + BREAK_DETOUR_RESERVE_MIN) * 60))
    max_duration_s = (shift.duration_min - BREAK_DETOUR_RESERVE_MIN) * 60 - tail_s
    wages = {w.skill: w.cost_per_hour for w in scenario.costs.wages}
    for vt in sub.vehicle_types:
        crew_per_hour = sum(wages.get(c.skill, 0.0) * c.count for c in vt.crew)
        # A truck that goes out is paid for its whole shift (crew and vehicle hours): that is its fixed cost.
        shift_cost = (vt.cost_per_hour + crew_per_hour) * shift.duration_min / 60
        builder.add_vehicle_type(
            len(sub.vehicles[vt.id]), vt.capacity_kg, start_depot=0, end_depot=end,
            fixed_cost=vt.fixed_cost_per_day + shift_cost,
            cost_per_m=vt.cost_per_km / 1000, cost_per_s=(vt.cost_per_hour + crew_per_hour) / 3600,
            shift_s=window_s, max_duration_s=max(0.0, max_duration_s),
            reload_depots=tuple(range(1, 1 + len(sub.stations))), max_reloads=MAX_RELOADS, name=vt.id)
    unique = sorted({net.index[n] for n in nodes})
    metres, seconds, pred = net.travel(speeds, unique, unique)
    pos = {n: i for i, n in enumerate(unique)}
    order = [pos[net.index[n]] for n in nodes]
    metres, seconds = metres[np.ix_(order, order)], seconds[np.ix_(order, order)]
    # Rush hours slow the trucks: the solver sees the shift's average, the layout the minute's own factor.
    seconds = seconds * mean_rush_factor(scenario, shift.start, shift.end)
    # Unreachable pairs get a prohibitive (but finite) cost so the engines never use them.
    big = 10_000_000.0
    metres = np.where(np.isfinite(metres), metres, big)
    seconds = np.where(np.isfinite(seconds), seconds, big)
    sub.pred = {net.node_ids[u]: pred[i] for i, u in enumerate(unique)}
    sub.problem = builder.build(metres, seconds)
    return sub.problem


def _slowest(types: list[VehicleType]) -> tuple[float, float, float, float]:
    """One travel matrix per subproblem: the slowest speed of its truck types on each class (0 = banned)."""
    speeds = [speeds_of(t) for t in types]
    return tuple(min(s[i] for s in speeds) for i in range(4))  # type: ignore[return-value]


def make_subproblems(scenario: Scenario, net: StreetNetwork, day: dt.date) -> tuple[list[Subproblem], dict[str, str]]:
    """Subproblems of the day, and the points that no truck can serve at all (id → reason).

    Each point goes to the drivers' shift that overlaps its access windows most (restaurants to
    the evening shift when the fleet has no kitchen-waste trucks), so one truck may work two shifts.
    """
    subproblems: list[Subproblem] = []
    impossible: dict[str, str] = {}
    depot_nodes = [net.index[d.node] for d in scenario.facilities.depots]
    station_nodes = [net.index[s.node] for s in scenario.facilities.transfer_stations]
    for group, (points, types) in collection_groups(scenario).items():
        if not points:
            continue
        if not types:
            for p in points:
                impossible[p.id] = "no truck type in the fleet collects this kind of point"
            continue
        reach: dict[str, np.ndarray] = {}
        unload: dict[str, np.ndarray] = {}
        depot_time: dict[str, np.ndarray] = {}
        for t in types:
            _, secs, _ = net.travel(speeds_of(t), depot_nodes)
            reach[t.id], unload[t.id] = _round_trip(net, speeds_of(t), depot_nodes, station_nodes)
            reach[t.id] &= np.isfinite(secs).any(axis=0)
            depot_time[t.id] = secs
        by_shift: dict[str, list[tuple[CollectionPoint, tuple[str, ...]]]] = {}
        windows: dict[str, tuple[int, int]] = {}
        for p in points:
            node = net.index[p.node]
            able = tuple(t.id for t in types if reach[t.id][node] and unload[t.id][node])
            if not able:
                impossible[p.id] = ("no truck in the fleet is allowed on the streets that lead to it"
                                    if not any(reach[t.id][node] for t in types) else
                                    "no truck can take its waste to a transfer station and return to a depot "
                                    "on the streets it is allowed on")
                continue
            shift = shift_for(scenario, [p])
            window = chosen_window(p, shift)
            if window is None:
                impossible[p.id] = "none of its access windows falls in a drivers' shift"
                continue
            daily = planned_daily_kg(scenario, p, day.weekday(), day in scenario.calendar.holidays)
            if collections_needed(p, daily) == 2:
                # Two collections: the first in the first half of its window, the second in the other half.
                mid = (window[0] + window[1]) // 2
                second = p.model_copy(update={"id": p.id + SECOND})
                windows[p.id], windows[second.id] = (window[0], mid), (mid, window[1])
                by_shift.setdefault(shift.id, []).extend([(p, able), (second, able)])
                continue
            windows[p.id] = window
            by_shift.setdefault(shift.id, []).append((p, able))
        for shift_id, members in sorted(by_shift.items()):
            shift = scenario.index.shifts[shift_id]
            by_key = _split_by_depot(scenario, net, members, depot_time, types, day)
            stations = stations_for(scenario, shift)
            subproblems += _assign_fleet(scenario, net, _GroupShift(group, shift, stations, day), by_key, windows,
                                         impossible)
    return subproblems, impossible


def _round_trip(net: StreetNetwork, speeds: tuple[float, float, float, float], depots: list[int],
                stations: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per node: a depot is reachable from it; a transfer station is, from which a depot is (True without stations)."""
    _, back, _ = net.travel(speeds, list(range(net.size)), depots + stations)  # one search from every node
    home = np.isfinite(back[:, :len(depots)]).any(axis=1)
    if not stations:
        return home, np.ones(net.size, dtype=bool)
    usable = [len(depots) + k for k, node in enumerate(stations) if home[node]]
    return home, np.isfinite(back[:, usable]).any(axis=1) if usable else np.zeros(net.size, dtype=bool)


def _split_by_depot(scenario: Scenario, net: StreetNetwork, members: list[tuple[CollectionPoint, tuple[str, ...]]],
                    depot_time: dict[str, np.ndarray], types: list[VehicleType], day: dt.date
                    ) -> dict[tuple[str, tuple[str, ...]], list[CollectionPoint]]:
    """Points to home depots: the nearest depot with trucks, within each depot's share of the waste.

    A depot's share is its trucks' share of the capacity; points whose nearest and second-nearest
    depots differ most choose first, so the split stays compact while no depot is overloaded.
    """
    depots = scenario.facilities.depots
    type_ids = {t.id for t in types}
    capacity = np.array([sum(scenario.index.vehicle_types[v.type].capacity_kg for v in scenario.fleet.vehicles
                             if not v.spare and v.type in type_ids and v.depot == d.id) for d in depots])
    kg = {p.id: planned_kg(scenario, p, day) for p, _ in members}
    quota = capacity / max(capacity.sum(), 1e-9) * sum(kg.values()) * 1.05
    rows = []
    for p, able in members:
        reach = np.min([depot_time[t][:, net.index[p.node]] for t in able], axis=0)
        times = np.where(capacity > 0, reach, np.inf)
        finite = np.sort(times[np.isfinite(times)])
        regret = finite[1] - finite[0] if len(finite) > 1 else np.inf
        rows.append((-regret, p.id, p, able, times, reach))
    by_key: dict[tuple[str, tuple[str, ...]], list[CollectionPoint]] = {}
    for _, _, p, able, times, reach in sorted(rows, key=lambda r: (r[0], r[1])):
        order = [int(i) for i in np.argsort(times, kind="stable") if np.isfinite(times[i])]
        if not order:  # no depot with trucks reaches it: its nearest depot, which reports it unserved
            order = [int(np.argmin(reach))]
        k = next((i for i in order if quota[i] >= kg[p.id]), order[0])
        quota[k] -= kg[p.id]
        by_key.setdefault((depots[k].id, able), []).append(p)
    return by_key


def stations_for(scenario: Scenario, shift: ShiftTemplate) -> list:
    """Stations open for (nearly) the whole shift; every station when none is."""
    end = shift.start + shift.duration_min + shift.break_min
    stations = [t for t in scenario.facilities.transfer_stations
                if t.opening.start <= shift.start + 60 and t.opening.end >= min(end, MINUTES_PER_DAY) - 30]
    return stations or list(scenario.facilities.transfer_stations)


@dataclass(frozen=True)
class _GroupShift:
    """One collection group on one drivers' shift: the group, the shift, the stations open in it, the day."""

    group: str
    shift: ShiftTemplate
    stations: list
    day: dt.date


def _assign_fleet(scenario, net, at: _GroupShift, by_key, windows, impossible) -> list[Subproblem]:
    """Trucks at each depot go to the most restricted point set they can serve (bin trucks to alleys)."""
    group, shift, stations, day = at.group, at.shift, at.stations, at.day
    ix = scenario.index
    active = [v for v in scenario.fleet.vehicles if not v.spare]
    out = []
    for depot in sorted({d for d, _ in by_key}):
        keys = sorted((k for k in by_key if k[0] == depot), key=lambda k: (len(k[1]), k[1]))
        widest = max(len(k[1]) for k in keys)
        taken: set[str] = set()
        for key in keys:
            able = key[1]
            vehicles = {t: [v.id for v in active if v.type == t and v.depot == depot and v.id not in taken] for t in able}
            if len(able) < widest:
                taken |= {v for ids in vehicles.values() for v in ids}  # dedicated to the points only they reach
            types = [ix.vehicle_types[t] for t in able if vehicles[t]]
            if not types:
                for p in by_key[key]:
                    impossible[p.id] = f"no truck able to reach it is based at its nearest depot {depot}"
                continue
            home = ix.depots[depot].node
            station_times: dict[str, float] = {}
            for st in stations:
                _, secs, _ = net.travel(_slowest(types), [net.index[st.node]], [net.index[home]])
                station_times[st.id] = float(secs[0, 0])
            end_station = min(station_times, key=station_times.__getitem__)
            points = by_key[key]
            out.append(Subproblem(
                name=f"{group}-{depot}-{'+'.join(t.id for t in types)}", group=group, depot=depot, shift=shift,
                vehicle_types=types, vehicles={t.id: vehicles[t.id] for t in types}, points=points,
                demand_kg={p.id: planned_kg(scenario, p, day) for p in points},
                windows={p.id: windows[p.id] for p in points}, stations=[s.id for s in stations],
                end_station=end_station, return_s=station_times[end_station]))
    return out
