"""Plan routes compiled for the simulation (simulation.routes): stops, base legs, service times, crews."""

from __future__ import annotations

import math

import pytest

from optimizer.common.plan import Plan
from scenarios.errors import DataError
from simulation import SimParams, baseline_plan
from simulation import eventlog as ev
from simulation.eventlog import Refs
from simulation.routes import KIND_CODE, compile_plan, continuation, derived, subset
from simulation.world import World


@pytest.fixture(scope="module")
def world(training) -> World:
    return World(training, SimParams())


@pytest.fixture(scope="module")
def plan(training) -> Plan:
    return baseline_plan(training)


@pytest.fixture(scope="module")
def routes(world, plan):
    return compile_plan(world, plan, Refs(world))


def _plan_routes(plan: Plan):
    return [route for part in plan.parts.values() for route in part.routes]


def test_every_plan_route_is_compiled_in_order_with_one_entry_per_stop(world, plan, routes):
    refs = Refs(world)
    planned = _plan_routes(plan)
    assert [r.id for r in routes] == [p.id for p in planned]
    for r, p in zip(routes, planned, strict=True):
        assert r.code == [KIND_CODE[s.kind] for s in p.stops]
        for i, stop in enumerate(p.stops):
            assert world.network.node_ids[r.exit[i]] == stop.node
            if stop.kind == "point":
                assert world.point_ids[r.item[i]] == stop.ref and refs.names[r.ref[i]] == stop.ref
            elif stop.kind == "toilet":
                assert world.toilet_ids[r.item[i]] == stop.ref and refs.names[r.ref[i]] == stop.ref
            elif stop.kind == "segment":
                assert world.segment_ids[r.item[i]] == stop.ref and refs.names[r.ref[i]] == stop.ref


def test_legs_follow_the_routes_own_router_from_where_the_last_stop_left(world, routes):
    for r in routes:
        if r.vehicle is not None:
            depot = world.scenario.index.vehicles[r.vehicle].depot
            assert r.start_node == world.depot_node[depot]
        assert r.leg_from == [r.start_node, *r.exit[:-1]]
        for i in range(len(r)):
            assert r.leg_min[i] == r.table.minutes(r.leg_from[i], r.entry[i])
            assert r.leg_km[i] == pytest.approx(r.table.metres(r.leg_from[i], r.entry[i]) / 1000)


def test_base_times_are_the_plans_so_a_day_without_noise_runs_as_planned(plan, routes):
    """Service = the plan's time at the stop; a truck's leg = the plan's gap between two stops."""
    for r, p in zip(routes, _plan_routes(plan), strict=True):
        for i, stop in enumerate(p.stops):
            if stop.kind != "break":
                begin = stop.start_min if stop.start_min is not None else stop.arrival_min
                assert r.service_min[i] == pytest.approx(max(0.0, stop.departure_min - begin))
            if r.kind == "garbage" and i > 0 and stop.kind == "point":
                assert stop.arrival_min - p.stops[i - 1].departure_min == pytest.approx(r.leg_min[i], abs=0.01)


def test_toilet_cleanings_keep_their_planned_start_and_other_stops_need_not_wait(plan, routes):
    for r, p in zip(routes, _plan_routes(plan), strict=True):
        for i, stop in enumerate(p.stops):
            if stop.kind == "toilet":
                assert r.ready[i] == (stop.start_min if stop.start_min is not None else stop.arrival_min)
            elif stop.start_min is None:
                assert r.ready[i] == -math.inf


def test_crews_shifts_and_rush_hours_by_how_the_route_travels(world, routes):
    ix = world.scenario.index
    for r in routes:
        if r.vehicle is not None:
            vtype = ix.vehicle_types[ix.vehicles[r.vehicle].type]
            assert r.crew_skills == [c.skill for c in vtype.crew for _ in range(c.count)]
            assert r.rush and r.capacity_kg == vtype.capacity_kg
        else:
            assert not r.rush and r.capacity_kg == math.inf  # on foot or on an e-bike
        shift = ix.shifts[r.shift]
        assert (r.paid_min, r.break_min) == (shift.duration_min, shift.break_min)
    by_kind = {r.kind: r.crew_skills for r in routes if r.vehicle is None}
    assert by_kind == {"sweeping": ["manual_sweeper"], "toilets": ["toilet_cleaner"], "patrols": ["chief"]}


def _edited(plan: Plan, kind: str, change) -> Plan:
    part = plan.parts[kind]
    route = part.routes[0]
    return plan.with_part(part.model_copy(update={"routes": [change(route), *part.routes[1:]]}))


def _stop(field: str, value: str, at: int = 1):
    def change(route):
        stops = list(route.stops)
        stops[at] = stops[at].model_copy(update={field: value})
        return route.model_copy(update={"stops": stops})
    return change


@pytest.mark.parametrize(("kind", "change", "bad"), [
    ("garbage", _stop("ref", "CP_NOPE"), "CP_NOPE"),
    ("garbage", _stop("node", "N_NOPE"), "N_NOPE"),
    ("toilets", _stop("ref", "WC_NOPE", at=0), "WC_NOPE"),
    ("sweeping", _stop("ref", "S_NOPE", at=0), "S_NOPE"),
    ("garbage", lambda r: r.model_copy(update={"vehicle": "truck-99"}), "truck-99"),
    ("garbage", lambda r: r.model_copy(update={"shift": "siesta"}), "siesta"),
    ("toilets", lambda r: r.model_copy(update={"vehicle_type": "hovercraft"}), "hovercraft"),
])
def test_a_plan_naming_what_the_scenario_lacks_is_a_data_error_naming_route_and_id(world, plan, kind, change, bad):
    edited = _edited(plan, kind, change)
    with pytest.raises(DataError, match=f"{plan.parts[kind].routes[0].id}.*{bad}"):
        compile_plan(world, edited, Refs(world))


def test_derived_tables_are_built_once_per_compiled_plan(routes):
    calls = []
    build = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert derived(routes, "test-key", build) == derived(routes, "test-key", build) == 1
    assert derived(list(routes), "test-key", build) == 2  # another list of routes: built again
    assert derived(routes, "other-key", build) == 3


def test_handed_over_work_keeps_the_stops_and_recomputes_the_legs(routes):
    truck = next(r for r in routes if r.kind == "garbage")
    keep = [i for i, c in enumerate(truck.code) if c == ev.POINT][2:5]
    part = subset(truck, keep)
    assert part.item == [truck.item[i] for i in keep] and part.service_min == [truck.service_min[i] for i in keep]
    assert part.id == truck.id and part.start_node == -1
    rest = continuation(truck, 4, truck.table, 4.5)
    assert rest.id == truck.id + "+" and rest.code == truck.code[4:] and rest.item == truck.item[4:]
    assert rest.leg_min == [math.inf] * (len(truck) - 4) and rest.leg_from == [-1] * (len(truck) - 4)
