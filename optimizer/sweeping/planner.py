"""Street sweeping plan for a day: mechanical sweeper routes and manual sweeping beats.

``plan_sweeping`` lists the passes the cleaning grades require (``sweeping_passes``), sweeps the
arterial and secondary streets with the sweepers of each home depot (``sweeping_mechanical``: one
arc-routing solve per depot and shift on the routing portfolio, the time budget shared in
proportion to size) and the branch streets and back alleys with crews on foot in beats
(``sweeping_manual``, a deterministic construction + local search per beat). Every required pass
is either on a route or listed unserved with its reason.
"""

from __future__ import annotations

import time

from optimizer.common.network import router_for
from optimizer.common.plan import RoutePlan, Unserved
from optimizer.common.timeline import Router, SolveBudget, budget_for, share_fixed_costs
from optimizer.sweeping.manual import plan_manual
from optimizer.sweeping.mechanical import SCALING, MechanicalGroup, solve_group, vehicles_by_depot
from optimizer.sweeping.passes import SweepPass, required_passes
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario


# The keywords are the planners' common interface (time, seed, stop, progress, engines, repeatability).
def plan_sweeping(scenario: Scenario, *, time_limit_s: float = 60.0, seed: int = 0, stop: StopFn = never_stop,
                  progress: ProgressFn = no_progress, engines: tuple[str, ...] = ("pyvrp", "ortools"),
                  max_iterations: int | None = None) -> RoutePlan:
    """Plan the day's sweeping within about ``time_limit_s`` seconds (kind 'sweeping').

    ``engines`` are the routing engines the portfolio races. A wall-clock limit makes the amount
    of search depend on the machine's load; with ``max_iterations`` (per solve: PyVRP iterations,
    OR-Tools solutions) reached within the limit, the same scenario and seed give the same plan.
    """
    started = time.monotonic()
    passes = required_passes(scenario)
    mechanical = [p for p in passes if p.method == "mechanical"]
    manual = [p for p in passes if p.method == "manual"]
    progress(ProgressInfo(0.0, None, f"{len(passes)} passes: {len(mechanical)} mechanical, {len(manual)} manual"))

    def manual_progress(fraction: float) -> None:
        progress(ProgressInfo(0.1 * fraction, None, "manual beats"))

    routes, unserved, notes, stopped = plan_manual(scenario, manual, stop=stop, progress=manual_progress)
    groups, unassigned = _mechanical_groups(scenario, mechanical)
    unserved += unassigned
    used_engines: set[str] = set()
    trace: list[tuple[float, float]] = []
    routers: dict[str, Router] = {}
    for k, group in enumerate(groups):
        if stopped or stop():
            stopped = True
            unserved += [Unserved(kind="sweeping", ref=p.ref, reason="planning stopped by the user") for p in group.passes]
            continue
        router = routers.setdefault(group.vehicle_type.id, router_for(scenario, group.vehicle_type))
        budget = budget_for(time_limit_s - (time.monotonic() - started), [g.size for g in groups[k:]])
        base = 0.1 + 0.9 * k / len(groups)

        def group_progress(report: float | dict, base: float = base, group: MechanicalGroup = group) -> None:
            best = report.get("best_cost") if isinstance(report, dict) else None
            best = best / SCALING.cost_scale if best is not None else None  # solver units to CNY (prizes included)
            fraction = report.get("fraction", 0.0) if isinstance(report, dict) else float(report)
            progress(ProgressInfo(base + 0.9 * fraction / len(groups), best,
                                  f"sweepers of {group.depot}, shift {group.shift}"))

        found, missed, engine, was_stopped = solve_group(scenario, group, router,
                                                         SolveBudget(budget, seed, engines, max_iterations),
                                                         stop=stop, progress=group_progress)
        routes += found
        unserved += missed
        used_engines |= {engine} if engine else set()
        stopped |= was_stopped
        trace.append((round(time.monotonic() - started, 2), round(sum(r.cost for r in routes), 2)))
    routes = share_fixed_costs(scenario, routes)
    progress(ProgressInfo(1.0, sum(r.cost for r in routes), "sweeping planned"))
    notes.append(f"mechanical sweeping: {len(groups)} depot/shift solves; engines {sorted(used_engines) or ['none']}")
    return RoutePlan(
        kind="sweeping", routes=routes, unserved=unserved,
        status="stopped" if stopped else ("feasible" if routes else ("empty" if not passes else "infeasible")),
        engine="; ".join(part for part in (
            f"mechanical: {'+'.join(sorted(used_engines))}" if used_engines else "",
            "manual beats: construction + local search" if manual else "") if part),
        cost=round(sum(r.cost for r in routes), 2), distance_m=round(sum(r.distance_m for r in routes), 3),
        solve_time_s=round(time.monotonic() - started, 3), cost_trace=trace, notes=notes)


def _mechanical_groups(scenario: Scenario, passes: list[SweepPass]) -> tuple[list[MechanicalGroup], list[Unserved]]:
    """Passes by (nearest home depot with sweepers, shift); passes no sweeper can do are unserved."""
    fleet = vehicles_by_depot(scenario)
    segs = scenario.index.segments
    if not fleet:
        return [], [Unserved(kind="sweeping", ref=p.ref, reason="no sweeper in the fleet") for p in passes]
    # Each depot works with its most numerous sweeper type (one speed profile per solve).
    depot_type = {d: max(types.items(), key=lambda kv: (len(kv[1]), kv[0])) for d, types in sorted(fleet.items())}
    depots = sorted(depot_type)
    unserved: list[Unserved] = []
    minutes_by_type: dict[str, object] = {}
    targets = sorted({segs[p.segment].from_node for p in passes})
    column = {node: i for i, node in enumerate(targets)}
    buckets: dict[tuple[str, str], list[SweepPass]] = {}
    for p in passes:
        g = segs[p.segment]
        if p.shift is None:
            unserved.append(Unserved(kind="sweeping", ref=p.ref, reason="no shift for sweeper_operator overlaps the window"))
            continue
        best = None
        for depot in depots:
            vt = scenario.index.vehicle_types[depot_type[depot][0]]
            if not vt.allows(g.street_class):
                continue
            if vt.id not in minutes_by_type:
                router = router_for(scenario, vt)
                minutes_by_type[vt.id] = router.minutes_matrix(
                    [router.index[scenario.index.depots[d].node] for d in depots], [router.index[n] for n in targets])
            minutes = minutes_by_type[vt.id][depots.index(depot), column[g.from_node]]  # type: ignore[index]
            if minutes < float("inf") and (best is None or minutes < best[0]):
                best = (minutes, depot)
        if best is None:
            unserved.append(Unserved(kind="sweeping", ref=p.ref, reason=(
                f"no sweeper allowed on {g.street_class} streets can reach segment {g.id}")))
            continue
        buckets.setdefault((best[1], p.shift), []).append(p)
    groups = []
    for (depot, shift), members in sorted(buckets.items()):
        type_id, vehicles = depot_type[depot]
        groups.append(MechanicalGroup(depot, scenario.index.vehicle_types[type_id], tuple(sorted(vehicles)), shift,
                                      tuple(members)))
    return groups, unserved
