"""Column headers of a bureau's list (Chinese or English, with or without a unit) → scenario fields.

Besides the model's fields a list may have pseudo columns: ``lon``/``lat`` (snapped to a street node),
``plate`` (a vehicle's 车牌, its id when there is no id column) and ``load`` (a vehicle's 载重, checked
against its type)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import DataError
from .sheet import Sheet

_COMMON = {
    "id": ("id", "编号"),
    "name_zh": ("name_zh", "名称", "中文名称", "name"),
    "name_en": ("name_en", "英文名称", "英文名", "english_name"),
}
_PLACE = {
    "node": ("node", "节点", "节点编号", "node_id"),
    "lon": ("lon", "lng", "longitude", "long", "经度"),
    "lat": ("lat", "latitude", "纬度"),
}
#: kind → field → accepted headers (compared after dropping spaces and a BOM, case- and width-insensitive).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "points": {
        **_COMMON, **_PLACE,
        "id": ("id", "编号", "点位编号", "收集点编号"),
        "name_zh": ("name_zh", "名称", "中文名称", "name", "点位名称", "收集点名称"),
        "kind": ("kind", "类型", "类别", "点位类型"),
        "capacity_kg": ("capacity_kg", "capacity", "容量", "桶容量"),
        "mean_kg_per_day": ("mean_kg_per_day", "日均垃圾量", "垃圾量", "日产垃圾量", "日均产量"),
        "spread_cv": ("spread_cv", "波动系数"),
        "weekday_factors": ("weekday_factors", "星期系数"),
        "holiday_factor": ("holiday_factor", "节假日系数"),
        "access_windows": ("access_windows", "收运时间", "收运时段", "可收运时间"),
        "service_min": ("service_min", "作业时长", "收运时长"),
        "priority": ("priority", "优先级"),
    },
    "toilets": {
        **_COMMON, **_PLACE,
        "id": ("id", "编号", "公厕编号"),
        "name_zh": ("name_zh", "名称", "中文名称", "name", "公厕名称"),
        "grade": ("grade", "等级", "类别", "级别", "公厕等级", "公厕类别"),
        "opening": ("opening", "开放时间", "开放时段"),
        "cleaning_interval_min": ("cleaning_interval_min", "保洁间隔"),
        "renovated_2017": ("renovated_2017", "2017年改造"),
        "built_2017": ("built_2017", "2017年新建"),
        "visits_per_hour": ("visits_per_hour", "人流量", "每小时人次"),
    },
    "staff": {
        **_COMMON,
        "id": ("id", "工号", "编号", "员工编号"),
        "name_zh": ("name_zh", "姓名", "名称", "中文姓名", "name"),
        "name_en": ("name_en", "英文名", "英文姓名", "英文名称", "拼音", "english_name"),
        "team": ("team", "班组", "所属班组", "中队"),
        "skills": ("skills", "技能", "工种"),
        "regime": ("regime", "工时制度"),
        "contract_hours_per_week": ("contract_hours_per_week", "每周工时", "周工时", "合同工时"),
        "leave": ("leave", "休假", "请假"),
        "unavailable_weekdays": ("unavailable_weekdays", "不可排班日"),
        "preferred_shifts": ("preferred_shifts", "偏好班次"),
        "avoided_shifts": ("avoided_shifts", "回避班次"),
        "home_depot": ("home_depot", "车场", "所属车场", "停车场"),
    },
    "vehicles": {
        "id": ("id", "编号", "车辆编号", "自编号"),
        "plate": ("plate", "车牌", "车牌号", "车牌号码"),
        "type": ("type", "车型", "车辆类型", "vehicle_type"),
        "depot": ("depot", "车场", "所属车场", "停车场"),
        "spare": ("spare", "备用", "是否备用"),
        "load": ("load", "载重", "载重量", "核定载重", "capacity", "payload"),
    },
    "vendors": {
        "id": ("id", "编号", "登记编号", "摊位编号", "摊位号"),
        "zone": ("zone", "摊区", "摊区编号", "所属摊区", "vendor_zone", "vendor zone"),
        "holder_zh": ("holder_zh", "摊主", "摊主姓名", "经营者", "经营户", "holder", "Holder (Chinese name)",
                      "Holder (Chinese)"),
        "holder_en": ("holder_en", "摊主英文名", "摊主拼音", "英文名", "拼音", "Holder (English)",
                      "Holder (English name)"),
        "goods": ("goods", "经营品类", "经营品种", "经营项目", "经营范围", "品类"),
        "status": ("status", "状态", "登记状态"),
        "since": ("since", "登记日期", "准入日期", "日期", "date"),
    },
}
#: Columns a bureau's list often carries that have no place in a scenario (personal data stays out).
IGNORED = ("序号", "no", "no.", "备注", "说明", "remark", "remarks", "note", "notes", "地址", "address",
           "电话", "联系电话", "手机", "手机号", "phone", "性别", "年龄", "身份证号")

_WEIGHT = {"kg": 1.0, "公斤": 1.0, "千克": 1.0, "t": 1000.0, "吨": 1000.0}
_PER_DAY = ("", "/天", "/日", "/d", "/day")
#: Units a header may carry in brackets, e.g. 垃圾量(kg) or 载重（吨）: field → unit → factor to the field's unit.
UNITS: dict[str, dict[str, float]] = {
    "capacity_kg": _WEIGHT,
    "load": _WEIGHT,
    "mean_kg_per_day": {unit + day: f for unit, f in _WEIGHT.items() for day in _PER_DAY},
    "service_min": {"min": 1.0, "分钟": 1.0, "分": 1.0},
    "cleaning_interval_min": {"min": 1.0, "分钟": 1.0, "分": 1.0, "h": 60.0, "小时": 60.0},
    "contract_hours_per_week": {"h": 1.0, "小时": 1.0},
    "visits_per_hour": {"人次/小时": 1.0, "人/小时": 1.0, "/h": 1.0, "人次/h": 1.0},
}
UNIT_HINTS = {"capacity_kg": "kg/t/吨/公斤", "load": "kg/t/吨/公斤", "mean_kg_per_day": "kg/t/吨/公斤, per 天 or not",
              "service_min": "min/分钟", "cleaning_interval_min": "min/分钟/h/小时", "contract_hours_per_week": "h/小时",
              "visits_per_hour": "人次/小时"}
_WITH_UNIT = re.compile(r"^(.+?)\(([^()]+)\)$")


@dataclass(frozen=True)
class Column:
    """One used column: where it is, its header as found, the field it gives and its unit factor (None: none)."""

    index: int
    header: str
    field: str
    factor: float | None = None


def header_key(text: str) -> str:
    """What headers are compared by: full-width folded (NFKC), no BOM or spaces, lower case."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", ""))
    return "".join(text.split()).casefold()


