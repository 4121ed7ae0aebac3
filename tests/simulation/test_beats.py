"""Patrol beats as the district runs them (定人定岗定则): dated beats, duty stops, cases found by patrol, closing."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest

from optimizer.common.plan import Plan, Route, RoutePlan, Stop
from scenarios import Scenario
from simulation import SimParams, kpi_info, run_replication
from simulation import eventlog as ev
from simulation.eventlog import Refs
from simulation.kpis import KPIS, Cases, Counters, closing_kpis, kpis_between
from simulation.model import Sim
from simulation.patrols import Incident
from simulation.replication import compiled
from simulation.schedule import Schedule
from simulation.world import World

from .test_validity import quiet, variant

CHIEF = "CHW001"  # chief CH001; the training district's vendor zone VZ01 lies in CH002's streets


def district(training: Scenario, per_day: float = 0.0, report_min: float | None = None,
             absence: float = 0.0, **zone: Any) -> Scenario:
    """The training district without randomness but `per_day` incidents (the public reporting after
    `report_min` minutes on average) and absences; `zone` changes the vendor zone VZ01."""
    def edit(d: dict[str, Any]) -> None:
        quiet(d)
        d["incidents"]["per_day"] = per_day
        d["disruptions"]["worker_absence_rate"] = absence
        for t in d["incidents"]["types"]:
            t["public_report_mean_min"] = report_min or t["public_report_mean_min"]
        d["incidents"]["vendor_zones"][0].update(zone)
    return variant(training, edit)


def start(node: str, t: float) -> Stop:
    return Stop(kind="start", ref=node, node=node, arrival_min=t, departure_min=t)


def walk(training: Scenario, segment: str, t: float, minutes: float) -> Stop:
    g = training.index.segments[segment]
    return Stop(kind="walk", ref=segment, from_node=g.from_node, node=g.to_node, arrival_min=t, departure_min=t + minutes)


def duty(kind: str, ref: str, node: str, t: float, minutes: float, timetabled: bool = False) -> Stop:
    """A check, inspect or hotspot stop; a timetabled one starts at t (the walker waits for it)."""
    return Stop(kind=kind, ref=ref, node=node, arrival_min=t, start_min=t if timetabled else None,  # type: ignore[arg-type]
                departure_min=t + minutes)


def beat(route_id: str, stops: list[Stop], worker: str = CHIEF, date: str | None = None) -> Route:
    return Route(id=route_id, kind="patrols", crew=worker, shift="patrol_day", stops=stops, date=date, posts=[])


def patrols(*routes: Route) -> Plan:
    return Plan(parts={"patrols": RoutePlan(kind="patrols", routes=list(routes))})


def hotspot_beat(route_id: str, node: str, worker: str = CHIEF, date: str | None = None) -> Route:
    return beat(route_id, [start(node, 480.0), duty("hotspot", node, node, 480.0, 10.0)], worker, date)


def _day(t: np.ndarray) -> list[int]:
    return sorted({int(x) for x in t // 1440})


def same(a: dict[str, float], b: dict[str, float]) -> bool:
    """Equal KPI dicts, nan equal to nan."""
    return a.keys() == b.keys() and all(x == b[k] or (math.isnan(x) and math.isnan(b[k])) for k, x in a.items())


def test_a_dated_beat_runs_only_on_its_date_and_the_horizon_cycles(training):
    """A two-date horizon drives four days: each beat runs on its date and again two days later."""
    scenario = district(training)
    first = scenario.simulation.start_date
    d0, d1 = str(first), str(first + dt.timedelta(days=1))
    node = scenario.street_graph.segments[0].from_node
    plan = patrols(hotspot_beat("A", node, "CHW001", d0), hotspot_beat("B", node, "CHW002", d1))
    result = run_replication(scenario, plan, days=4, seed=1, replication=0, log_events=True)
    log, actors = result.log_events, result.log_actors
    starts = log[log["event"] == ev.START]
    assert _day(starts["t_min"][starts["actor"] == actors.index("CHW001")]) == [0, 2]
    assert _day(starts["t_min"][starts["actor"] == actors.index("CHW002")]) == [1, 3]
    assert result.route_stats["A"][0] == result.route_stats["B"][0] == 2


def test_a_day_outside_the_horizon_stands_for_the_date_at_the_same_offset(training):
    """Horizon 5 and 7 June (length 2): 6 and 8 June stand for 7 June (offset 1), 9 June for 5 June, 4 June for 7 June."""
    routes = compiled(training, patrols(hotspot_beat("A", "N000_003", date="2017-06-05"),
                                        hotspot_beat("B", "N000_003", "CHW002", "2017-06-07"),
                                        hotspot_beat("U", "N000_004", "OFF0001")), SimParams())[1]
    schedule = Schedule(routes)
    stands = {day: schedule.plan_date(dt.date(2017, 6, day)) for day in (4, 5, 6, 7, 8, 9)}
    assert stands == {4: "2017-06-07", 5: "2017-06-05", 6: "2017-06-07", 7: "2017-06-07", 8: "2017-06-07",
                      9: "2017-06-05"}
    assert schedule.active("2017-06-05").tolist() == [True, False, True]  # the undated beat runs every day
    assert Schedule(routes[2:]).plan_date(dt.date(2017, 6, 9)) is None


def test_a_beat_not_run_on_a_day_counts_nowhere_that_day(training):
    """Adding a beat dated on the second day leaves the first day's accounts as they were, absences included."""
    scenario = district(training, absence=0.5)
    node = scenario.street_graph.segments[0].from_node
    first = scenario.simulation.start_date
    every_day = hotspot_beat("U", node, "CHW002")
    today = hotspot_beat("B", node, "OFF0001", str(first))  # the horizon holds the first day in both plans
    later = hotspot_beat("A", node, "CHW001", str(first + dt.timedelta(days=1)))
    alone = run_replication(scenario, patrols(every_day, today), days=2, seed=3, replication=0)
    both = run_replication(scenario, patrols(every_day, today, later), days=2, seed=3, replication=0)
    assert same(alone.daily[0], both.daily[0])
    assert not same(alone.daily[1], both.daily[1])
    assert both.route_stats["A"][0] == 1 and "CHW001" in both.utilization


