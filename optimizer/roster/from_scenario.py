"""A scenario's crews as a RosterProblem, and a roster solved team by team.

``roster_problem`` reads the workers (skills, team, working-time regime, contract hours, leave,
unavailable weekdays, preferred and avoided shifts), the shift templates, the labour rules
(rest, consecutive days, days off, nights, forbidden successions, overtime limits) and the
holiday calendar with its make-up working days (调休). Demand comes from the scenario's demand
rules, or, for the skills a route plan staffs, from the plan: one crew per route and shift.

A district has thousands of workers; ``solve_by_team`` splits the district-wide demand between
teams in proportion to the team's workers of each skill (largest remainder) and solves each
team's roster on its own share of the time, then merges them. Teams that cannot cover their
share are reported with the solver's explanation.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from optimizer.common.plan import Plan
from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.problem import (
    Contract,
    Demand,
    LabourRules,
    RosterProblem,
    ShiftRequest,
    ShiftType,
    SoftWeights,
    Worker,
    consecutive_days,
)
from optimizer.roster.roster import Roster
from scenarios.model import Scenario
from scenarios.model.common import MINUTES_PER_DAY

PREFERRED_WEIGHT = 1
AVOIDED_WEIGHT = 2
MIN_TEAM_S = 1.0  # every team gets this long even when the time is up (a crew's first roster takes about that)
RETRY_TEAM_S = 3.0
QUICK_TEAM_S = 3.0  # after a Ctrl-C, for a first roster of each team that has none yet
WHOLE_PROBLEM_CELLS = 40_000  # workers × days × shifts up to which one model beats the team split
# Shift skills of each kind of route in a plan: who a route needs on its shift. Patrol beats are
# not here: a beat belongs to one chief, who cannot walk it every day; the scenario's demand rules
# say how many chiefs and officers are on duty each weekday.
_ROUTE_SKILLS = {"sweeping": "manual_sweeper", "toilets": "toilet_cleaner"}


def roster_problem(scenario: Scenario, plan: Plan | None = None, weeks: int = 4,
                   start: dt.date | None = None) -> RosterProblem:
    """The roster problem of ``weeks`` weeks from ``start`` (default: the simulation start date)."""
    if weeks < 1:
        raise ValueError(f"weeks must be >= 1 (got {weeks})")
    start = start or scenario.simulation.start_date
    rules = scenario.labour_rules
    days = consecutive_days(start, 7 * weeks, frozenset(scenario.calendar.holidays),
                            frozenset(scenario.calendar.makeup_workdays))
    forbidden: dict[str, list[str]] = defaultdict(list)
    for a, b in rules.forbidden_successions:
        forbidden[a].append(b)
    shifts = tuple(ShiftType(t.id, int(t.start) % MINUTES_PER_DAY, int(t.duration_min), t.name_zh or t.name_en, t.night,
                             tuple(forbidden.get(t.id, ())), name_en=t.name_en) for t in scenario.shifts.templates)
    nights = [t.id for t in scenario.shifts.templates if t.night]
    demands = _demands(scenario, plan, days)
    needed = {d.skill for d in demands}
    workers = tuple(_worker(scenario, w, days, nights, weeks) for w in scenario.workforce.workers
                    if needed & set(w.skills))
    longest_break = max((t.break_min for t in scenario.shifts.templates), default=0)
    # Shift lengths are paid minutes; the rest rule adds the longest unpaid break so it always holds.
    labour = LabourRules(min_rest_min=int(rules.min_rest_between_shifts_h * 60 + longest_break))
    weights = SoftWeights(fair_nights=2, fair_weekends=2, fair_holidays=2, overtime_per_hour=3)
    return RosterProblem(days, shifts, workers, tuple(demands), labour, weights, name=scenario.district.name_en)


def _worker(scenario: Scenario, w, days, nights: list[str], weeks: int) -> Worker:
    rules = scenario.labour_rules
    # Shifts made for other skills are closed to this worker (a toilet cleaner never works a patrol shift).
    closed = {t.id: 0 for t in scenario.shifts.templates if t.skills and not set(t.skills) & set(w.skills)}
    night_limit = {n: rules.max_nights_per_week * weeks for n in nights if n not in closed}
    overtime_week = int(rules.max_overtime_hours_per_month * 60 * 12 / 52)
    if w.regime == "comprehensive":
        period = rules.comprehensive_period_days
        contract = Contract(regime="comprehensive", period_days=period,
                            max_minutes_per_period=int(rules.comprehensive_hours_per_period * 60 * period / 28
                                                       + rules.max_overtime_hours_per_month * 60 * period / 30),
                            standard_minutes_per_week=int(w.contract_hours_per_week * 60),
                            max_consecutive_days=rules.max_consecutive_days,
                            max_shifts_per_type={**night_limit, **closed})
    else:
        contract = Contract(regime="standard", max_minutes_per_week=int(w.contract_hours_per_week * 60) + overtime_week,
                            standard_minutes_per_week=int(w.contract_hours_per_week * 60),
                            max_consecutive_days=rules.max_consecutive_days,
                            min_days_off_per_week=rules.min_days_off_per_week,
                            max_shifts_per_type={**night_limit, **closed})
    leave = {d.index for d in days for r in w.leave if d.date in r}
    off = {d.index for d in days if d.weekday in w.unavailable_weekdays}
    requests = [ShiftRequest(d.index, s, True, PREFERRED_WEIGHT) for s in w.preferred_shifts for d in days
                if d.index not in leave | off]
    requests += [ShiftRequest(d.index, s, False, AVOIDED_WEIGHT) for s in w.avoided_shifts for d in days]
    return Worker(w.id, w.name_zh or w.name_en, w.team, frozenset(w.skills), contract, frozenset(leave),
                  frozenset(off - leave), tuple(requests))


def _demands(scenario: Scenario, plan: Plan | None, days) -> list[Demand]:
    """(day, shift, skill) minimums: the plan's crews for the skills it staffs, the demand rules otherwise."""
    from_plan = plan_crews(scenario, plan) if plan is not None else {}
    planned_skills = {skill for _, skill in from_plan}
    totals: dict[tuple[int, str, str], list[int]] = {}
    for rule in scenario.shifts.demand:
        if rule.skill in planned_skills:
            continue
        for d in days:
            if d.weekday in rule.weekdays:
                key = (d.index, rule.shift, rule.skill)
                low, high = totals.get(key, [0, 0])
                totals[key] = [low + rule.count, high + (rule.target if rule.target is not None else rule.count)]
    for (shift, skill), count in from_plan.items():
        for d in days:
            totals[(d.index, shift, skill)] = [count, count]
    return [Demand(day, shift, skill, low, max(low, high)) for (day, shift, skill), (low, high) in sorted(totals.items())
            if high > 0]


