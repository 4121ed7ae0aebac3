"""The open scenario as the app edits it: a base scenario plus a list of field edits (Qt-free).

Edits are addressed by paths like ("fleet", "vehicle_types", 2, "capacity_kg"). Setting a value
re-validates the edited record through the scenario model, so a bad value is refused with the
model's own message and the scenario never holds invalid data. Listeners hear about every change;
the Qt models and the undo stack sit on top of this.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scenarios import Scenario, load_scenario, save_scenario
from scenarios.errors import describe_pydantic_error, has_chinese_wording

from .editor.labels import field_label
from .i18n import current_language

log = logging.getLogger(__name__)

Path_ = tuple[str | int, ...]


class EditRefused(ValueError):
    """A value the scenario model does not accept; the message says why, in the model's terms."""


@dataclass(frozen=True)
class FieldChange:
    """One difference between the base scenario and the edited one."""

    path: Path_
    old: Any
    new: Any

    dotted: str = ""  # the variant path, e.g. fleet.vehicle_types[id=CT8].capacity_kg

    def as_change(self) -> Any:
        """The edit as a scenarios.variants.Change (what a saved variant and a study carry)."""
        from scenarios.variants import Change

        return Change(op="set", path=self.dotted, value=_plain(self.new))


def variant_path(root: Any, path: Path_) -> str:
    """A document path as a scenarios.variants path: list items by id where they have one."""
    text, node = "", root
    for part in path:
        if isinstance(part, int):
            item = node[part]
            item_id = getattr(item, "id", None)
            text += f"[id={item_id}]" if item_id is not None else f"[{part}]"
            node = item
        else:
            text += f".{part}" if text else part
            node = getattr(node, part)
    return text


def get_at(root: Any, path: Path_) -> Any:
    """The value at a path inside a scenario (attributes by name, list items by index)."""
    value = root
    for part in path:
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def _replace_at(node: Any, path: Path_, value: Any) -> Any:
    """A copy of `node` with the value at `path` replaced; the edited record is re-validated."""
    head, rest = path[0], path[1:]
    if isinstance(node, list):
        items = list(node)
        items[head] = _replace_at(items[head], rest, value) if rest else value
        return items
    if not rest:
        data = node.model_dump()
        data[head] = value
        try:
            return type(node).model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            language = current_language() if has_chinese_wording(first) else "en"
            separator = "：" if language == "zh" else ": "
            raise EditRefused(f"{field_label(str(head))}{separator}{describe_pydantic_error(first, (), language)}") from None
    return node.model_copy(update={head: _replace_at(getattr(node, head), rest, value)})


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class ScenarioDocument:
    """The scenario being edited: base, current state, the edits between them, and its file."""

    def __init__(self, scenario: Scenario, path: Path | None = None) -> None:
        self.path = path
        self.base = scenario
        self.current = scenario
        self._values: dict[Path_, Any] = {}  # path -> current value, for paths edited since the base
        self._listeners: list[Callable[[Path_ | None], None]] = []
        self._blob: bytes | None = None

    @classmethod
    def open(cls, path: Path) -> ScenarioDocument:
        return cls(load_scenario(path), Path(path))

    @property
    def name(self) -> str:
        return self.path.stem if self.path else self.base.district.name_en

    def display_name(self, language: str) -> str:
        """The district as people call it ('培训示范街区'), else the file's name."""
        district = self.current.district
        name = (district.name_zh or district.name_en) if language == "zh" else (district.name_en or district.name_zh)
        return name or self.name

    def listen(self, listener: Callable[[Path_ | None], None]) -> None:
        self._listeners.append(listener)

    def value(self, path: Path_) -> Any:
        return get_at(self.current, path)

    def set_value(self, path: Path_, value: Any) -> None:
        """Apply one edit (raises EditRefused for a value the model rejects)."""
        self.current = _replace_at(self.current, path, value)
        if path not in self._values:
            self._values[path] = None
        self._values[path] = get_at(self.current, path)
        self._blob = None
        for listener in list(self._listeners):
            listener(path)

    def changes(self) -> list[FieldChange]:
        """What differs from the base scenario, in edit order (edits undone back to the base drop out)."""
        out = []
        for path, new in self._values.items():
            old = get_at(self.base, path)
            if old != new:
                out.append(FieldChange(path, old, new, variant_path(self.base, path)))
        return out

    @property
    def dirty(self) -> bool:
        return bool(self.changes())

    def blob(self) -> bytes:
        """The current scenario pickled for worker processes (cached until the next edit)."""
        if self._blob is None:
            self._blob = pickle.dumps(self.current, protocol=pickle.HIGHEST_PROTOCOL)
        return self._blob

    def variant(self, name: str | None = None) -> Any:
        """The edits as a scenarios.variants.Variant of the base file."""
        from scenarios.variants import Variant

        base = self.path.name if self.path else ""
        return Variant(name=name or f"{self.name}-variant", base=base, changes=[c.as_change() for c in self.changes()])

    def validated(self) -> Scenario:
        """The edited scenario checked as a whole (cross-references too), via scenarios.variants."""
        from scenarios.variants import apply_changes

        changes = [c.as_change() for c in self.changes()]
        return apply_changes(self.base, changes, name=self.name) if changes else self.base

    def save(self, path: Path | None = None) -> list[Path]:
        """Write the edited scenario (validated as a whole; each file atomically); it becomes the new base."""
        target = Path(path or self.path or "scenario.yaml")
        scenario = self.validated()
        written = save_scenario(scenario, target)
        self.current = scenario
        self.path, self.base, self._values, self._blob = target, scenario, {}, None
        for listener in list(self._listeners):
            listener(None)
        return written

    # --- autosave: the edits, not the whole district --------------------------------------------
    def autosave_text(self) -> str:
        edits = [{"path": list(c.path), "value": _plain(c.new)} for c in self.changes()]
        return json.dumps({"scenario": str(self.path or ""), "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
                           "edits": edits}, ensure_ascii=False, indent=1)

    def apply_autosave(self, text: str) -> int:
        """Re-apply the edits of an autosave; returns how many applied (edits the model refuses are skipped)."""
        applied = 0
        for edit in json.loads(text).get("edits", []):
            try:
                self.set_value(tuple(edit["path"]), edit["value"])
                applied += 1
            except (EditRefused, IndexError, AttributeError, KeyError, TypeError) as exc:
                log.warning("autosave edit %s not applied: %s", edit.get("path"), exc)
        return applied
