"""The one place where real-world numbers (metres, seconds, kilograms) become solver integers.

Scaling (documented once, used by every caller):

* distance unit = ``1 / distance_scale`` metres: a distance in metres is
  multiplied by ``distance_scale`` and rounded to the nearest integer;
* time unit = ``1 / time_scale`` seconds: durations, windows and shift
  bounds in seconds are multiplied by ``time_scale`` and rounded;
* loads are multiplied by ``load_scale`` and rounded (demands up, so that a
  plan feasible in integers never overloads a real vehicle).

Costs keep their own units: ``cost_per_m`` and ``cost_per_s`` become integer
costs per solver unit after dividing by the scales and multiplying by
``cost_scale``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from optimizer.routing.problem import (
    UNBOUNDED,
    BreakRule,
    Client,
    ClientGroup,
    Depot,
    RoutingProblem,
    VehicleType,
)


@dataclass(frozen=True)
class Scaling:
    """Integer units per metre, per second, per load unit and per cost unit."""

    distance_scale: float = 1.0
    time_scale: float = 1.0
    load_scale: float = 1.0
    cost_scale: float = 1.0

    def __post_init__(self) -> None:
        for name in ("distance_scale", "time_scale", "load_scale", "cost_scale"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0 (got {getattr(self, name)})")

    def distance(self, metres: float) -> int:
        """Metres to distance units."""
        return int(round(metres * self.distance_scale))

    def time(self, seconds: float | None) -> int:
        """Seconds to time units; ``None`` means unbounded."""
        return UNBOUNDED if seconds is None else int(round(seconds * self.time_scale))

    def load(self, amount: float) -> int:
        """Demand to load units, rounded up."""
        return int(math.ceil(amount * self.load_scale - 1e-9))

    def capacity(self, amount: float) -> int:
        """Capacity to load units, rounded down."""
        return int(math.floor(amount * self.load_scale + 1e-9))

    def cost(self, amount: float) -> int:
        """Money (or any cost) to cost units."""
        return int(round(amount * self.cost_scale))

    def distance_matrix(self, metres: np.ndarray) -> np.ndarray:
        """A matrix in metres to integer distance units."""
        return np.rint(np.asarray(metres, dtype=float) * self.distance_scale).astype(np.int64)

    def duration_matrix(self, seconds: np.ndarray) -> np.ndarray:
        """A matrix in seconds to integer time units."""
        return np.rint(np.asarray(seconds, dtype=float) * self.time_scale).astype(np.int64)


@dataclass
class ProblemBuilder:
    """Collects depots, clients, groups and vehicle types in real units, then builds a RoutingProblem.

    Add depots first, then clients, then extra sites; the location order follows.
    """

    scaling: Scaling = field(default_factory=Scaling)
    name: str = ""
    _depots: list[Depot] = field(default_factory=list)
    _clients: list[Client] = field(default_factory=list)
    _groups: list[tuple[list[int], bool, str]] = field(default_factory=list)
    _vehicle_types: list[VehicleType] = field(default_factory=list)
    _num_sites: int = 0

    def add_depot(self, service_s: float = 0.0, *, name: str = "") -> int:
        """Add a depot; returns its depot number (= its location)."""
        if self._clients or self._num_sites:
            raise ValueError("add every depot before the first client or site")
        self._depots.append(Depot(len(self._depots), self.scaling.time(service_s), name))
        return len(self._depots) - 1

    # Keywords mirror the engines' add_client (PyVRP's Model.add_client): one optional real-unit value each.
    def add_client(self, demand: float = 0.0, service_s: float = 0.0, tw_s: tuple[float, float | None] = (0.0, None),
                   *, required: bool = True, prize: float = 0.0, group: int | None = None, name: str = "") -> int:
        """Add a client; returns its client number. ``prize`` is in cost units before scaling."""
        if self._num_sites:
            raise ValueError("add every client before the first extra site")
        location = len(self._depots) + len(self._clients)
        self._clients.append(Client(
            location=location, demand=self.scaling.load(demand), service_duration=self.scaling.time(service_s),
            tw_early=self.scaling.time(tw_s[0]), tw_late=self.scaling.time(tw_s[1]),
            required=required and group is None, prize=self.scaling.cost(prize), group=group, name=name))
        if group is not None:
            self._groups[group][0].append(len(self._clients) - 1)
        return len(self._clients) - 1

    def add_group(self, *, required: bool = True, name: str = "") -> int:
        """Add an (initially empty) mutually exclusive group; members are added with ``add_client(group=…)``."""
        self._groups.append(([], required, name))
        return len(self._groups) - 1

    def add_site(self) -> int:
        """Add an extra location (for example a break place); returns its location."""
        self._num_sites += 1
        return len(self._depots) + len(self._clients) + self._num_sites - 1

    # Keywords mirror the engines' add_vehicle_type (PyVRP's Model.add_vehicle_type): each optional, in real units.
    def add_vehicle_type(self, count: int, capacity: float, *, start_depot: int = 0, end_depot: int | None = None,
                         fixed_cost: float = 0.0, cost_per_m: float = 1.0, cost_per_s: float = 0.0,
                         shift_s: tuple[float, float | None] = (0.0, None), max_duration_s: float | None = None,
                         reload_depots: tuple[int, ...] = (), max_reloads: int | None = None,
                         break_s: tuple[float, float, float, tuple[int, ...]] | None = None, name: str = "") -> int:
        """Add a vehicle type; ``break_s`` is (duration, window start, window end, break locations).

        ``max_reloads`` defaults to one per client when reload depots are given.
        """
        if max_reloads is None:
            max_reloads = max(1, len(self._clients)) if reload_depots else 0
        s = self.scaling
        rule = None
        if break_s is not None:
            rule = BreakRule(s.time(break_s[0]), s.time(break_s[1]), s.time(break_s[2]), tuple(break_s[3]))
        self._vehicle_types.append(VehicleType(
            count=count, capacity=s.capacity(capacity), start_depot=start_depot,
            end_depot=start_depot if end_depot is None else end_depot, fixed_cost=s.cost(fixed_cost),
            unit_distance_cost=s.cost(cost_per_m / s.distance_scale), unit_duration_cost=s.cost(cost_per_s / s.time_scale),
            shift_early=s.time(shift_s[0]), shift_late=s.time(shift_s[1]), max_duration=s.time(max_duration_s),
            reload_depots=tuple(reload_depots), max_reloads=max_reloads, break_rule=rule, name=name))
        return len(self._vehicle_types) - 1

    def build(self, distance_m: np.ndarray, duration_s: np.ndarray) -> RoutingProblem:
        """Scale the matrices (metres, seconds) and freeze the problem."""
        return RoutingProblem(
            distance=self.scaling.distance_matrix(distance_m), duration=self.scaling.duration_matrix(duration_s),
            depots=tuple(self._depots), clients=tuple(self._clients), vehicle_types=tuple(self._vehicle_types),
            groups=tuple(ClientGroup(tuple(m), required, name) for m, required, name in self._groups), name=self.name)
