"""The words on a duty card, in both languages: the card's language first, the other after it."""

from __future__ import annotations

import datetime as dt

from optimizer.common.plan import Duty
from reports.route_sheets.names import clock
from scenarios.model.common import MINUTES_PER_DAY
from scenarios.model.scenario import Scenario

TITLE = ("岗位责任卡", "Duty card")
LEVEL = {"street": ("街长", "Street chief"), "road": ("路长", "Road chief"), "lane": ("巷长", "Lane chief"),
         "unit": ("执法中队", "Enforcement unit")}
DUTY = {"walk": ("巡查街道", "Walk street"), "check": ("检查摊区", "Check vendor zone"),
        "inspect": ("巡检公厕·驿站", "Inspect toilet/station"), "hotspot": ("热点巡查", "Hotspot patrol")}
STOP = {"walk": ("巡查", "walk"), "check": ("检查", "check"), "inspect": ("巡检", "inspect"),
        "hotspot": ("热点", "hotspot"), "break": ("休息", "break"), "start": ("出发", "start"),
        "end": ("收队", "end")}
ROLE = {"holder": ("本人", "holder"), "deputy": ("副岗代岗", "deputy covering"),
        "other": ("代岗", "covering"), "unit": ("本队", "unit officer"), "nobody": ("无人在岗", "nobody on duty")}
FIELDS = {
    "post": ("岗位", "Post"), "level": ("级别", "Level"), "holder": ("责任人", "Holder"),
    "deputy": ("副岗", "Deputy"), "unit": ("所属单位", "Unit"), "territory": ("辖区", "Territory"),
    "district": ("区域", "District"), "map": ("责任区域图", "Territory map"), "duties": ("定则：岗位职责", "Duties"),
    "kind": ("职责", "Duty"), "place": ("地点", "Place"), "often": ("频次", "How often"),
    "hours": ("时段", "Hours"), "minutes": ("用时(分)", "Minutes"), "beats": ("巡查安排", "Beat times"),
    "date": ("日期", "Date"), "walker": ("巡查人", "Walker"), "shift": ("班次", "Shift"),
    "span": ("起止", "Start–end"), "stops": ("巡查顺序（时间 事项 地点）", "Stops in order (time, what, where)"),
    "segments": ("路段", "segments"), "streets": ("辖区路段", "Territory streets"),
    "zone": ("摊区", "Vendor zone"), "toilet": ("公厕", "Toilet"), "station": ("驿站", "Service station"),
    "hotspot_mark": ("热点", "Hotspot"), "every_day": ("每天", "every day"), "no_beat": ("无巡查", "no beat planned"),
    "also": ("同时负责", "also serves"), "page": ("第 {n} 页", "Page {n}"), "any_time": ("不限", "any time"),
    "period": ("计划期", "Period"), "all_day": ("全天", "all day"), "open": ("开放", "open"),
}
WEEKDAY = (("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"), ("周五", "Fri"), ("周六", "Sat"),
           ("周日", "Sun"))


def bi(pair: tuple[str, str], lang: str, sep: str = " ") -> str:
    """Both words, the card's language first: bi(('巡查街道', 'Walk street'), 'en') == 'Walk street 巡查街道'."""
    first, second = pair if lang == "zh" else (pair[1], pair[0])
    return f"{first}{sep}{second}"


def one(pair: tuple[str, str], lang: str) -> str:
    """The word in the card's language only (for dense cells whose header is bilingual)."""
    return pair[0] if lang == "zh" else pair[1]


def field(key: str, lang: str, sep: str = " ") -> str:
    return bi(FIELDS[key], lang, sep)


def name_of(obj: object, lang: str) -> str:
    """An object's name in the card's language, the other if it has none, else its id."""
    zh, en = getattr(obj, "name_zh", "") or "", getattr(obj, "name_en", "") or ""
    return (zh or en if lang == "zh" else en or zh) or str(getattr(obj, "id", ""))


def person(scenario: Scenario, ident: str | None, lang: str) -> str:
    """'苏芳（CHW001）' for a worker, the team's name for a unit's team id, '—' for nobody."""
    if not ident:
        return "—"
    index = scenario.index
    found = index.workers.get(ident) or index.teams.get(ident) or index.chiefs.get(ident)
    if found is None:
        return ident
    return f"{name_of(found, lang)}（{ident}）" if lang == "zh" else f"{name_of(found, lang)} ({ident})"


def window_text(window: tuple[float, float] | None, lang: str) -> str:
    """'06:30–09:00'; '全天 all day' for a window of a whole day; '' for none."""
    if window is None:
        return ""
    if window[1] - window[0] >= MINUTES_PER_DAY:
        return field("all_day", lang)
    return f"{clock(window[0])}–{clock(window[1])}"


def often_text(duty: Duty, first_day: dt.date | None, lang: str, anchor: dt.date | None = None) -> str:
    """每天 / 每天2次 / 每3天（05-03起）, with the English after (or before) it.

    A duty's offset counts days from ``anchor`` (the scenario's start date; default the first day shown),
    so the first day it is due on or after ``first_day`` is named.
    """
    zh = "每天" if duty.every_days == 1 else f"每{duty.every_days}天"
    en = "daily" if duty.every_days == 1 else f"every {duty.every_days} days"
    if duty.per_day > 1:
        zh, en = f"{zh}{duty.per_day}次", f"{duty.per_day}× {en}"
    if duty.every_days > 1 and first_day is not None:
        gap = (first_day - (anchor or first_day)).days
        start = first_day + dt.timedelta(days=(duty.offset - gap) % duty.every_days)
        zh, en = f"{zh}（{start:%m-%d}起）", f"{en} from {start:%m-%d}"
    elif duty.every_days > 1 and duty.offset:
        zh, en = f"{zh}（第{duty.offset + 1}天起）", f"{en} from day {duty.offset + 1}"
    return bi((zh, en), lang, "\n")


def date_text(date: str | None, lang: str) -> str:
    """'2024-05-06 周一 Mon'; an undated beat runs every day."""
    if date is None:
        return field("every_day", lang)
    day = dt.date.fromisoformat(date)
    return f"{date} {bi(WEEKDAY[day.weekday()], lang)}"
