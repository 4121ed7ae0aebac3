"""One cell of a bureau's list → the value the scenario model takes (Chinese words, units, separators).

A cell that cannot be read raises CellError with the message's tail: the caller puts file:line, header and the
raw value in front ("技能 'drver' unknown, expected one of driver (司机), …")."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Scenario
from ..model.common import SKILL_ZH, SKILLS

#: Items of a list cell: ; ； 、 , ， or a line break (what people type in Excel).
_SEPARATORS = re.compile(r"[;；、,，\n]+")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_WEIGHT = re.compile(r"^([+-]?\d+\.?\d*|\.\d+)(kg|公斤|千克|t|吨)?$")
#: A bare 载重 below this is taken as tonnes (trucks carry 0.5–30 t), from it on as kg.
BARE_LOAD_TONNES_BELOW = 100.0

_POINT_KINDS = {"residential": ("居民", "生活", "住宅", "小区", "居民区", "生活垃圾"),
                "commercial": ("商业", "商铺", "商户", "商业区"),
                "restaurant": ("餐饮", "餐厨", "饭店", "餐馆", "餐饮店")}
_REGIMES = {"standard": ("标准", "标准工时", "标准工时制"),
            "comprehensive": ("综合", "综合工时", "综合工时制", "综合计算工时", "综合计算工时制")}
_SKILL_WORDS = {**{zh: skill for skill, zh in SKILL_ZH.items()}, "街长": "chief", "路长": "chief", "巷长": "chief",
                "驾驶员": "driver", "装卸员": "loader", "清扫员": "manual_sweeper", "公厕保洁": "toilet_cleaner",
                "执法人员": "enforcement_officer", "城管队员": "enforcement_officer"}
_STALL_STATUS = {"admitted": ("已准入", "准入"), "registered": ("已登记", "登记", "在册"),
                 "exited": ("已退出", "退出", "已注销", "注销")}
_GRADES = {"一": 1, "二": 2, "三": 3, "1": 1, "2": 2, "3": 3, "i": 1, "ii": 2, "iii": 3}
_TRUE = ("是", "true", "yes", "y", "1", "√", "✓", "有")
_FALSE = ("否", "false", "no", "n", "0", "×", "无")
_WEEKDAYS = "一二三四五六日"
_WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: 2017-03-01, 2017/3/1, 2017.3.1 or 2017年3月1日, optionally with a time of day (dropped).
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
#: Excel's day 0 (serial dates count from here; Excel's phantom 1900-02-29 lies before any date we take).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: A bare whole number in this range is an Excel serial date (1927-05-18 .. 2173-10-13).
_EXCEL_SERIALS = range(10_000, 100_000)
#: At most this many vendor zone ids are listed in a message (Shuangliu has 36).
MAX_LISTED_ZONES = 40


class CellError(ValueError):
    """A cell that cannot be read; the text is what follows '{header} {raw value!r} ' in the located message."""


@dataclass(frozen=True)
class Refs:
    """Things a cell may name, by id or by Chinese or English name (case-insensitive) → id."""

    teams: dict[str, str]
    vehicle_types: dict[str, str]
    depots: dict[str, str]
    shifts: dict[str, str]
    nodes: frozenset[str]
    listed: dict[str, str]  # what each reference kind expects, for messages
    vendor_zones: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario) -> Refs:
        tables: dict[str, Sequence[Any]] = {"teams": scenario.workforce.teams, "vehicle_types": scenario.fleet.vehicle_types,
                  "depots": scenario.facilities.depots, "shifts": scenario.shifts.templates}
        maps = {k: {key(name): x.id for x in items for name in (x.id, x.name_zh, x.name_en) if name}
                for k, items in tables.items()}
        listed = {k: ", ".join(f"{x.id} ({x.name_zh})" if x.name_zh else x.id for x in items)
                  for k, items in tables.items()}
        zones = scenario.incidents.vendor_zones
        # Zone names are long (天府六摊区（早餐）): the message lists the ids only.
        listed["vendor_zones"] = ", ".join([z.id for z in zones[:MAX_LISTED_ZONES]]
                                           + (["…"] if len(zones) > MAX_LISTED_ZONES else [])) or "(none: add vendor zones first)"
        vendor_zones = {key(name): z.id for z in zones for name in (z.id, z.name_zh, z.name_en) if name}
        return cls(maps["teams"], maps["vehicle_types"], maps["depots"], maps["shifts"],
                   frozenset(n.id for n in scenario.street_graph.nodes), listed, vendor_zones)


def key(text: str) -> str:
    """How cells are compared with known words: full width folded, no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key(w): value for value, words in table.items() for w in (value, *words)}


