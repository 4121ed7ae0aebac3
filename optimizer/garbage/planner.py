"""Garbage collection plan (垃圾清运) for a day: truck routes with reload trips, breaks and shifts.

``plan_garbage`` splits the day into subproblems (``garbage_model``: collection group, shift,
home depot and the truck types that reach the points), solves each on the routing portfolio
(PyVRP and OR-Tools race on one budget; the validator keeps the better plan) and lays every
solver route out on the street graph: fastest path of the truck's own type, waiting for access
windows, unloading at transfer stations (reload trips), the last unload at the end station, the
drive home, and the break at a micro-service station (驿站). Points the solver skipped, or that a
route had to drop to end within the shift, are listed unserved with the reason.

Re-planning: routes of a previous plan can be locked (kept as they are, their trucks and points
taken out of the solve), single stops can be locked to the truck they had (``garbage_pins``), and
``max_moved`` bounds how many points may change truck; what moved is reported in the plan's notes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, replace

from optimizer.common.network import StreetNetwork, network_for, speeds_of
from optimizer.common.plan import PlanStatus, Route, RoutePlan, Unserved
from optimizer.common.timeline import (
    SolveBudget,
    budget_for,
    share_fixed_costs,
)
from optimizer.garbage.layout import lay_out_routes
from optimizer.garbage.model import SCALING, Subproblem, build_problem, make_subproblems, planned_kg, point_id
from optimizer.garbage.pins import insert_pinned, pinned_points
from optimizer.routing.portfolio import solve_portfolio
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario, format_clock

RETRY_S = 10.0  # budget of the one retry when no engine answered in time


@dataclass(frozen=True)
class Replan:
    """What to keep from a previous garbage plan: locked routes, locked stops, the bound on moved points."""

    previous: RoutePlan
    locked_routes: frozenset[str] = frozenset()
    max_moved: int | None = None
    locked_stops: frozenset[str] = frozenset()  # points that stay with the truck they had


@dataclass(frozen=True)
class _Run:
    """What every solve of one garbage planning run shares: the scenario and its network, the day, the stop
    request, when the run started and its whole budget (seconds, seed, engines, iterations)."""

    scenario: Scenario
    net: StreetNetwork
    day: dt.date
    stop: StopFn
    started: float
    budget: SolveBudget


# The keywords are the planners' common interface (day, time, seed, stop, progress, engines, repeatability, replan).
def plan_garbage(scenario: Scenario, *, day: dt.date | None = None, time_limit_s: float = 60.0, seed: int = 0,
                 stop: StopFn = never_stop, progress: ProgressFn = no_progress,
                 engines: tuple[str, ...] = ("pyvrp", "ortools"), max_iterations: int | None = None,
                 replan: Replan | None = None) -> RoutePlan:
    """Plan the day's garbage collection within about ``time_limit_s`` seconds (kind 'garbage').

    ``day`` sets the waste amounts (weekday and holiday factors; default: the simulation start
    date). With ``max_iterations`` reached within the limit, the same scenario and seed give the
    same plan.
    """
    started = time.monotonic()
    day = day or scenario.simulation.start_date
    net = network_for(scenario)
    subproblems, impossible = make_subproblems(scenario, net, day)
    unserved = [Unserved(kind="garbage", ref=p, reason=r) for p, r in sorted(impossible.items())]
    kept_routes: list[Route] = []
    pins: dict[str, str] = {}
    sub_of_point = {p.id: sub for sub in subproblems for p in sub.points}
    if replan is not None:
        kept_routes = _unshared([r for r in replan.previous.routes if r.id in replan.locked_routes],
                                replan.previous.routes, scenario)
        pins = pinned_points(replan.previous, replan.locked_stops, replan.locked_routes)
        subproblems = _without_locked(subproblems, kept_routes, set(pins))
    run = _Run(scenario, net, day, stop, started, SolveBudget(time_limit_s, seed, engines, max_iterations))
    result = _solve_all(run, subproblems, progress)
    routes, missed, used_engines, stopped, trace = result
    notes = [f"{len(subproblems)} subproblems (collection group, shift, depot, truck types); "
             f"waste amounts of {day.isoformat()} ({day.strftime('%A')})"]
    if replan is not None:
        routes, missed, relocked = _bound_moves(run, replan, kept_routes, routes, missed, set(pins))
        if pins:
            routes, pin_missed = insert_pinned(scenario, routes, pins, sub_of_point, demand_of_day(scenario, day))
            missed += pin_missed
            notes.append(f"re-planning: {len(pins) - len(pin_missed)} of {len(pins)} locked stops kept on their trucks")
        notes.append(_moved_note(moved_points(replan.previous.routes, kept_routes + routes), relocked))
    routes = share_fixed_costs(scenario, kept_routes + routes)
    unserved += missed
    progress(ProgressInfo(1.0, sum(r.cost for r in routes), "garbage collection planned"))
    status: PlanStatus = "stopped" if stopped else ("feasible" if routes else ("empty" if not scenario.collection_points else "infeasible"))
    return RoutePlan(kind="garbage", routes=routes, unserved=unserved, status=status,
                     engine="+".join(sorted(used_engines)), cost=round(sum(r.cost for r in routes), 2),
                     distance_m=round(sum(r.distance_m for r in routes), 3),
                     solve_time_s=round(time.monotonic() - started, 3), cost_trace=trace, notes=notes)


def _solve_all(run: _Run, subproblems: list[Subproblem], progress: ProgressFn):
    scenario, net, stop, started = run.scenario, run.net, run.stop, run.started
    routes: list[Route] = []
    unserved: list[Unserved] = []
    used: set[str] = set()
    trace: list[tuple[float, float]] = []
    stopped = False
    sizes = [len(s.points) for s in subproblems]
    for k, sub in enumerate(subproblems):
        if stopped or stop():
            stopped = True
            unserved += [Unserved(kind="garbage", ref=p.id, reason="planning stopped by the user") for p in sub.points]
            continue
        budget = replace(run.budget, time_limit_s=budget_for(run.budget.time_limit_s - (time.monotonic() - started),
                                                             sizes[k:]))
        base = k / len(subproblems)

        done_cost = sum(r.cost for r in routes)

        def sub_progress(report: float | dict, base: float = base, sub: Subproblem = sub, done: float = done_cost) -> None:
            best = report.get("best_cost") if isinstance(report, dict) else None
            fraction = report.get("fraction", 0.0) if isinstance(report, dict) else float(report)
            # The engines report solver units, unserved prizes included: shown in CNY on top of what is planned.
            total = done + best / SCALING.cost_scale if best is not None else None
            progress(ProgressInfo(base + fraction / len(subproblems), total, f"trucks of {sub.depot}, {sub.name}"))

        progress(ProgressInfo(base, sum(r.cost for r in routes), f"{sub.name}: {len(sub.points)} points"))
        found, missed, engine, was_stopped = solve_subproblem(scenario, net, sub, budget, stop, sub_progress)
        routes += found
        unserved += missed
        used |= {engine} if engine else set()
        stopped |= was_stopped
        trace.append((round(time.monotonic() - started, 2), round(sum(r.cost for r in routes), 2)))
    return routes, unserved, used, stopped, trace


def solve_subproblem(scenario: Scenario, net, sub: Subproblem, budget: SolveBudget, stop: StopFn,
                     progress) -> tuple[list[Route], list[Unserved], str, bool]:
    """Solve one subproblem and lay its routes out; (routes, unserved, engine, stopped)."""
    problem = build_problem(sub, scenario, net)
    solution = solve_portfolio(problem, budget.params(), stop=stop, progress=progress)
    if solution.status == "no_solution" and not solution.stopped:
        # Engines that start slowly on a busy machine may not answer within a short budget: one longer try.
        solution = solve_portfolio(problem, budget.retry_params(RETRY_S), stop=stop)
    failure = None
    if solution.status != "feasible":  # never keep routes the validator rejects
        failure = "; ".join(solution.violations[:2]) or solution.status
        solution = solution.with_changes(routes=())
    routes, dropped = lay_out_routes(scenario, sub, solution)
    served = Counter(s.ref for r in routes for s in r.stops if s.kind == "point")
    unserved = []
    for p in sub.points:
        real = point_id(p.id)
        if served[real] >= (2 if p.id != real else 1):
            continue
        reason = _reason(scenario, net, sub, real, failure, dropped)
        unserved.append(Unserved(kind="garbage", ref=real, reason=reason if p.id == real else f"second collection: {reason}"))
    return routes, unserved, solution.engine, solution.stopped


def _reason(scenario: Scenario, net, sub: Subproblem, point_id: str, failure: str | None, dropped: set[str]) -> str:
    """Why a point is left out, in the words of the constraint that binds."""
    if failure:
        return f"no valid plan found for {sub.name} ({failure})"
    if point_id in dropped:
        return f"shift length: the truck serving it could not also reach it and end the {sub.shift.id} shift in time"
    p = scenario.index.points[point_id]
    lo, hi = sub.windows[point_id]
    home = scenario.index.depots[sub.depot].node
    fastest = max(sub.vehicle_types, key=lambda vt: vt.speed_kmh.of("branch"))
    _, secs, _ = net.travel(speeds_of(fastest), [net.index[home]], [net.index[p.node]])
    earliest = sub.shift.start + float(secs[0, 0]) / 60
    if earliest > hi:
        return (f"time window: from depot {sub.depot} the earliest arrival is {format_clock(round(earliest))}, after its access "
                f"window closes at {format_clock(round(hi))}")
    biggest = max(vt.capacity_kg for vt in sub.vehicle_types)
    if sub.demand_kg[point_id] > biggest:
        return f"capacity: {sub.demand_kg[point_id]:.0f} kg is more than the largest truck able to reach it holds ({biggest:.0f} kg)"
    trucks = sum(len(v) for v in sub.vehicles.values())
    return (f"fleet exhausted: the {trucks} trucks of {sub.depot} on shift {sub.shift.id} have no capacity or time "
            f"left for it in its window {format_clock(round(lo))}-{format_clock(round(hi))}")



def _without_locked(subproblems: list[Subproblem], locked: list[Route], pinned: Set[str] = frozenset()) -> list[Subproblem]:
    """Take locked routes' trucks (in their shift) and points, and pinned points, out of the subproblems."""
    taken_points = {s.ref for r in locked for s in r.stops if s.kind == "point"} | set(pinned)
    taken_vehicles = {(r.shift, r.vehicle) for r in locked}
    out = []
    for sub in subproblems:
        points = [p for p in sub.points if p.id not in taken_points]
        vehicles = {t: [v for v in ids if (sub.shift.id, v) not in taken_vehicles] for t, ids in sub.vehicles.items()}
        types = [vt for vt in sub.vehicle_types if vehicles[vt.id]]
        if not points or not types:
            continue
        sub.points = points
        sub.vehicles = {vt.id: vehicles[vt.id] for vt in types}
        sub.vehicle_types = types
        out.append(sub)
    return out


