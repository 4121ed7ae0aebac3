"""The app's message catalogue: every user-facing string, in English and Simplified Chinese.

`tr(key, **values)` returns the text in the current language; `set_language()` switches it at
run time and calls the listeners (the main window re-labels every view). Qt-free on purpose.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Callable

LANGUAGES = ("zh", "en")

# key: (English, 简体中文)
MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("CityOps Planner", "城市管理作业规划"),
    "app.loading": ("Loading {path}…", "正在加载 {path}…"),
    "app.loaded": ("Opened {name}: {segments} street segments, {points} collection points, {toilets} toilets",
                   "已打开 {name}：{segments} 个路段，{points} 个收集点，{toilets} 座公厕"),
    "menu.file": ("&File", "文件(&F)"),
    "menu.open": ("&Open scenario…", "打开场景(&O)…"),
    "menu.save": ("&Save", "保存(&S)"),
    "menu.save_as": ("Save &as…", "另存为(&A)…"),
    "menu.recent": ("Recent files", "最近打开"),
    "menu.recent_empty": ("(none)", "（无）"),
    "menu.quit": ("&Quit", "退出(&Q)"),
    "menu.edit": ("&Edit", "编辑(&E)"),
    "menu.undo": ("&Undo", "撤销(&U)"),
    "menu.redo": ("&Redo", "重做(&R)"),
    "menu.jobs": ("&Jobs", "任务(&J)"),
    "menu.plan": ("Plan &routes", "规划路线(&R)"),
    "menu.roster": ("Make a r&oster", "排班(&O)"),
    "menu.simulate": ("&Simulate", "仿真(&S)"),
    "menu.study": ("Run a st&udy", "运行研究(&U)"),
    "menu.cancel_all": ("&Cancel all jobs", "取消全部任务(&C)"),
    "menu.language": ("&Language", "语言(&L)"),
    "menu.help": ("&Help", "帮助(&H)"),
    "menu.about": ("&About", "关于(&A)"),
    "about.text": ("CityOps Planner — route planning, crew rosters, simulation and what-if studies "
                   "for a district's urban-management bureau.",
                   "城市管理作业规划——为城市管理局规划收运与保洁路线、排班、仿真和方案比较。"),
    "tab.map": ("Map", "地图"),
    "tab.replay": ("Replay", "回放"),
    "tab.editor": ("Scenario", "场景"),
    "tab.roster": ("Roster", "排班"),
    "tab.results": ("Results", "结果"),
    "tab.compare": ("Compare", "比较"),
    "tab.trainer": ("Trainer", "培训"),
    "dock.jobs": ("Jobs", "任务"),
    "dock.details": ("Details", "详情"),
    # map
    "map.colour_by": ("Colour streets by", "道路着色"),
    "map.by_class": ("street class", "道路等级"),
    "map.by_grade": ("cleaning grade", "保洁等级"),
    "map.by_chief": ("chief territory", "街长责任区"),
    "map.layer.streets": ("Streets", "道路"),
    "map.layer.points": ("Collection points", "垃圾收集点"),
    "map.layer.toilets": ("Toilets", "公厕"),
    "map.layer.stations": ("Service stations", "驿站"),
    "map.layer.depots": ("Depots", "停车场"),
    "map.layer.transfer": ("Transfer stations", "中转站"),
    "map.layer.routes": ("Routes", "路线"),
    "map.fit": ("Fit district", "全区视图"),
    "map.click_hint": ("Click a street or a facility for its details; wheel to zoom, drag to pan.",
                       "点击道路或设施查看详情；滚轮缩放，拖动平移。"),
    "map.scale": ("{m} m", "{m} 米"),
    "class.arterial": ("Arterial", "主干道"),
    "class.secondary": ("Secondary", "次干道"),
    "class.branch": ("Branch", "支路"),
    "class.back_alley": ("Back alley", "背街小巷"),
    "grade.n": ("Grade {n}", "{n} 级"),
    "chief.none": ("No chief", "无街长"),
    "chief.other": ("Chief territories", "街长责任区"),
    "legend.title": ("Legend", "图例"),
    # details
    "detail.segment": ("Street segment", "路段"),
    "detail.point": ("Collection point", "垃圾收集点"),
    "detail.toilet": ("Public toilet", "公厕"),
    "detail.station": ("Service station", "驿站"),
    "detail.depot": ("Depot", "停车场"),
    "detail.transfer": ("Transfer station", "中转站"),
    "field.id": ("Id", "编号"),
    "field.name": ("Name", "名称"),
    "field.length_m": ("Length (m)", "长度（米）"),
    "field.class": ("Class", "等级"),
    "field.grade": ("Cleaning grade", "保洁等级"),
    "field.chief": ("Chief", "街长"),
    "field.kind": ("Kind", "类型"),
    "field.capacity_kg": ("Capacity (kg)", "容量（千克）"),
    "field.mean_kg": ("Waste per day (kg)", "日均垃圾量（千克）"),
    "field.opening": ("Opening hours", "开放时间"),
    "field.interval_min": ("Cleaning interval (min)", "保洁间隔（分钟）"),
    "field.windows": ("Access windows", "收运时段"),
    # plan
    "plan.routes": ("Routes", "路线"),
    "plan.none": ("No plan yet: use Jobs ▸ Plan routes.", "尚无方案：请使用“任务 ▸ 规划路线”。"),
    "plan.summary": ("{kind}: {n} routes, {km:.1f} km, cost {cost:,.0f}, {unserved} unserved ({status})",
                     "{kind}：{n} 条路线，{km:.1f} 公里，成本 {cost:,.0f}，未服务 {unserved} 项（{status}）"),
    "plan.col.route": ("Route", "路线"),
    "plan.col.vehicle": ("Vehicle / crew", "车辆/班组"),
    "plan.col.stops": ("Stops", "站点"),
    "plan.col.km": ("km", "公里"),
    "plan.col.hours": ("Hours", "小时"),
    "plan.col.cost": ("Cost", "成本"),
    "plan.kind": ("Work", "作业"),
    "kind.all": ("All work", "全部作业"),
    "kind.garbage": ("Garbage collection", "垃圾收运"),
    "kind.sweeping": ("Street sweeping", "道路清扫"),
    "kind.toilets": ("Toilet cleaning", "公厕保洁"),
    "kind.patrols": ("Patrols", "巡查"),
    # jobs
    "job.routes": ("Plan routes", "规划路线"),
    "job.roster": ("Roster", "排班"),
    "job.simulate": ("Simulation", "仿真"),
    "job.study": ("Study", "研究"),
    "job.sweep": ("Tradeoff sweep", "权衡扫描"),
    "job.cancel": ("Cancel", "取消"),
    "job.idle": ("idle", "空闲"),
    "job.starting": ("starting…", "启动中…"),
    "job.running": ("running", "运行中"),
    "job.best": ("best {cost:,.1f}", "最优 {cost:,.1f}"),
    "job.done": ("done", "完成"),
    "job.cancelling": ("cancelling…", "正在取消…"),
    "job.cancelled": ("cancelled (best result kept)", "已取消（保留最优结果）"),
    "job.cancelled_empty": ("cancelled (no result yet)", "已取消（尚无结果）"),
    "job.failed": ("failed", "失败"),
    "job.no_scenario": ("Open a scenario first.", "请先打开一个场景。"),
    "job.needs_plan": ("Plan routes first: this job uses the current plan.", "请先规划路线：该任务需要当前方案。"),
    "job.time_limit": ("Time limit (s)", "时间上限（秒）"),
    "job.what": ("Work", "作业"),
    # errors
    "error.title": ("Something went wrong", "出错了"),
    "error.job": ("{job} failed: {message}", "{job}失败：{message}"),
    "error.unavailable": ("{feature} is not available yet in this build: the {module} module is missing.",
                          "此版本尚不支持{feature}：缺少 {module} 模块。"),
    "error.open": ("Could not open {path}:\n{message}", "无法打开 {path}：\n{message}"),
    "error.save": ("Could not save {path}:\n{message}", "无法保存 {path}：\n{message}"),
    "error.edit": ("That value was not accepted:\n{message}", "该值无效：\n{message}"),
    "error.details": ("The log has the details.", "详细信息见日志。"),
    # editor
    "editor.table": ("Table", "数据表"),
    "editor.changes": ("What changed", "变更内容"),
    "editor.no_changes": ("No changes from the base scenario.", "与基础场景相比没有变更。"),
    "editor.variant": ("Variant of {base}", "{base} 的变体"),
    "editor.set": ("{path}: {old} → {new}", "{path}：{old} → {new}"),
    "editor.fleet_types": ("Fleet: vehicle types", "车队：车型"),
    "editor.fleet_vehicles": ("Fleet: vehicles", "车队：车辆"),
    "editor.workers": ("Workforce", "作业人员"),
    "editor.teams": ("Teams", "班组"),
    "editor.shifts": ("Shifts", "班次"),
    "editor.demand": ("Shift demand", "班次需求"),
    "editor.labour": ("Labour rules", "劳动规则"),
    "editor.cleaning": ("Cleaning standards", "保洁标准"),
    "editor.toilet_grades": ("Toilet intervals", "公厕保洁间隔"),
    "editor.incident_types": ("Incident types", "事件类型"),
    "editor.incident_rates": ("Incident rates", "事件发生率"),
    "editor.field": ("Field", "字段"),
    "editor.value": ("Value", "数值"),
    "editor.saved": ("Saved {path}", "已保存 {path}"),
    "editor.recover": ("An autosave from {when} has {n} unsaved changes to this scenario.",
                       "发现 {when} 的自动保存，其中有 {n} 项未保存的修改。"),
    "editor.recover_button": ("Recover", "恢复"),
    "editor.discard_button": ("Discard", "丢弃"),
    "editor.unsaved": ("The scenario has unsaved changes. Save them?", "场景有未保存的修改，是否保存？"),
    # roster
    "roster.none": ("No roster yet: use Jobs ▸ Make a roster.", "尚无排班：请使用“任务 ▸ 排班”。"),
    "roster.summary": ("Status {status}: {workers} workers × {days} days, penalty {objective}, "
                       "{violations} soft-rule violations, {uncovered} uncovered demands",
                       "状态 {status}：{workers} 人 × {days} 天，罚分 {objective}，"
                       "软规则违反 {violations} 项，未满足需求 {uncovered} 项"),
    "roster.lock": ("Lock selected cells", "锁定所选单元格"),
    "roster.unlock": ("Unlock selected", "解锁所选"),
    "roster.reoptimize": ("Re-optimize", "重新优化"),
    "roster.export": ("Export…", "导出…"),
    "roster.off": ("off", "休"),
    "roster.violations": ("Violated rules", "违反的规则"),
    "roster.uncovered": ("Uncovered demand and why", "未满足的需求及原因"),
    "roster.explanation": ("Why no roster exists", "无法排班的原因"),
    "roster.exported": ("Exported {path}", "已导出 {path}"),
    "roster.filter": ("Show team", "显示班组"),
    "roster.all_teams": ("all teams", "全部班组"),
    # results
    "results.none": ("No simulation yet: use Jobs ▸ Simulate.", "尚无仿真结果：请使用“任务 ▸ 仿真”。"),
    "results.ci": ("95% CI {low} – {high}", "95% 置信区间 {low} – {high}"),
    "results.export": ("Export chart…", "导出图表…"),
    "results.exported": ("Saved chart {path}", "已保存图表 {path}"),
    "chart.kpis_per_day": ("KPIs per day", "每日指标"),
    "chart.cost": ("Cost breakdown", "成本构成"),
    "chart.response": ("Response times", "响应时间分布"),
    "chart.utilization": ("Utilization", "利用率"),
    # compare
    "compare.none": ("Run a study to compare variants.", "运行研究以比较各方案。"),
    "compare.kpi": ("KPI", "指标"),
    "compare.diff": ("Difference", "差异"),
    "compare.significant": ("significant", "显著"),
    "compare.changes": ("What changed", "变更内容"),
    # replay
    "replay.none": ("No simulated day yet: use Jobs ▸ Simulate.", "尚无仿真日：请使用“任务 ▸ 仿真”。"),
    "replay.play": ("Play", "播放"),
    "replay.pause": ("Pause", "暂停"),
    "replay.speed": ("Speed", "速度"),
    # trainer
    "trainer.title": ("Tradeoff explorer (training district)", "权衡探索（培训街区）"),
    "trainer.parameter": ("Parameter", "参数"),
    "trainer.run": ("Sweep", "扫描"),
    "trainer.trucks": ("number of trucks", "车辆数"),
    "trainer.toilet_interval": ("toilet interval (min)", "公厕保洁间隔（分钟）"),
    "trainer.rules": ("Rules", "规则"),
    "unavailable": ("{feature} is not available yet: the {module} back end has not landed in this build.",
                    "{feature}暂不可用：此版本尚未包含 {module} 后端。"),
    "status.ok": ("Ready", "就绪"),
}


_current = ["en"]
_listeners: list[Callable[[str], None]] = []


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "zh" if code.startswith("zh") or code.startswith("chinese") else "en"


def current_language() -> str:
    return _current[0]


def set_language(language: str) -> None:
    """Switch the language and tell every listener (views re-label themselves)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES} (got {language!r})")
    _current[0] = language
    for listener in list(_listeners):
        listener(language)


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Register a listener; returns a function that unregisters it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def tr(key: str, **values: object) -> str:
    """The message in the current language, with {placeholders} filled in; unknown keys show the key."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if _current[0] == "zh" else pair[0]
    return text.format(**values) if values else text


def bilingual(name_zh: str, name_en: str) -> str:
    """A scenario object's own name in the current language (falling back to the other one)."""
    if _current[0] == "zh":
        return name_zh or name_en
    return name_en or name_zh
