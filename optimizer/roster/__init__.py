"""Crew rosters with CP-SAT: problem data, solve, explanations and an independent validator."""

from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.problem import (
    Contract,
    Day,
    Demand,
    LabourRules,
    RosterProblem,
    ShiftRequest,
    ShiftType,
    SoftWeights,
    Worker,
    consecutive_days,
)
from optimizer.roster.roster import Change, Roster, SoftViolation, UncoveredDemand
from optimizer.roster.validate import HardViolation, ValidationReport, validate_roster

__all__ = [
    "Change", "Contract", "Day", "Demand", "HardViolation", "LabourRules", "Roster", "RosterProblem",
    "ShiftRequest", "ShiftType", "SoftViolation", "SoftWeights", "SolveParams", "UncoveredDemand",
    "ValidationReport", "Worker", "consecutive_days", "solve_roster", "validate_roster",
]
