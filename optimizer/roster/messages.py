"""The message catalogue of roster explanations, in English and Simplified Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from optimizer.roster.problem import RosterProblem
from optimizer.roster.roster import Roster, SoftViolation
from scenarios.model.common import SKILL_ZH

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

CATALOGUE: dict[str, dict[str, str]] = {
    "min_cover": {
        "en": "{day} {shift}: at least {minimum} {who} needed (minimum cover), but only {available} {who_short} available that day{teams}{absent}",
        "zh": "{day} {shift}：至少需要{minimum}名{who}（最低配置），但当天只有{available}名可用{teams}{absent}",
    },
    "unavailable": {
        "en": "{worker} is on leave or has a fixed day off on day(s) {days}",
        "zh": "{worker}在第{days}天休假或固定休息",
    },
    "max_shift_type": {
        "en": "{worker} may work at most {limits} over the horizon (contract)",
        "zh": "{worker}按合同在排班周期内最多上{limits}",
    },
    "rest": {
        "en": "{worker} needs {rest_h} h rest between shifts and may not work {pairs}",
        "zh": "{worker}两班之间需休息{rest_h}小时，不能连排{pairs}",
    },
    "max_consecutive": {
        "en": "{worker} may work at most {limit} days in a row",
        "zh": "{worker}最多连续工作{limit}天",
    },
    "min_consecutive": {
        "en": "{worker} must work at least {limit} days in a row once started",
        "zh": "{worker}一旦上班须至少连续工作{limit}天",
    },
    "min_days_off_run": {
        "en": "{worker} needs at least {limit} consecutive days off at a time",
        "zh": "{worker}每次休息须至少连续{limit}天",
    },
    "week_minutes": {
        "en": "{worker} may work at most {hours} h per week (standard working hours)",
        "zh": "{worker}每周最多工作{hours}小时（标准工时）",
    },
    "period_max": {
        "en": "{worker} may work at most {hours} h per {period} days (comprehensive working hours)",
        "zh": "{worker}每{period}天最多工作{hours}小时（综合计算工时）",
    },
    "period_min": {
        "en": "{worker} must work at least {hours} h per {period} days (contract)",
        "zh": "{worker}每{period}天至少工作{hours}小时（合同）",
    },
    "week_days_off": {
        "en": "{worker} needs at least {limit} day(s) off every week",
        "zh": "{worker}每周至少休息{limit}天",
    },
    "max_weekends": {
        "en": "{worker} may work at most {limit} weekend(s)",
        "zh": "{worker}最多上{limit}个周末",
    },
    "pin": {
        "en": "cells locked by the manager for {worker}: {cells}",
        "zh": "管理者为{worker}锁定的班次：{cells}",
    },
    "max_changes": {
        "en": "at most {limit} cells may change from the previous roster",
        "zh": "与原排班相比最多只能改动{limit}个格子",
    },
    "no_schedule": {
        "en": "{worker} has no legal schedule under their own rules, whoever else works:",
        "zh": "{worker}按其本人的规则无法排出任何合法班表（与其他人无关）：",
    },
    "more_without_schedule": {
        "en": "{count} more worker(s) have no legal schedule either: {names}",
        "zh": "另有{count}人同样无法排出合法班表：{names}",
    },
    "no_core": {
        "en": "The rules cannot all hold, but no small set of conflicting rules was found in the time allowed",
        "zh": "规则无法同时满足，但在限定时间内未找到一小组相互冲突的规则",
    },
    "off": {"en": "off", "zh": "休息"},
    "workers": {"en": "worker(s)", "zh": "人"},
    "absent": {"en": "; on leave or day off: {names}", "zh": "；休假或休息：{names}"},
    "with_skill": {"en": "worker(s) with skill '{skill}'", "zh": "具备“{skill}”技能的人员"},
    "by_team": {"en": " (by team: {teams})", "zh": "（按班组：{teams}）"},
    "uncovered": {
        "en": "{day} {shift} {who}: {missing} missing — {reasons}",
        "zh": "{day} {shift} {who}：缺{missing}人——{reasons}",
    },
    "nobody_qualified": {"en": "nobody has the skill", "zh": "无人具备该技能"},
}

REASONS: dict[str, dict[str, str]] = {
    "leave": {"en": "on leave", "zh": "休假"},
    "day_off": {"en": "fixed day off", "zh": "固定休息"},
    "contract_shift": {"en": "contract excludes this shift", "zh": "合同不含此班次"},
    "busy": {"en": "already working {other} that day", "zh": "当天已上{other}"},
    "other_role": {"en": "on this shift in another role ({other})", "zh": "本班次担任其他岗位（{other}）"},
    "rest": {"en": "rest rule (next to {other})", "zh": "休息规则（与{other}相邻）"},
    "hours": {"en": "hours used up", "zh": "工时已满"},
    "max_consecutive": {"en": "too many days in a row", "zh": "连续工作天数超限"},
    "max_shift_type": {"en": "shift-type limit reached", "zh": "该班次数已达上限"},
    "max_weekends": {"en": "weekend limit reached", "zh": "周末班次数已达上限"},
    "week_days_off": {"en": "needs the weekly day off", "zh": "需保证每周休息日"},
    "stretch": {"en": "would break a minimum stretch rule", "zh": "会破坏最短连续上班/休息规则"},
    "trade_off": {"en": "available, but needed elsewhere or costs more", "zh": "可用，但另有安排或代价更高"},
}


SHORT_REASONS: dict[str, dict[str, str]] = {
    "busy": {"en": "already on another shift", "zh": "当天已有其他班次"},
    "other_role": {"en": "on this shift in another role", "zh": "本班次担任其他岗位"},
    "rest": {"en": "rest rule", "zh": "休息规则"},
}


def short_reason(code: str, language: str) -> str:
    """A reason without details, for summaries that count people per reason."""
    if code in SHORT_REASONS:
        return SHORT_REASONS[code][language]
    return REASONS[code][language]


def text(key: str, language: str, **values: object) -> str:
    """A catalogue message in the language, filled with values."""
    return CATALOGUE[key][language].format(**values)


def reason_text(code: str, language: str, **values: object) -> str:
    """A short reason why someone could not take a shift."""
    return REASONS[code][language].format(**values)


def day_label(date: dt.date, language: str) -> str:
    """'Sat 2024-01-06' or '2024-01-06（周六）'."""
    weekday = WEEKDAYS[language][date.weekday()]
    return f"{weekday} {date.isoformat()}" if language == "en" else f"{date.isoformat()}（{weekday}）"


# Names of the roster's statuses and soft rules, and one sentence per broken soft rule.
STATUS_NAMES: dict[str, dict[str, str]] = {
    "optimal": {"en": "optimal", "zh": "最优"},
    "feasible": {"en": "feasible (not proven optimal)", "zh": "可行（未证明最优）"},
    "infeasible": {"en": "no legal roster", "zh": "无合法排班"},
    "stopped": {"en": "stopped", "zh": "已停止"},
    "unknown": {"en": "no roster found in the time allowed", "zh": "限定时间内未找到排班"},
}
RULE_NAMES: dict[str, dict[str, str]] = {
    "coverage_under": {"en": "Short of staff", "zh": "人手不足"},
    "coverage_over": {"en": "More staff than needed", "zh": "人手超配"},
    "shift_on_request": {"en": "Shift requests not granted", "zh": "未满足的上班请求"},
    "shift_off_request": {"en": "Day-off requests not granted", "zh": "未满足的休息请求"},
    "fair_nights": {"en": "Night shifts shared unevenly", "zh": "夜班分配不均"},
    "fair_weekends": {"en": "Weekends shared unevenly", "zh": "周末班分配不均"},
    "fair_holidays": {"en": "Holidays shared unevenly", "zh": "节假日班分配不均"},
    "fair_hours": {"en": "Hours shared unevenly", "zh": "工时分配不均"},
    "shift_change": {"en": "Shift changes from one day to the next", "zh": "相邻两天班次不同"},
    "overtime": {"en": "Overtime", "zh": "加班"},
    "change_from_previous": {"en": "Changes from the previous roster", "zh": "与原排班不同"},
}
VIOLATIONS: dict[str, dict[str, str]] = {
    "coverage_under": {"en": "{day} {shift} {skill}: {amount} short", "zh": "{day} {shift} {skill}：缺{amount}人"},
    "coverage_over": {"en": "{day} {shift} {skill}: {amount} more than needed", "zh": "{day} {shift} {skill}：多排{amount}人"},
    "shift_on_request": {"en": "{worker} asked for {shift} on {day}; not given", "zh": "{worker}申请{day}上{shift}，未安排"},
    "shift_off_request": {"en": "{worker} asked to be off {shift} on {day}; still on it",
                          "zh": "{worker}申请{day}不上{shift}，仍被安排"},
    "fair_nights": {"en": "team {team}: night shifts differ by {amount} between people",
                    "zh": "{team}：人与人之间夜班相差{amount}个"},
    "fair_weekends": {"en": "team {team}: weekends worked differ by {amount} between people",
                      "zh": "{team}：人与人之间周末班相差{amount}个"},
    "fair_holidays": {"en": "team {team}: holidays worked differ by {amount} between people",
                      "zh": "{team}：人与人之间节假日班相差{amount}个"},
    "fair_hours": {"en": "team {team}: hours differ by {amount} h between people",
                   "zh": "{team}：人与人之间工时相差{amount}小时"},
    "shift_change": {"en": "{worker}: a different shift on {day} than the day before",
                     "zh": "{worker}：{day}的班次与前一天不同"},
    "overtime": {"en": "{worker}: {amount} h overtime in the week from {day}", "zh": "{worker}：{day}起的一周加班{amount}小时"},
    "change_from_previous": {"en": "{worker}: {day} changed from {shift}", "zh": "{worker}：{day}由{shift}改为其他安排"},
}
ANY_SHIFT = {"en": "any shift", "zh": "任何班次"}


def status_name(status: str, language: str) -> str:
    return STATUS_NAMES.get(status, {}).get(language, status)


def rule_name(rule: str, language: str) -> str:
    return RULE_NAMES.get(rule, {}).get(language, rule)


def shift_label(problem: RosterProblem, shift_id: str | None, language: str) -> str:
    """A shift's name in the language ('早班', 'Early'); the id when it has none, '休'/'off' for None."""
    if shift_id is None or shift_id == "off":
        return CATALOGUE["off"][language]
    if shift_id == "*":
        return ANY_SHIFT[language]
    shift = next((s for s in problem.shifts if s.id == shift_id), None)
    if shift is None:
        return shift_id
    return (shift.name or shift.name_en or shift.id) if language == "zh" else (shift.name_en or shift.name or shift.id)


