"""Large tables (nodes, segments, points, toilets, workers …) kept in CSV side files next to the YAML."""

from __future__ import annotations

import csv
import io
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..model import (
    Chief,
    CollectionPoint,
    Node,
    Segment,
    ServiceStation,
    Toilet,
    Vehicle,
    VendorStall,
    Worker,
)

Loc = tuple[str | int, ...]

# Where a table may live in a side file, and the model of one row.
TABLES: dict[Loc, type[BaseModel]] = {
    ("street_graph", "nodes"): Node,
    ("street_graph", "segments"): Segment,
    ("facilities", "service_stations"): ServiceStation,
    ("facilities", "toilets"): Toilet,
    ("collection_points",): CollectionPoint,
    ("fleet", "vehicles"): Vehicle,
    ("workforce", "workers"): Worker,
    ("workforce", "chiefs"): Chief,
    ("incidents", "vendor_register"): VendorStall,
}

LIST_SEPARATOR = ";"
OMIT_WHEN_EMPTY = frozenset({"shape"})
#: Larger side files are refused before reading (a district's biggest table is a few MB).
MAX_SIDE_FILE_BYTES = 256 * 1024 * 1024


class TableReadError(ValueError):
    """A side file that cannot be read as a table, with the line where reading stopped (None: the whole file)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+)$")


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    return origin is list


def _is_optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_text(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _number_or_text(text: str) -> Any:
    if _NUMBER.match(text):
        return int(text) if text.lstrip("+-").isdigit() else float(text)
    return text


def _column_kinds(columns: list[str], model: type[BaseModel]) -> dict[str, tuple[str, bool]]:
    """For each column: how to read its cells ('list', 'text', 'number', 'unknown') and whether it may be empty."""
    kinds = {}
    fields = model.model_fields
    for column in columns:
        field = fields.get(column)
        if field is None:
            kinds[column] = ("unknown", False)
        elif _is_list(field.annotation):
            kinds[column] = ("list", False)
        else:
            kind = "text" if _is_text(field.annotation) else "number"
            kinds[column] = (kind, _is_optional(field.annotation))
    return kinds


def row_to_dict(row: dict[str, str], kinds: dict[str, tuple[str, bool]]) -> dict[str, Any]:
    """CSV cells to the values the model validates: lists split on ';', empty optional cells → None."""
    out: dict[str, Any] = {}
    for column, raw in row.items():
        if column is None:  # more cells than header columns
            out["__extra_cells__"] = raw
            continue
        text = (raw or "").strip()
        kind, optional = kinds.get(column, ("unknown", False))
        if kind == "list":
            out[column] = [_number_or_text(t.strip()) for t in text.split(LIST_SEPARATOR) if t.strip()]
        elif text == "":
            if optional:
                out[column] = None
            # else leave it out: the model's default applies, or it reports the field as missing
        elif kind == "number":
            out[column] = _number_or_text(text)
        else:
            out[column] = text  # text, or an unknown column the model reports as an unknown field
    return out


def read_table(path: Path, model: type[BaseModel]) -> tuple[list[dict[str, Any]], list[int]]:
    """Rows of a CSV side file and the 1-based file line of each row; TableReadError when it is no such table."""
    size = path.stat().st_size
    if size > MAX_SIDE_FILE_BYTES:
        raise TableReadError(None, f"is {size:,} bytes; a side file may have at most {MAX_SIDE_FILE_BYTES:,}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TableReadError(line, f"is not UTF-8 text ({_encoding_hint(data)}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    try:
        kinds = _column_kinds(list(reader.fieldnames or []), model)
        for row in reader:
            rows.append(row_to_dict(row, kinds))
            lines.append(reader.line_num)
    except csv.Error as exc:
        # e.g. a cell over the csv module's field limit (131,072 characters), or a NUL byte
        raise TableReadError(reader.line_num + 1, f"is not a readable CSV table here ({exc})") from None
    return rows, lines


def _encoding_hint(data: bytes) -> str:
    if b"\0" in data[:4096]:
        return "it looks like a binary file"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return "unknown encoding"
    return "it looks like GBK/GB18030, as Excel saves Chinese CSV files"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def table_to_csv(rows: list[dict[str, Any]], model: type[BaseModel]) -> str:
    """JSON-mode row dicts as CSV text, columns in the model's field order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # Optional columns nobody filled in (e.g. a street's shape) stay out, so older files keep their bytes.
    columns = [c for c in model.model_fields
               if c not in OMIT_WHEN_EMPTY or any(row.get(c) for row in rows)]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell_text(row.get(c)) for c in columns])
    return buffer.getvalue()
