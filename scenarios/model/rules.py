"""Shift templates, labour rules, the holiday calendar and service standards."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .common import ClockTime, Frozen, Identifier, Skill, TimeWindow


class ShiftTemplate(Frozen):
    """A shift (班次): start, paid length and unpaid break."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    start: ClockTime
    duration_min: float = Field(gt=0, le=16 * 60)
    break_min: float = Field(default=0, ge=0)
    night: bool = False
    skills: list[Skill] = Field(default=[], description="skills this shift is used for; empty = any")

    @property
    def end(self) -> float:
        return self.start + self.duration_min + self.break_min

    @property
    def paid_hours(self) -> float:
        return self.duration_min / 60


class LabourRules(Frozen):
    """Hard limits from labour law (劳动法) and the bureau's own rules."""

    max_hours_per_day: float = Field(default=8, gt=0, le=16)
    max_overtime_hours_per_day: float = Field(default=3, ge=0)
    max_overtime_hours_per_month: float = Field(default=36, ge=0)
    standard_hours_per_week: float = Field(default=40, gt=0)
    comprehensive_period_days: int = Field(default=28, ge=7, description="averaging period of 综合计算工时")
    comprehensive_hours_per_period: float = Field(default=166.64, gt=0)
    min_rest_between_shifts_h: float = Field(default=11, ge=0)
    max_consecutive_days: int = Field(default=6, ge=1)
    min_days_off_per_week: int = Field(default=1, ge=0, le=7)
    max_nights_per_week: int = Field(default=4, ge=0, le=7)
    forbidden_successions: list[tuple[Identifier, Identifier]] = Field(
        default=[], description="(shift, next day's shift) pairs never allowed"
    )
    overtime_pay_workday: float = Field(default=1.5, ge=1)
    overtime_pay_rest_day: float = Field(default=2.0, ge=1)
    overtime_pay_holiday: float = Field(default=3.0, ge=1)


class HolidayCalendar(Frozen):
    """Public holidays and make-up working days (调休)."""

    holidays: list[dt.date] = []
    makeup_workdays: list[dt.date] = []

    def is_day_off(self, day: dt.date) -> bool:
        """Public holiday, or a weekend that is not a make-up working day."""
        if day in self.holidays:
            return True
        return day.weekday() >= 5 and day not in self.makeup_workdays


class CleaningGrade(Frozen):
    """What a road cleaning grade (道路保洁等级) requires."""

    grade: int = Field(ge=1, le=4)
    sweeps_per_day: int = Field(ge=0, le=6)
    mechanical_sweeps_per_day: int = Field(default=0, ge=0, le=6)
    sweep_windows: list[TimeWindow] = Field(min_length=1)
    patrol_window: TimeWindow
    method: Literal["mechanical", "manual", "either"]
    litter_limit_per_1000m2: float = Field(gt=0, description="litter items per 1,000 m2 above which it is dirty")
    manual_m2_per_shift: float = Field(default=6000, gt=0)


class ToiletGrade(Frozen):
    """How often a toilet of a grade is cleaned."""

    grade: Literal[1, 2, 3]
    cleaning_interval_min: float = Field(gt=0)


class CollectionStandard(Frozen):
    """Same-day collection (日产日清): waste generated on a day is collected by the deadline."""

    same_day: bool = True
    deadline: ClockTime = 24 * 60


class Standards(Frozen):
    cleaning_grades: list[CleaningGrade] = Field(min_length=1)
    toilet_grades: list[ToiletGrade] = Field(min_length=1)
    collection: CollectionStandard = CollectionStandard()


class DemandRule(Frozen):
    """Roster demand given directly: workers of a skill needed on a shift on some weekdays."""

    skill: Skill
    shift: Identifier
    count: int = Field(ge=0)
    target: int | None = Field(default=None, ge=0)
    weekdays: list[int] = Field(default=[0, 1, 2, 3, 4, 5, 6])
    team: Identifier | None = None


class Shifts(Frozen):
    templates: list[ShiftTemplate] = Field(min_length=1)
    demand: list[DemandRule] = []
