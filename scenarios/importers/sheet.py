"""A bureau's list as raw text cells: CSV (UTF-8 or GB18030, as Chinese Excel saves it) or the first sheet of an .xlsx.

Cells stay text exactly as found (errors quote them); the header row may sit below a title row or two."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from .text import SNIFF_BYTES, read_user_bytes

#: Leading rows with at most one filled cell (a title such as "双流区公厕名录") skipped before the header.
MAX_TITLE_ROWS = 5


@dataclass
class Sheet:
    """Raw rows of one table; ``where`` prefixes every located message ("a.csv" or "a.xlsx:Sheet1")."""

    where: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells aligned with header)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese) report lines


def read_sheet(path: Path) -> Sheet:
    """The table of a .csv or .xlsx file; a DataError names the file and what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _from_lines(str(path), _csv_lines(path, *_decode(path)))
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in (".xls", ".et", ".wps"):
        raise DataError(f"{path}: is an old-style spreadsheet ({suffix}); save it as .xlsx or as CSV UTF-8")
    raise DataError(f"{path}: must be a .csv or .xlsx file (got {suffix or 'no extension'!r})")


def _decode(path: Path) -> tuple[str, list[tuple[str, str]]]:
    data = read_user_bytes(path)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DataError(f"{path}: is a binary file, not CSV text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:utf8_error.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: is neither UTF-8 nor GB18030/GBK text (byte 0x{data[utf8_error.start]:02x} "
                        f"at offset {utf8_error.start}); save it as CSV UTF-8") from None
    # What Excel on a Chinese Windows writes for "CSV (逗号分隔)": read it, and say so.
    return text, [(f"{path.name} is not UTF-8: read it as GB18030/GBK (Chinese Excel's CSV encoding)",
                   f"{path.name} 不是 UTF-8 编码：已按 GB18030/GBK（中文版 Excel 的 CSV 编码）读取")]


def _csv_lines(path: Path, text: str, notes: list[tuple[str, str]]) -> tuple[list[tuple[int, list[str]]], list[tuple[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    lines: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            lines.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"{path}:{reader.line_num}: is not a readable CSV table ({exc})") from None
    return lines, notes


def _read_xlsx(path: Path) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    read_user_bytes(path)  # a located error for a missing file, a folder, no permission
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(f"{path}: is not an Excel .xlsx workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        lines = [(n, [_cell(v) for v in values]) for n, values in enumerate(sheet.iter_rows(values_only=True), 1)]
        notes = []
        if len(book.worksheets) > 1:
            notes.append((f"read the first sheet {sheet.title!r} of {len(book.worksheets)}",
                          f"读取了 {len(book.worksheets)} 个工作表中的第一个“{sheet.title}”"))
    finally:
        book.close()
    return _from_lines(f"{path}:{sheet.title}", (lines, notes))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 12 as 12.0
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # a date cell
    return str(value)


def _from_lines(where: str, read: tuple[list[tuple[int, list[str]]], list[tuple[str, str]]]) -> Sheet:
    lines, notes = read
    filled = [(n, cells) for n, cells in lines if any(c.strip() for c in cells)]
    if not filled:
        raise DataError(f"{where}: is empty (expected a header row and one row per item)")
    counts = [sum(1 for c in cells if c.strip()) for _, cells in filled]
    skipped = 0
    # Title rows are one-cell rows above a wider table (a one-column table keeps its header).
    while skipped < min(MAX_TITLE_ROWS, len(filled) - 1) and counts[skipped] <= 1 < max(counts):
        skipped += 1
    header_line, header = filled[skipped]
    if skipped:
        notes.append((f"skipped {skipped} title row(s) above the header on line {header_line}",
                      f"跳过表头（第 {header_line} 行）上方的 {skipped} 行标题"))
    width = len(header)
    rows = []
    for line, cells in filled[skipped + 1:]:
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            raise DataError(f"{where}:{line}: has {len(cells)} cells but the header has {width} columns "
                            f"(extra cell {extra[0]!r}); add a header for it or remove it")
        rows.append((line, (cells + [""] * width)[:width]))
    if not rows:
        raise DataError(f"{where}: has a header on line {header_line} but no rows below it")
    return Sheet(where, header_line, header, rows, notes)
