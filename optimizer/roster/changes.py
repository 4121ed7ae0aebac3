"""What a re-roster changed for whom, and why, for the manager who posts it (变更说明).

Reasons are read from the problem, not from the solver: a cell changed because the person is now on
leave or has the day off, because the manager locked it, or to cover someone else's absence that day
(a colleague with the same skill moved off a shift that day); otherwise to keep the rules and cover.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from optimizer.roster.messages import day_label, shift_label, worker_label
from optimizer.roster.problem import RosterProblem
from optimizer.roster.roster import Change, Roster

REASONS: dict[str, dict[str, str]] = {
    "leave": {"en": "on leave or day off", "zh": "休假或休息"},
    "pinned": {"en": "locked by the manager", "zh": "管理者锁定"},
    "covers": {"en": "covers for {names}", "zh": "顶替{names}"},
    "rules": {"en": "to keep the rules and the cover", "zh": "为满足规则和人员配置"},
}
LINE = {"en": "{day}: {before} → {after} ({reason})", "zh": "{day}：{before} → {after}（{reason}）"}
HEADING = {"en": "{person}: {count} change(s)", "zh": "{person}：{count} 处变更"}
SUMMARY = {"en": "{changes} cell(s) changed for {people} person(s)", "zh": "共 {changes} 处变更，涉及 {people} 人"}


@dataclass(frozen=True)
class ExplainedChange:
    change: Change
    reason: str  # a key of REASONS
    covers: tuple[str, ...] = ()  # worker ids whose absence this change covers


def explain_changes(problem: RosterProblem, roster: Roster,
                    pinned: Mapping[tuple[str, int], str | None] | None = None) -> list[ExplainedChange]:
    """Each change of the roster from the previous one with its reason."""
    pinned = pinned or {}
    workers = {w.id: w for w in problem.workers}
    absent_from: dict[int, list[str]] = defaultdict(list)  # day -> people newly off that day (leave, day off)
    for change in roster.changes:
        worker = workers[change.worker]
        if change.after is None and change.day in worker.leave_days | worker.days_off:
            absent_from[change.day].append(change.worker)
    explained = []
    for change in roster.changes:
        worker = workers[change.worker]
        if (change.worker, change.day) in pinned:
            explained.append(ExplainedChange(change, "pinned"))
        elif change.day in worker.leave_days | worker.days_off:
            explained.append(ExplainedChange(change, "leave"))
        else:
            covered = tuple(w for w in absent_from.get(change.day, ()) if workers[w].skills & worker.skills)
            explained.append(ExplainedChange(change, "covers" if covered else "rules", covered))
    return explained


def change_report(problem: RosterProblem, roster: Roster, pinned: Mapping[tuple[str, int], str | None] | None,
                  language: str) -> list[str]:
    """The changes per person, worded: a summary line, then a heading and a line per change for each person."""
    explained = explain_changes(problem, roster, pinned)
    if not explained:
        return []
    by_worker: dict[str, list[ExplainedChange]] = defaultdict(list)
    for item in explained:
        by_worker[item.change.worker].append(item)
    lines = [SUMMARY[language].format(changes=len(explained), people=len(by_worker))]
    separator = "、" if language == "zh" else ", "
    for worker in problem.workers:
        items = by_worker.get(worker.id)
        if not items:
            continue
        lines.append(HEADING[language].format(person=worker_label(problem, worker.id, language), count=len(items)))
        for item in sorted(items, key=lambda i: i.change.day):
            names = separator.join(worker_label(problem, w, language) for w in item.covers)
            lines.append("  " + LINE[language].format(
                day=day_label(problem.days[item.change.day].date, language),
                before=shift_label(problem, item.change.before, language),
                after=shift_label(problem, item.change.after, language),
                reason=REASONS[item.reason][language].format(names=names)))
    return lines