def test_walk_check_and_inspect_stops_take_their_planned_time_at_their_place(training):
    """Without noise: a walk goes from the end entered to the end left in its planned minutes; checks and
    inspections take theirs at the node (a timetabled check starts on time)."""
    scenario = district(training)
    zone = scenario.incidents.vendor_zones[0]
    toilet, station = scenario.facilities.toilets[0], scenario.facilities.service_stations[0]
    g = scenario.index.segments["S00004"]
    stops = [start(g.from_node, 420.0), walk(scenario, "S00004", 420.0, 12.0),
             duty("check", zone.id, zone.node, 480.0, 10.0, timetabled=True),
             duty("inspect", toilet.id, toilet.node, 500.0, 8.0), duty("inspect", station.id, station.node, 520.0, 8.0)]
    result = run_replication(scenario, patrols(beat("P", stops)), days=1, seed=1, replication=0,
                             params=SimParams().deterministic(), log_events=True)
    log = result.log_events
    world = World(scenario, SimParams())
    names, nodes = Refs(world).names, world.network.node_ids
    (w,), (c,) = log[log["event"] == ev.WALK], log[log["event"] == ev.CHECK]
    assert names[w["ref"]] == "S00004" and nodes[w["node"]] == g.to_node and w["t_min"] == 420.0
    assert w["end_min"] - w["t_min"] == pytest.approx(12.0)
    assert names[c["ref"]] == zone.id and nodes[c["node"]] == zone.node and c["end_min"] == pytest.approx(490.0)
    inspections = log[log["event"] == ev.INSPECT]
    assert sorted(names[r] for r in inspections["ref"]) == sorted([toilet.id, station.id])
    assert np.allclose(inspections["end_min"] - inspections["t_min"], 8.0)
    assert result.kpis["post_duties_done_pct"] == 100.0
    assert result.kpis["zone_checks_kept_pct"] == 0.0  # one check of the two the standard asks


def _laps(scenario: Scenario, chief: str, laps: int) -> list[Stop]:
    """A chief walking every street of the territory, lap after lap, from 08:00."""
    mine = [g for g in scenario.street_graph.segments if g.chief == chief]
    stops, t = [start(mine[0].from_node, 480.0)], 480.0
    for _ in range(laps):
        for g in mine:
            minutes = g.length_m / 1000 / 4.5 * 60
            stops.append(walk(scenario, g.id, t, minutes))
            t += minutes
    return stops


