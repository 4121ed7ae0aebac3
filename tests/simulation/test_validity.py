"""Validity of the simulation model: conservation, consistency, hand-computed cases, queueing theory."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from optimizer.common.plan import Plan, Route, RoutePlan, Stop
from scenarios import Scenario
from simulation import SimParams, baseline_plan, run_replication, simulate
from simulation import eventlog as ev
from simulation.eventlog import Refs
from simulation.litter import Litter, dirty_minutes
from simulation.params import LITTER_PER_HOUR
from simulation.toilets import Toilets
from simulation.world import World


def variant(base: Scenario, edit: Callable[[dict[str, Any]], None]) -> Scenario:
    """A re-validated copy of base after edit() changed its plain-data form."""
    data = base.model_dump()
    edit(data)
    return Scenario.model_validate(data)


def quiet(data: dict[str, Any]) -> None:
    """Switch off the scenario's own randomness: rain, absences, breakdowns, incidents (and vendor zone
    violations, which become cases), waste spread."""
    data["disruptions"]["rain_probability"] = 0.0
    data["disruptions"]["worker_absence_rate"] = 0.0
    data["disruptions"]["breakdowns"] = []
    data["incidents"]["per_day"] = 0.0
    for zone in data["incidents"]["vendor_zones"]:
        zone["violations_per_hour"] = 0.0
    for p in data["collection_points"]:
        p["spread_cv"] = 0.0


def test_waste_is_conserved(training):
    """Waste generated equals waste collected plus waste still in bins plus waste overflowed."""
    result = run_replication(training, baseline_plan(training), days=3, seed=11, replication=0)
    b = result.balance
    assert b["generated_kg"] > 0
    assert b["generated_kg"] == pytest.approx(b["collected_kg"] + b["in_bins_kg"] + b["overflow_kg"], rel=1e-9)
    assert b["collected_kg"] == pytest.approx(b["unloaded_kg"] + b["on_trucks_kg"], rel=1e-9)
    assert b["on_trucks_kg"] >= -1e-6


def test_conservation_holds_when_bins_overflow(training):
    """With tiny bins and no collection, everything generated is either in a bin or overflowed."""
    small = variant(training, lambda d: [p.update(capacity_kg=20.0) for p in d["collection_points"]])
    result = run_replication(small, Plan(), days=2, seed=3, replication=0)
    b = result.balance
    assert result.kpis["overflow_events"] == len(small.collection_points)
    assert b["collected_kg"] == 0
    assert b["in_bins_kg"] == pytest.approx(20.0 * len(small.collection_points))
    assert b["generated_kg"] == pytest.approx(b["in_bins_kg"] + b["overflow_kg"], rel=1e-9)


def test_no_vehicle_or_worker_in_two_places_at_once(training):
    """In the event log each actor's stops follow one another without overlapping in time."""
    result = run_replication(training, baseline_plan(training), days=2, seed=5, replication=0, log_events=True)
    events = result.log_events
    stop_codes = [ev.POINT, ev.UNLOAD, ev.SWEEP, ev.TOILET, ev.BREAK, ev.RESPONSE]
    stops = events[np.isin(events["event"], stop_codes)]
    assert len(stops) > 100
    assert (stops["end_min"] >= stops["t_min"]).all()
    for actor in np.unique(stops["actor"]):
        mine = np.sort(stops[stops["actor"] == actor], order="t_min")
        assert (mine["t_min"][1:] >= mine["end_min"][:-1] - 1e-9).all(), result.log_actors[actor]


@pytest.mark.parametrize("lookahead", [True, False])
def test_time_never_runs_backwards(training, lookahead):
    """The clock never decreases between events, and the log is in time order (with or without look-ahead)."""
    result = run_replication(training, baseline_plan(training), days=2, seed=8, replication=0, log_events=True,
                             check_clock=True, lookahead=lookahead)
    assert result.events_processed > (100 if lookahead else 300)
    assert len(result.log_events) > 300
    assert (np.diff(result.log_events["t_min"]) >= 0).all()


def _one_point_world(training):
    def edit(d):
        quiet(d)
        point = d["collection_points"][0]
        point.update(node=d["facilities"]["depots"][0]["node"], capacity_kg=5000.0, mean_kg_per_day=1440.0,
                     weekday_factors=[1.0] * 7, service_min=8.0)
        d["collection_points"] = [point]
        d["incidents"]["vendor_zones"] = []
        d["incidents"]["vendor_register"] = []  # its stalls name the zones just removed
    return variant(training, edit)


