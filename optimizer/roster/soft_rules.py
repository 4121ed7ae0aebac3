"""Soft rules, one small function each, returning named penalty terms.

A rule whose weight is 0 creates no variables at all, which keeps large models lean.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from optimizer.roster.builder import Cell, PenaltyTerm, RosterModel, calendar_weeks, coverage_expr, weekends


def _new_int(rm: RosterModel, upper: int, name: str):
    return rm.model.new_int_var(0, max(upper, 0), name)


def coverage_terms(rm: RosterModel) -> list[PenaltyTerm]:
    """People missing below each demand's target, and people above it."""
    terms = []
    for demand in rm.problem.demands:
        under_w, over_w = rm.problem.demand_weights(demand)
        count = coverage_expr(rm, demand.day, demand.shift_id, demand.skill)
        label = f"{demand.day},{demand.shift_id},{demand.skill or '*'}"
        people = len(rm.problem.workers)
        under = _new_int(rm, demand.target, f"under[{label}]") if under_w else None
        over = _new_int(rm, people, f"over[{label}]") if over_w else None
        if under is not None and over is not None:
            rm.model.add(count + under - over == demand.target)
        elif under is not None:
            rm.model.add(count + under >= demand.target)
        elif over is not None:
            rm.model.add(count - over <= demand.target)
        detail = f"{demand.shift_id}/{demand.skill or '*'}"
        if under is not None:
            terms.append(PenaltyTerm("coverage_under", None, demand.day, under, under_w, detail))
        if over is not None:
            terms.append(PenaltyTerm("coverage_over", None, demand.day, over, over_w, detail))
    return terms


def request_terms(rm: RosterModel) -> list[PenaltyTerm]:
    """Shift-on requests not granted and shift-off requests not honoured."""
    factor = rm.problem.weights.requests
    if not factor:
        return []
    terms = []
    for w, worker in enumerate(rm.problem.workers):
        for request in worker.requests:
            if request.shift_id is None:
                worked = rm.work_lit(w, request.day)
            else:
                worked = rm.x(w, request.day, request.shift_id)
            worked_expr = 0 if worked is None else worked
            expr = (1 - worked_expr) if request.wants else worked_expr
            rule = "shift_on_request" if request.wants else "shift_off_request"
            terms.append(PenaltyTerm(rule, worker.id, request.day, expr, factor * request.weight, request.shift_id or "*"))
    return terms