def plan_crews(scenario: Scenario, plan: Plan) -> dict[tuple[str, str], int]:
    """(shift, skill) → people the plan's routes need on one day (truck crews from the vehicle types)."""
    need: Counter[tuple[str, str]] = Counter()
    types = scenario.index.vehicle_types
    for kind, part in plan.parts.items():
        if kind == "patrols":
            continue
        for route in part.routes:
            if not route.shift:
                continue
            vt = types.get(route.vehicle_type or "")
            if vt is not None and vt.crew:
                for c in vt.crew:
                    need[(route.shift, c.skill)] += c.count
            elif kind in _ROUTE_SKILLS:
                need[(route.shift, _ROUTE_SKILLS[kind])] += 1
    return dict(need)


def team_problems(problem: RosterProblem) -> dict[str, RosterProblem]:
    """One problem per team: its workers and its share of every (day, shift, skill) demand."""
    teams = sorted({w.team for w in problem.workers})
    skilled = {t: Counter(s for w in problem.workers if w.team == t for s in w.skills) for t in teams}
    shares: dict[str, list[Demand]] = {t: [] for t in teams}
    for d in problem.demands:
        counts = {t: skilled[t][d.skill] if d.skill else sum(1 for w in problem.workers if w.team == t) for t in teams}
        for t, low in _split(d.minimum, counts).items():
            high = _split(d.target, counts)[t]
            if high:
                shares[t].append(replace(d, minimum=low, target=max(low, high)))
    return {t: replace(problem, workers=tuple(w for w in problem.workers if w.team == t), demands=tuple(shares[t]),
                       name=f"{problem.name} {t}") for t in teams if shares[t]}