def skill_label(skill: str | None, language: str) -> str:
    if not skill or skill == "*":
        return ""
    return SKILL_ZH.get(skill, skill) if language == "zh" else skill.replace("_", " ")


def worker_label(problem: RosterProblem, worker_id: str | None, language: str = "zh") -> str:
    """'马军（DRV0001）' or '马军 (DRV0001)': the name people know, with the id a re-import matches."""
    worker = next((w for w in problem.workers if w.id == worker_id), None)
    if worker is None or not worker.name:
        return str(worker_id or "")
    return f"{worker.name}（{worker.id}）" if language == "zh" else f"{worker.name} ({worker.id})"


def violation_text(violation: SoftViolation, problem: RosterProblem, language: str,
                   team_names: Mapping[str, str] | None = None) -> str:
    """One broken soft rule as a sentence a manager reads: who, when, which shift and by how much (teams by
    the names given, else their ids)."""
    template = VIOLATIONS.get(violation.rule, {}).get(language)
    day = "" if violation.day is None else day_label(problem.days[violation.day].date, language)
    if template is None:
        return f"{rule_name(violation.rule, language)} {worker_label(problem, violation.worker, language)} {day} {violation.detail}"
    shift_id, _, skill = violation.detail.partition("/")
    shift = shift_label(problem, shift_id or None, language) if violation.rule != "fair_hours" else ""
    team = violation.detail.removeprefix("team ")
    team = (team_names or {}).get(team) or (f"班组 {team}" if language == "zh" else team)
    return template.format(day=day, shift=shift, skill=skill_label(skill, language), amount=violation.amount,
                           worker=worker_label(problem, violation.worker, language), team=team).replace("  ", " ")


