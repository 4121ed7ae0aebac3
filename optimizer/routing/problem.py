"""Integer routing problem model shared by every engine.

Locations are matrix indices ``0 .. n-1``. Depots come first, then one
location per client, then extra sites (for example break places). Every
number is an integer in solver units; :mod:`optimizer.routing.builder` is the
one place that converts metres and seconds into those units.

Time semantics (the validator and both engines follow them):

* a route leaves its start depot at some time inside the vehicle's shift
  window, spends the start depot's ``service_duration`` there, then travels;
* service at a client starts inside its time window; arriving early means
  waiting, arriving late is infeasible;
* a reload visit to a depot spends that depot's ``service_duration`` and empties
  the vehicle; nothing is spent at the end depot;
* a break stop starts inside the break window and lasts the break duration;
* route duration = end time - start time, at most ``max_duration``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: A time or distance bound that means "no limit" (fits int64 sums safely).
UNBOUNDED = 2**40


@dataclass(frozen=True)
class Depot:
    """A depot at a matrix location; ``service_duration`` is spent on leaving and on each reload."""

    location: int
    service_duration: int = 0
    name: str = ""

    def __post_init__(self) -> None:
        if self.service_duration < 0:
            raise ValueError(f"depot {self.name!r}: service_duration must be >= 0 (got {self.service_duration})")


@dataclass(frozen=True)
class Client:
    """A place to serve: demand, service duration, time window, required or optional with a prize."""

    location: int
    demand: int = 0
    service_duration: int = 0
    tw_early: int = 0
    tw_late: int = UNBOUNDED
    required: bool = True
    prize: int = 0
    group: int | None = None
    name: str = ""

    def __post_init__(self) -> None:
        where = f"client {self.name or self.location!r}"
        if self.demand < 0:
            raise ValueError(f"{where}: demand must be >= 0 (got {self.demand})")
        if self.service_duration < 0:
            raise ValueError(f"{where}: service_duration must be >= 0 (got {self.service_duration})")
        if not 0 <= self.tw_early <= self.tw_late:
            raise ValueError(f"{where}: time window must satisfy 0 <= early <= late (got {self.tw_early}, {self.tw_late})")
        if self.prize < 0:
            raise ValueError(f"{where}: prize must be >= 0 (got {self.prize})")
        if self.required and self.prize:
            raise ValueError(f"{where}: a required client has no prize (got {self.prize})")
        if self.group is not None and (self.required or self.prize):
            raise ValueError(f"{where}: a grouped client must be optional with prize 0; the group decides")


@dataclass(frozen=True)
class ClientGroup:
    """Mutually exclusive clients: a required group is served by exactly one member, an optional one by at most one."""

    clients: tuple[int, ...]
    required: bool = True
    name: str = ""

    def __post_init__(self) -> None:
        if len(self.clients) < 1 or len(set(self.clients)) != len(self.clients):
            raise ValueError(f"group {self.name!r}: needs distinct member clients (got {self.clients})")


@dataclass(frozen=True)
class BreakRule:
    """A required break per vehicle: ``duration`` starting inside the window at one of ``locations``."""

    duration: int
    tw_early: int
    tw_late: int
    locations: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.duration < 0 or not 0 <= self.tw_early <= self.tw_late or not self.locations:
            raise ValueError(f"break rule needs duration >= 0, 0 <= early <= late and locations (got {self})")


@dataclass(frozen=True)
class VehicleType:
    """A group of identical vehicles with their capacity, costs, depots, shift and reload rules."""

    count: int
    capacity: int
    start_depot: int = 0
    end_depot: int = 0
    fixed_cost: int = 0
    unit_distance_cost: int = 1
    unit_duration_cost: int = 0
    shift_early: int = 0
    shift_late: int = UNBOUNDED
    max_duration: int = UNBOUNDED
    reload_depots: tuple[int, ...] = ()
    max_reloads: int = 0
    break_rule: BreakRule | None = None
    name: str = ""

    def __post_init__(self) -> None:
        where = f"vehicle type {self.name!r}"
        for attr in ("count", "capacity", "fixed_cost", "unit_distance_cost", "unit_duration_cost", "max_reloads"):
            if getattr(self, attr) < 0:
                raise ValueError(f"{where}: {attr} must be >= 0 (got {getattr(self, attr)})")
        if not 0 <= self.shift_early <= self.shift_late:
            raise ValueError(f"{where}: shift window must satisfy 0 <= early <= late (got {self.shift_early}, {self.shift_late})")
        if self.max_duration < 0:
            raise ValueError(f"{where}: max_duration must be >= 0 (got {self.max_duration})")
        if bool(self.max_reloads) != bool(self.reload_depots):
            raise ValueError(f"{where}: reload_depots {self.reload_depots} and max_reloads {self.max_reloads} "
                             "must be given together (max_reloads >= 1)")


@dataclass(frozen=True)
class RoutingProblem:
    """Frozen, self-checking integer routing problem; see the module docstring for the semantics."""

    distance: np.ndarray
    duration: np.ndarray
    depots: tuple[Depot, ...]
    clients: tuple[Client, ...]
    vehicle_types: tuple[VehicleType, ...]
    groups: tuple[ClientGroup, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        for attr in ("distance", "duration"):
            matrix = np.array(getattr(self, attr), dtype=np.int64, copy=True)
            if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
                raise ValueError(f"{attr} matrix must be square (got shape {matrix.shape})")
            if (matrix < 0).any():
                raise ValueError(f"{attr} matrix must be >= 0 (found {matrix.min()})")
            matrix.setflags(write=False)
            object.__setattr__(self, attr, matrix)
        object.__setattr__(self, "depots", tuple(self.depots))
        object.__setattr__(self, "clients", tuple(self.clients))
        object.__setattr__(self, "vehicle_types", tuple(self.vehicle_types))
        object.__setattr__(self, "groups", tuple(self.groups))
        self._check()

    def _check(self) -> None:
        n = self.num_locations
        if self.duration.shape != self.distance.shape:
            raise ValueError(f"duration shape {self.duration.shape} != distance shape {self.distance.shape}")
        if not self.depots:
            raise ValueError("a routing problem needs at least one depot")
        if not self.vehicle_types:
            raise ValueError("a routing problem needs at least one vehicle type")
        for i, depot in enumerate(self.depots):
            if depot.location != i:
                raise ValueError(f"depot {i} must sit at location {i} (got {depot.location})")
        for i, client in enumerate(self.clients):
            if client.location != len(self.depots) + i:
                raise ValueError(f"client {i} must sit at location {len(self.depots) + i} (got {client.location})")
            if client.group is not None and not 0 <= client.group < len(self.groups):
                raise ValueError(f"client {i}: unknown group {client.group}")
        if len(self.depots) + len(self.clients) > n:
            raise ValueError(f"{len(self.depots)} depots + {len(self.clients)} clients exceed {n} locations")
        for g, group in enumerate(self.groups):
            for c in group.clients:
                if not 0 <= c < len(self.clients) or self.clients[c].group != g:
                    raise ValueError(f"group {g}: client {c} is not a member pointing back to it")
        for vt in self.vehicle_types:
            for d in (vt.start_depot, vt.end_depot, *vt.reload_depots):
                if not 0 <= d < len(self.depots):
                    raise ValueError(f"vehicle type {vt.name!r}: unknown depot {d}")
            if vt.break_rule is not None:
                for loc in vt.break_rule.locations:
                    if not 0 <= loc < n:
                        raise ValueError(f"vehicle type {vt.name!r}: break location {loc} outside 0..{n - 1}")

    @property
    def num_locations(self) -> int:
        """Size of the distance and duration matrices."""
        return int(self.distance.shape[0])

    @property
    def num_vehicles(self) -> int:
        """Total number of vehicles over all types."""
        return sum(vt.count for vt in self.vehicle_types)

    def client_index(self, location: int) -> int:
        """Client number of a client location."""
        return location - len(self.depots)

    def is_client_location(self, location: int) -> bool:
        """True when ``location`` is a client's location."""
        return len(self.depots) <= location < len(self.depots) + len(self.clients)
