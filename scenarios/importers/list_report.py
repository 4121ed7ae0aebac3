"""Report lines of a list import, each in English and Simplified Chinese."""

from __future__ import annotations

from ..model import Scenario
from .china_crs import CRS_NAMES
from .headers import Column
from .list_rows import Row, header_of

Note = tuple[str, str]
WHAT: dict[str, tuple[str, str]] = {"points": ("collection points", "收集点"), "toilets": ("toilets", "公厕"),
                                    "staff": ("workers", "人员"), "vehicles": ("vehicles", "车辆"),
                                    "vendors": ("vendor register", "摊贩登记")}
#: Stalls that hold a place in their zone (an exited one has given it up).
ACTIVE_STALLS = ("registered", "admitted")
#: Examples shown of a repeated change (e.g. plates made into ids).
EXAMPLES = 3


def table_notes(kind: str, mode: str, before: int, after: int, counts: dict[str, int], ignored: list[str]) -> list[Note]:
    """What happened to the table, and the columns left out."""
    en, zh = WHAT[kind]
    added, updated = counts["added"], counts["updated"]
    if mode == "replace":
        notes = [(f"replaced the {en}: {before} before, {after} now", f"已替换{zh}：原有 {before} 条，现有 {after} 条")]
    else:
        notes = [(f"merged into the {en}: {added} added, {updated} updated, {after} in all",
                  f"已合并到{zh}：新增 {added} 条，更新 {updated} 条，共 {after} 条")]
    if ignored:
        notes.append((f"ignored columns (not part of a scenario): {', '.join(ignored)}",
                      f"忽略的列（不属于方案数据）：{'、'.join(ignored)}"))
    return notes


def place_notes(rows: list[Row], crs: str) -> list[Note]:
    """Datum converted, snap distances (mean, max and the worst row), rows whose node won over coordinates."""
    snapped = [r for r in rows if r.snap is not None]
    notes: list[Note] = []
    if snapped and crs != "wgs84":
        en, zh = CRS_NAMES[crs]
        notes.append((f"converted {len(snapped)} coordinates from {en} to WGS-84",
                      f"已将 {len(snapped)} 个坐标从 {zh} 转换为 WGS-84"))
    if snapped:
        worst = max(snapped, key=lambda r: r.snap.distance_m)
        mean = sum(r.snap.distance_m for r in snapped) / len(snapped)
        top = worst.snap.distance_m
        notes.append((f"snapped {len(snapped)} rows to the nearest street node: mean {mean:.1f} m, max {top:.1f} m "
                      f"(line {worst.line}, {worst.given['id']} → {worst.snap.node})",
                      f"{len(snapped)} 行坐标已吸附到最近的道路节点：平均 {mean:.1f} 米，最大 {top:.1f} 米"
                      f"（第 {worst.line} 行，{worst.given['id']} → {worst.snap.node}）"))
    both = sum(1 for r in rows if "node" in r.raw and "lon" in r.given and "lat" in r.given)
    if both:
        notes.append((f"{both} rows gave both a node and coordinates: the node was used",
                      f"{both} 行同时给出节点和经纬度：采用节点"))
    return notes


def vehicle_notes(rows: list[Row], columns: list[Column], extras: dict[str, int]) -> list[Note]:
    """Plates made into ids (or not stored), 载重 checked, vehicles put at the only depot."""
    notes: list[Note] = []
    fields = {c.field for c in columns}
    plates = [(r.raw["plate"].strip(), r.given["id"]) for r in rows
              if "plate" in r.given and r.given.get("id") == r.given["plate"] and r.raw["plate"].strip() != r.given["id"]]
    if plates:
        shown = ", ".join(f"{raw} → {new}" for raw, new in plates[:EXAMPLES])
        more = f" (and {len(plates) - EXAMPLES} more)" if len(plates) > EXAMPLES else ""
        more_zh = f"（另有 {len(plates) - EXAMPLES} 个）" if len(plates) > EXAMPLES else ""
        notes.append((f"number plates made into ids (ids hold only letters, digits, _ . -): {shown}{more}",
                      f"车牌已转换为编号（编号只能含字母、数字、_ . -）：{shown}{more_zh}"))
    if "plate" in fields and "id" in fields:
        plate = header_of(columns, "plate", "vehicles")
        notes.append((f"column {plate} not stored: vehicles have no plate field and {header_of(columns, 'id', 'vehicles')} "
                      "gives the id", f"{plate} 列未保存：车辆没有车牌字段，编号由 {header_of(columns, 'id', 'vehicles')} 给出"))
    if extras.get("load_checked"):
        n = extras["load_checked"]
        notes.append((f"载重 agrees with the vehicle type's capacity on {n} rows", f"{n} 行的载重与车型额定载重一致"))
    if extras.get("default_depot"):
        n = extras["default_depot"]
        notes.append((f"{n} vehicles without a depot placed at the scenario's only depot",
                      f"{n} 辆未填车场的车辆已归入方案中唯一的车场"))
    return notes


def vendor_notes(scenario: Scenario) -> list[Note]:
    """Per vendor zone, its active stalls (registered + admitted) against its places; a warning for each zone
    with more active stalls than places (the register may run ahead of the zone's plan, so it is no error)."""
    counts: dict[str, dict[str, int]] = {z.id: {s: 0 for s in ACTIVE_STALLS} for z in scenario.incidents.vendor_zones}
    for stall in scenario.incidents.vendor_register:
        if stall.status in ACTIVE_STALLS and stall.zone in counts:
            counts[stall.zone][stall.status] += 1
    notes: list[Note] = []
    warnings: list[Note] = []
    for zone in scenario.incidents.vendor_zones:
        registered, admitted = counts[zone.id]["registered"], counts[zone.id]["admitted"]
        active, places = registered + admitted, zone.stalls
        name_en, name_zh = (f" {zone.name_en}" if zone.name_en else ""), (f" {zone.name_zh}" if zone.name_zh else "")
        notes.append((f"vendor zone {zone.id}{name_en}: {active} active stalls ({registered} registered, "
                      f"{admitted} admitted) for {places} places",
                      f"摊区 {zone.id}{name_zh}：在用摊位 {active} 个（已登记 {registered}，已准入 {admitted}），"
                      f"摊位数 {places} 个"))
        if active > places:
            warnings.append((f"warning: vendor zone {zone.id} has {active} active stalls but {places} places "
                             f"({active - places} too many); set some to exited or give the zone more places",
                             f"警告：摊区 {zone.id} 在用摊位 {active} 个，超过摊位数 {places} 个（多 {active - places} 个）；"
                             "请将部分摊位设为已退出，或增加该摊区的摊位数"))
    active = sum(sum(c.values()) for c in counts.values())
    places = sum(z.stalls for z in scenario.incidents.vendor_zones)
    total = (f"vendor register against places: {active} active stalls (registered + admitted) for {places} "
             f"places; zones with more stalls than places: {len(warnings)} of {len(counts)}",
             f"摊区：{len(counts)} 个摊区共有在用摊位（已登记与已准入）{active} 个，摊位数 {places} 个，"
             f"{len(warnings)} 个摊区在用摊位超过摊位数")
    return [total, *notes, *warnings]
