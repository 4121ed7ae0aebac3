"""A scenario difference worded for people: '8吨压缩车 · 容量（千克）：8000 → 9000', never a raw dict."""

from __future__ import annotations

import re
from typing import Any

from scenarios.model.common import SKILL_ZH

from ..editor.labels import display, field_label
from ..i18n import bilingual, current_language, tr

MAX_LIST_ITEMS = 4


def _thing(value: dict[str, Any]) -> str:
    """A record by its name, else its id, else its fields."""
    name = bilingual(str(value.get("name_zh") or ""), str(value.get("name_en") or ""))
    if name or value.get("id"):
        return name or str(value["id"])
    comma = "，" if current_language() == "zh" else ", "
    return comma.join(f"{field_label(k)} {_value(v, k)}" for k, v in list(value.items())[:3])


def _value(value: Any, field: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return _thing(value)
    if isinstance(value, list):
        shown = [_value(v, field) for v in value[:MAX_LIST_ITEMS]]
        more = tr("diff.more", count=len(value) - MAX_LIST_ITEMS) if len(value) > MAX_LIST_ITEMS else ""
        joined = ("、" if current_language() == "zh" else ", ").join(shown)
        return (joined + more) if shown else tr("diff.none")
    if field in ("skill", "skills") and current_language() == "zh":
        return SKILL_ZH.get(str(value), str(value))
    return display(value, field)


def diff_text(path: str, old: Any, new: Any) -> str:
    """'fleet.vehicle_types[id=CT8].capacity_kg' 8000 → 9000 as '车型 CT8 · 容量（千克）：8000 → 9000'."""
    parts = re.findall(r"([A-Za-z_]+)(?:\[id=([^\]]+)\])?", path)
    field = parts[-1][0] if parts else path
    owner = next((ident for _, ident in reversed(parts) if ident), "")
    if isinstance(old, dict) or isinstance(new, dict):  # a whole record added or removed
        key = "diff.added" if old is None else "diff.removed" if new is None else "diff.changed"
        return tr(key, what=field_label(parts[-2][0] if len(parts) > 1 and not parts[-1][1] else field),
                  name=_thing(new if old is None else old))
    where = f"{owner} · " if owner else ""
    return tr("diff.set", field=f"{where}{field_label(field)}", old=_value(old, field), new=_value(new, field))
