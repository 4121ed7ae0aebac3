"""Key performance indicators: the registry (labels, units, direction) and how they are computed.

Per-day values come from differences of running counters taken at midnight; run values from the
totals (ratios of sums, not means of daily ratios). Case KPIs (counts, response and closing times)
are also given per incident type with the type id after a colon, e.g. ``response_p90_min:dust``
(``CASE_KPIS``; ``cli.write_outputs`` tabulates them in cases_by_type.csv).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

from scenarios.assessment import same_day_pct

DIESEL_CO2_KG_PER_L = 2.68  # fuel is reported as diesel-equivalent litres from CO2


@dataclass(frozen=True)
class KpiInfo:
    label_zh: str
    label_en: str
    unit: str
    higher_is_better: bool


KPIS: dict[str, KpiInfo] = {
    "collection_compliance_pct": KpiInfo("日产日清率", "Same-day collection (日产日清)", "%", True),
    "points_cleared_pct": KpiInfo("收集点日清率", "Collection points cleared", "%", True),
    "overflow_events": KpiInfo("满溢次数", "Overflow events", "count", False),
    "overflow_hours": KpiInfo("满溢时长", "Overflow hours", "h", False),
    "overflow_kg": KpiInfo("满溢垃圾量", "Overflowed waste", "kg", False),
    "waste_generated_kg": KpiInfo("垃圾产生量", "Waste generated", "kg", False),
    "waste_collected_kg": KpiInfo("垃圾清运量", "Waste collected", "kg", True),
    "waste_due_kg": KpiInfo("应清运垃圾量", "Waste due for collection", "kg", False),
    "dirty_segment_hours_pct": KpiInfo("路段不达标时长占比", "Segment-hours below standard", "%", False),
    "morning_sweep_pct": KpiInfo("早间清扫按时率", "Streets swept by the morning deadline", "%", True),
    "toilet_rounds_on_time_pct": KpiInfo("公厕保洁间隔达标率", "Toilet intervals kept", "%", True),
    "toilet_uses_per_clean": KpiInfo("公厕两次保洁间使用人次", "Toilet uses between cleans", "uses", False),
    "incidents": KpiInfo("事件数", "Incidents", "count", False),
    "response_mean_min": KpiInfo("平均响应时间", "Response time, mean", "min", False),
    "response_p90_min": KpiInfo("响应时间P90", "Response time, p90", "min", False),
    "response_p95_min": KpiInfo("响应时间P95", "Response time, p95", "min", False),
    "response_within_target_pct": KpiInfo("按时响应率（工作时间）", "Responses within target (working hours)", "%", True),
    "incidents_open": KpiInfo("未处置事件", "Incidents still open", "count", False),
    "incidents_found_by_patrol": KpiInfo("巡查发现事件数", "Cases found by patrol", "count", True),
    "incidents_found_by_patrol_pct": KpiInfo("巡查主动发现率", "Share of cases found by patrol", "%", True),
    "closing_mean_min": KpiInfo("平均结案时间（工作时间）", "Closing time, mean (working hours)", "min", False),
    "closing_within_target_pct": KpiInfo("按时结案率（工作时间）", "Cases closed within target (working hours)", "%", True),
    "zone_checks_kept_pct": KpiInfo("摊区巡查达标率", "Vendor zone checks kept (zone-days)", "%", True),
    "vendor_violations": KpiInfo("摊区违规数", "Vendor zone violations", "count", False),
    "violations_found_by_patrol": KpiInfo("巡查发现摊区违规", "Vendor violations found by patrol", "count", True),
    "violations_reported_by_public": KpiInfo("群众举报摊区违规", "Vendor violations reported by public", "count", False),
    "post_duties_done_pct": KpiInfo("岗位职责完成率", "Post duties done (beats that ran)", "%", True),
    "distance_km": KpiInfo("行驶里程", "Distance", "km", False),
    "fuel_l": KpiInfo("油耗(柴油当量)", "Fuel (diesel equivalent)", "L", False),
    "co2_kg": KpiInfo("碳排放", "CO2", "kg", False),
    "working_hours": KpiInfo("工时", "Working hours", "h", False),
    "overtime_hours": KpiInfo("加班工时", "Overtime hours", "h", False),
    "routes_within_shift_pct": KpiInfo("按时收班率", "Routes ending within shift", "%", True),
    "vehicle_utilization_pct": KpiInfo("车辆利用率", "Vehicle utilization", "%", True),
    "crew_utilization_pct": KpiInfo("人员利用率", "Crew utilization", "%", True),
    "cost": KpiInfo("成本", "Cost", "CNY", False),
    "breakdowns": KpiInfo("车辆故障", "Vehicle breakdowns", "count", False),
    "absences": KpiInfo("缺勤", "Worker absences", "count", False),
    "crew_days_short": KpiInfo("缺员人日", "Crew-days short", "count", False),
    "skipped_stops": KpiInfo("未完成作业点", "Stops not served", "count", False),
    "rain_days": KpiInfo("雨天", "Rain days", "days", False),
    # Made by a study that rosters each plan (reports.study.rostering), not by the simulation.
    "roster_penalty": KpiInfo("排班软约束罚分", "Roster soft-rule penalty", "points", False),
    "roster_uncovered_shifts": KpiInfo("排班缺员人次", "Roster person-shifts below target", "count", False),
    "roster_overtime_hours": KpiInfo("排班加班工时", "Rostered overtime", "h", False),
}


# KPIs that add up over the simulated days (a replication's value is the period's total); the others are
# shares, means or rates. A figure of one of these names its period.
PERIOD_TOTALS = frozenset({
    "overflow_events", "overflow_hours", "overflow_kg", "waste_generated_kg", "waste_collected_kg", "waste_due_kg",
    "incidents", "distance_km", "fuel_l", "co2_kg", "working_hours", "overtime_hours", "cost", "breakdowns",
    "absences", "crew_days_short", "skipped_stops", "rain_days", "incidents_found_by_patrol", "vendor_violations",
    "violations_found_by_patrol", "violations_reported_by_public"})

# The KPIs also given per incident type (``key:type``), the columns of cases_by_type.csv.
CASE_KPIS = ("incidents", "incidents_found_by_patrol", "response_mean_min", "response_within_target_pct",
             "closing_mean_min", "closing_within_target_pct")


def kpi_range(key: str) -> tuple[float, float]:
    """The values a KPI can take: shares 0–100 %, everything else (counts, hours, money …) at least 0;
    a key this table does not know is not bounded."""
    try:
        unit = kpi_info(key).unit
    except KeyError:
        return (-float("inf"), float("inf"))
    return (0.0, 100.0) if unit == "%" else (0.0, float("inf"))


def kpi_info(key: str) -> KpiInfo:
    """Info of a KPI key, including per-type keys such as 'response_p90_min:dust'."""
    base, _, kind = key.partition(":")
    info = KPIS.get(base)
    if info is None:
        raise KeyError(f"unknown KPI {key!r} (known: {', '.join(KPIS)})")
    if not kind:
        return info
    return KpiInfo(f"{info.label_zh}（{kind}）", f"{info.label_en} ({kind})", info.unit, info.higher_is_better)


@dataclass
class Counters:
    """Running totals of one replication (the per-day KPIs are differences of two snapshots)."""

    same_day_kg: float = 0
    due_kg: float = 0
    points_cleared: float = 0
    point_days: float = 0
    overflow_events: float = 0
    overflow_min: float = 0
    overflow_kg: float = 0
    generated_kg: float = 0
    collected_kg: float = 0
    unloaded_kg: float = 0
    dirty_min: float = 0
    window_min: float = 0
    swept_by_deadline: float = 0
    deadline_days: float = 0
    toilet_on_time: float = 0
    toilet_missed: float = 0
    toilet_cleans: float = 0
    toilet_uses: float = 0
    distance_km: float = 0
    co2_kg: float = 0
    work_min: float = 0
    overtime_min: float = 0
    route_days: float = 0
    route_days_in_shift: float = 0
    vehicle_busy_min: float = 0
    vehicle_duty_min: float = 0
    crew_busy_min: float = 0
    crew_duty_min: float = 0
    cost: float = 0
    breakdowns: float = 0
    spares_used: float = 0
    absences: float = 0
    crew_days_short: float = 0
    skipped_stops: float = 0
    skipped_routes: float = 0
    reload_trips: float = 0
    queue_min: float = 0
    rain_days: float = 0
    duties_planned: float = 0  # duty stops of the beats that ran
    duties_done: float = 0
    zone_days: float = 0  # vendor zone-days closed, and those whose checks kept the standard
    zone_days_kept: float = 0
    violations: float = 0
    violations_found: float = 0
    violations_reported: float = 0

    def snapshot(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass
class Cases:
    """The incident cases of a period: counts by type, responses and closings as they happen."""

    count: dict[str, int] = field(default_factory=dict)  # type → cases reported or found
    found: dict[str, int] = field(default_factory=dict)  # type → cases found by a patrol first
    responses: list[tuple[str, float, float]] = field(default_factory=list)  # (type, minutes, target incl. off-hours)
    closings: list[tuple[str, float, float]] = field(default_factory=list)  # (type, working minutes, target or nan)

    @classmethod
    def of_types(cls, kinds: list[str]) -> Cases:
        """No cases yet, with a zero count for each type (so a type without cases still counts 0)."""
        return cls({k: 0 for k in kinds}, {k: 0 for k in kinds})

    def add(self, kind: str, found: bool) -> None:
        self.count[kind] = self.count.get(kind, 0) + 1
        if found:
            self.found[kind] = self.found.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.count.values())

    def of(self, kind: str) -> Cases:
        """The cases of one type."""
        return Cases({kind: self.count.get(kind, 0)}, {kind: self.found.get(kind, 0)},
                     [x for x in self.responses if x[0] == kind], [x for x in self.closings if x[0] == kind])


def _pct(num: float, den: float) -> float:
    return 100.0 * num / den if den > 0 else float("nan")


def response_kpis(responses: list[tuple[str, float, float]], suffix: str = "") -> dict[str, float]:
    """Mean, p90, p95 and share within target of (type, response_min, target_min) records."""
    if not responses:
        return {f"response_mean_min{suffix}": float("nan"), f"response_p90_min{suffix}": float("nan"),
                f"response_p95_min{suffix}": float("nan"), f"response_within_target_pct{suffix}": float("nan")}
    r = np.array([x[1] for x in responses])
    target = np.array([x[2] for x in responses])
    return {
        f"response_mean_min{suffix}": float(r.mean()),
        f"response_p90_min{suffix}": float(np.percentile(r, 90)),
        f"response_p95_min{suffix}": float(np.percentile(r, 95)),
        f"response_within_target_pct{suffix}": 100.0 * float((r <= target).mean()),
    }


def closing_kpis(closings: list[tuple[str, float, float]], suffix: str = "") -> dict[str, float]:
    """Mean closing time and share closed within target (of the types that have a closing standard)."""
    if not closings:
        return {f"closing_mean_min{suffix}": math.nan, f"closing_within_target_pct{suffix}": math.nan}
    c = np.array([x[1] for x in closings])
    target = np.array([x[2] for x in closings])
    assessed = ~np.isnan(target)
    within = 100.0 * float((c[assessed] <= target[assessed] + 1e-9).mean()) if assessed.any() else math.nan
    return {f"closing_mean_min{suffix}": float(c.mean()), f"closing_within_target_pct{suffix}": within}


def case_kpis(cases: Cases, suffix: str = "") -> dict[str, float]:
    """Counts, response and closing KPIs of a period's cases."""
    total, found = cases.total, sum(cases.found.values())
    return {f"incidents{suffix}": float(total), f"incidents_found_by_patrol{suffix}": float(found),
            **({} if suffix else {"incidents_found_by_patrol_pct": _pct(found, total)}),
            **response_kpis(cases.responses, suffix), **closing_kpis(cases.closings, suffix)}