def _expected(table: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(f"{value} ({words[0]})" for value, words in table.items())


def number(text: str, factor: float | None = None) -> float | int:
    """A plain number (thousands commas allowed), times the header's unit factor."""
    t = key(text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    if not _NUMBER.match(t):
        raise CellError("is not a number")
    value = float(t) * (factor or 1.0)
    return int(value) if value.is_integer() and "." not in t and "e" not in t else value


def weight_kg(text: str, factor: float | None) -> float:
    """Kilograms from '480', '480kg', '0.5吨' or '5t'; a unit in the cell wins over the header's."""
    match = _WEIGHT.match(key(text))
    if not match:
        raise CellError("is not a weight (expected a number, optionally with kg/公斤/t/吨)")
    value, unit = float(match.group(1)), match.group(2)
    if unit:
        return value * (1000.0 if unit in ("t", "吨") else 1.0)
    return value * (factor or 1.0)


def load_kg(text: str, factor: float | None) -> float:
    """A vehicle's 载重: like weight_kg, but a bare number below 100 is tonnes (nobody's truck carries 99 kg)."""
    kg = weight_kg(text, factor)
    match = _WEIGHT.match(key(text))
    bare = factor is None and match is not None and not match.group(2)
    return kg * 1000.0 if bare and kg < BARE_LOAD_TONNES_BELOW else kg


#: Chinese characters of number plates → id parts: provinces by their ISO 3166-2:CN code (unique, unlike pinyin).
PLATE_PARTS = {
    "京": "BJ", "津": "TJ", "沪": "SH", "渝": "CQ", "冀": "HE", "豫": "HA", "云": "YN", "辽": "LN", "黑": "HL",
    "湘": "HN", "皖": "AH", "鲁": "SD", "新": "XJ", "苏": "JS", "浙": "ZJ", "赣": "JX", "鄂": "HB", "桂": "GX",
    "甘": "GS", "晋": "SX", "蒙": "NM", "陕": "SN", "吉": "JL", "闽": "FJ", "贵": "GZ", "粤": "GD", "青": "QH",
    "藏": "XZ", "川": "SC", "宁": "NX", "琼": "HI", "港": "HK", "澳": "MO",
    "警": "JING", "学": "XUE", "挂": "GUA", "领": "LING", "使": "SHI",
}


def plate_id(text: str) -> str:
    """A number plate as an id (ids hold only letters, digits, _ . -): 川A·12345 → SC-A12345."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"[A-Za-z0-9_.\-]+", plain):
        return plain
    parts: list[str] = []
    run = ""
    for char in re.sub(r"[\s·•.\-_]", "", unicodedata.normalize("NFKC", text)).upper():
        if char.isascii() and char.isalnum():
            run += char
        elif char in PLATE_PARTS:
            parts += [run] if run else []
            parts.append(PLATE_PARTS[char])
            run = ""
        else:
            raise CellError(f"has {char!r}, which an id cannot hold; add an 编号 column with ids of letters and digits")
    parts += [run] if run else []
    return "-".join(parts)


def degrees(text: str, limit: float, what: str) -> float:
    value = float(number(text))
    if not -limit <= value <= limit:
        swapped = "; are longitude and latitude swapped?" if what == "latitude" and abs(value) <= 180 else ""
        raise CellError(f"is not a {what} (expected degrees -{limit:g}..{limit:g}{swapped})")
    return value


def window(text: str) -> str:
    """'6:00～22:00', '06:00至22:00', '全天' → '06:00-22:00' / '00:00-24:00' (the model checks the rest)."""
    t = key(text)
    if t in ("全天", "24小时", "24h", "全天开放", "24小时开放"):
        return "00:00-24:00"
    return re.sub(r"[~—–－至到]", "-", t)


def items(text: str) -> list[str]:
    return [t.strip() for t in _SEPARATORS.split(text) if t.strip()]


def _choice(text: str, table: dict[str, tuple[str, ...]]) -> str:
    found = _words(table).get(key(text))
    if found is None:
        raise CellError(f"unknown, expected one of {_expected(table)}")
    return found


def grade(text: str) -> int:
    """Toilet grade from 一类/二类/三类, 一类公厕, Ⅱ类, 1/2/3."""
    found = _GRADES.get(re.sub("公厕|类|级|等", "", key(text)))
    if found is None:
        raise CellError("unknown, expected 一类/二类/三类 or 1/2/3")
    return found


def boolean(text: str) -> bool:
    k = key(text)
    if k in _TRUE or k in _FALSE:
        return k in _TRUE
    raise CellError("unknown, expected 是/否 or true/false")


def _each(text: str, one: Callable[[str], Any]) -> list[Any]:
    """Every item of a list cell; a bad item is named when the cell holds more than one."""
    parts = items(text)
    out = []
    for part in parts:
        try:
            out.append(one(part))
        except CellError as exc:
            raise CellError(f"{exc}" if len(parts) == 1 else f"has {part!r}, which is {exc}") from None
    return out


def skill(text: str) -> str:
    k = key(text)
    if k in SKILLS:
        return k
    if k in _SKILL_WORDS:
        return _SKILL_WORDS[k]
    raise CellError("unknown, expected one of " + ", ".join(f"{s} ({SKILL_ZH[s]})" for s in SKILLS))


def weekday(text: str) -> int:
    k = re.sub("^(周|星期|礼拜)", "", key(text)).replace("天", "日")
    if k.isdigit() and 0 <= int(k) <= 6:
        return int(k)
    if len(k) == 1 and k in _WEEKDAYS:
        return _WEEKDAYS.index(k)
    if k[:3] in _WEEKDAYS_EN:
        return _WEEKDAYS_EN.index(k[:3])
    raise CellError("unknown, expected 0 (Monday) .. 6 (Sunday) or 周一 .. 周日")


def reference(text: str, known: dict[str, str], listed: str) -> str:
    found = known.get(key(text))
    if found is None:
        raise CellError(f"unknown, expected one of {listed}")
    return found


def node(text: str, nodes: frozenset[str]) -> str:
    k = unicodedata.normalize("NFKC", text).strip()
    if k not in nodes:
        examples = ", ".join(sorted(nodes)[:3])
        raise CellError(f"is not a node of the street graph (e.g. {examples} …); or give 经度/纬度 instead")
    return k


def identifier(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def date(text: str) -> str:
    """A day as YYYY-MM-DD from 2017-03-01, 2017/3/1, 2017年3月1日 or an Excel serial date (42795)."""
    t = unicodedata.normalize("NFKC", text).strip().casefold()
    if t.isdigit() and int(t) in _EXCEL_SERIALS:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(t))).isoformat()
    match = _DATE.match(t)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            raise CellError("is not a day of the calendar (expected YYYY-MM-DD, e.g. 2017-03-01)") from None
    raise CellError("is not a date (expected YYYY-MM-DD, e.g. 2017-03-01, or an Excel date)")


def date_range(text: str) -> str:
    return re.sub(r"[~—–－至到]", "..", key(text))


def converter(field: str, refs: Refs) -> Callable[[str, float | None], Any]:
    """How to read a cell of a field (names stay as typed, stripped)."""
    simple: dict[str, Callable[[str], Any]] = {
        "id": identifier, "name_zh": str.strip, "name_en": str.strip, "node": lambda t: node(t, refs.nodes),
        "lon": lambda t: degrees(t, 180, "longitude"), "lat": lambda t: degrees(t, 90, "latitude"),
        "kind": lambda t: _choice(t, _POINT_KINDS), "regime": lambda t: _choice(t, _REGIMES),
        "grade": grade, "opening": window, "renovated_2017": boolean, "built_2017": boolean, "spare": boolean,
        "access_windows": lambda t: _each(t, window), "weekday_factors": lambda t: _each(t, number),
        "skills": lambda t: _each(t, skill), "leave": lambda t: _each(t, date_range),
        "unavailable_weekdays": lambda t: _each(t, weekday),
        "team": lambda t: reference(t, refs.teams, refs.listed["teams"]),
        "type": lambda t: reference(t, refs.vehicle_types, refs.listed["vehicle_types"]),
        "depot": lambda t: reference(t, refs.depots, refs.listed["depots"]),
        "home_depot": lambda t: reference(t, refs.depots, refs.listed["depots"]),
        "preferred_shifts": lambda t: _each(t, lambda s: reference(s, refs.shifts, refs.listed["shifts"])),
        "avoided_shifts": lambda t: _each(t, lambda s: reference(s, refs.shifts, refs.listed["shifts"])),
        "plate": plate_id,
        "zone": lambda t: reference(t, refs.vendor_zones, refs.listed["vendor_zones"]),
        "holder_zh": str.strip, "holder_en": str.strip, "goods": str.strip,
        "status": lambda t: _choice(t, _STALL_STATUS), "since": date,
    }
    if field in simple:
        one = simple[field]
        return lambda text, _factor: one(text)
    if field in ("capacity_kg", "mean_kg_per_day"):
        return weight_kg
    if field == "load":
        return load_kg
    return number
