"""Plain-data routing solution returned by every engine and by the portfolio."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, TypedDict, Unpack

StopKind = Literal["client", "reload", "break"]
Status = Literal["feasible", "infeasible", "no_solution"]


@dataclass(frozen=True)
class Stop:
    """One stop of a route: a client, a reload at a depot, or a break at a break location."""

    kind: StopKind
    location: int


@dataclass(frozen=True)
class Route:
    """A vehicle of ``vehicle_type`` leaving its start depot, making ``stops`` in order, and returning."""

    vehicle_type: int
    stops: tuple[Stop, ...]

    @staticmethod
    def of_clients(vehicle_type: int, locations: list[int] | tuple[int, ...]) -> Route:
        """A route that only visits clients, given by location."""
        return Route(vehicle_type, tuple(Stop("client", loc) for loc in locations))


@dataclass(frozen=True)
class RoutingSolution:
    """Routes plus what the engine said about them; ``cost`` is the engine's own objective value."""

    routes: tuple[Route, ...]
    cost: int | None
    status: Status
    engine: str
    stopped: bool = False
    runtime_s: float = 0.0
    validated_cost: int | None = None
    violations: tuple[str, ...] = field(default=(), compare=False)
    # Set by the portfolio: each engine's validated cost (None when its plan was not feasible).
    engine_costs: tuple[tuple[str, int | None], ...] = field(default=(), compare=False)

    @staticmethod
    def empty(engine: str, *, stopped: bool = False, runtime_s: float = 0.0) -> RoutingSolution:
        """No plan at all (nothing found, engine failed or was stopped before a first solution)."""
        return RoutingSolution((), None, "no_solution", engine, stopped, runtime_s)

    def with_changes(self, **changes: Unpack[SolutionChanges]) -> RoutingSolution:
        """A copy with some fields replaced."""
        return replace(self, **changes)


class SolutionChanges(TypedDict, total=False):
    """The fields of a :class:`RoutingSolution` that :meth:`RoutingSolution.with_changes` may replace."""

    routes: tuple[Route, ...]
    cost: int | None
    status: Status
    engine: str
    stopped: bool
    runtime_s: float
    validated_cost: int | None
    violations: tuple[str, ...]
    engine_costs: tuple[tuple[str, int | None], ...]
