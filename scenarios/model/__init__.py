"""The scenario format: frozen pydantic models with units in field names."""

from .checks import CrossCheckError, CrossCheckIssue
from .common import SKILLS, STREET_CLASSES, DateRange, TimeWindow, format_clock
from .facilities import Depot, Facilities, ServiceStation, Toilet, TransferStation
from .fleet import Fleet, SpeedByClass, Vehicle, VehicleType
from .rules import (
    CleaningGrade,
    CollectionStandard,
    DemandRule,
    HolidayCalendar,
    LabourRules,
    PatrolDuties,
    Shifts,
    ShiftTemplate,
    Standards,
    ToiletGrade,
)
from .scenario import District, Scenario, ScenarioIndex
from .streets import Node, Segment, StreetGraph
from .waste import CollectionPoint
from .workforce import Chief, Team, Worker, Workforce
from .world import (
    Costs,
    Disruptions,
    Incidents,
    IncidentType,
    SimulationSettings,
    VendorStall,
    VendorZone,
    Zone,
)

__all__ = [
    "SKILLS", "STREET_CLASSES", "Chief", "CleaningGrade", "CollectionPoint", "CollectionStandard", "Costs",
    "CrossCheckError", "CrossCheckIssue", "DateRange", "DemandRule", "Depot", "Disruptions", "District",
    "Facilities", "Fleet", "HolidayCalendar", "IncidentType", "Incidents", "LabourRules", "Node", "PatrolDuties", "Scenario",
    "ScenarioIndex", "Segment", "ServiceStation", "ShiftTemplate", "Shifts", "SimulationSettings",
    "SpeedByClass", "Standards", "StreetGraph", "Team", "TimeWindow", "Toilet", "ToiletGrade",
    "TransferStation", "Vehicle", "VehicleType", "VendorStall", "VendorZone", "Worker", "Workforce", "Zone", "format_clock",
]
