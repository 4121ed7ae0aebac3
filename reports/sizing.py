"""Sizing: the smallest fleet or crew count whose plan meets the bureau's targets in the simulation.

For each count the district is changed (``scenarios.variants`` changes: vehicles per type and depot,
or the demand rules' crews per shift, shared in the base's proportions), the sized kind of work planned
(the simulation does the rest the way the scenario does it today), simulated with
common random numbers and assessed (``scenarios.assessment.assess`` on the KPIs that count answers
for, ``RELEVANT``, plus any extra targets); the curve count → cost and assessment KPIs shows the
tradeoff, and the smallest count that meets those targets is the answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from optimizer.common.plan import Plan
from scenarios.assessment import Verdict, assess
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario
from scenarios.variants import Change, apply_changes

WHAT: dict[str, str] = {
    "trucks": "compactor trucks (all compactor types, in the base's mix)",
    "sweepers": "road sweepers (and their operators on each sweeping shift)",
    "sweeping-crews": "crews on foot sweeping, per day (shared over the shifts as in the base)",
    "toilet-crews": "toilet cleaners per day (shared over the shifts as in the base)",
    "patrols": "enforcement officers on duty per day (shared over the shifts as in the base)",
}
_DEMAND_SKILL = {"sweeping-crews": "manual_sweeper", "toilet-crews": "toilet_cleaner", "patrols": "enforcement_officer"}
# The assessment KPIs a kind of count answers for (the others are charted, not required of it).
RELEVANT = {
    "trucks": ("collection_compliance_pct",),
    "sweepers": ("dirty_segment_hours_pct", "morning_sweep_pct"),
    "sweeping-crews": ("dirty_segment_hours_pct", "morning_sweep_pct"),
    "toilet-crews": ("toilet_rounds_on_time_pct",),
    "patrols": ("response_within_target_pct",),
}
#: The kind of work each sizing question plans.
KIND_SIZED = {"trucks": "garbage", "sweepers": "sweeping", "sweeping-crews": "sweeping", "toilet-crews": "toilets",
              "patrols": "patrols"}
SIZING_KPIS = ("collection_compliance_pct", "toilet_rounds_on_time_pct", "dirty_segment_hours_pct",
               "morning_sweep_pct", "response_within_target_pct", "routes_within_shift_pct", "overtime_hours", "cost")


def _shares(total: int, weights: dict[tuple, float]) -> dict[tuple, int]:
    """``total`` split in proportion to ``weights`` (largest remainder; keys in sorted order on ties)."""
    whole = sum(weights.values()) or 1.0
    raw = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(math.floor(v)) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:total - sum(out.values())]:
        out[k] += 1
    return out


def base_count(scenario: Scenario, what: str) -> int:
    """The count the scenario has now."""
    if what in ("trucks", "sweepers"):
        return sum(1 for v in scenario.fleet.vehicles if not v.spare and _vehicle_matches(scenario, v.type, what))
    skill = _DEMAND_SKILL[what]
    weekday = scenario.simulation.start_date.weekday()
    return sum(r.count for r in scenario.shifts.demand if r.skill == skill and weekday in r.weekdays)


def _vehicle_matches(scenario: Scenario, type_id: str, what: str) -> bool:
    kind = scenario.index.vehicle_types[type_id].kind
    return kind == "compactor" if what == "trucks" else kind == "sweeper"


def sizing_changes(scenario: Scenario, what: str, count: int) -> list[Change]:
    """The changes that give the district ``count`` of ``what`` (see ``WHAT``)."""
    if what not in WHAT:
        raise ValueError(f"what must be one of {', '.join(WHAT)} (got {what!r})")
    if what in ("trucks", "sweepers"):
        groups: dict[tuple, float] = {}
        for v in scenario.fleet.vehicles:
            if not v.spare and _vehicle_matches(scenario, v.type, what):
                groups[(v.type, v.depot)] = groups.get((v.type, v.depot), 0) + 1
        changes = [Change(op="set_count", path="fleet.vehicles", where={"type": t, "depot": d, "spare": False}, value=n,
                          note=f"{what}: {count}") for (t, d), n in sorted(_shares(count, groups).items())]
        if what == "sweepers":
            per_shift = count
            changes += [Change(op="set", path="shifts.demand", where={"skill": "sweeper_operator", "shift": r.shift},
                               field="count", value=per_shift) for r in scenario.shifts.demand
                        if r.skill == "sweeper_operator"]
        return changes
    skill = _DEMAND_SKILL[what]
    rules = {(r.shift, tuple(r.weekdays)): float(r.count) for r in scenario.shifts.demand if r.skill == skill}
    if not rules:
        raise ValueError(f"the scenario has no demand rule for {skill}: nothing to size")
    weekday = scenario.simulation.start_date.weekday()
    today = {k: w for k, w in rules.items() if weekday in k[1]} or rules
    counts = _shares(count, today)
    # Rules for other weekdays (weekends) keep their ratio to the day planned.
    scale = count / max(1.0, sum(today.values()))
    counts.update({k: max(0, round(n * scale)) for k, n in rules.items() if k not in counts})
    return [Change(op="set", path="shifts.demand", where={"skill": skill, "shift": shift, "weekdays": list(days)},
                   field="count", value=counts[(shift, days)], note=f"{what}: {count}")
            for (shift, days) in sorted(rules)]


def default_counts(scenario: Scenario, what: str, steps: int = 5) -> list[int]:
    """Counts around the scenario's own: 60 % to 140 % of it."""
    base = max(1, base_count(scenario, what))
    return sorted({max(1, round(base * (0.6 + 0.8 * k / (steps - 1)))) for k in range(steps)})


