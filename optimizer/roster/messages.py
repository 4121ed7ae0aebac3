"""The message catalogue of roster explanations, in English and Simplified Chinese."""

from __future__ import annotations

import datetime as dt

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
