"""Garbage collection: valid by the independent checker, reload trips, windows, reasons, re-planning."""

from __future__ import annotations

from optimizer.checks.garbage import check_garbage, expected_kg
from optimizer.garbage.planner import Replan, plan_garbage


def _day(training):
    return training.simulation.start_date


def test_garbage_plan_passes_the_checker(training, garbage_plan):
    """Every route runs on real streets from its truck's depot, in windows, within capacity and shift."""
    assert garbage_plan.status == "feasible" and garbage_plan.routes
    assert check_garbage(training, garbage_plan, _day(training)) == []


def test_every_point_is_collected_or_explained(training, garbage_plan):
    """Collected points plus unserved points (each with a reason) are exactly the scenario's points."""
    collected = [s.ref for r in garbage_plan.routes for s in r.stops if s.kind == "point"]
    assert len(collected) == len(set(collected))
    assert all(u.reason.strip() for u in garbage_plan.unserved)
    assert sorted(collected + [u.ref for u in garbage_plan.unserved]) == sorted(p.id for p in training.collection_points)


def test_trucks_unload_before_going_home_and_never_overload(training, garbage_plan):
    """A route's last work is an unload at a transfer station; the load never exceeds capacity."""
    for route in garbage_plan.routes:
        capacity = training.index.vehicle_types[route.vehicle_type].capacity_kg
        work = [s for s in route.stops if s.kind in ("point", "unload")]
        assert work[-1].kind == "unload"
        assert max(s.load_kg for s in route.stops) <= capacity + 1e-6


def test_restaurants_are_collected_in_the_evening(training, garbage_plan):
    """Restaurants' access windows are in the evening: their stops fall inside them."""
    restaurants = {p.id: p for p in training.collection_points if p.kind == "restaurant"}
    stops = [s for r in garbage_plan.routes for s in r.stops if s.kind == "point" and s.ref in restaurants]
    assert stops
    for s in stops:
        begin = s.departure_min - restaurants[s.ref].service_min
        assert any(w.start <= begin <= w.end for w in restaurants[s.ref].access_windows)


def test_small_fleet_reports_fleet_or_capacity_reasons(training):
    """With one small truck and slow stops the plan serves what it can and says why the rest is left."""
    data = training.model_dump()
    kinds = {t["id"]: t["kind"] for t in data["fleet"]["vehicle_types"]}
    trucks = [v for v in data["fleet"]["vehicles"] if kinds[v["type"]] in ("compactor", "kitchen_waste")]
    data["fleet"]["vehicles"] = [v for v in data["fleet"]["vehicles"] if v not in trucks or v["type"] == "bucket_2t"]
    for p in data["collection_points"]:
        p["service_min"] = 25.0
    small = type(training).model_validate(data)
    part = plan_garbage(small, time_limit_s=3, seed=1)
    assert check_garbage(small, part, _day(small)) == []
    assert part.unserved
    assert all(("fleet exhausted" in u.reason or "capacity" in u.reason or "shift length" in u.reason
                or "time window" in u.reason) for u in part.unserved)
    served_kg = sum(expected_kg(small, _day(small))[s.ref] for r in part.routes for s in r.stops if s.kind == "point")
    assert served_kg > 0


def test_checker_catches_an_overload_and_a_missing_point(training, garbage_plan):
    """Tampered plans: a stop that claims more than the truck holds, and a point dropped silently."""
    route = max(garbage_plan.routes, key=lambda r: sum(s.kind == "point" for s in r.stops))
    k = next(i for i, s in enumerate(route.stops) if s.kind == "point")
    heavy = route.stops[k].model_copy(update={"load_kg": 99_999.0})
    bad_route = route.model_copy(update={"stops": [*route.stops[:k], heavy, *route.stops[k + 1:]]})
    tampered = garbage_plan.model_copy(update={"routes": [bad_route if r is route else r for r in garbage_plan.routes]})
    assert any("on board" in e for e in check_garbage(training, tampered, _day(training)))
    dropped = route.model_copy(update={"stops": [s for i, s in enumerate(route.stops) if i != k]})
    tampered = garbage_plan.model_copy(update={"routes": [dropped if r is route else r for r in garbage_plan.routes]})
    errors = check_garbage(training, tampered, _day(training))
    assert any(f"point {route.stops[k].ref} is neither collected nor listed unserved" in e for e in errors)


def test_replanning_keeps_locked_routes_and_bounds_moves(training, garbage_plan):
    """A locked route comes back unchanged; with max_moved=0 no point changes truck; the note says so."""
    locked = garbage_plan.routes[0]
    again = plan_garbage(training, time_limit_s=3, seed=9,
                         replan=Replan(garbage_plan, frozenset({locked.id}), max_moved=0))
    assert locked in again.routes
    assert check_garbage(training, again, _day(training)) == []
    assert any(n.startswith("re-planning: 0 points changed truck") for n in again.notes)


def test_locked_stops_stay_with_their_trucks(training, garbage_plan):
    """Points locked to their truck come back on that truck, in a valid route, whatever else moves."""
    route = max(garbage_plan.routes, key=lambda r: sum(s.kind == "point" for s in r.stops))
    pinned = [s.ref for s in route.stops if s.kind == "point"][:3]
    again = plan_garbage(training, time_limit_s=3, seed=5, replan=Replan(garbage_plan, locked_stops=frozenset(pinned)))
    assert check_garbage(training, again, _day(training)) == []
    truck = {s.ref: r.vehicle for r in again.routes for s in r.stops if s.kind == "point"}
    assert all(truck.get(p) == route.vehicle for p in pinned)
    assert any(n == f"re-planning: {len(pinned)} of {len(pinned)} locked stops kept on their trucks" for n in again.notes)


def test_a_point_whose_waste_outgrows_its_bins_is_collected_twice(training):
    """A point whose planned daily waste is more than its bins hold gets two collections, one in each half of
    its window; the checker holds the plan to two, and the simulation sees less overflow than with one."""
    from scenarios.assessment import planned_daily_kg
    from simulation import baseline_plan, simulate

    points = list(training.collection_points)
    busy = next(p for p in points if p.kind == "residential" and p.priority == 1)
    daily = planned_daily_kg(training, busy, _day(training).weekday(), False)
    small = busy.model_copy(update={"capacity_kg": round(daily * 0.7, 1)})
    variant = training.model_copy(update={"collection_points": [small if p is busy else p for p in points]})
    variant.__dict__.pop("index", None)
    part = plan_garbage(variant, time_limit_s=3, seed=4)
    assert check_garbage(variant, part, _day(variant)) == []
    stops = [s for r in part.routes for s in r.stops if s.kind == "point" and s.ref == busy.id]
    assert len(stops) == 2 and not any(u.ref == busy.id for u in part.unserved)
    assert abs(stops[0].arrival_min - stops[1].arrival_min) > 30
    once = part.model_copy(update={"routes": [r.model_copy(update={"stops": [s for s in r.stops if s is not stops[1]]})
                                              for r in part.routes]})
    twice_plan = baseline_plan(variant).with_part(part)
    once_plan = twice_plan.with_part(once)
    twice = simulate(variant, twice_plan, days=3, replications=2, seed=1, event_log="none").summary["overflow_kg"].mean
    one = simulate(variant, once_plan, days=3, replications=2, seed=1, event_log="none").summary["overflow_kg"].mean
    assert twice < one
