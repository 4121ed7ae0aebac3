"""How a route sheet names routes, places and stops: the names people use, with ids for reference."""

from __future__ import annotations

from collections import defaultdict

from optimizer.common.plan import Plan, Route, Stop
from scenarios.model.common import MINUTES_PER_DAY
from scenarios.model.scenario import Scenario, ScenarioIndex

KIND_ZH = {"garbage": "垃圾清运", "sweeping": "清扫保洁", "toilets": "公厕保洁", "patrols": "街长巡查"}
KIND_EN = {"garbage": "Garbage collection", "sweeping": "Street cleaning", "toilets": "Toilet cleaning",
           "patrols": "Patrol"}
STOP_ZH = {"start": "出发", "point": "收集点", "unload": "卸车", "break": "休息", "toilet": "公厕", "segment": "清扫路段",
           "hotspot": "巡查点", "refill": "加水", "end": "收车"}
STOP_EN = {"start": "start", "point": "collection point", "unload": "unload", "break": "break", "toilet": "toilet",
           "segment": "sweep", "hotspot": "patrol point", "refill": "refill", "end": "end"}


def clock(minutes: float) -> str:
    """'05:12', with (次日) for times past midnight of the shift's day."""
    whole = int(round(minutes))
    text = f"{whole % MINUTES_PER_DAY // 60:02d}:{whole % 60:02d}"
    return text + ("（次日）" if whole >= MINUTES_PER_DAY else "")


def _name(obj: object, language: str) -> str:
    zh, en = getattr(obj, "name_zh", "") or "", getattr(obj, "name_en", "") or ""
    return (zh or en if language == "zh" else en or zh) or str(getattr(obj, "id", ""))


NUMBERED = {"zh": {"route": "{group} 第{n}路", "crew": "{group} 第{n}组", "person": "{group} {person}"},
            "en": {"route": "{group} route {n}", "crew": "{group} crew {n}", "person": "{group}: {person}"}}
GROUPS = {"zh": {"manual": "人工保洁 {shift}", "toilets": "公厕保洁 {shift}", "patrols": "街长巡查"},
          "en": {"manual": "Manual sweeping, {shift}", "toilets": "Toilet round, {shift}", "patrols": "Patrol"}}


def route_titles(scenario: Scenario, plan: Plan, language: str = "zh") -> dict[str, str]:
    """Each route's title: '压缩车 8t 第1路', '人工保洁 早班 第3组', '公厕保洁 公厕白班 第1路', '街长巡查 王伟'
    (English: '8 t compactor route 1', …)."""
    index = scenario.index
    counters: dict[tuple[str, str], int] = defaultdict(int)
    titles = {}
    for kind, part in plan.parts.items():
        for route in part.routes:
            group = _group_name(index, kind, route, language)
            counters[(kind, group)] += 1
            if kind == "patrols":
                form = "person"
            elif kind == "sweeping" and route.vehicle is None:
                form = "crew"
            else:
                form = "route"
            worker = index.workers.get(route.crew or "")
            person = _name(worker, language) if worker is not None else (route.crew or "")
            titles[route.id] = NUMBERED[language][form].format(group=group, n=counters[(kind, group)], person=person)
    return titles


def _group_name(index: ScenarioIndex, kind: str, route: Route, language: str = "zh") -> str:
    vehicle_type = index.vehicle_types.get(route.vehicle_type or "")
    shift = index.shifts.get(route.shift or "")
    shift_name = _name(shift, language) if shift else ""
    if vehicle_type is not None and (kind == "garbage" or (kind == "sweeping" and route.vehicle is not None)):
        return _name(vehicle_type, language)
    if kind == "sweeping":
        return GROUPS[language]["manual"].format(shift=shift_name).strip(" ,")
    if kind in ("toilets", "patrols"):
        return GROUPS[language][kind].format(shift=shift_name).strip(" ,")
    return (KIND_ZH if language == "zh" else KIND_EN).get(kind, kind)


def shift_text(scenario: Scenario, route: Route) -> str:
    shift = scenario.index.shifts.get(route.shift or "")
    if shift is None:
        return "—"
    return f"{shift.name_zh or shift.name_en or shift.id} {clock(shift.start)}–{clock(shift.end)}"


def who_text(scenario: Scenario, route: Route) -> str:
    """The vehicle (type and plate id) or the crew or person who works the route."""
    index = scenario.index
    parts = []
    if route.vehicle:
        vehicle_type = index.vehicle_types.get(route.vehicle_type or "")
        parts.append(f"{vehicle_type.name_zh if vehicle_type else ''} {route.vehicle}".strip())
    elif route.vehicle_type in index.vehicle_types:
        vehicle_type = index.vehicle_types[route.vehicle_type or ""]
        parts.append(vehicle_type.name_zh or vehicle_type.id)
    if route.crew:
        worker = index.workers.get(route.crew)
        parts.append(f"{worker.name_zh}（{worker.id}）" if worker and worker.name_zh else route.crew)
    return "，".join(parts) or "—"


def _named(obj: object) -> str:
    name = getattr(obj, "name_zh", "") or getattr(obj, "name_en", "")
    ident = getattr(obj, "id", "")
    return f"{name}（{ident}）" if name else ident


def place_text(scenario: Scenario, stop: Stop, streets_at: dict[str, str]) -> str:
    """Where a stop is: the point, station, toilet or street by name, with its id."""
    index = scenario.index
    for table in (index.points, index.toilets, index.transfer_stations, index.service_stations, index.depots):
        if stop.ref in table:
            found = table[stop.ref]
            street = streets_at.get(getattr(found, "node", ""), "")
            return _named(found) + (f"，{street}" if street and street not in _named(found) else "")
    if stop.ref in index.segments:
        segment = index.segments[stop.ref]
        return f"{segment.name_zh or segment.name_en or '路段'}（{segment.id}）"
    street = streets_at.get(stop.node, "")
    return f"{street}（{stop.ref}）" if street else stop.ref


def streets_at_nodes(scenario: Scenario) -> dict[str, str]:
    """A street name for each node (the first named segment that touches it), for places given by node."""
    names: dict[str, str] = {}
    for segment in scenario.street_graph.segments:
        name = segment.name_zh or segment.name_en
        if name:
            names.setdefault(segment.from_node, name)
            names.setdefault(segment.to_node, name)
    return names


def stop_note(stop: Stop) -> str:
    """What the crew does there beyond arriving: load on board, waiting for a window."""
    notes = []
    if stop.start_min is not None and stop.start_min > stop.arrival_min + 0.5:
        notes.append(f"等候至 {clock(stop.start_min)}")
    if stop.kind in ("point", "unload") and stop.load_kg:
        notes.append(f"车上 {stop.load_kg / 1000:.1f} 吨")
    if stop.kind == "unload":
        notes.append("卸空")
    return "，".join(notes)
