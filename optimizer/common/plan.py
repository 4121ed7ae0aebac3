"""The Plan: routes per vehicle or crew for a day, unserved items with reasons, territories.

Plain, frozen, serializable data (JSON via pydantic) that the simulation, the app and the studies
read. Times are minutes after midnight of the planned day; distances in metres; costs in the
scenario's currency.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

WorkKind = Literal["garbage", "sweeping", "toilets", "patrols"]
StopKind = Literal["start", "point", "unload", "break", "toilet", "segment", "hotspot", "refill", "walk", "check",
                   "inspect", "end"]
DutyKind = Literal["walk", "check", "inspect", "hotspot"]
PlanStatus = Literal["optimal", "feasible", "stopped", "infeasible", "empty"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stop(_Frozen):
    """One visit on a route: a collection point, a station to unload at, a toilet, a swept segment …"""

    kind: StopKind
    ref: str = Field(description="id of the point, station, toilet, segment or hotspot node")
    node: str = Field(description="street node where the stop happens (a segment's end node)")
    arrival_min: float
    start_min: float | None = Field(default=None, description=(
        "when the work begins, if later than the arrival (waiting for a window or for the timetable: a crew that "
        "comes early waits for it)"))
    departure_min: float
    load_kg: float = Field(default=0, description="load on board after the stop")
    from_node: str | None = Field(default=None, description="for a swept segment: the end it is entered from")


class Reliability(_Frozen):
    """How a route fares in the simulation (the plan's robust check, common random numbers)."""

    within_shift: float = Field(ge=0, le=1, description="share of simulated days it ends within its shift")
    all_served: float = Field(ge=0, le=1, description="share of replications in which it served every stop")
    days: int = Field(ge=0, description="simulated route-days behind the shares")


class Route(_Frozen):
    """The day's work of one vehicle or crew."""

    id: str
    kind: WorkKind
    vehicle: str | None = None
    vehicle_type: str | None = None
    crew: str | None = Field(default=None, description="crew or worker id for work on foot")
    shift: str | None = None
    stops: list[Stop]
    path: list[str] = Field(default=[], description="street nodes driven in order (for maps and replay)")
    distance_m: float = 0
    duration_min: float = 0
    cost: float = 0
    reliability: Reliability | None = Field(default=None, description="set by the robust check after planning")
    date: str | None = Field(default=None, description=(
        "a beat planned for one day of a duty horizon (YYYY-MM-DD): it runs on that date only; None: every day"))
    posts: list[str] = Field(default=[], description="patrols: the posts whose duties this beat does (its holder's first)")


class Duty(_Frozen):
    """One standing duty of a post (定则): what, where, how often and in which hours."""

    kind: DutyKind
    ref: str = Field(description="segment, vendor zone, toilet or station id, or the hotspot node")
    node: str = Field(description="street node where it is done (a walked street's first end)")
    every_days: int = Field(default=1, ge=1, description="done on one day in every N")
    per_day: int = Field(default=1, ge=1, description="times on each day it is due")
    window: tuple[float, float] | None = Field(default=None, description="hours it must be done in (minutes)")
    minutes: float = Field(default=0, ge=0, description="minutes it takes on the spot (a walk: on foot)")
    offset: int = Field(default=0, ge=0, description=(
        "due on the days d with (d - the scenario's simulation start date) % every_days == offset"))


class Post(_Frozen):
    """A post (岗): a chief's territory and duties with its holder and deputy, or an enforcement unit's beat duties."""

    id: str = Field(description="the chief's id, or the enforcement unit's team id")
    kind: Literal["chief", "unit"] = "chief"
    holder: str = Field(description="worker id of the chief (a unit: its team id)")
    deputy: str | None = None
    unit: str | None = Field(default=None, description="the enforcement unit or chiefs' group")
    segments: list[str] = []
    duties: list[Duty] = []


class Unserved(_Frozen):
    """A required item no route serves, and why."""

    kind: WorkKind
    ref: str
    reason: str


class RoutePlan(_Frozen):
    """The routes of one kind of work and how they were found."""

    kind: WorkKind
    routes: list[Route] = []
    unserved: list[Unserved] = []
    status: PlanStatus = "empty"
    engine: str = ""
    cost: float = 0
    distance_m: float = 0
    solve_time_s: float = 0
    cost_trace: list[tuple[float, float]] = Field(default=[], description="(seconds, best cost) while solving")
    territories: dict[str, list[str]] = Field(default={}, description="patrols: chief id → segment ids")
    posts: list[Post] = Field(default=[], description="patrols: posts and their duties (定人定岗定则)")
    holders: dict[str, dict[str, str]] = Field(default={}, description=(
        "patrols: date → post id → the worker who holds it that day ('' when nobody could)"))
    on_duty: dict[str, dict[str, str]] = Field(default={}, description=(
        "patrols: date → worker → shift, the chiefs and officers the beats were planned from (the roster)"))
    notes: list[str] = []


class Plan(_Frozen):
    """Everything planned for a scenario's day."""

    scenario: str = ""
    day: str = ""
    parts: dict[str, RoutePlan] = {}

    def part(self, kind: WorkKind) -> RoutePlan | None:
        return self.parts.get(kind)

    def with_part(self, part: RoutePlan) -> Plan:
        return self.model_copy(update={"parts": {**self.parts, part.kind: part}})


def save_plan(plan: Plan, folder: Path) -> Path:
    """Write plan.json into folder (atomically); returns its path."""
    from scenarios.files.atomic import atomic_write_text

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plan.json"
    atomic_write_text(path, plan.model_dump_json(indent=1))
    return path


def load_plan(folder_or_file: Path) -> Plan:
    """Read a plan written by save_plan (a folder holding plan.json, or the file itself)."""
    from pydantic import ValidationError

    from scenarios.errors import DataError

    path = folder_or_file / "plan.json" if folder_or_file.is_dir() else folder_or_file
    try:
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: plan file not found (expected a folder written by `main.py plan … --out DIR`)") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataError(f"{path}: {where} {first['msg'].lower()} (got {first.get('input')!r})") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
