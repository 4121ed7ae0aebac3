"""Collection points and staff lists from CSV or Excel (.xlsx): same columns as the scenario's side files."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DataError, describe_pydantic_error
from ..files.side_tables import _column_kinds, row_to_dict
from ..model import CollectionPoint, Worker
from .text import read_user_bytes, read_user_text

KINDS: dict[str, type[BaseModel]] = {"points": CollectionPoint, "staff": Worker}


def _rows_from_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = read_user_text(path, "CSV")
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise DataError(f"{path}:{reader.line_num}: is not a readable CSV table ({exc})") from None
    return list(reader.fieldnames or []), rows


def _rows_from_xlsx(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    import zipfile

    from openpyxl import load_workbook

    read_user_bytes(path)  # a located error for a missing file, a folder, no permission
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DataError(f"{path}: is not an Excel .xlsx workbook ({exc})") from None
    rows_iter = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows_iter, ())]
    rows = []
    for line, values in enumerate(rows_iter, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((line, {h: "" if v is None else _excel_text(v) for h, v in zip(header, values, strict=False) if h}))
    return header, rows


def _excel_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def read_rows(path: Path, kind: str) -> list[dict[str, Any]]:
    """Validated rows (as dicts) of a CSV or XLSX table; the first bad cell raises a located DataError."""
    model = KINDS[kind]
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            header, raw = _rows_from_csv(path)
        elif suffix == ".xlsx":
            header, raw = _rows_from_xlsx(path)
        else:
            raise DataError(f"{path}: must be a .csv or .xlsx file (got {suffix or 'no extension'!r})")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except (UnicodeDecodeError, OSError, KeyError, ValueError) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(f"{path}: cannot be read as {suffix[1:].upper()} ({exc})") from None
    unknown = [h for h in header if h and h not in model.model_fields]
    if unknown:
        raise DataError(f"{path}:1: column {unknown[0]!r} is not a known field (expected columns from: "
                        f"{', '.join(model.model_fields)})")
    kinds = _column_kinds(header, model)
    out = []
    for line, row in raw:
        data = row_to_dict(row, kinds)
        try:
            model.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            column = ".".join(str(p) for p in error["loc"]) or "row"
            raise DataError(f"{path}:{line}: column {column} {describe_pydantic_error(error, list(model.model_fields))}") from None
        out.append(data)
    if not out:
        raise DataError(f"{path}: no rows found")
    return out