def _unshared(kept: list[Route], previous: list[Route], scenario: Scenario) -> list[Route]:
    """Kept routes with their whole fixed cost back (it is shared again over the new plan's routes)."""
    uses = Counter(r.vehicle for r in previous if r.vehicle)
    out = []
    for r in kept:
        if r.vehicle and r.vehicle_type and uses[r.vehicle] > 1:
            fixed = scenario.index.vehicle_types[r.vehicle_type].fixed_cost_per_day
            r = r.model_copy(update={"cost": round(r.cost - fixed / uses[r.vehicle] + fixed, 2)})
        out.append(r)
    return out


def truck_of_points(routes: list[Route]) -> dict[str, str]:
    """Point id → the truck (vehicle id) that collects it."""
    return {s.ref: r.vehicle or r.id for r in routes for s in r.stops if s.kind == "point"}


def moved_points(previous: list[Route], current: list[Route]) -> list[tuple[str, str | None, str | None]]:
    """(point, truck before, truck now) for every point whose truck changed (None = unserved)."""
    before, after = truck_of_points(previous), truck_of_points(current)
    return sorted((p, before.get(p), after.get(p)) for p in set(before) | set(after) if before.get(p) != after.get(p))


def _bound_moves(run: _Run, replan: Replan, kept: list[Route], routes: list[Route], missed: list[Unserved],
                 pinned: set[str]):
    """Keep the number of moved points within ``max_moved``: when over, lock the previous routes that
    changed least until only that many points can move, and re-solve the rest once.

    Returns the routes, the unserved points and how many more previous routes were locked. Pinned
    points (locked stops) are not counted: they go back to their trucks afterwards.
    """
    moved = [m for m in moved_points(replan.previous.routes, kept + routes) if m[0] not in pinned]
    if replan.max_moved is None or len(moved) <= replan.max_moved:
        return routes, missed, 0
    previous = [r for r in replan.previous.routes if r.id not in replan.locked_routes]
    changed = {p for p, _, _ in moved}
    # Lock previous routes in order of fewest changed points, while the rest stays within the bound.
    order = sorted(previous, key=lambda r: (sum(s.ref in changed for s in r.stops if s.kind == "point"), r.id))
    movable = sum(1 for r in previous for s in r.stops if s.kind == "point" and s.ref not in pinned)
    locked = set(replan.locked_routes)
    for r in order:
        if movable <= replan.max_moved:
            break
        locked.add(r.id)
        movable -= sum(1 for s in r.stops if s.kind == "point" and s.ref not in pinned)
    scenario = run.scenario
    again = make_subproblems(scenario, run.net, run.day)[0]
    kept2 = _unshared([r for r in replan.previous.routes if r.id in locked], replan.previous.routes, scenario)
    again = _without_locked(again, kept2, pinned)
    left = max(1.0, run.budget.time_limit_s - (time.monotonic() - run.started))
    rerun = replace(run, started=time.monotonic(), budget=replace(run.budget, time_limit_s=left))
    routes2, missed2, _, _, _ = _solve_all(rerun, again, no_progress)
    kept.extend(r for r in kept2 if r.id not in {k.id for k in kept})
    served = truck_of_points(kept + routes2)
    missed2 = [u for u in missed if u.ref not in served and u.ref not in {m.ref for m in missed2}] + missed2
    return routes2, missed2, len(locked) - len(replan.locked_routes)


def _moved_note(moved: list[tuple[str, str | None, str | None]], relocked: int = 0) -> str:
    head = f"re-planning: {len(moved)} points changed truck"
    if relocked:
        head += f" (after locking {relocked} more previous routes to respect the bound)"
    sample = ", ".join(f"{p}: {a or 'unserved'} -> {b or 'unserved'}" for p, a, b in moved[:20])
    return head + (f": {sample}" + (" …" if len(moved) > 20 else "") if moved else "")


def demand_of_day(scenario: Scenario, day: dt.date) -> dict[str, float]:
    """Planned kg per point on ``day`` (the amounts the plan is made for: the standard's quantile)."""
    return {p.id: planned_kg(scenario, p, day) for p in scenario.collection_points}


__all__ = ["Replan", "plan_garbage", "moved_points", "demand_of_day", "lay_out_routes"]
