"""Rows of a bureau's list → field values, located problems collected (not raised) so a user sees them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cells import CellError, Refs, converter
from .headers import ALIASES, Column
from .sheet import Sheet

#: At most this many problems are listed in one error (the rest are counted).
MAX_PROBLEMS = 20


@dataclass
class Row:
    """One row of the list: its line, the values it gives (empty cells left out) and the raw cells by field."""

    line: int
    given: dict[str, Any]
    raw: dict[str, str]
    snap: Any = None  # snap.Snap when its coordinates were moved to a node


@dataclass
class Problems:
    """Located problems of one import, shown in file order; ``where`` is 'file' or 'file:Sheet'."""

    where: str
    found: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, text: str) -> None:
        self.found.append((line, text))

    def __bool__(self) -> bool:
        return bool(self.found)

    def lines(self) -> set[int]:
        """File lines with a problem (their rows are left out of later checks, which would only repeat it)."""
        return {line for line, _ in self.found}

    def text(self) -> str:
        ordered = sorted(self.found, key=lambda p: p[0])  # stable: a row's problems keep their column order
        shown = [f"{self.where}:{line}: {text}" for line, text in ordered[:MAX_PROBLEMS]]
        more = len(ordered) - len(shown)
        return "\n".join(shown + ([f"… and {more} more problems"] if more else []))


def header_of(columns: list[Column], name: str, kind: str) -> str:
    """The header the file used for a field, else the field's first Chinese header and its name."""
    for column in columns:
        if column.field == name:
            return column.header
    chinese = next((a for a in ALIASES[kind].get(name, ()) if not a.isascii()), "")
    return f"{chinese} ({name})" if chinese else name


def read_rows(sheet: Sheet, columns: list[Column], refs: Refs, problems: Problems) -> list[Row]:
    """Every row's values; a cell that cannot be read adds '{header} {raw!r} {what is wrong}'."""
    readers = {c.field: converter(c.field, refs) for c in columns}
    rows = []
    for line, cells in sheet.rows:
        row = Row(line, {}, {})
        for column in columns:
            raw = cells[column.index]
            if not raw.strip():
                continue  # empty: the model's default, or the existing value when merging
            row.raw[column.field] = raw
            try:
                row.given[column.field] = readers[column.field](raw, column.factor)
            except CellError as exc:
                problems.add(line, f"{column.header} {raw!r} {exc}")
        rows.append(row)
    return rows


def check_ids(rows: list[Row], columns: list[Column], kind: str, problems: Problems) -> None:
    """Every row needs an id, and an id only once in the file."""
    first: dict[str, int] = {}
    id_header = header_of(columns, "id", kind)
    for row in rows:
        if "id" not in row.given and "plate" in row.given:
            row.given["id"] = row.given["plate"]  # a vehicle's plate is its id when no 编号 is given
        row_id = row.given.get("id")
        if row_id is None:
            if "id" not in row.raw and "plate" not in row.raw:  # an unreadable one is reported already
                problems.add(row.line, f"{id_header} is empty; every row needs one")
            continue
        if row_id in first:
            problems.add(row.line, f"{id_header} {row.raw.get('id', row.raw.get('plate'))!r} is used twice in the "
                                   f"file (first on line {first[row_id]})")
        first.setdefault(row_id, row.line)


def check_columns(columns: list[Column], kind: str, problems: Problems, header_line: int) -> None:
    """An id column (or a plate for vehicles) is needed; lon and lat come as a pair."""
    fields = {c.field for c in columns}
    if ("lon" in fields) != ("lat" in fields):
        have, need = ("lon", "lat") if "lon" in fields else ("lat", "lon")
        problems.add(header_line, f"column {header_of(columns, have, kind)} has no partner column "
                                  f"{header_of(columns, need, kind)}")
    if "id" not in fields and "plate" not in fields:
        problems.add(header_line, f"no id column; add one of {'/'.join(ALIASES[kind]['id'])}"
                                  + (f" or {'/'.join(ALIASES[kind]['plate'])}" if kind == "vehicles" else ""))


def coordinates_of(row: Row, columns: list[Column], kind: str, problems: Problems) -> tuple[float, float] | None:
    """The row's (lon, lat) when it gives both and no node; a half-given pair is a problem."""
    lon, lat = row.given.get("lon"), row.given.get("lat")
    if lon is None and lat is None:
        return None
    if lon is None or lat is None:
        given, missing = ("lon", "lat") if lon is not None else ("lat", "lon")
        if missing not in row.raw:  # not when the missing one was there but unreadable (already reported)
            problems.add(row.line, f"{header_of(columns, given, kind)} is given but "
                                   f"{header_of(columns, missing, kind)} is empty")
        return None
    if "node" in row.given:
        return None  # the node wins: the row names it outright
    return float(lon), float(lat)
