"""A bureau's own lists (collection points, toilets, staff, vehicles, the vendor register) from CSV or Excel into a
scenario.

Headers may be the model's field names or Chinese (编号, 名称, 经度 …, see headers.py); places come as a street
node or as lon/lat (WGS-84, GCJ-02 or BD-09) snapped to the nearest node. ``merge`` updates rows with the same
id (only the columns the file gives; an empty cell keeps the old value) and adds new ones; ``replace`` replaces
the whole table. The new scenario is validated as a whole; on any error nothing is returned.

Decisions: a GB18030/GBK CSV (Chinese Excel's "CSV") is read, with a report line. A vehicle's 车牌 is its id
when there is no 编号 column (Chinese characters become ISO province codes: 川A12345 → SC-A12345); vehicles
have no capacity of their own, so 载重 is checked against the named type's capacity (a bare number below 100
is tonnes) and more than 5 % off is an error. 名称 also fills the English name when the file has no English
name column and the row has none (摊主 likewise fills a stall holder's English name, and replaces it when a
merge changes the holder). The vendor register's report counts each zone's active stalls (registered +
admitted) against its places and warns, without refusing the import, when a zone has more. Row problems raise
DataError (all of them, located); problems of the scenario as a whole (e.g. a chief whose worker a replace
removed) raise ScenarioError.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..errors import DataError, describe_pydantic_error
from ..files.load import _Locator, scenario_from_data
from ..model import CollectionPoint, Scenario, Toilet, Vehicle, VendorStall, Worker
from .cells import Refs
from .china_crs import ALL_CRS, CRS_NAMES, Crs
from .headers import ALIASES, Column, resolve_columns
from .list_report import Note, place_notes, table_notes, vehicle_notes, vendor_notes
from .list_rows import (
    Problems,
    Row,
    check_columns,
    check_ids,
    coordinates_of,
    header_of,
    read_rows,
)
from .sheet import read_sheet
from .snap import snap_points

ListKind = Literal["points", "toilets", "staff", "vehicles", "vendors"]
LIST_KINDS: tuple[ListKind, ...] = ("points", "toilets", "staff", "vehicles", "vendors")
#: Where each kind's table sits in a scenario, and the model of one row.
TABLES: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {
    "points": (("collection_points",), CollectionPoint),
    "toilets": (("facilities", "toilets"), Toilet),
    "staff": (("workforce", "workers"), Worker),
    "vehicles": (("fleet", "vehicles"), Vehicle),
    "vendors": (("incidents", "vendor_register"), VendorStall),
}
#: Chinese name field → its English twin, filled from the Chinese one when the file has no English column.
NAME_PAIRS = (("name_zh", "name_en"), ("holder_zh", "holder_en"))
#: 载重 may differ this much (relative) from its vehicle type's capacity before it counts as a contradiction.
LOAD_TOLERANCE = 0.05


@dataclass(frozen=True)
class ListImport:
    """The validated new scenario and what happened, for the user (English and Simplified Chinese)."""

    scenario: Scenario
    report: list[str]
    report_zh: list[str]


def import_list(base: Scenario, kind: ListKind, path: Path, mode: Literal["merge", "replace"] = "merge",
                crs: Crs = "wgs84", max_snap_m: float = 200.0) -> ListImport:
    """Put a CSV/XLSX list into ``base``; DataError (every bad row, located) or ScenarioError on failure."""
    if kind not in LIST_KINDS or mode not in ("merge", "replace") or crs not in ALL_CRS:
        raise ValueError(f"kind {kind!r}, mode {mode!r} or crs {crs!r} is not one of {LIST_KINDS}, "
                         f"merge/replace, {ALL_CRS}")
    path = Path(path)
    sheet = read_sheet(path)
    columns, ignored = resolve_columns(sheet, kind)
    problems = Problems(sheet.where)
    check_columns(columns, kind, problems, sheet.header_line)
    _raise(problems)
    rows = read_rows(sheet, columns, Refs.of(base), problems)
    check_ids(rows, columns, kind, problems)
    if kind in ("points", "toilets"):
        _place(base, rows, columns, kind, crs, max_snap_m, problems)
    data = base.model_dump(mode="json")
    loc, _ = TABLES[kind]
    before = list(_table(data, loc))  # a copy: the table is replaced in data below
    table, lines, counts = _merge(base, kind, rows, columns, before if mode == "merge" else [], problems)
    _raise(problems)
    _table(data, loc)[:] = table
    locator = _Locator(sheet.where, {})
    locator.tables[loc] = (sheet.where, lines)  # a whole-scenario problem names the file row it came from
    scenario = scenario_from_data(data, locator)
    notes: list[Note] = [(f"read {len(rows)} rows from {sheet.where}", f"从 {sheet.where} 读取 {len(rows)} 行"),
                         *sheet.notes]
    notes += table_notes(kind, mode, len(before), len(table), counts, ignored)
    notes += place_notes(rows, crs) + vehicle_notes(rows, columns, counts)
    if kind == "vendors":
        notes += vendor_notes(scenario)
    return ListImport(scenario, [en for en, _ in notes], [zh for _, zh in notes])


def _raise(problems: Problems) -> None:
    if problems:
        raise DataError(problems.text())


def _table(data: dict[str, Any], loc: tuple[str, ...]) -> list[dict[str, Any]]:
    for part in loc:
        data = data[part]
    return data  # type: ignore[return-value]


# Seven parameters: the import's working state, passed down one step of the import.
def _place(base: Scenario, rows: list[Row], columns: list[Column], kind: str, crs: Crs, max_snap_m: float,
           problems: Problems) -> None:
    """Rows with lon/lat (and no node) get the nearest street node; one too far from every street is a problem."""
    pending = [(row, xy) for row in rows if (xy := coordinates_of(row, columns, kind, problems)) is not None]
    far = []
    for (row, xy), snap in zip(pending, snap_points(base, [xy for _, xy in pending], crs), strict=True):
        if snap.distance_m > max_snap_m:
            far.append((row, xy, snap.distance_m))
        else:
            row.given["node"], row.snap = snap.node, snap
    if not far:
        return
    hints = _far_hints(base, [xy for _, xy, _ in far], crs, max_snap_m, columns, kind)
    where = f"{header_of(columns, 'lon', kind)}/{header_of(columns, 'lat', kind)}"
    for (row, _, distance), hint in zip(far, hints, strict=True):
        problems.add(row.line, f"{where} ({row.raw['lon'].strip()}, {row.raw['lat'].strip()}) is "
                               f"{_distance(distance)} from the nearest street (limit {max_snap_m:g} m); "
                               f"check the coordinates or the --crs{hint}")


def _far_hints(base: Scenario, points: list[tuple[float, float]], crs: Crs, max_snap_m: float,
               columns: list[Column], kind: str) -> list[str]:
    """For each far point, what would have put it on a street: another datum, or lon and lat swapped."""
    hints = [""] * len(points)
    tries: list[tuple[Crs, list[tuple[float, float]], str]] = [
        (other, points, f"; read as {CRS_NAMES[other][0]} (--crs {other}) it is {{d}} from a street")
        for other in ALL_CRS if other != crs]
    swapped = [(lat, lon) if abs(lon) <= 90 else (lon, lat) for lon, lat in points]
    tries.append((crs, swapped, f"; with {header_of(columns, 'lon', kind)} and {header_of(columns, 'lat', kind)} "
                                "swapped it is {d} from a street"))
    for other, xy, text in tries:
        for i, snap in enumerate(snap_points(base, xy, other)):
            if not hints[i] and snap.distance_m <= max_snap_m:
                hints[i] = text.format(d=_distance(snap.distance_m))
    return hints


def _distance(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 10_000 else f"{metres / 1000:,.0f} km"


def _merge(base: Scenario, kind: str, rows: list[Row], columns: list[Column], old: list[dict[str, Any]],
           problems: Problems) -> tuple[list[dict[str, Any]], list[int], dict[str, int]]:
    """The new table (old rows updated in place, new ones appended), each row's file line (0: not in the file)
    and counts for the report."""
    _, model = TABLES[kind]
    table, lines = list(old), [0] * len(old)
    position = {r["id"]: i for i, r in enumerate(table)}
    fields = {c.field for c in columns}
    counts = {"added": 0, "updated": 0, "default_depot": 0, "load_checked": 0}
    bad = problems.lines()
    for row in rows:
        if "id" not in row.given or row.line in bad:
            continue  # reported already; checking it further would only repeat it
        i = position.get(row.given["id"])
        merged = {**(table[i] if i is not None else {}),
                  **{k: v for k, v in row.given.items() if k in model.model_fields}}
        for zh, en in NAME_PAIRS:
            if en in model.model_fields and en not in fields and not merged.get(en) and merged.get(zh):
                merged[en] = merged[zh]
        holder = row.given.get("holder_zh")
        if (kind == "vendors" and i is not None and "holder_en" not in fields and holder
                and holder != table[i].get("holder_zh")):
            merged["holder_en"] = holder  # a stall that changed hands: the old English name is not the new holder's
        if kind == "vehicles":
            _vehicle(base, row, merged, columns, problems, counts)
        checked = _validate(model, merged, row, columns, kind, problems, new=i is None and bool(old))
        if checked is None:
            continue
        if i is None:
            position[checked["id"]] = len(table)
            table.append(checked)
            lines.append(row.line)
            counts["added"] += 1
        else:
            table[i], lines[i] = checked, row.line
            counts["updated"] += 1
    return table, lines, counts


def _vehicle(base: Scenario, row: Row, merged: dict[str, Any], columns: list[Column], problems: Problems,
             counts: dict[str, int]) -> None:
    """A vehicle without a depot goes to the only depot; its 载重 must agree with its type's capacity."""
    depots = base.facilities.depots
    if "depot" not in merged and len(depots) == 1:
        merged["depot"] = depots[0].id
        counts["default_depot"] += 1
    load = row.given.get("load")
    vehicle_type = base.index.vehicle_types.get(merged.get("type", ""))
    if load is None or vehicle_type is None:
        return
    capacity = vehicle_type.capacity_kg
    if abs(load - capacity) > LOAD_TOLERANCE * capacity:
        problems.add(row.line, f"{header_of(columns, 'load', 'vehicles')} {row.raw['load']!r} ({load:g} kg) "
                               f"contradicts vehicle type {vehicle_type.id}'s capacity {capacity:g} kg; correct "
                               f"{header_of(columns, 'load', 'vehicles')} or {header_of(columns, 'type', 'vehicles')}")
    else:
        counts["load_checked"] += 1


# Seven parameters: the import's working state, passed down one step of the import.
def _validate(model: type[BaseModel], merged: dict[str, Any], row: Row, columns: list[Column], kind: str,
              problems: Problems, new: bool) -> dict[str, Any] | None:
    """The row as the model has it (JSON form), or None after adding a problem for each bad field."""
    try:
        return model.model_validate(merged).model_dump(mode="json")
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "row"
            text = f"{header_of(columns, name, kind)} {describe_pydantic_error(error, list(model.model_fields))}"
            if error["type"] == "missing":
                text += _missing_hint(name, kind, merged.get("id"), new)
            problems.add(row.line, text)
        return None


def _missing_hint(name: str, kind: str, row_id: Any, new: bool) -> str:
    column = "/".join(ALIASES[kind].get(name, (name,)))
    hint = " (give 节点/node or 经度/纬度)" if name == "node" else f" (add a column {column})"
    return hint + (f"; {row_id!r} is not in the base scenario, so this row is a new one" if new else "")
