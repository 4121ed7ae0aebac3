"""Why one worker has no legal schedule under their own rules, in plain language.

The whole roster's model cannot always prove such a conflict in seconds (Curtois-format months:
shift-type limits, weekends, stretch lengths and a minimum of hours are a counting argument that
CP-SAT's search proves slowly), while pricing one worker proves it exactly: the schedule dynamic
program when it knows the worker's rules, a one-worker CP-SAT model otherwise. So a deletion
filter over the worker's rule groups, each test one pricing, finds rules that cannot hold together.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Literal, TypedDict

import numpy as np

from optimizer.roster.builder import Cell, RuleKey
from optimizer.roster.columns import WorkerPricer
from optimizer.roster.explain import describe_rule
from optimizer.roster.problem import Contract, RosterProblem, Worker

CHECK_LIMIT_S = 2.0  # per test, for workers priced by CP-SAT

_ContractLimit = Literal[
    "max_consecutive_days", "min_consecutive_days", "min_consecutive_days_off", "max_minutes_per_week",
    "max_minutes_per_period", "min_minutes_per_period", "min_days_off_per_week", "max_weekends",
]


class _LiftedLimits(TypedDict, total=False):
    """Contract limits set to None ('no limit') when their rule group is dropped."""

    max_consecutive_days: None
    min_consecutive_days: None
    min_consecutive_days_off: None
    max_minutes_per_week: None
    max_minutes_per_period: None
    min_minutes_per_period: None
    min_days_off_per_week: None
    max_weekends: None


# a worker's rule groups (keys of hard_rules.py) that a contract field holds: dropping one sets it to None
_CONTRACT_FIELDS: dict[str, _ContractLimit] = {
    "max_consecutive": "max_consecutive_days",
    "min_consecutive": "min_consecutive_days",
    "min_days_off_run": "min_consecutive_days_off",
    "week_minutes": "max_minutes_per_week",
    "period_max": "max_minutes_per_period",
    "period_min": "min_minutes_per_period",
    "week_days_off": "min_days_off_per_week",
    "max_weekends": "max_weekends",
}


def _rule_groups(problem: RosterProblem, worker: Worker, pinned: Mapping[Cell, str | None]) -> list[RuleKey]:
    """The worker's own hard-rule groups that constrain anything."""
    contract = worker.contract
    keys: list[RuleKey] = [(kind, worker.id) for kind, name in _CONTRACT_FIELDS.items()
                           if getattr(contract, name) is not None]
    if contract.max_shifts_per_type:
        keys.append(("max_shift_type", worker.id))
    if worker.leave_days or worker.days_off:
        keys.append(("unavailable", worker.id))
    if problem.rules.min_rest_min or any(s.forbidden_next for s in problem.shifts):
        keys.append(("rest", worker.id))
    if pinned:
        keys.append(("pin", worker.id))
    return keys


def _without(problem: RosterProblem, worker: Worker, pinned: Mapping[Cell, str | None],
             dropped: set[str]) -> tuple[RosterProblem, dict[Cell, str | None]]:
    """The worker alone (no demands), with the rule groups of kinds `dropped` lifted."""
    lifted: _LiftedLimits = {}
    for kind, name in _CONTRACT_FIELDS.items():
        if kind in dropped:
            lifted[name] = None
    contract: Contract = replace(worker.contract, **lifted)
    if "max_shift_type" in dropped:
        contract = replace(contract, max_shifts_per_type={})
    alone = replace(worker, contract=contract)
    if "unavailable" in dropped:
        alone = replace(alone, leave_days=frozenset(), days_off=frozenset())
    relaxed = replace(problem, workers=(alone,), demands=())
    if "rest" in dropped:
        relaxed = replace(relaxed, rules=replace(problem.rules, min_rest_min=0),
                          shifts=tuple(replace(s, forbidden_next=()) for s in problem.shifts))
    return relaxed, ({} if "pin" in dropped else dict(pinned))


def _has_no_schedule(problem: RosterProblem, pinned: Mapping[Cell, str | None], seed: int) -> bool:
    """Whether pricing proves that the only worker of `problem` has no legal schedule."""
    _, optimum = WorkerPricer(problem, 0, pinned).price(np.zeros(0), math.inf, CHECK_LIMIT_S, seed)
    return optimum == math.inf


def worker_conflict(problem: RosterProblem, w: int, pinned: Mapping[Cell, str | None], seed: int = 0,
                    stop: Callable[[], bool] = lambda: False) -> list[RuleKey] | None:
    """Rule groups of worker `w` that leave no legal schedule together, each one needed (none can be
    dropped); None when the worker's rules together were not proved to leave none."""
    worker = problem.workers[w]
    mine = {cell: s for cell, s in pinned.items() if cell[0] == worker.id}
    core = _rule_groups(problem, worker, mine)
    if not _has_no_schedule(*_without(problem, worker, mine, set()), seed):
        return None
    lifted: set[str] = set()
    for key in list(core):  # deletion filter: keep a rule only if dropping it leaves a legal schedule
        if stop():
            break
        if _has_no_schedule(*_without(problem, worker, mine, lifted | {key[0]}), seed):
            lifted.add(key[0])
            core.remove(key)
    return core


def explain_worker(problem: RosterProblem, w: int, pinned: Mapping[Cell, str | None], language: str = "en",
                   seed: int = 0, stop: Callable[[], bool] = lambda: False) -> tuple[str, ...]:
    """Plain-language sentences: the rule groups of worker `w` that cannot hold together."""
    core = worker_conflict(problem, w, pinned, seed, stop)
    if not core:
        return ()
    return tuple(describe_rule(problem, key, pinned, language) for key in core)


__all__ = ["explain_worker", "worker_conflict"]
