"""How the editor shows a field's name and value (shared by the tables and the undo texts)."""

from __future__ import annotations

from typing import Any

from ..i18n import tr


def display(value: Any, field: str) -> str:
    """How a value reads in a table cell."""
    if field == "start" and isinstance(value, int):
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def field_label(field: str) -> str:
    key = f"col.{field}"
    text = tr(key)
    return field.replace("_", " ") if text == key else text