@dataclass
class SizingPoint:
    """One count: its KPIs (means over replications) and whether every target is met."""

    count: int
    kpis: dict[str, float]
    verdicts: list[Verdict]
    unserved: int

    @property
    def meets(self) -> bool:
        return all(v.met for v in self.verdicts)


@dataclass
class SizingResult:
    what: str
    points: list[SizingPoint] = field(default_factory=list)
    stopped: bool = False

    @property
    def smallest(self) -> SizingPoint | None:
        """The smallest count that meets every target (None: none of those tried)."""
        return next((p for p in sorted(self.points, key=lambda p: p.count) if p.meets), None)


@dataclass(frozen=True)
class SizingRequest:
    """What to size, at which counts, with how much planning and simulation at each count."""

    what: str  # a key of WHAT
    counts: tuple[int, ...]
    time_limit_s: float  # planning time per count
    days: int
    replications: int
    seed: int
    extra_targets: dict[str, float] | None = None  # KPI → target, beyond the scenario's own


def size_district(scenario: Scenario, request: SizingRequest, *, plan_fn: Callable[..., Plan] | None = None,
                  stop: StopFn = never_stop, progress: ProgressFn = no_progress) -> SizingResult:
    """Plan, simulate and assess the district at each count (smallest first)."""
    from optimizer import RouteParams, solve_routes
    from simulation import simulate
    from simulation.kpis import KPIS

    what, counts, extra_targets = request.what, request.counts, request.extra_targets
    time_limit_s, days, replications, seed = request.time_limit_s, request.days, request.replications, request.seed
    plan_fn = plan_fn or solve_routes
    result = SizingResult(what)
    for k, count in enumerate(sorted(counts)):
        if stop():
            result.stopped = True
            break
        progress(ProgressInfo(k / len(counts), None, f"{what} = {count}: planning"))
        variant = apply_changes(scenario, sizing_changes(scenario, what, count), name=f"{what}={count}")
        # Only the sized kind of work is planned; the simulation does the rest the way the scenario does it
        # today, the same at every count, so the curve shows this kind's count alone.
        plan = plan_fn(variant, KIND_SIZED[what], RouteParams(time_limit_s=time_limit_s, seed=seed), stop=stop)
        progress(ProgressInfo((k + 0.5) / len(counts), None, f"{what} = {count}: simulating"))
        outcome = simulate(variant, plan, days=days, replications=replications, seed=seed, stop=stop, event_log="none")
        kpis = {key: s.mean for key, s in outcome.summary.items() if ":" not in key}
        verdicts = [v for v in assess(variant, kpis) if v.kpi in RELEVANT[what]]
        for key, target in (extra_targets or {}).items():
            at_most = not KPIS[key].higher_is_better
            verdicts.append(Verdict(key, kpis.get(key, float("nan")), target, at_most))
        unserved = sum(len(p.unserved) for p in plan.parts.values())
        result.points.append(SizingPoint(count, kpis, verdicts, unserved))
        if outcome.status == "stopped":
            result.stopped = True
            break
    progress(ProgressInfo(1.0, None, "sizing done"))
    return result
