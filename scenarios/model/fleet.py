"""Vehicle types and vehicles: compactor trucks, kitchen-waste trucks, sweepers, washers, patrol cars, e-bikes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Frozen, Identifier, Skill, StreetClass

VehicleKind = Literal["compactor", "kitchen_waste", "sweeper", "washer", "patrol_car", "ebike", "on_foot"]


class SpeedByClass(Frozen):
    """Travel speed on each street class, km/h (0 = the vehicle cannot use that class)."""

    arterial: float = Field(ge=0)
    secondary: float = Field(ge=0)
    branch: float = Field(ge=0)
    back_alley: float = Field(ge=0)

    def of(self, street_class: str) -> float:
        return float(getattr(self, street_class))


class CrewNeed(Frozen):
    """Workers of a skill a vehicle needs on board."""

    skill: Skill
    count: int = Field(ge=1)


class VehicleType(Frozen):
    """A kind of vehicle with its capacity, speeds and costs."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    kind: VehicleKind
    capacity_kg: float = Field(gt=0, description="load for waste trucks; hopper for sweepers")
    water_l: float = Field(default=0, ge=0)
    speed_kmh: SpeedByClass
    work_speed_kmh: float = Field(default=4.0, gt=0, description="speed while sweeping or washing")
    cost_per_km: float = Field(ge=0)
    cost_per_hour: float = Field(ge=0)
    fixed_cost_per_day: float = Field(default=0, ge=0)
    co2_kg_per_km: float = Field(ge=0)
    max_shift_min: float = Field(default=480, gt=0)
    crew: list[CrewNeed] = []

    def allows(self, street_class: str) -> bool:
        return self.speed_kmh.of(street_class) > 0


class Vehicle(Frozen):
    """One vehicle, parked at its home depot."""

    id: Identifier
    type: Identifier
    depot: Identifier
    spare: bool = False


class Fleet(Frozen):
    vehicle_types: list[VehicleType] = Field(min_length=1)
    vehicles: list[Vehicle] = Field(min_length=1)


def classes_allowed(vehicle_type: VehicleType) -> list[StreetClass]:
    """Street classes the vehicle type may drive on."""
    return [c for c in ("arterial", "secondary", "branch", "back_alley") if vehicle_type.allows(c)]  # type: ignore[misc]
