"""Incidents and patrols, disruptions, costs and simulation settings."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .common import Frozen, Identifier, NonNegative, Skill, TimeWindow


class IncidentType(Frozen):
    """A kind of incident (事件) that needs a patrol."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    share: float = Field(gt=0, le=1, description="share of all incidents")
    priority: int = Field(ge=1, le=3, description="1 = most urgent")
    handling_min: float = Field(gt=0)
    response_target_min: float = Field(gt=0)
    closing_target_min: float | None = Field(default=None, gt=0, description=(
        "closing standard (结案时限): minutes from report to a closed case, counted in working hours; "
        "None = no closing standard for this type"))
    public_report_mean_min: float = Field(default=30.0, gt=0, description=(
        "mean minutes before the public reports a case that no patrol has found (a patrol passing first finds it)"))


class Zone(Frozen):
    """An enforcement zone: incidents arrive by zone; segments name their zone."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    weight: float = Field(default=1.0, gt=0, description="relative incident rate")


class VendorZone(Frozen):
    """A fixed-time, fixed-place vendor zone (定时定点定区域)."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    node: Identifier
    window: TimeWindow
    litter_factor: float = Field(default=2.0, ge=1)
    stalls: int = Field(default=0, ge=0, description="stall places (摊位) the zone admits")
    violations_per_hour: float = Field(default=0.5, ge=0, description=(
        "violations (stalls outside the zone or its hours, litter) an hour when the zone has just been checked; "
        "the rate grows with the time since the last check (simulation)"))


class VendorStall(Frozen):
    """One stall of the vendor register (摊贩登记): admitted to a zone, registered, or exited."""

    id: Identifier
    zone: Identifier = Field(description="vendor zone id")
    holder_zh: str = ""
    holder_en: str = ""
    goods: str = ""
    status: Literal["admitted", "registered", "exited"] = "registered"
    since: dt.date | None = None


class Incidents(Frozen):
    types: list[IncidentType] = Field(min_length=1)
    zones: list[Zone] = Field(min_length=1)
    per_day: float = Field(ge=0)
    hourly_profile: list[NonNegative] = Field(min_length=24, max_length=24, description="relative rate per hour 0..23")
    vendor_zones: list[VendorZone] = []
    vendor_register: list[VendorStall] = []
    hotspot_visits_per_day: int = Field(default=3, ge=0, description="patrol passes of each hotspot a day")


class Breakdowns(Frozen):
    vehicle_type: Identifier
    mean_hours_between: float = Field(gt=0)
    mean_repair_min: float = Field(gt=0)


class Disruptions(Frozen):
    breakdowns: list[Breakdowns] = []
    worker_absence_rate: float = Field(default=0.03, ge=0, le=1)
    rain_probability: float = Field(default=0.2, ge=0, le=1)
    rain_speed_factor: float = Field(default=0.85, gt=0, le=1)
    rain_litter_factor: float = Field(default=1.5, ge=1)
    reassignment: str = Field(default="spare", pattern="^(spare|neighbour|skip)$")


class WageRate(Frozen):
    skill: Skill
    cost_per_hour: float = Field(ge=0)


class Costs(Frozen):
    wages: list[WageRate] = []
    overflow_penalty: float = Field(default=200, ge=0, description="per overflowing point-day")
    currency: str = "CNY"


class SimulationSettings(Frozen):
    start_date: dt.date
    horizon_days: int = Field(default=7, ge=1, le=3660)
    seed: int = Field(default=2017, ge=0)
    replications: int = Field(default=5, ge=1, le=1000)
    rush_hours: list[TimeWindow] = []
    rush_speed_factor: float = Field(default=0.6, gt=0, le=1)
