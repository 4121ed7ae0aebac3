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
    "app.stop_jobs": ("Still running: {jobs}. Stop and quit? Results not yet shown are lost.",
                      "仍在运行：{jobs}。停止并退出吗？尚未显示的结果将丢失。"),
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
    "menu.study": ("Run a st&udy", "方案比选(&U)"),
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
    "map.click_hint": ("Click a street or a facility for its details; wheel or +/− to zoom, drag or arrow keys to pan, "
                       "0 to see the whole district.",
                       "点击道路或设施查看详情；滚轮或 +/− 缩放，拖动或方向键平移，按 0 显示全区。"),
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
    "field.toilet_class": ("Class", "类别"),
    "toilet.class": ("Class {n} toilet", "{n}类公厕"),
    "field.chief": ("Chief", "街长"),
    "field.kind": ("Kind", "类型"),
    "field.capacity_kg": ("Capacity (kg)", "容量（千克）"),
    "field.mean_kg": ("Waste per day (kg)", "日均垃圾量（千克）"),
    "field.opening": ("Opening hours", "开放时间"),
    "field.interval_min": ("Cleaning interval (min)", "保洁间隔（分钟）"),
    "field.windows": ("Access windows", "收运时段"),
    # plan
    "plan.routes": ("Routes", "路线"),
    "plan.no_paths": ("Some routes have no street path in the plan: they are drawn as straight lines from stop to stop.",
                      "部分路线在方案中没有道路路径：图上以站点间直线表示。"),
    "plan.none": ("No plan yet: use Jobs ▸ Plan routes.", "尚无方案：请使用“任务 ▸ 规划路线”。"),
    "plan.summary": ("{kind}: {n} routes, {km:.1f} km, cost {cost:,.0f}, {unserved} unserved ({status})",
                     "{kind}：{n} 条路线，{km:.1f} 公里，成本 {cost:,.0f}，未完成作业 {unserved} 项（{status}）"),
    "plan.replan": ("Keep selected routes, re-plan the rest", "保留所选路线，重新规划其余"),
    "plan.replan_tip": ("Locked routes stay exactly as they are; the moved stops are listed in the summary.",
                        "锁定的路线保持不变；变动的站点列在摘要中。"),
    "plan.replan_garbage_only": ("Select one or more garbage truck routes to keep; re-planning with locked routes "
                                 "is available for garbage collection.",
                                 "请选择要保留的垃圾清运车路线；锁定路线重新规划仅适用于垃圾清运。"),
    "plan.status.optimal": ("optimal", "最优"),
    "plan.status.feasible": ("feasible", "可行"),
    "plan.status.stopped": ("stopped early", "已提前停止"),
    "plan.status.infeasible": ("check failed", "校验未通过"),
    "plan.status.empty": ("nothing to plan", "无需规划"),
    "plan.col.route": ("Route", "路线"),
    "plan.col.vehicle": ("Vehicle / crew", "车辆/班组"),
    "plan.col.stops": ("Stops", "站点"),
    "plan.col.km": ("km", "公里"),
    "plan.col.hours": ("Hours", "小时"),
    "plan.col.cost": ("Cost", "成本"),
    "plan.col.reliability": ("Reliable", "可靠性"),
    "plan.kind": ("Work", "作业"),
    "kind.all": ("All work", "全部作业"),
    "kind.garbage": ("Garbage collection", "垃圾清运"),
    "kind.sweeping": ("Street sweeping", "清扫保洁"),
    "kind.toilets": ("Toilet cleaning", "公厕保洁"),
    "kind.patrols": ("Patrols", "巡查"),
    # jobs
    "job.routes": ("Plan routes", "规划路线"),
    "job.roster": ("Roster", "排班"),
    "job.simulate": ("Simulation", "仿真"),
    "job.study": ("Study", "方案比选"),
    "job.sweep": ("Tradeoff sweep", "参数敏感性分析"),
    "job.size": ("Sizing", "规模测算"),
    "job.sheets": ("Route sheets", "路线作业单"),
    "menu.sheets": ("Export route &sheets…", "导出路线作业单(&S)…"),
    "sheets.written": ("Wrote {n} route sheets to {folder}", "已将 {n} 份路线作业单写入 {folder}"),
    "job.cancel": ("Cancel", "取消"),
    "job.idle": ("idle", "空闲"),
    "job.none_yet": ("No jobs yet. Start one from the Jobs menu: plan routes, make a roster, simulate or run a study.",
                     "尚无任务。可从“任务”菜单开始：规划路线、排班、仿真或方案比选。"),
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
    "job.what": ("Plan", "规划"),
    "job.days": ("Days simulated", "仿真天数"),
    "job.replications": ("Replications", "重复次数"),
    "menu.save_variant": ("Save edits as a &variant…", "将修改另存为比选方案(&V)…"),
    "editor.variant_saved": ("Saved variant {path}", "已保存比选方案 {path}"),
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
    "editor.variant": ("Variant of {base}", "{base} 的比选方案"),
    "editor.set": ("{owner} · {field}: {old} → {new}", "{owner} · {field}：{old} → {new}"),
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
    "edit.set": ("Set {field} of {owner} to {value}", "将{owner}的{field}改为 {value}"),
    "diff.added": ("{what}: added {name}", "{what}：新增 {name}"),
    "diff.removed": ("{what}: removed {name}", "{what}：删除 {name}"),
    "diff.changed": ("{what}: {name} replaced", "{what}：{name} 已替换"),
    "diff.set": ("{field}: {old} → {new}", "{field}：{old} → {new}"),
    "diff.more": (" and {count} more", " 等另 {count} 项"),
    "diff.none": ("none", "无"),
    "edit.scenario": ("the scenario", "场景"),
    "editor.discard_button": ("Discard", "丢弃"),
    "editor.unsaved": ("The scenario has unsaved changes. Save them?", "场景有未保存的修改，是否保存？"),
    # roster
    "roster.none": ("No roster yet: use Jobs ▸ Make a roster.", "尚无排班：请使用“任务 ▸ 排班”。"),
    "roster.summary": ("Status: {status}. {workers} workers × {days} days, penalty {objective}, "
                       "{violations} soft-rule violations, {uncovered} uncovered demands",
                       "状态：{status}。{workers} 人 × {days} 天，罚分 {objective}，"
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
    "roster.legend": ("Shifts:", "班次："),
    "roster.leave": ("Leave…", "请假…"),
    "roster.leave_title": ("Enter leave", "登记请假"),
    "roster.leave_person": ("Person", "人员"),
    "roster.leave_first": ("From", "开始日期"),
    "roster.leave_last": ("To (inclusive)", "结束日期（含）"),
    "roster.leave_added": ("Leave recorded for {who}, {first} to {last}: re-optimize to re-roster",
                           "已登记 {who} 的请假（{first} 至 {last}）：请点“重新优化”重新排班"),
    "roster.import": ("Import edits…", "导入修改…"),
    "roster.imported": ("{count} edited cells from {path} locked: re-optimize to roster around them",
                        "已从 {path} 锁定 {count} 个修改的格子：请点“重新优化”"),
    "roster.max_changes": ("At most changes", "最多改动"),
    "roster.no_limit": ("no limit", "不限"),
    "roster.changes": ("Changes from the previous roster", "与原排班相比的变更"),
    "roster.shift_summary": ("{name}, {start}–{end}, {hours} h paid", "{name}，{start}–{end}，计薪 {hours} 小时"),
    "roster.more": ("… and {count} more", "……另有 {count} 项"),
    "roster.rule_count": ("{count} cases, penalty {penalty}", "{count} 项，罚分 {penalty}"),
    # results
    "results.none": ("No simulation yet: use Jobs ▸ Simulate.", "尚无仿真结果：请使用“任务 ▸ 仿真”。"),
    "results.ci": ("95% CI {low} – {high}", "95% 置信区间 {low} – {high}"),
    "results.header": ("<b>{reps} replications × {days} days</b>, seed {seed}, {events} events simulated in {seconds} s",
                       "<b>{reps} 次重复 × {days} 天</b>，随机种子 {seed}，共仿真 {events} 个事件，用时 {seconds} 秒"),
    "results.export": ("Export chart…", "导出图表…"),
    "results.exported": ("Saved chart {path}", "已保存图表 {path}"),
    "chart.kpis_per_day": ("KPIs per day", "每日指标"),
    "chart.cost": ("Cost breakdown", "成本构成"),
    "chart.response": ("Response times", "响应时间分布"),
    "chart.utilization": ("Utilization", "利用率"),
    # compare
    "compare.none": ("Run a study to compare variants.", "运行方案比选以比较各方案。"),
    "compare.kpi": ("KPI", "指标"),
    "compare.diff": ("Paired difference to base (95% CI)", "与基准的配对差异（95% 置信区间）"),
    "compare.significant": ("significant", "显著"),
    "compare.changes": ("What changed", "变更内容"),
    # replay
    "replay.none": ("No simulated day yet: use Jobs ▸ Simulate.", "尚无仿真日：请使用“任务 ▸ 仿真”。"),
    "replay.play": ("Play", "播放"),
    "replay.pause": ("Pause", "暂停"),
    "replay.speed": ("Speed", "速度"),
    "replay.clock": ("Day {day} {hh:02d}:{mm:02d}", "第 {day} 天 {hh:02d}:{mm:02d}"),
    "replay.vehicles": ("vehicles", "车辆"),
    "replay.crews": ("manual cleaning crews (e-bikes)", "人工保洁班组（电动车）"),
    "replay.overflowing": ("overflowing bins", "满溢垃圾点"),
    "replay.emptied": ("bins just emptied", "刚清运的垃圾点"),
    "replay.incidents": ("open incidents", "待处置事件"),
    # trainer
    "trainer.title": ("Tradeoff explorer (training district)", "权衡探索（培训街区）"),
    "trainer.parameter": ("Parameter", "参数"),
    "trainer.run": ("Sweep", "敏感性分析"),
    "trainer.trucks": ("number of trucks", "车辆数"),
    "trainer.toilet_interval": ("toilet interval (min)", "公厕保洁间隔（分钟）"),
    "trainer.rules": ("Switch rules off", "关闭规则"),
    "trainer.rules_run": ("Compare with these rules off", "比较关闭这些规则后的结果"),
    "trainer.rule.breakdowns": ("vehicle breakdowns", "车辆故障"),
    "trainer.rule.absences": ("worker absences", "人员缺勤"),
    "trainer.rule.rain": ("rain slowdowns", "雨天减速"),
    "trainer.rule.rush": ("rush-hour slowdowns", "高峰时段减速"),
    "trainer.no_trucks": ("This scenario has no compactor trucks to vary.", "该场景没有可调整数量的压缩车。"),
    "trainer.x": ("Cost", "成本"),
    "trainer.y": ("Service level", "服务水平"),
    "trainer.intro": ("Sweep a parameter to see cost against service level, each point a variant simulated with the "
                      "same random numbers; or switch rules off below and compare.",
                      "改变一个参数，查看成本与服务水平的权衡（每个点是一个使用相同随机数仿真的方案）；或在下方关闭规则后进行比较。"),
    "trainer.click": ("Click a point to open its plan on the map.", "点击某个点，在地图上打开其方案。"),
    "trainer.no_plan": ("No plan is stored for {name}.", "{name} 没有保存的方案。"),
    "trainer.opened": ("Showing the plan of {name} on the map.", "地图上显示 {name} 的方案。"),
    "trainer.open_training": ("Open the training district", "打开培训街区"),
    "trainer.size": ("Smallest count meeting the targets", "测算达标所需最小数量"),
    "trainer.size_title": ("Sizing: cost and assessment KPIs by count", "规模测算：不同数量下的成本与考核指标"),
    "trainer.size_result": ("Smallest count meeting every target: {count}", "达到全部考核目标的最小数量：{count}"),
    "trainer.size_none": ("No count tried meets every target.", "所试数量均未达到全部考核目标。"),
    "trainer.what.trucks": ("compactor trucks", "压缩车"),
    "trainer.what.sweepers": ("road sweepers", "扫路车"),
    "trainer.what.sweeping-crews": ("sweeping crews", "清扫人员"),
    "trainer.what.toilet-crews": ("toilet cleaners", "公厕保洁员"),
    "trainer.what.patrols": ("enforcement officers", "执法队员"),
    "study.needs_file": ("Save the scenario to a file first: a study reads its base from a file.",
                         "请先将场景保存为文件：方案比选需要从文件读取基础场景。"),
    "compare.variant": ("Variant", "方案"),
    "compare.mean": ("Mean (95% CI)", "均值（95% 置信区间）"),
    "compare.verdict": ("Verdict", "结论"),
    "compare.better": ("better", "更好"),
    "compare.worse": ("worse", "更差"),
    "compare.ns": ("n.s.", "不显著"),
    "compare.higher": ("higher", "更高"),
    "compare.lower": ("lower", "更低"),
    "compare.header": ("{variants} variants × {reps} replications × {days} days, common random numbers; "
                       "{computed} runs computed, {reused} reused, {seconds} s",
                       "{variants} 个方案 × {reps} 次重复 × {days} 天，公共随机数；计算 {computed} 次，复用 {reused} 次，用时 {seconds} 秒"),
    "compare.kpi_chart": ("KPI", "指标"),
    "compare.charts": ("Charts", "图表"),
    "compare.plans": ("Plans", "方案路线"),
    "compare.no_plans": ("No stored plans for these variants.", "这些方案没有保存的路线。"),
    "compare.same_plan": ("This variant uses the same plan as the base (grey routes under the coloured ones); "
                          "plans differ when variants are re-planned.",
                          "该方案与基准使用相同的路线（彩色路线下的灰色路线）；重新规划的方案才会有不同路线。"),
    "compare.plan_line": ("<b>{kind}</b>: routes {r0} → {r1}, {km0:,.1f} → {km1:,.1f} km, cost {c0:,.0f} → {c1:,.0f}, "
                          "unserved {u0} → {u1}",
                          "<b>{kind}</b>：路线 {r0} → {r1}，{km0:,.1f} → {km1:,.1f} 公里，成本 {c0:,.0f} → {c1:,.0f}，"
                          "未完成作业 {u0} → {u1}"),
    "unavailable": ("{feature} is not available yet: the {module} back end has not landed in this build.",
                    "{feature}暂不可用：此版本尚未包含 {module} 后端。"),
    "status.ok": ("Ready", "就绪"),
    "col.id": ('Id', '编号'),
    "col.name": ('Name', '名称'),
    "col.kind": ('Kind', '类型'),
    "col.capacity_kg": ('Capacity (kg)', '容量（千克）'),
    "col.cost_per_km": ('Cost per km', '每公里成本'),
    "col.cost_per_hour": ('Cost per hour', '每小时成本'),
    "col.fixed_cost_per_day": ('Fixed cost per day', '每日固定成本'),
    "col.max_shift_min": ('Max shift (min)', '最长班次（分钟）'),
    "col.type": ('Vehicle type', '车型'),
    "col.depot": ('Depot', '停车场'),
    "col.spare": ('Spare', '备用'),
    "col.team": ('Team', '班组'),
    "col.skills": ('Skills', '技能'),
    "col.leave": ('Leave', '休假'),
    "col.vehicles": ('Vehicles', '车辆'),
    "col.vehicle_types": ('Vehicle types', '车型'),
    "col.demand": ('Staff needed', '人员需求'),
    "col.workers": ('Workers', '人员'),
    "col.toilets": ('Toilets', '公厕'),
    "col.templates": ('Shifts', '班次'),
    "col.regime": ('Working-time regime', '工时制度'),
    "col.contract_hours_per_week": ('Contract hours / week', '合同周工时'),
    "col.start": ('Start', '开始'),
    "col.duration_min": ('Paid length (min)', '工作时长（分钟）'),
    "col.break_min": ('Break (min)', '休息（分钟）'),
    "col.night": ('Night', '夜班'),
    "col.skill": ('Skill', '技能'),
    "col.shift": ('Shift', '班次'),
    "col.count": ('Minimum', '最少人数'),
    "col.target": ('Target', '目标人数'),
    "col.weekdays": ('Weekdays (0=Mon)', '星期（0=周一）'),
    "col.max_hours_per_day": ('Max hours per day', '每日最长工时'),
    "col.max_overtime_hours_per_day": ('Max overtime hours per day', '每日最长加班'),
    "col.max_overtime_hours_per_month": ('Max overtime hours per month', '每月最长加班'),
    "col.standard_hours_per_week": ('Standard hours per week', '标准周工时'),
    "col.min_rest_between_shifts_h": ('Min rest between shifts (h)', '班次间最短休息（小时）'),
    "col.max_consecutive_days": ('Max consecutive work days', '最多连续工作天数'),
    "col.min_days_off_per_week": ('Min days off per week', '每周最少休息天数'),
    "col.max_nights_per_week": ('Max night shifts per week', '每周最多夜班'),
    "col.grade": ('Grade', '等级'),
    "col.sweeps_per_day": ('Sweeps per day', '每日清扫次数'),
    "col.mechanical_sweeps_per_day": ('Mechanical sweeps per day', '每日机扫次数'),
    "col.method": ('Method', '作业方式'),
    "col.litter_limit_per_1000m2": ('Litter limit per 1,000 m²', '每千平方米垃圾上限'),
    "col.manual_m2_per_shift": ('Manual m² per shift', '每班人工清扫面积'),
    "col.cleaning_interval_min": ('Cleaning interval (min)', '保洁间隔（分钟）'),
    "col.share": ('Share', '占比'),
    "col.priority": ('Priority', '优先级'),
    "col.handling_min": ('Handling (min)', '处置时长（分钟）'),
    "col.response_target_min": ('Response target (min)', '响应目标（分钟）'),
    "col.per_day": ('Incidents per day', '每日事件数'),
    "col.hotspot_visits_per_day": ('Hotspot visits per day', '热点每日巡查次数'),
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