def test_a_patrol_walking_past_a_case_finds_it_before_the_public(training):
    """Same seed, with and without the chief's walks: each case the walker finds is one the public reports
    later without them, and a case found by a free walker is taken on the spot (response 0)."""
    scenario = district(training, per_day=150.0, report_min=240.0)
    walks = patrols(beat("P", _laps(scenario, "CH001", 4)))
    found = run_replication(scenario, walks, days=1, seed=5, replication=0, log_events=True)
    public = run_replication(scenario, Plan(), days=2, seed=5, replication=0, log_events=True)  # (reports after midnight)
    assert found.kpis["incidents_found_by_patrol"] > 0 and public.kpis["incidents_found_by_patrol"] == 0
    assert 0 < found.kpis["incidents_found_by_patrol_pct"] < 100
    walker = found.log_actors.index(CHIEF)
    cases = found.log_events[found.log_events["event"] == ev.INCIDENT]
    by_walker = cases[cases["actor"] == walker]
    assert len(by_walker) == found.kpis["incidents_found_by_patrol"]
    reported = public.log_events[public.log_events["event"] == ev.INCIDENT]
    later = [(int(r["node"]), int(r["ref"]), float(r["t_min"])) for r in reported]
    for row in by_walker:  # the same case (node and type) reported by the public no earlier
        match = next(x for x in later if x[:2] == (row["node"], row["ref"]) and x[2] >= row["t_min"])
        later.remove(match)
    answers = found.log_events[(found.log_events["event"] == ev.RESPONSE) & (found.log_events["actor"] == walker)]
    on_spot = answers[answers["value"] == 0]
    assert len(on_spot) > 0 and set(on_spot["t_min"].tolist()) <= set(by_walker["t_min"].tolist())


def test_closing_kpis_count_only_types_with_a_closing_standard():
    closings = [("a", 30.0, 60.0), ("a", 90.0, 60.0), ("b", 500.0, math.nan)]
    out = closing_kpis(closings)
    assert out["closing_mean_min"] == pytest.approx((30 + 90 + 500) / 3)
    assert out["closing_within_target_pct"] == 50.0
    assert math.isnan(closing_kpis(closings[2:])["closing_within_target_pct"])
    assert closing_kpis([])["closing_mean_min"] != closing_kpis([])["closing_mean_min"]  # nan


def test_closing_time_by_type_counts_working_minutes_from_report_to_closed(training):
    """Dust reported 21:30, handled for 12 h from 21:30 where the late officer stands: closed 09:30 next day,
    120 working minutes (target 240: on time). Illegal parking reported 10:00, handled for 90 min: 90 (target 60: late)."""
    scenario = district(training)
    world, routes = compiled(scenario, Plan(), SimParams().deterministic())
    sim = Sim(world, routes, seed=1, replication=0, log=False)
    sim.days = 2
    base = sim.dispatch.officers_by_zone["Z1"][0].base
    segment = next(i for i, a in enumerate(world.segment_from) if a == base)
    kinds = {t.id: k for k, t in enumerate(scenario.incidents.types)}

    def cases():  # noqa: ANN202 - a SimPy process
        yield sim.env.timeout(21 * 60 + 30)
        sim.dispatch.receive(Incident(sim.env.now, kinds["dust"], "Z1", segment, base, 720.0))
        yield sim.env.timeout(24 * 60 + 10 * 60 - sim.env.now)
        sim.dispatch.receive(Incident(sim.env.now, kinds["illegal_parking"], "Z1", segment, base, 90.0))

    sim.env.process(sim.day_clock())
    sim.env.process(cases())
    sim.env.run(until=2 * 1440 - 1)
    kpis = kpis_between(Counters().snapshot(), sim.count.snapshot(), sim.dispatch.cases, 0, by_type=True)
    assert kpis["response_mean_min:dust"] == 0.0 and kpis["response_mean_min:illegal_parking"] == 0.0
    assert kpis["closing_mean_min:dust"] == pytest.approx(120.0)
    assert kpis["closing_within_target_pct:dust"] == 100.0
    assert kpis["closing_mean_min:illegal_parking"] == pytest.approx(90.0)
    assert kpis["closing_within_target_pct:illegal_parking"] == 0.0
    assert kpis["closing_within_target_pct"] == 50.0 and kpis["incidents"] == 2
    assert kpis["incidents:noise"] == 0 and "closing_mean_min:noise" not in kpis


