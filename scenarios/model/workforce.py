"""Workforce: teams, enforcement units, workers with skills and contracts, chiefs (街长/路长/巷长)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import DateRange, Frozen, Identifier, Skill, Weekday


class Team(Frozen):
    """A sanitation crew (班组) or an enforcement unit (综合行政执法中队)."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    kind: Literal["sanitation", "enforcement", "chiefs"]
    zone: Identifier | None = None


class Worker(Frozen):
    """One person who can be rostered."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    team: Identifier
    skills: list[Skill] = Field(min_length=1)
    regime: Literal["standard", "comprehensive"] = "standard"
    contract_hours_per_week: float = Field(default=40, gt=0, le=60)
    leave: list[DateRange] = []
    unavailable_weekdays: list[Weekday] = Field(default=[], description="0 = Monday .. 6 = Sunday")
    preferred_shifts: list[Identifier] = []
    avoided_shifts: list[Identifier] = []
    home_depot: Identifier | None = None


class Chief(Frozen):
    """A street, road or lane chief who owns a territory of segments."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    level: Literal["street", "road", "lane"]
    worker: Identifier
    unit: Identifier | None = None
    deputy: Identifier | None = Field(default=None, description=(
        "worker who covers this post when its holder is off (A/B角): usually the chief of a neighbouring post"))


class Workforce(Frozen):
    teams: list[Team] = Field(min_length=1)
    workers: list[Worker] = Field(min_length=1)
    chiefs: list[Chief] = []