def test_zero_randomness_reproduces_hand_computed_collection(training):
    """1 kg/min of waste collected at 05:00 each day by a truck parked at the point: 300 kg, then 1,440 kg."""
    world = _one_point_world(training)
    depot = world.facilities.depots[0]
    point = world.collection_points[0]
    route = Route(id="R1", kind="garbage", vehicle="compactor_5t-01", vehicle_type="compactor_5t", shift="collection",
                  stops=[Stop(kind="start", ref="compactor_5t-01", node=depot.node, arrival_min=300, departure_min=300),
                         Stop(kind="point", ref=point.id, node=point.node, arrival_min=300, departure_min=308)])
    plan = Plan(parts={"garbage": RoutePlan(kind="garbage", routes=[route])})
    result = run_replication(world, plan, days=2, seed=1, replication=0, params=SimParams().deterministic())
    assert result.daily[0]["waste_collected_kg"] == pytest.approx(300.0)
    assert result.daily[1]["waste_collected_kg"] == pytest.approx(1440.0)
    assert result.balance["in_bins_kg"] == pytest.approx(1440.0 - 300.0)
    assert result.kpis["collection_compliance_pct"] == 100.0
    assert result.kpis["overflow_events"] == 0


def test_zero_randomness_reproduces_hand_computed_litter(training):
    """Unswept for a day, a segment is dirty from (limit / rate) until the end of its patrol window."""
    world = _one_point_world(training)
    result = run_replication(world, Plan(), days=1, seed=1, replication=0, params=SimParams().deterministic())
    grades = world.index.cleaning_grades
    dirty = window = 0.0
    for g in world.street_graph.segments:
        grade = grades[g.cleaning_grade]
        per_min = LITTER_PER_HOUR[g.street_class] / 60 * (1.3 if g.featured_year else 1.0)
        start, end = grade.patrol_window.start, min(grade.patrol_window.end, 1440)
        dirty += max(0.0, end - max(start, grade.litter_limit_per_1000m2 / per_min))
        window += end - start
    assert result.kpis["dirty_segment_hours_pct"] == pytest.approx(100 * dirty / window)


def _single_officer(training):
    """One officer on duty around the clock; every incident at one node; exponential 15-min handling."""
    def edit(d):
        quiet(d)
        d["incidents"]["per_day"] = 48.0  # λ = 2 per hour
        d["incidents"]["hourly_profile"] = [1.0] * 24
        for t in d["incidents"]["types"]:
            t["handling_min"] = 15.0  # μ = 4 per hour
        for i, g in enumerate(d["street_graph"]["segments"]):
            g["incident_weight"] = 1.0 if i == 0 else 0.0
            g["chief"] = None
        d["workforce"]["chiefs"] = []
        officers = [w for w in d["workforce"]["workers"] if "enforcement_officer" in w["skills"]]
        d["workforce"]["workers"] = [w for w in d["workforce"]["workers"] if w not in officers[1:]]
        for t in d["shifts"]["templates"]:
            if t["id"] == "patrol_day":
                t.update(start=0, duration_min=720.0, break_min=0.0)
            if t["id"] == "patrol_late":
                t.update(start=720, duration_min=720.0, break_min=0.0)
        d["shifts"]["demand"] = [r for r in d["shifts"]["demand"] if r["skill"] not in ("enforcement_officer", "chief")]
        d["shifts"]["demand"] += [
            {"skill": "enforcement_officer", "shift": "patrol_day", "count": 1},
            {"skill": "enforcement_officer", "shift": "patrol_late", "count": 1},
        ]
    return variant(training, edit)


def test_single_officer_response_matches_mm1(training):
    """Mean wait of an M/M/1 queue (λ=2/h, μ=4/h: 15 min) lies in the simulated mean response's 95% CI."""
    world = _single_officer(training)
    outcome = simulate(world, Plan(parts={k: RoutePlan(kind=k) for k in ("garbage", "sweeping", "toilets", "patrols")}),
                       days=25, replications=8, seed=2017, event_log="none")
    lam, mu = 2 / 60, 4 / 60
    expected = lam / (mu * (mu - lam))
    s = outcome.summary["response_mean_min"]
    assert s.n == 8
    assert s.ci_low <= expected <= s.ci_high, (expected, s)


