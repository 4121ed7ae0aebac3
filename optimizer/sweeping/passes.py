"""The passes a day requires: each segment's chain of pass windows by its cleaning grade, with method and shift.

Rules (from the cleaning grade, 道路保洁等级, as ``scenarios.assessment`` assesses them):

* the first pass is a full sweep in the grade's first sweep window, which ends by the morning
  deadline (the patrol window's start);
* when the grade sets ``max_gap_min``, the next passes follow in windows that keep every gap
  within it whatever time inside its window each pass takes (``scenarios.assessment.street_pass_windows``), until the
  patrol window ends; without it, the next passes are the grade's other sweep windows;
* at least ``sweeps_per_day`` passes in all;
* arterial and secondary streets are swept mechanically (sweepers), branch streets and back
  alleys by hand (crews on foot);
* pass k is done by the shift (listing the crew's skill) that overlaps its window most;
* each pass sweeps every side: a two-way street with two sides gives one task per direction (each
  sweeps its right-hand kerb), one side gives one task whose direction the solver chooses, and a
  one-way street is swept in its allowed direction only (by vehicles; on foot both kerbs are swept
  walking either way).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scenarios.assessment import street_pass_windows
from scenarios.model import Scenario, Segment, ShiftTemplate

MECHANICAL_CLASSES = ("arterial", "secondary")
Method = Literal["mechanical", "manual"]


@dataclass(frozen=True)
class SweepPass:
    """Pass ``index`` over a segment: when (window), by whom (method, shift) and in which directions."""

    segment: str
    index: int
    method: Method
    window: tuple[float, float]
    shift: str | None
    # Each inner tuple is one task: the (entry, exit) node pairs it may be swept in (two = a choice).
    tasks: tuple[tuple[tuple[str, str], ...], ...]

    @property
    def ref(self) -> str:
        """Readable id of the pass, e.g. ``S0012#1`` for the second pass."""
        return f"{self.segment}#{self.index + 1}"


def method_of(segment: Segment) -> Method:
    return "mechanical" if segment.street_class in MECHANICAL_CLASSES else "manual"


def skill_of(method: Method) -> str:
    return "sweeper_operator" if method == "mechanical" else "manual_sweeper"


def work_window(shift: ShiftTemplate) -> tuple[float, float]:
    """Start and latest end of work in a shift (the break is inside it)."""
    return float(shift.start), float(shift.end)


def shift_for(scenario: Scenario, skill: str, window: tuple[float, float]) -> ShiftTemplate | None:
    """The shift for this skill that overlaps the window most (earliest on ties); None when none overlaps."""
    best, best_overlap = None, 0.0
    for shift in sorted(scenario.shifts.templates, key=lambda s: s.start):
        if shift.skills and skill not in shift.skills:
            continue
        start, end = work_window(shift)
        overlap = min(end, window[1]) - max(start, window[0])
        if overlap > best_overlap:
            best, best_overlap = shift, overlap
    return best


def tasks_of(segment: Segment, method: Method) -> tuple[tuple[tuple[str, str], ...], ...]:
    forward, backward = (segment.from_node, segment.to_node), (segment.to_node, segment.from_node)
    if segment.one_way and method == "mechanical":
        return ((forward,),)
    if segment.sides == 2:
        return ((forward,), (backward,))
    return ((forward, backward),)


#: Street passes are staggered over this many minutes (by distance from the depot), so a grade's later
#: windows do not all fall in the same hour for the whole fleet.
MAX_PHASE_MIN = 90.0


def street_phases(scenario: Scenario) -> dict[str, float]:
    """Each mechanical street's phase: nearer its nearest depot, earlier (0 to ``MAX_PHASE_MIN``)."""
    nodes = scenario.index.nodes
    depots = [nodes[d.node] for d in scenario.facilities.depots]
    segs = [g for g in scenario.street_graph.segments if method_of(g) == "mechanical"]

    def distance(g: Segment) -> float:
        a = nodes[g.from_node]
        return min((a.lon - d.lon) ** 2 + (a.lat - d.lat) ** 2 for d in depots)

    order = sorted(segs, key=lambda g: (distance(g), g.id))
    return {g.id: MAX_PHASE_MIN * k / max(1, len(order) - 1) for k, g in enumerate(order)}


def required_passes(scenario: Scenario) -> list[SweepPass]:
    """Every sweeping pass the cleaning grades require today, in segment order."""
    grades = scenario.index.cleaning_grades
    phases = street_phases(scenario)
    shift_of: dict[tuple[Method, tuple[float, float]], str | None] = {}
    passes = []
    for segment in scenario.street_graph.segments:
        grade = grades.get(segment.cleaning_grade)
        if grade is None:
            continue
        method = method_of(segment)
        for k, window in enumerate(street_pass_windows(grade, phases.get(segment.id, 0.0))):
            key = (method, window)
            if key not in shift_of:
                shift = shift_for(scenario, skill_of(method), window)
                shift_of[key] = shift.id if shift else None
            passes.append(SweepPass(segment.id, k, method, window, shift_of[key], tasks_of(segment, method)))
    return passes


def effective_window(scenario: Scenario, sweep: SweepPass) -> tuple[float, float] | None:
    """The pass window cut to its shift (start to end; the break is placed elsewhere); None if empty."""
    if sweep.shift is None:
        return None
    shift = scenario.index.shifts[sweep.shift]
    start = max(sweep.window[0], float(shift.start))
    end = min(sweep.window[1], float(shift.end))
    return (start, end) if end > start else None