def _split(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Integers proportional to weights that sum to total (largest remainder; ties by name)."""
    whole = sum(weights.values())
    if whole == 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * v / whole for k, v in weights.items()}
    out = {k: math.floor(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def budget_of_share(params: SolveParams, size: int, total: int) -> float:
    """A team's deterministic-time share of the whole budget, by its size."""
    return max(MIN_TEAM_S, params.time_limit_s * size / max(1, total))


# The keywords are the roster solver's public interface (rules on cells, stop and progress hooks), as in solve_roster.
def solve_by_team(problem: RosterProblem, params: SolveParams, *,
                  pinned: Mapping[tuple[str, int], str | None] | None = None,
                  previous: Mapping[tuple[str, int], str | None] | None = None, max_changes: int | None = None,
                  stop: Callable[[], bool] = lambda: False,
                  progress: Callable[[float | dict], None] = lambda _: None) -> Roster:
    """Solve every team's share on its own and merge them into one roster (small problems whole).

    The time is split by team size, at least ``MIN_TEAM_S`` each, so a district of many crews may
    take longer than ``params.time_limit_s`` (Shuangliu's 56 crews: about 55 s when asked for 30 s).
    """
    if len(problem.workers) * problem.horizon * len(problem.shifts) <= WHOLE_PROBLEM_CELLS:
        # Small enough to solve whole: workers of one team may then cover another's demand.
        return solve_roster(problem, params, pinned=pinned, previous=previous, max_changes=max_changes, stop=stop,
                            progress=progress)
    teams = _Teams(problem, params, pinned or {}, previous or {}, max_changes, stop, progress)
    teams.solve_in_turn()
    teams.retry_late()
    if stop():
        teams.complete_after_stop()
    return merge_rosters(problem, teams.results, stopped=len(teams.results) < len(teams.parts) or stop(),
                         wall_time_s=time.monotonic() - teams.started)


@dataclass
class _Teams:
    """The teams' rosters being solved one by one, with the time and the share of allowed changes left."""

    problem: RosterProblem
    params: SolveParams
    pinned: Mapping[tuple[str, int], str | None]
    previous: Mapping[tuple[str, int], str | None]
    max_changes: int | None
    stop: Callable[[], bool]
    progress: Callable[[float | dict], None]
    started: float = field(default_factory=time.monotonic)
    results: dict[str, Roster] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parts = team_problems(self.problem)
        self.sizes = {t: len(p.workers) * len(p.shifts) for t, p in self.parts.items()}
        self.left_sizes = self.total_sizes = sum(self.sizes.values())
        self.changes_share = (None if self.max_changes is None
                              else _split(self.max_changes, {t: len(p.workers) for t, p in self.parts.items()}))

    def time_left(self) -> float:
        """Seconds left; deterministic runs split the whole budget by size, whatever the wall clock says."""
        if self.params.deterministic:
            return self.params.time_limit_s * self.left_sizes / max(1, self.total_sizes)
        return self.params.time_limit_s - (time.monotonic() - self.started)

    def solve_in_turn(self) -> None:
        """Each team in turn, with its size's share of the time left."""
        for n, team in enumerate(self.parts):
            if self.stop():
                break
            left = self.time_left()
            budget = max(MIN_TEAM_S, left * self.sizes[team] / max(1, self.left_sizes))
            self.left_sizes -= self.sizes[team]
            self.results[team] = self._solve(n, team, budget)

    def retry_late(self) -> None:
        """A team whose short budget ended before its first roster gets one more try with the time left
        (at least RETRY_TEAM_S): a roster a little late beats no roster."""
        late = [t for t, r in self.results.items() if r.status == "unknown"]
        for k, team in enumerate(late):
            if self.stop():
                break
            if self.params.deterministic:  # twice its share: no wall time is 'left over' in a deterministic run
                retry = 2 * budget_of_share(self.params, self.sizes[team], self.total_sizes)
            else:
                retry = max(RETRY_TEAM_S, self.time_left() / (len(late) - k))
            self.results[team] = self._solve(list(self.parts).index(team), team, retry)

    def complete_after_stop(self) -> None:
        """A Ctrl-C keeps a whole roster: each team without one yet gets a first legal roster, quickly and
        past the stop (a district's roster is only usable with every team in it)."""
        for team, part in self.parts.items():
            if team not in self.results or not self.results[team].has_solution:
                pinned, previous = self._cells_of(team)
                self.results[team] = solve_roster(
                    part, replace(self.params, time_limit_s=QUICK_TEAM_S, lns=False, columns_share=0.0),
                    pinned=pinned, previous=previous,
                    max_changes=None if self.changes_share is None else self.changes_share[team])

    def _solve(self, n: int, team: str, budget: float) -> Roster:
        """Team number ``n``'s roster within ``budget`` seconds, its progress reported as a share of all teams'."""
        def team_progress(report: float | dict) -> None:
            fraction = report.get("fraction", 0.0) if isinstance(report, dict) else float(report)
            objective = report.get("objective") if isinstance(report, dict) else None
            self.progress({"fraction": (n + min(1.0, fraction)) / len(self.parts), "team": team, "objective": objective})

        pinned, previous = self._cells_of(team)
        return solve_roster(
            self.parts[team], replace(self.params, time_limit_s=budget), pinned=pinned, previous=previous,
            max_changes=None if self.changes_share is None else self.changes_share[team], stop=self.stop,
            progress=team_progress)

    def _cells_of(self, team: str) -> tuple[dict[tuple[str, int], str | None] | None,
                                            dict[tuple[str, int], str | None] | None]:
        """The pinned and previous cells of the team's workers (None when there are none)."""
        mine = {w.id for w in self.parts[team].workers}
        return ({k: v for k, v in self.pinned.items() if k[0] in mine} or None,
                {k: v for k, v in self.previous.items() if k[0] in mine} or None)


def merge_rosters(problem: RosterProblem, results: Mapping[str, Roster], *, stopped: bool, wall_time_s: float) -> Roster:
    """One roster from the teams' rosters: the worst status, summed objective, district coverage."""
    order = ("infeasible", "unknown", "stopped", "feasible", "optimal")
    statuses = [r.status for r in results.values()] + (["stopped"] if stopped else [])
    status = min(statuses, key=order.index) if statuses else "stopped"
    assignments: dict[tuple[str, int], str] = {}
    roles: dict[tuple[str, int], str] = {}
    minutes: dict[str, int] = {}
    explanation: list[str] = []
    for team, r in results.items():
        assignments.update(r.assignments)
        roles.update(r.roles)
        minutes.update(r.minutes_per_worker)
        explanation += [f"[{team}] {line}" for line in r.explanation]
    counts: Counter[tuple[int, str, str | None]] = Counter()
    for (worker, day), shift in assignments.items():
        counts[(day, shift, None)] += 1
        if (worker, day) in roles:
            counts[(day, shift, roles[(worker, day)])] += 1
    coverage = {(d.day, d.shift_id, d.skill): counts[(d.day, d.shift_id, d.skill)] for d in problem.demands}
    solved = [r.objective for r in results.values() if r.objective is not None]
    return Roster(status=status, assignments=assignments, roles=roles,
                  objective=sum(solved) if solved and len(solved) == len(results) else None,
                  violations=tuple(v for r in results.values() for v in r.violations), coverage=coverage,
                  minutes_per_worker=minutes, changes=tuple(c for r in results.values() for c in r.changes),
                  explanation=tuple(explanation), uncovered=tuple(u for r in results.values() for u in r.uncovered),
                  wall_time_s=wall_time_s)
