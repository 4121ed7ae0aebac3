"""What a caller asks of the route planners: the parameters of a solve and one kind's share of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from optimizer.common.plan import Plan
from scenarios.jobs import ProgressFn, StopFn
from scenarios.model import Scenario


@dataclass(frozen=True)
class RouteParams:
    """Time budget (seconds, for everything asked), seed, engines and repeatability limit.

    ``max_iterations`` (per solve: PyVRP iterations, OR-Tools solutions) makes plans repeatable
    when every solve reaches it within its share of the time; ``day`` sets the garbage amounts
    (default: the scenario's simulation start date); ``patrol_days`` > 1 plans the posts' beats for that
    many days from ``day`` (dated), with ``on_duty`` from a roster or else the demand rules in rotation.
    """

    time_limit_s: float = 60.0
    seed: int = 0
    engines: tuple[str, ...] = ("pyvrp", "ortools")
    max_iterations: int | None = None
    day: dt.date | None = None
    previous: Plan | None = None
    locked_routes: frozenset[str] = field(default_factory=frozenset)
    locked_stops: frozenset[str] = field(default_factory=frozenset)
    max_moved: int | None = None
    patrol_days: int = 1
    on_duty: dict[dt.date, dict[str, str]] | None = None  # patrols: date → worker → shift (a roster)

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise ValueError(f"time_limit_s must be > 0 (got {self.time_limit_s})")
        if self.patrol_days < 1:
            raise ValueError(f"patrol_days must be at least 1 (got {self.patrol_days})")


@dataclass(frozen=True)
class KindRequest:
    """One kind of work to plan: the scenario, the caller's parameters, the day and this kind's budget."""

    scenario: Scenario
    params: RouteParams
    day: dt.date
    budget_s: float
    stop: StopFn
    progress: ProgressFn


def default_time_limit_s(scenario: Scenario) -> float:
    """The planning time a district needs to be served at its standards (0.09 s a street segment, 20 to 600 s:
    20 s for the training district, about 5 minutes for Shuangliu; measured in BENCHMARKS.md, the assessment
    tables). The command line and the app use it unless told otherwise."""
    return float(min(600.0, max(20.0, round(0.09 * len(scenario.street_graph.segments)))))