ADVICE: dict[str, dict[str, str]] = {
    "short": {"en": "Short of {skills}: {missing} person-shifts below the demand. Add people with these skills, "
                    "or lower the demand or relax the rules that keep them off.",
              "zh": "{skills}不足：共缺 {missing} 人次。请增加具备这些技能的人员，或降低需求、放宽限制他们上班的规则。"},
    "overtime": {"en": "Most of the penalty is overtime: the hours needed exceed the contracts; add people or "
                       "shorten shifts.",
                 "zh": "罚分主要来自加班：所需工时超过合同工时，请增加人员或缩短班次。"},
    "requests": {"en": "Most of the penalty is requests not granted: they compete for the same shifts; review them "
                       "with the people concerned.",
                 "zh": "罚分主要来自未满足的请求：这些请求争用同一班次，请与相关人员协调。"},
    "fair": {"en": "Most of the penalty is uneven shares within teams: spread them by hand, or weigh fairness more.",
             "zh": "罚分主要来自班组内分配不均：可手动调整，或提高公平性的权重。"},
    "fine": {"en": "Every demand is covered and no rule is much strained.", "zh": "所有需求均已满足，规则无明显压力。"},
}
FAIR_RULES = ("fair_nights", "fair_weekends", "fair_holidays", "fair_hours")
REQUEST_RULES = ("shift_on_request", "shift_off_request")


def roster_advice(problem: RosterProblem, roster: Roster, language: str) -> str:
    """One sentence on what is short in a roster, or what most of its penalty comes from, and what to change."""
    missing: dict[str, int] = {}
    for u in roster.uncovered:
        label = skill_label(u.skill, language) or ANY_SHIFT[language]
        missing[label] = missing.get(label, 0) + u.missing
    if missing:
        separator = "、" if language == "zh" else ", "
        return ADVICE["short"][language].format(skills=separator.join(sorted(missing, key=lambda k: -missing[k])),
                                                missing=sum(missing.values()))
    penalty: dict[str, int] = {}
    for v in roster.violations:
        group = "fair" if v.rule in FAIR_RULES else "requests" if v.rule in REQUEST_RULES else v.rule
        penalty[group] = penalty.get(group, 0) + v.penalty
    top = max(penalty, key=lambda k: penalty[k], default=None)
    if top in ADVICE and penalty[top] * 2 >= sum(penalty.values()):
        return ADVICE[top][language]
    return ADVICE["fine"][language] if not roster.uncovered else ""