def test_same_seed_same_results(training):
    """Same scenario, plan and seed give identical KPIs and event logs; another seed gives other results."""
    plan = baseline_plan(training)
    a = run_replication(training, plan, days=2, seed=4, replication=1, log_events=True)
    b = run_replication(training, plan, days=2, seed=4, replication=1, log_events=True)
    c = run_replication(training, plan, days=2, seed=5, replication=1, log_events=True)
    assert a.kpis == b.kpis
    assert np.array_equal(a.log_events, b.log_events)
    assert a.kpis != c.kpis


def test_fewer_trucks_do_not_raise_compliance_and_keep_the_waste_stream(training):
    """Dropping a truck's route lowers (never raises) compliance; waste and incidents stay identical (CRN)."""
    plan = baseline_plan(training)
    garbage = plan.parts["garbage"]
    fewer = plan.with_part(garbage.model_copy(update={"routes": garbage.routes[1:]}))
    full = simulate(training, plan, days=2, replications=3, seed=9, event_log="none")
    less = simulate(training, fewer, days=2, replications=3, seed=9, event_log="none")
    for a, b in zip(full.kpis, less.kpis, strict=True):
        assert b["collection_compliance_pct"] <= a["collection_compliance_pct"]
        assert b["waste_generated_kg"] == pytest.approx(a["waste_generated_kg"], rel=1e-9)
        assert b["incidents"] == a["incidents"]
    assert less.summary["collection_compliance_pct"].mean < full.summary["collection_compliance_pct"].mean


def test_fewer_officers_respond_later(training):
    """With one officer instead of three the mean response time is longer (same incidents)."""
    def one_officer(d):
        officers = [w for w in d["workforce"]["workers"] if "enforcement_officer" in w["skills"]]
        d["workforce"]["workers"] = [w for w in d["workforce"]["workers"] if w not in officers[1:]]
        d["incidents"]["per_day"] = 30.0

    busier = variant(training, lambda d: d["incidents"].update(per_day=30.0))
    fewer = variant(training, one_officer)
    empty = Plan(parts={k: RoutePlan(kind=k) for k in ("garbage", "sweeping", "toilets", "patrols")})
    many = simulate(busier, empty, days=3, replications=3, seed=21, event_log="none")
    few = simulate(fewer, empty, days=3, replications=3, seed=21, event_log="none")
    assert few.summary["incidents"].mean == many.summary["incidents"].mean
    assert few.summary["response_mean_min"].mean > many.summary["response_mean_min"].mean


def test_toilets_never_cleaned_miss_every_round(training):
    """Without any cleaning round no toilet round is on time and there are no cleans to count uses for."""
    result = run_replication(training, Plan(), days=1, seed=1, replication=0)
    assert result.kpis["toilet_rounds_on_time_pct"] == 0.0
    assert math.isnan(result.kpis["toilet_uses_per_clean"])


@pytest.mark.parametrize("policy", ["spare", "neighbour", "skip"])
def test_breakdowns_follow_the_reassignment_policy(training, policy):
    """Frequent breakdowns: a spare takes over, a neighbour absorbs the work, or the rest is skipped."""
    def edit(d):
        d["disruptions"]["reassignment"] = policy
        d["disruptions"]["breakdowns"] = [{"vehicle_type": t, "mean_hours_between": 3.0, "mean_repair_min": 120.0}
                                          for t in ("compactor_5t", "bucket_2t", "sweeper")]
        d["fleet"]["vehicles"].append({"id": "compactor_5t-99", "type": "compactor_5t", "depot": "D1", "spare": True})
    world = variant(training, edit)
    plan = baseline_plan(world)
    calm = run_replication(training, baseline_plan(training), days=3, seed=2, replication=0)
    result = run_replication(world, plan, days=3, seed=2, replication=0, log_events=True, check_clock=True)
    names = [ev.EVENT_NAMES[int(c)] for c in result.log_events["event"]]
    assert result.kpis["breakdowns"] > 0 and "breakdown" in names
    b = result.balance
    assert b["generated_kg"] == pytest.approx(b["collected_kg"] + b["in_bins_kg"] + b["overflow_kg"], rel=1e-9)
    if policy == "spare":
        assert "swap" in names
        assert "compactor_5t-99" in result.log_actors
    if policy == "skip":
        assert result.kpis["skipped_stops"] > calm.kpis["skipped_stops"]
    if policy == "neighbour":
        planned = {(s.ref, r.vehicle or r.crew) for part in plan.parts.values() for r in part.routes for s in r.stops}
        refs = Refs(World(world, SimParams()))
        served_by_other = [
            row for row in result.log_events[np.isin(result.log_events["event"], [ev.SWEEP, ev.POINT])]
            if (refs.names[row["ref"]], result.log_actors[row["actor"]]) not in planned
        ]
        assert served_by_other, "no handed-over work was absorbed by a neighbour"


