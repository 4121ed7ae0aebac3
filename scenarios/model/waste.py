"""Collection points (垃圾收集点) and their waste generation model."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Frozen, Identifier, NonNegative, TimeWindow


class CollectionPoint(Frozen):
    """A bin station, community point or restaurant whose waste is collected every day (日产日清)."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    node: Identifier
    kind: Literal["residential", "commercial", "restaurant"]
    capacity_kg: float = Field(gt=0)
    mean_kg_per_day: float = Field(ge=0)
    spread_cv: float = Field(default=0.2, ge=0, le=2, description="coefficient of variation of daily waste")
    weekday_factors: list[NonNegative] = Field(
        default=[1.0] * 7, min_length=7, max_length=7, description="Monday..Sunday multipliers"
    )
    holiday_factor: float = Field(default=1.3, gt=0)
    access_windows: list[TimeWindow] = Field(min_length=1)
    service_min: float = Field(gt=0)
    priority: int = Field(default=1, ge=1, le=3, description="1 = most important when not all can be served")