def kpis_between(a: dict[str, float], b: dict[str, float], cases: Cases, open_incidents: int,
                 by_type: bool = False) -> dict[str, float]:
    """KPIs over the period between snapshots a (earlier) and b (later), with the period's cases."""
    d = {k: b[k] - a[k] for k in b}
    out = {
        "collection_compliance_pct": same_day_pct(d["same_day_kg"], d["due_kg"]),
        "points_cleared_pct": _pct(d["points_cleared"], d["point_days"]),
        "overflow_events": d["overflow_events"],
        "overflow_hours": d["overflow_min"] / 60,
        "overflow_kg": d["overflow_kg"],
        "waste_generated_kg": d["generated_kg"],
        "waste_collected_kg": d["collected_kg"],
        "waste_due_kg": d["due_kg"],
        "dirty_segment_hours_pct": _pct(d["dirty_min"], d["window_min"]),
        "morning_sweep_pct": _pct(d["swept_by_deadline"], d["deadline_days"]),
        "toilet_rounds_on_time_pct": _pct(d["toilet_on_time"], d["toilet_on_time"] + d["toilet_missed"]),
        "toilet_uses_per_clean": d["toilet_uses"] / d["toilet_cleans"] if d["toilet_cleans"] else float("nan"),
        **case_kpis(cases),
        "incidents_open": float(open_incidents),
        "zone_checks_kept_pct": _pct(d["zone_days_kept"], d["zone_days"]),
        "vendor_violations": d["violations"],
        "violations_found_by_patrol": d["violations_found"],
        "violations_reported_by_public": d["violations_reported"],
        "post_duties_done_pct": _pct(d["duties_done"], d["duties_planned"]),
        "distance_km": d["distance_km"],
        "fuel_l": d["co2_kg"] / DIESEL_CO2_KG_PER_L,
        "co2_kg": d["co2_kg"],
        "working_hours": d["work_min"] / 60,
        "overtime_hours": d["overtime_min"] / 60,
        "routes_within_shift_pct": _pct(d["route_days_in_shift"], d["route_days"]),
        "vehicle_utilization_pct": _pct(d["vehicle_busy_min"], d["vehicle_duty_min"]),
        "crew_utilization_pct": _pct(d["crew_busy_min"], d["crew_duty_min"]),
        "cost": d["cost"],
        "breakdowns": d["breakdowns"],
        "absences": d["absences"],
        "crew_days_short": d["crew_days_short"],
        "skipped_stops": d["skipped_stops"],
        "rain_days": d["rain_days"],
    }
    if by_type:  # every type's counts, its times only when it has some (no nan per type)
        for kind in sorted(set(cases.count) | {x[0] for x in cases.responses}):
            out.update({k: v for k, v in case_kpis(cases.of(kind), suffix=f":{kind}").items() if not math.isnan(v)})
    return out
