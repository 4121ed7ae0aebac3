"""Shared field types of the scenario format: frozen base model, clock times, windows, date ranges."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

MINUTES_PER_DAY = 24 * 60

#: A day of the week: 0 = Monday .. 6 = Sunday.
Weekday = Annotated[int, Field(ge=0, le=6)]
#: A relative factor or rate that cannot be negative (weekday factors, hourly profiles).
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Frozen(BaseModel):
    """Every scenario object: immutable, unknown keys rejected."""

    # No infinities or NaN anywhere: every number of a scenario is a finite figure a planner could type.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)


class CompactText(Frozen):
    """A small value object written as one short string in files (CSV cells, YAML)."""

    @model_serializer(mode="wrap")
    def _as_text(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> object:
        return str(self) if info.mode_is_json() else handler(self)


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_clock(value: object) -> object:
    """Accept 'HH:MM' (up to 48:00 for shifts past midnight) or minutes as an int."""
    if isinstance(value, str):
        match = _CLOCK.match(value)
        if not match:
            raise ValueError(f"must be a time of day as HH:MM (got {value!r})")
        hours, minutes = int(match.group(1)), int(match.group(2))
        if minutes >= 60:
            raise ValueError(f"minutes must be 00..59 (got {value!r})")
        return hours * 60 + minutes
    return value


def format_clock(minutes: int) -> str:
    """Minutes from midnight as 'HH:MM'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Minutes after midnight; written as "HH:MM" in files. Values past 24:00 mean the next day.
ClockTime = Annotated[
    int,
    BeforeValidator(parse_clock),
    Field(ge=0, le=2 * MINUTES_PER_DAY),
    PlainSerializer(format_clock, return_type=str, when_used="json"),
]


class TimeWindow(CompactText):
    """A daily window [start, end] in minutes after midnight; written 'HH:MM-HH:MM'."""

    start: ClockTime
    end: ClockTime

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, str):
            parts = value.split("-")
            if len(parts) != 2:
                raise ValueError(f"must be a window as HH:MM-HH:MM (got {value!r})")
            return {"start": parts[0], "end": parts[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if self.end <= self.start:
            raise ValueError(
                f"window end {format_clock(self.end)} must be after start {format_clock(self.start)}"
                " (write a window past midnight as e.g. 22:00-29:00)"
            )
        return self

    @property
    def duration_min(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


class DateRange(CompactText):
    """Inclusive range of calendar days; written 'YYYY-MM-DD..YYYY-MM-DD' or one date."""

    first: dt.date
    last: dt.date

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, dt.date):
            return {"first": value, "last": value}
        if isinstance(value, str):
            first, _, last = value.partition("..")
            return {"first": first.strip(), "last": (last or first).strip()}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.last < self.first:
            raise ValueError(f"range ends {self.last} before it starts {self.first}")
        return self

    def __contains__(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}..{self.last}"


StreetClass = Literal["arterial", "secondary", "branch", "back_alley"]
STREET_CLASSES: tuple[str, ...] = ("arterial", "secondary", "branch", "back_alley")
STREET_CLASS_ZH = {"arterial": "主干道", "secondary": "次干道", "branch": "支路", "back_alley": "背街小巷"}

Skill = Literal[
    "driver",
    "loader",
    "sweeper_operator",
    "manual_sweeper",
    "toilet_cleaner",
    "enforcement_officer",
    "chief",
]
SKILLS: tuple[str, ...] = (
    "driver",
    "loader",
    "sweeper_operator",
    "manual_sweeper",
    "toilet_cleaner",
    "enforcement_officer",
    "chief",
)
SKILL_ZH = {
    "driver": "司机",
    "loader": "装卸工",
    "sweeper_operator": "扫路车操作员",
    "manual_sweeper": "人工清扫员",
    "toilet_cleaner": "公厕保洁员",
    "enforcement_officer": "执法队员",
    "chief": "街长/路长/巷长",
}

Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
