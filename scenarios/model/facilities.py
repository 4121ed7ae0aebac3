"""Depots, transfer stations and disposal sites, micro-service stations (驿站), public toilets (公厕)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import MINUTES_PER_DAY, Frozen, Identifier, TimeWindow


class Depot(Frozen):
    """Where vehicles are parked overnight and crews start their shifts."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    node: Identifier
    opening: TimeWindow = TimeWindow(start=0, end=MINUTES_PER_DAY)


class TransferStation(Frozen):
    """A transfer station (中转站) or disposal site where trucks unload."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    kind: Literal["transfer", "disposal"] = "transfer"
    node: Identifier
    capacity_t_per_day: float = Field(gt=0)
    opening: TimeWindow
    unload_min: float = Field(gt=0)
    bays: int = Field(default=2, ge=1)


class ServiceStation(Frozen):
    """A micro-service station (微服务驿站): rest and water point for crews and officers."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    node: Identifier
    host: Literal["shop", "guard_room", "community", "standalone"] = "shop"


class Toilet(Frozen):
    """A public toilet (公厕), cleaned on rounds every N minutes during opening hours."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    node: Identifier
    grade: Literal[1, 2, 3]
    opening: TimeWindow
    cleaning_interval_min: float | None = Field(
        default=None, gt=0, description="overrides the grade's interval from standards.toilet_grades"
    )
    renovated_2017: bool = False
    built_2017: bool = False
    visits_per_hour: float = Field(default=20.0, ge=0)


class Facilities(Frozen):
    """All fixed facilities of the district."""

    depots: list[Depot] = Field(min_length=1)
    transfer_stations: list[TransferStation] = Field(min_length=1)
    service_stations: list[ServiceStation] = []
    toilets: list[Toilet] = []