def test_cases_of_one_type_are_counted_with_those_found_by_patrol():
    cases = Cases.of_types(["a", "b"])
    cases.add("a", found=True)
    cases.add("a", found=False)
    out = kpis_between(Counters().snapshot(), Counters().snapshot(), cases, 0, by_type=True)
    assert (out["incidents"], out["incidents_found_by_patrol"], out["incidents_found_by_patrol_pct"]) == (2, 1, 50.0)
    assert (out["incidents:a"], out["incidents_found_by_patrol:a"], out["incidents:b"]) == (2, 1, 0)


def _district_beats(scenario: Scenario) -> Plan:
    """Dated beats over a two-day horizon: walks, zone checks, an inspection and hotspots."""
    zone = scenario.incidents.vendor_zones[0]
    first = scenario.simulation.start_date
    checks = [start(zone.node, 400.0), duty("check", zone.id, zone.node, 420.0, 10.0, timetabled=True),
              duty("check", zone.id, zone.node, 480.0, 10.0, timetabled=True),
              duty("inspect", scenario.facilities.toilets[0].id, scenario.facilities.toilets[0].node, 500.0, 8.0)]
    return patrols(beat("D0", checks + _laps(scenario, "CH001", 2)[1:], date=str(first)),
                   beat("D1", _laps(scenario, "CH001", 3), date=str(first + dt.timedelta(days=1))),
                   hotspot_beat("U", zone.node, "CHW002"))


def test_same_seed_same_kpis_with_dated_beats_checks_and_vendor_zones(training):
    """Determinism: the run's KPIs (cases found, checks, violations included) depend on the seed only."""
    plan = _district_beats(training)
    a, b = (run_replication(training, plan, days=3, seed=9, replication=0) for _ in range(2))
    c = run_replication(training, plan, days=3, seed=10, replication=0)
    assert same(a.kpis, b.kpis) and all(same(x, y) for x, y in zip(a.daily, b.daily, strict=True))
    assert not same(a.kpis, c.kpis)
    assert a.kpis["vendor_violations"] >= a.kpis["violations_found_by_patrol"] + a.kpis["violations_reported_by_public"]
    assert 0 < a.kpis["post_duties_done_pct"] <= 100


def test_every_kpi_of_a_run_has_both_labels(training):
    """The new KPIs (and their per-type forms) are labelled in Chinese and English wherever KPIs are listed."""
    result = run_replication(training, _district_beats(training), days=1, seed=2, replication=0)
    for key in result.kpis:
        info = kpi_info(key)
        assert info.label_zh and info.label_en
    for key in ("zone_checks_kept_pct", "vendor_violations", "violations_found_by_patrol",
                "violations_reported_by_public", "incidents_found_by_patrol_pct", "closing_mean_min",
                "closing_within_target_pct", "post_duties_done_pct"):
        assert key in KPIS and key in result.kpis


@pytest.mark.parametrize(("stop", "date", "message"), [
    (duty("check", "VZ99", "N003_003", 480.0, 10.0), None, "must name a vendor zone of the scenario (got 'VZ99')"),
    (duty("inspect", "X1", "N003_003", 480.0, 8.0), None, "must name a toilet or micro-service station"),
    (duty("hotspot", "N003_003", "N003_003", 480.0, 8.0), "5 June", "date must be a date as YYYY-MM-DD (got '5 June')"),
])
def test_a_beat_naming_what_the_scenario_lacks_is_a_data_error(training, stop, date, message):
    from scenarios.errors import DataError

    plan = patrols(beat("P9", [start("N003_003", 480.0), stop], date=date))
    with pytest.raises(DataError, match="plan route P9: .*" + message.replace("(", r"\(").replace(")", r"\)")):
        compiled(training, plan, SimParams())


def test_a_walker_called_to_cases_comes_back_and_finishes_the_beat(training):
    """Cases keep coming on the chief's streets: the chief answers some and still does every duty of the beat
    afterwards (a walker called away resumes the beat; nothing is skipped)."""
    scenario = district(training, per_day=40.0, report_min=5.0)
    result = run_replication(scenario, patrols(beat("P", _laps(scenario, "CH001", 2))), days=1, seed=5, replication=0,
                             log_events=True)
    walker = result.log_actors.index(CHIEF)
    answered = result.log_events[(result.log_events["event"] == ev.RESPONSE) & (result.log_events["actor"] == walker)]
    assert len(answered) > 0
    assert result.kpis["post_duties_done_pct"] == 100.0 and result.kpis["skipped_stops"] == 0