def resolve_columns(sheet: Sheet, kind: str) -> tuple[list[Column], list[str]]:
    """The columns giving fields, and the headers of columns ignored; a located DataError for any other."""
    lookup = {header_key(a): f for f, aliases in ALIASES[kind].items() for a in aliases}
    columns: list[Column] = []
    ignored: list[str] = []
    for index, raw in enumerate(sheet.header):
        key = header_key(raw)
        if not key:
            _no_header(sheet, index)
            continue
        if key in IGNORED:
            ignored.append(raw.strip())
            continue
        column = _column(index, raw, key, lookup)
        if column is None:
            raise DataError(f"{sheet.where}:{sheet.header_line}: column {raw.strip()!r} is not a known header for "
                            f"{kind}; accepted headers: {accepted_headers(kind)}")
        twin = next((c for c in columns if c.field == column.field), None)
        if twin is not None:
            raise DataError(f"{sheet.where}:{sheet.header_line}: columns {twin.header!r} and {column.header!r} both "
                            f"give {column.field}; keep one of them")
        columns.append(column)
    return columns, ignored


def _column(index: int, raw: str, key: str, lookup: dict[str, str]) -> Column | None:
    if key in lookup:
        return Column(index, raw.strip(), lookup[key])
    match = _WITH_UNIT.match(key)
    if match and match.group(1) in lookup:
        field = lookup[match.group(1)]
        factor = UNITS.get(field, {}).get(match.group(2))
        if factor is not None:
            return Column(index, raw.strip(), field, factor)
    return None


def _no_header(sheet: Sheet, index: int) -> None:
    for line, cells in sheet.rows:
        if cells[index].strip():
            raise DataError(f"{sheet.where}:{line}: cell {cells[index]!r} is in column {index + 1}, which has no "
                            f"header (line {sheet.header_line}); name the column or empty it")


def accepted_headers(kind: str) -> str:
    """Every accepted header of a kind, grouped by field: 'id: id/编号; name_zh: …'."""
    parts = []
    for field, aliases in ALIASES[kind].items():
        units = f" (unit in brackets: {UNIT_HINTS[field]})" if field in UNIT_HINTS else ""
        parts.append(f"{field}: {'/'.join(aliases)}{units}")
    return "; ".join(parts) + f"; ignored: {'/'.join(IGNORED)}"
