"""How long each piece of work takes: one definition for every planner and for today's way of working.

Read from the scenario (toilet classes, vehicle work speeds, points' service times) and the working
norms (``optimizer.common.norms``). The simulation takes a stop's time from the plan, and the
independent checkers recompute these times from the norms on their own.
"""

from __future__ import annotations

from optimizer.common.norms import MANUAL_STRIP_M, MANUAL_SWEEP_M2_PER_H
from scenarios.assessment import toilet_cleaning_min
from scenarios.model import Scenario, Segment, VehicleType


def kerb_area_m2(segment: Segment) -> float:
    """Area a crew on foot sweeps along one kerb of a segment (its lane, at most ``MANUAL_STRIP_M`` wide)."""
    return segment.length_m * min(segment.width_m / segment.sides, MANUAL_STRIP_M)


def manual_sweep_min(segment: Segment) -> float:
    """Minutes for a crew on foot to sweep one kerb of a segment."""
    return kerb_area_m2(segment) / MANUAL_SWEEP_M2_PER_H * 60.0


def mechanical_sweep_min(segment: Segment, vehicle_type: VehicleType) -> float:
    """Minutes for a sweeper to sweep one kerb of a segment at its work speed."""
    return segment.length_m / 1000.0 / vehicle_type.work_speed_kmh * 60.0


def toilet_clean_min(scenario: Scenario, toilet_id: str) -> float:
    """Minutes one cleaning of a toilet takes (the class's standard)."""
    return toilet_cleaning_min(scenario, toilet_id)
