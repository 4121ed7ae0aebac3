"""Posts, duties and beats (定人定岗定则): territories, each post's duties, and every day's beats.

Territories come from :mod:`optimizer.patrols.territories`, the posts' duties from
:mod:`optimizer.patrols.posts`; each day, the people on duty (a roster, or the demand rules in
rotation: :mod:`optimizer.patrols.on_duty`) get their beats (:mod:`optimizer.patrols.day_jobs`,
:mod:`optimizer.patrols.beats`). A plan for one day has beats without a date (the simulation runs
them every day); a plan for a horizon of days has each beat dated.
"""

from __future__ import annotations

import datetime as dt
import time

from optimizer.common.network import router_for
from optimizer.common.plan import Route, RoutePlan, Unserved
from optimizer.common.timeline import crew_wage_per_h
from optimizer.patrols.beats import Means, plan_beat
from optimizer.patrols.day_jobs import Day, DayJobs, day_jobs, post_centres
from optimizer.patrols.on_duty import OnDuty, rotation_on_duty
from optimizer.patrols.posts import build_posts
from optimizer.patrols.territories import Territories, plan_territories
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario


def horizon(scenario: Scenario, first: dt.date | None, days: int) -> list[dt.date]:
    """The dates planned: ``days`` days from ``first`` (default: the scenario's simulation start date)."""
    start = first or scenario.simulation.start_date
    return [start + dt.timedelta(days=k) for k in range(days)]


# The keywords are the planners' common interface (time, seed, stop, progress, previous) and the horizon.
def plan_patrols(scenario: Scenario, *, time_limit_s: float = 60.0, seed: int = 0, stop: StopFn = never_stop,
                 progress: ProgressFn = no_progress, previous: dict[str, list[str]] | None = None,
                 day: dt.date | None = None, days: int = 1, on_duty: OnDuty | None = None) -> RoutePlan:
    """Territories, posts and the beats of ``days`` days from ``day`` (kind 'patrols').

    Deterministic: ``time_limit_s`` and ``seed`` are accepted for a uniform interface; planning
    stops early only when ``stop()`` says so. ``on_duty`` (date → worker → shift) comes from a
    roster; dates it does not cover (or all, without one) follow the demand rules in rotation.
    """
    del time_limit_s, seed
    if days < 1:
        raise ValueError(f"days must be at least 1 (got {days})")
    started = time.monotonic()
    territories = plan_territories(scenario, previous, stop=stop)
    posts = build_posts(scenario, territories.assignment)
    dates = horizon(scenario, day, days)
    duty = dict(on_duty) if on_duty is not None else {}
    uncovered = [d for d in dates if d not in duty]
    duty.update(rotation_on_duty(scenario, uncovered))
    chiefs, officers = _means(scenario, scenario.standards.patrol_duties.chief_travel), _means(scenario, "mixed")
    wages = {"chief": crew_wage_per_h(scenario, "chief"), "unit": crew_wage_per_h(scenario, "enforcement_officer")}
    kinds: dict[str, str] = {p.id: p.kind for p in posts}
    centres = post_centres(scenario, posts)
    network = (chiefs.foot.index, chiefs.foot.node_ids)
    routes: list[Route] = []
    unserved: list[Unserved] = []
    holders: dict[str, dict[str, str]] = {}
    for k, date in enumerate(dates):
        if stop():
            unserved += [Unserved(kind="patrols", ref=f"{d.isoformat()}|*", reason="planning stopped by the user")
                         for d in dates[k:]]
            break
        progress(ProgressInfo(k / len(dates), sum(r.cost for r in routes), f"beats of {date.isoformat()}"))
        today = Day(date.isoformat(), (date - scenario.simulation.start_date).days, duty.get(date, {}), wages)
        jobs = day_jobs(scenario, posts, today, network, centres)
        for job in jobs.jobs:
            route, left = plan_beat(job, chiefs if kinds[job.posts[0]] == "chief" else officers)
            if route is not None:
                routes.append(route if days > 1 else route.model_copy(update={"date": None}))
            unserved += [_unserved(jobs, today.date, id(work), work.kind, work.ref, why) for work, why in left
                         if id(work) not in jobs.extra]
        unserved += [Unserved(kind="patrols", ref=f"{today.date}|{post}|{d.kind}|{d.ref}", reason=reason)
                     for post, d, reason in jobs.undone]
        holders[today.date] = jobs.holders
    progress(ProgressInfo(1.0, sum(r.cost for r in routes), "patrol beats planned"))
    notes = _notes(territories, routes, unserved, len(dates), kinds)
    if on_duty is not None and uncovered:
        notes.append(f"the roster does not cover {len(uncovered)} of the days: on those, chiefs and officers "
                     "are on duty by the demand rules in rotation")
    return RoutePlan(kind="patrols", routes=routes, unserved=unserved,
                     status="stopped" if len(holders) < len(dates) else ("feasible" if routes else "empty"),
                     engine="posts and duties; beats: time-driven greedy", cost=round(sum(r.cost for r in routes), 2),
                     distance_m=round(sum(r.distance_m for r in routes), 3),
                     solve_time_s=round(time.monotonic() - started, 3), territories=territories.assignment,
                     posts=posts, holders=holders,
                     on_duty={d.isoformat(): dict(sorted(duty[d].items())) for d in dates if d.isoformat() in holders},
                     notes=notes)


def _means(scenario: Scenario, travel: str) -> Means:
    """Foot and e-bike routers, the 驿站 (or depots) beats start from and the 驿站 for breaks."""
    walk = router_for(scenario, None)
    ebike_type = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    stations = tuple((s.id, walk.index[s.node]) for s in scenario.facilities.service_stations)
    bases = stations or tuple((d.id, walk.index[d.node]) for d in scenario.facilities.depots)
    return Means(walk, router_for(scenario, ebike_type) if ebike_type is not None else None, ebike_type, travel,
                 bases, stations)


def _unserved(jobs: DayJobs, iso: str, work_id: int, kind: str, ref: str, reason: str) -> Unserved:
    post, _ = jobs.post_of[work_id]
    return Unserved(kind="patrols", ref=f"{iso}|{post}|{kind}|{ref}", reason=reason)


def _notes(territories: Territories, routes: list[Route], unserved: list[Unserved], days: int,
           kinds: dict[str, str]) -> list[str]:
    chiefs = sum(1 for r in routes if kinds.get(r.posts[0] if r.posts else "") == "chief")
    notes = [territories.summary(),
             f"{days} day(s): {len(routes)} beats ({sum(r.vehicle_type is not None for r in routes)} by e-bike), "
             f"{len(routes) - chiefs} of them enforcement officers'; {len(unserved)} duties left undone"]
    if territories.disconnected:
        notes.append(f"territories left in pieces (street network not connected): {list(territories.disconnected)}")
    return notes
