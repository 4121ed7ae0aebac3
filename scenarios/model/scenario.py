"""The whole scenario: a frozen, validated description of a district and how it is served."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, model_validator

from .common import Frozen
from .facilities import Facilities
from .fleet import Fleet
from .rules import HolidayCalendar, LabourRules, Shifts, Standards
from .streets import StreetGraph
from .waste import CollectionPoint
from .workforce import Workforce
from .world import Costs, Disruptions, Incidents, SimulationSettings


class District(Frozen):
    """District metadata; coordinates are WGS-84 lon/lat, projected to metres internally."""

    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    crs: str = Field(default="EPSG:4326", pattern="^EPSG:4326$")
    center_lon: float = Field(ge=-180, le=180)
    center_lat: float = Field(ge=-90, le=90)
    population: int = Field(default=0, ge=0)
    area_km2: float = Field(default=0, ge=0)
    description: str = ""


class Scenario(Frozen):
    """A district and everything needed to plan and simulate its urban-management work."""

    format_version: int = Field(default=1, ge=1, le=1)
    district: District
    street_graph: StreetGraph
    facilities: Facilities
    collection_points: list[CollectionPoint] = []
    fleet: Fleet
    workforce: Workforce
    shifts: Shifts
    labour_rules: LabourRules = LabourRules()
    calendar: HolidayCalendar = HolidayCalendar()
    standards: Standards
    incidents: Incidents
    disruptions: Disruptions = Disruptions()
    costs: Costs = Costs()
    simulation: SimulationSettings

    @model_validator(mode="after")
    def _cross_checks(self) -> Scenario:
        from .checks import raise_on_cross_check_issues

        raise_on_cross_check_issues(self)
        return self

    @cached_property
    def index(self) -> ScenarioIndex:
        """Lookups by id, built once per (immutable) scenario."""
        return ScenarioIndex(self)


class ScenarioIndex:
    """Id → object maps over a scenario (read-only helper, not part of the file format)."""

    def __init__(self, scenario: Scenario) -> None:
        s = scenario
        self.nodes = {n.id: n for n in s.street_graph.nodes}
        self.segments = {g.id: g for g in s.street_graph.segments}
        self.depots = {d.id: d for d in s.facilities.depots}
        self.transfer_stations = {t.id: t for t in s.facilities.transfer_stations}
        self.service_stations = {t.id: t for t in s.facilities.service_stations}
        self.toilets = {t.id: t for t in s.facilities.toilets}
        self.points = {p.id: p for p in s.collection_points}
        self.vehicle_types = {t.id: t for t in s.fleet.vehicle_types}
        self.vehicles = {v.id: v for v in s.fleet.vehicles}
        self.teams = {t.id: t for t in s.workforce.teams}
        self.workers = {w.id: w for w in s.workforce.workers}
        self.chiefs = {c.id: c for c in s.workforce.chiefs}
        self.shifts = {t.id: t for t in s.shifts.templates}
        self.cleaning_grades = {g.grade: g for g in s.standards.cleaning_grades}
        self.toilet_grades = {g.grade: g for g in s.standards.toilet_grades}
        self.zones = {z.id: z for z in s.incidents.zones}
        self.incident_types = {t.id: t for t in s.incidents.types}

    def toilet_interval_min(self, toilet_id: str) -> float:
        """The toilet's own interval, else its grade's."""
        toilet = self.toilets[toilet_id]
        if toilet.cleaning_interval_min is not None:
            return toilet.cleaning_interval_min
        return self.toilet_grades[toilet.grade].cleaning_interval_min