def test_toilet_intervals_kept_and_missed_by_hand(training):
    """Interval 120 min, assessed 06:00-23:00: cleanings at 07:00 and 08:30 keep two intervals, the one at 13:00
    comes after two deadlines (10:30, 12:30) and the 600 min to 23:00 pass four more; other toilets miss all day."""
    world = World(training, SimParams().deterministic())
    toilets = Toilets(world, np.random.default_rng(0))
    toilets.start_day(0)
    k = next(i for i, t in enumerate(training.facilities.toilets)
             if training.index.toilet_interval_min(t.id) == 120 and t.opening.start == 360 and t.opening.end == 1380)
    for clock in (7 * 60, 8 * 60 + 30, 13 * 60):
        toilets.clean(k, clock)
    toilets.end_day(0)
    others = sum(math.ceil((b - a) / world.toilet_interval_min[i]) - 1
                 for i, (a, b) in enumerate(world.toilet_assessed) if i != k)
    assert toilets.on_time == 2
    assert toilets.missed - others == 2 + 4


def test_patrol_beat_walker_is_dispatched_and_never_in_two_places(training):
    """A chief walking a beat past hotspots also answers incidents, and the log never shows them twice."""
    busy = variant(training, lambda d: d["incidents"].update(per_day=60.0))
    chief = busy.workforce.chiefs[0]
    territory = [g for g in busy.street_graph.segments if g.chief == chief.id]
    a, b = territory[0].from_node, territory[-1].to_node
    shift = busy.index.shifts["patrol_day"]
    stops = [Stop(kind="start", ref=chief.id, node=a, arrival_min=shift.start, departure_min=shift.start)]
    stops += [Stop(kind="hotspot", ref=n, node=n, arrival_min=shift.start, departure_min=shift.start)
              for n in [a, b] * 12]
    beat = Route(id="P1", kind="patrols", crew=chief.worker, shift="patrol_day", stops=stops)
    plan = Plan(parts={"patrols": RoutePlan(kind="patrols", routes=[beat])})
    result = run_replication(busy, plan, days=2, seed=4, replication=0, log_events=True)
    events = result.log_events
    walker = result.log_actors.index(chief.worker)
    mine = np.sort(events[(events["actor"] == walker) & np.isin(events["event"], [ev.HOTSPOT, ev.RESPONSE])],
                   order="t_min")
    kinds = {ev.EVENT_NAMES[int(c)] for c in mine["event"]}
    assert kinds == {"hotspot", "response"}
    assert (mine["t_min"][1:] >= mine["end_min"][:-1] - 1e-9).all()


def test_sweeping_resets_litter_and_counts_dirty_time_by_hand(training):
    """Limit 4 at 1 item/h, window 05:30-22:00: swept at 12:00 after being dirty since 05:30 → 390 dirty min."""
    litter = Litter(World(training, SimParams().deterministic()), np.random.default_rng(0))
    litter.start_day(0, rain=False)
    i = 0
    litter.rate[i], litter.limit[i], litter.density[i] = 1 / 60, 4.0, 0.0
    litter.w0[i], litter.w1[i] = 330.0, 1320.0
    before = litter.dirty_min
    found = litter.sweep(i, 720.0)
    assert found == pytest.approx(12.0)
    assert litter.dirty_min - before == pytest.approx(720.0 - 330.0)
    assert litter.dirty_min - before == pytest.approx(dirty_minutes(0.0, 720.0, 0.0, 1 / 60, 4.0, 330.0, 1320.0))
    assert litter.sweep(i, 900.0) == pytest.approx(3.0)  # three hours after the sweep: still clean
    assert litter.dirty_min - before == pytest.approx(390.0)