def _spread_terms(rm: RosterModel, rule: str, weight: int, counts: Mapping[str, dict[str, object]],
                  upper: int, unit: int = 1) -> list[PenaltyTerm]:
    """Penalty on (max - min) of a per-worker count within each team, in units of `unit`."""
    terms = []
    for team, per_worker in sorted(counts.items()):
        if len(per_worker) < 2:
            continue
        high = _new_int(rm, upper, f"{rule}_max[{team}]")
        low = _new_int(rm, upper, f"{rule}_min[{team}]")
        for expr in per_worker.values():
            rm.model.add(high >= expr)
            rm.model.add(low <= expr)
        spread = _new_int(rm, (upper + unit - 1) // unit, f"{rule}[{team}]")
        rm.model.add(unit * spread >= high - low)
        terms.append(PenaltyTerm(rule, None, None, spread, weight, f"team {team}"))
    return terms


def fairness_terms(rm: RosterModel) -> list[PenaltyTerm]:
    """Nights, weekends, holidays and hours spread evenly within each team."""
    problem, weights = rm.problem, rm.problem.weights
    horizon = problem.horizon
    night_ids = [s.id for s in problem.shifts if s.is_night]
    holiday_days = [d.index for d in problem.days if d.is_holiday]
    rest_weekends = weekends(problem)
    nights: dict[str, dict] = defaultdict(dict)
    weekend_counts: dict[str, dict] = defaultdict(dict)
    holidays: dict[str, dict] = defaultdict(dict)
    hours: dict[str, dict] = defaultdict(dict)
    for w, worker in enumerate(problem.workers):
        team = worker.team or "-"
        if weights.fair_nights and night_ids:
            nights[team][worker.id] = sum(v for d in range(horizon) for s in night_ids if (v := rm.x(w, d, s)) is not None)
        if weights.fair_weekends and rest_weekends:
            weekend_counts[team][worker.id] = sum(
                lit for i, rest in enumerate(rest_weekends) if (lit := rm.weekend_lit(w, i, rest)) is not None)
        if weights.fair_holidays and holiday_days:
            holidays[team][worker.id] = sum(lit for d in holiday_days if (lit := rm.work_lit(w, d)) is not None)
        if weights.fair_hours:
            hours[team][worker.id] = rm.minutes(w, range(horizon))
    longest = max((s.duration_min for s in problem.shifts), default=0)
    terms = _spread_terms(rm, "fair_nights", weights.fair_nights, nights, horizon)
    terms += _spread_terms(rm, "fair_weekends", weights.fair_weekends, weekend_counts, len(rest_weekends))
    terms += _spread_terms(rm, "fair_holidays", weights.fair_holidays, holidays, len(holiday_days))
    terms += _spread_terms(rm, "fair_hours", weights.fair_hours, hours, horizon * longest, unit=60)
    return terms


def shift_change_terms(rm: RosterModel) -> list[PenaltyTerm]:
    """Stable patterns: a working day followed by a working day on a different shift type."""
    weight = rm.problem.weights.shift_change
    if not weight or len(rm.problem.shifts) < 2:
        return []
    terms = []
    for w, worker in enumerate(rm.problem.workers):
        for d in range(rm.problem.horizon - 1):
            today, tomorrow = rm.shifts_of(w, d), dict(rm.shifts_of(w, d + 1))
            if not today or not tomorrow:
                continue
            change = rm.model.new_bool_var(f"shift_change[{worker.id},{d}]")
            work_next = rm.work_lit(w, d + 1)
            for s, var in today:
                same = tomorrow.get(s, 0)
                rm.model.add(change >= var + work_next - same - 1)
            terms.append(PenaltyTerm("shift_change", worker.id, d + 1, change, weight))
    return terms


def overtime_terms(rm: RosterModel) -> list[PenaltyTerm]:
    """Hours above the contract's standard week (rounded up to whole hours)."""
    weight = rm.problem.weights.overtime_per_hour
    if not weight:
        return []
    terms = []
    for w, worker in enumerate(rm.problem.workers):
        standard = worker.contract.standard_minutes_per_week
        if standard is None:
            continue
        for week in calendar_weeks(rm.problem):
            most = sum(max((s.duration_min for s in rm.problem.shifts), default=0) for _ in week)
            if most <= standard:
                continue
            hours = _new_int(rm, (most - standard + 59) // 60, f"overtime_h[{worker.id},{week[0]}]")
            rm.model.add(60 * hours >= rm.minutes(w, week) - standard)
            terms.append(PenaltyTerm("overtime", worker.id, week[0], hours, weight, "hours"))
    return terms


def change_terms(rm: RosterModel, previous: Mapping[Cell, str | None], pinned: Mapping[Cell, str | None]) -> list[PenaltyTerm]:
    """Cells that differ from the previous roster (pinned cells are the manager's own changes)."""
    index = {worker.id: w for w, worker in enumerate(rm.problem.workers)}
    terms = []
    for (worker_id, d), before in sorted(previous.items(), key=lambda item: (item[0][0], item[0][1])):
        if (worker_id, d) in pinned or worker_id not in index:
            continue
        w = index[worker_id]
        if before is None:
            lit = rm.work_lit(w, d)
            expr = 0 if lit is None else lit
        else:
            var = rm.x(w, d, before)
            expr = 1 if var is None else 1 - var
        terms.append(PenaltyTerm("change_from_previous", worker_id, d, expr, rm.problem.weights.change_from_previous, before or "off"))
    return terms


def all_soft_terms(rm: RosterModel, previous: Mapping[Cell, str | None], pinned: Mapping[Cell, str | None]) -> list[PenaltyTerm]:
    """Every soft rule's penalty terms."""
    terms = coverage_terms(rm) + request_terms(rm) + fairness_terms(rm) + shift_change_terms(rm) + overtime_terms(rm)
    return terms + change_terms(rm, previous, pinned)
