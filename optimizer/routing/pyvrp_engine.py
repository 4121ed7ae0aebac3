"""PyVRP engine: strong on classic problems (capacity, time windows, reloads, prizes, groups).

Not supported here: per-vehicle breaks (PyVRP 0.14 cannot tie a client to one
vehicle); :func:`unsupported_reason` says so and the portfolio leaves such
problems to OR-Tools.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable

import numpy as np
import pyvrp
from pyvrp import Model
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.search import NeighbourhoodParams

from optimizer.routing.problem import RoutingProblem
from optimizer.routing.solution import Route, RoutingSolution, Stop

ENGINE = "pyvrp"
_PROGRESS_EVERY_S = 0.25
_NEIGHBOURS_PER_DECISION = 50  # PyVRP's default granular neighbourhood size


def unsupported_reason(problem: RoutingProblem) -> str | None:
    """Why PyVRP cannot solve ``problem`` exactly, or None when it can."""
    if any(vt.break_rule is not None for vt in problem.vehicle_types):
        return "PyVRP cannot model a per-vehicle required break"
    return None


#: PyVRP reports the largest 64-bit integer as the best cost until it holds a feasible solution; progress
#: shows no cost until then (not 922,337,203,685,477).
_NO_FEASIBLE_COST = 2**62


class _DeadlineOrStop:
    """Stopping criterion: wall-clock deadline or the caller's stop(); reports the best cost on the way."""

    def __init__(self, deadline: float, stop: Callable[[], bool], progress: Callable[[float | dict], None],
                 time_limit_s: float, max_iterations: int | None = None):
        self._deadline = deadline
        self._iterations_left = max_iterations
        self._stop = stop
        self._progress = progress
        self._time_limit_s = time_limit_s
        self._last_report = 0.0
        self._last_cost: float | None = None
        self.stopped = False

    def __call__(self, best_cost: float) -> bool:
        now = time.monotonic()
        found = np.isfinite(best_cost) and best_cost < _NO_FEASIBLE_COST  # PyVRP's cost before a feasible solution
        if now - self._last_report >= _PROGRESS_EVERY_S and best_cost != self._last_cost and found:
            self._last_report, self._last_cost = now, best_cost
            left = max(0.0, self._deadline - now)
            fraction = 1.0 - left / self._time_limit_s if self._time_limit_s > 0 else 1.0
            self._progress({"engine": ENGINE, "best_cost": int(best_cost), "fraction": fraction})
        if self._stop():
            self.stopped = True
            return True
        if self._iterations_left is not None:
            self._iterations_left -= 1
            if self._iterations_left < 0:
                return True
        return now >= self._deadline


def build_data(problem: RoutingProblem) -> pyvrp.ProblemData:
    """Compile the integer problem into PyVRP data (same integers, no rescaling)."""
    model = Model()
    n_used = len(problem.depots) + len(problem.clients)
    locations = [model.add_location(0, 0) for _ in range(n_used)]
    depots = [model.add_depot(locations[d.location], service_duration=d.service_duration, name=d.name)
              for d in problem.depots]
    groups = [model.add_client_group(required=g.required, name=g.name) for g in problem.groups]
    for client in problem.clients:
        model.add_client(
            locations[client.location], pickup=[client.demand], service_duration=client.service_duration,
            tw_early=client.tw_early, tw_late=client.tw_late, prize=client.prize,
            required=client.required, group=None if client.group is None else groups[client.group], name=client.name)
    for vt in problem.vehicle_types:
        reloads: dict = {}
        if vt.reload_depots:
            reloads = {"reload_depots": [depots[d] for d in vt.reload_depots], "max_reloads": vt.max_reloads}
        model.add_vehicle_type(
            num_available=vt.count, capacity=[vt.capacity], start_depot=depots[vt.start_depot],
            end_depot=depots[vt.end_depot], fixed_cost=vt.fixed_cost, tw_early=vt.shift_early, tw_late=vt.shift_late,
            shift_duration=vt.max_duration, unit_distance_cost=vt.unit_distance_cost,
            unit_duration_cost=vt.unit_duration_cost, name=vt.name, **reloads)
    data = model.data()
    distance = np.ascontiguousarray(problem.distance[:n_used, :n_used], dtype=np.int64)
    duration = np.ascontiguousarray(problem.duration[:n_used, :n_used], dtype=np.int64)
    # pyvrp's stubs type the matrices as np.ndarray[int] (an int shape, which no array can have)
    return data.replace(distance_matrices=[distance], duration_matrices=[duration])  # type: ignore[list-item]


def solve_params(problem: RoutingProblem) -> pyvrp.SolveParams:
    """PyVRP's defaults, with the neighbourhood widened for grouped clients.

    A group of k alternatives is one decision, so each client keeps about 50
    neighbouring decisions (on CARP gdb, 100 neighbours found the optimum of
    gdb9 and gdb13 more often than the default 50).
    """
    decisions = sum(1 for c in problem.clients if c.group is None) + len(problem.groups)
    neighbours = round(_NEIGHBOURS_PER_DECISION * len(problem.clients) / max(1, decisions))
    return pyvrp.SolveParams(neighbourhood=NeighbourhoodParams(num_neighbours=neighbours))


def _routes_of(problem: RoutingProblem, solution: pyvrp.Solution) -> tuple[Route, ...]:
    """Translate PyVRP routes into plain routes (middle depot visits are reloads)."""
    first_client = len(problem.depots)
    routes = []
    for route in solution.routes():
        activities = list(route)[1:-1]
        stops = tuple(Stop("client", first_client + a.idx) if a.is_client() else Stop("reload", a.idx)
                      for a in activities)
        routes.append(Route(route.vehicle_type(), stops))
    return tuple(routes)


def solve(problem: RoutingProblem, time_limit_s: float, seed: int = 0,
          stop: Callable[[], bool] = lambda: False,
          progress: Callable[[float | dict], None] = lambda _: None,
          max_iterations: int | None = None) -> RoutingSolution:
    """Solve with PyVRP's iterated local search until the time limit, ``max_iterations`` or ``stop()``.

    With ``max_iterations`` reached before the time limit, the same seed gives the same plan.
    """
    started = time.monotonic()
    reason = unsupported_reason(problem)
    if reason is not None:
        raise ValueError(reason)
    if not problem.clients:
        return RoutingSolution((), 0, "feasible", ENGINE, runtime_s=0.0)
    criterion = _DeadlineOrStop(started + time_limit_s, stop, progress, time_limit_s, max_iterations)
    with warnings.catch_warnings():
        # PyVRP warns when its penalties hit their cap (optional clients the fleet cannot all serve do
        # that); the portfolio's validator judges the plan, so the warning would only alarm users.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp.solve(build_data(problem), criterion, seed=seed, collect_stats=False, display=False,
                             params=solve_params(problem))
    feasible = result.is_feasible()
    return RoutingSolution(
        routes=_routes_of(problem, result.best),
        cost=int(result.cost()) if feasible else None,
        status="feasible" if feasible else "infeasible",
        engine=ENGINE,
        stopped=criterion.stopped,
        runtime_s=time.monotonic() - started,
    )
