"""Variants: a base scenario plus a list of named changes (patches), and field-by-field differences.

Paths name a field with dots and pick list items by id or index:
`fleet.vehicle_types[id=compactor_8t].capacity_kg`, `street_graph.segments[12].cleaning_grade`.
Operations: set (a value, or a field of every item matching `where`), scale (multiply a number),
add (append an item), remove (an item, or every item matching `where`), set_count (keep or clone
items matching `where` until there are exactly `value` of them: "30 compactor trucks").
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .errors import DataError, Problem, ScenarioError
from .files.load import _Locator, load_scenario, scenario_from_data
from .model import Scenario

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]+\])*)")
_SELECTOR = re.compile(r"\[([^\]]+)\]")


class Change(BaseModel):
    """One named edit of a scenario."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    op: Literal["set", "scale", "add", "remove", "set_count"] = "set"
    path: str = Field(min_length=1)
    value: Any = None
    where: dict[str, Any] | None = None
    field: str | None = None
    note: str = ""

    def describe(self) -> str:
        where = f" where {self.where}" if self.where else ""
        field = f".{self.field}" if self.field else ""
        return f"{self.op} {self.path}{where}{field} = {self.value!r}" + (f"  ({self.note})" if self.note else "")


class Variant(BaseModel):
    """A named what-if: changes applied to a base scenario file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    base: str = ""
    changes: list[Change] = []

    def apply(self, base: Scenario) -> Scenario:
        return apply_changes(base, self.changes, name=self.name)


class VariantError(DataError):
    """A change that cannot be applied: names the change, the path step and what was expected."""


def _tokens(path: str) -> list[str | tuple[str, str] | int]:
    """'a.b[id=x][2].c' → ['a', 'b', ('id', 'x'), 2, 'c']."""
    out: list[str | tuple[str, str] | int] = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if not match:
            raise ValueError(f"path step {part!r} must look like name, name[3] or name[id=X]")
        out.append(match.group(1))
        for sel in _SELECTOR.findall(match.group(2)):
            if "=" in sel:
                key, _, val = sel.partition("=")
                out.append((key.strip(), val.strip()))
            elif sel.strip().lstrip("-").isdigit():
                out.append(int(sel))
            else:
                raise ValueError(f"selector [{sel}] must be an index or key=value")
    return out


def _matches(item: Any, where: dict[str, Any]) -> bool:
    if not isinstance(item, dict):
        return False
    for key, wanted in where.items():
        value = item.get(key)
        if isinstance(wanted, list) and not isinstance(value, list):
            if value not in wanted and str(value) not in [str(w) for w in wanted]:
                return False
        elif value != wanted and str(value) != str(wanted):
            return False
    return True


def _walk(data: Any, tokens: list, where_text: str) -> tuple[Any, Any]:
    """(container, key) of the last token, so the caller can read or write it."""
    node, parent = data, None
    key: str | int | None = None
    for i, token in enumerate(tokens):
        parent = node
        here = (where_text + "".join(_fmt(t) for t in tokens[:i])).lstrip(".")
        if isinstance(token, str):
            if not isinstance(node, dict) or token not in node:
                known = ", ".join(node) if isinstance(node, dict) else "nothing (not a mapping)"
                raise VariantError(f"{here or 'scenario'} has no field {token!r} (expected one of: {known})")
            key = token
        elif isinstance(token, int):
            if not isinstance(node, list) or not -len(node) <= token < len(node):
                size = len(node) if isinstance(node, list) else 0
                raise VariantError(f"{here}: index [{token}] out of range (the list has {size} items)")
            key = token
        else:
            attr, wanted = token
            hits = [j for j, item in enumerate(node if isinstance(node, list) else []) if _matches(item, {attr: wanted})]
            if not hits:
                raise VariantError(f"{here}: no item with {attr}={wanted!r}")
            key = hits[0]
        node = parent[key]
    return parent, key


def _fmt(token: Any) -> str:
    if isinstance(token, str):
        return f".{token}"
    if isinstance(token, int):
        return f"[{token}]"
    return f"[{token[0]}={token[1]}]"


def apply_change(data: dict[str, Any], change: Change) -> None:
    """Apply one change to plain scenario data in place."""
    tokens = _tokens(change.path)
    parent, key = _walk(data, tokens, "")
    target = parent[key]
    if change.op in ("set", "scale") and change.where is None and change.field is None:
        parent[key] = target * float(change.value) if change.op == "scale" else change.value
        return
    if not isinstance(target, list):
        raise VariantError(f"{change.path} must be a list for op {change.op!r} with where/field")
    chosen = [item for item in target if change.where is None or _matches(item, change.where)]
    if change.op in ("set", "scale"):
        if not change.field:
            raise VariantError(f"{change.path}: op {change.op!r} on a list needs `field` (the field to change)")
        if not chosen:
            raise VariantError(f"{change.path}: no item matches where {change.where}")
        for item in chosen:
            if change.field not in item:
                raise VariantError(f"{change.path}: items have no field {change.field!r}")
            item[change.field] = item[change.field] * float(change.value) if change.op == "scale" else change.value
    elif change.op == "add":
        target.append(copy.deepcopy(change.value))
    elif change.op == "remove":
        if change.where is None:
            raise VariantError(f"{change.path}: remove needs `where`, or a path ending in [id=X]")
        parent[key] = [item for item in target if not _matches(item, change.where)]
    elif change.op == "set_count":
        _set_count(parent, key, change)


def _set_count(parent: Any, key: Any, change: Change) -> None:
    target = parent[key]
    count = int(change.value)
    if count < 0:
        raise VariantError(f"{change.path}: set_count value must be >= 0 (got {change.value})")
    chosen = [i for i, item in enumerate(target) if change.where is None or _matches(item, change.where)]
    if count <= len(chosen):
        drop = set(chosen[count:])
        parent[key] = [item for i, item in enumerate(target) if i not in drop]
        return
    if not chosen:
        raise VariantError(f"{change.path}: set_count needs at least one item matching {change.where} to copy")
    template = target[chosen[-1]]
    ids = {item.get("id") for item in target}
    for k in range(count - len(chosen)):
        clone = copy.deepcopy(template)
        n = k + 1
        while f"{template['id']}-v{n}" in ids:
            n += 1
        clone["id"] = f"{template['id']}-v{n}"
        ids.add(clone["id"])
        target.append(clone)


def apply_changes(base: Scenario, changes: list[Change], name: str = "variant") -> Scenario:
    """A new, validated scenario: the base with the changes applied in order."""
    data = base.model_dump(mode="json")
    for i, change in enumerate(changes):
        try:
            apply_change(data, change)
        except ValueError as exc:
            raise VariantError(f"variant {name!r} change {i + 1} ({change.path}): {exc}") from None
        except VariantError as exc:
            raise VariantError(f"variant {name!r} change {i + 1}: {exc}") from None
    try:
        return scenario_from_data(data, _Locator(f"variant {name!r}", {}))
    except ScenarioError as exc:
        raise ScenarioError([Problem(f"variant {name!r}", None, p.field, p.message) for p in exc.problems]) from None


@dataclass(frozen=True)
class FieldDiff:
    """One field that differs between two scenarios."""

    path: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.path}: {self.old!r} → {self.new!r}"


def diff_scenarios(a: Scenario, b: Scenario, limit: int = 10_000) -> list[FieldDiff]:
    """Field-by-field differences; list items with ids are matched by id."""
    out: list[FieldDiff] = []
    _diff(a.model_dump(mode="json"), b.model_dump(mode="json"), "", out, limit)
    return out


def _diff(x: Any, y: Any, path: str, out: list[FieldDiff], limit: int) -> None:
    if len(out) >= limit or x == y:
        return
    if isinstance(x, dict) and isinstance(y, dict):
        for key in list(x) + [k for k in y if k not in x]:
            _diff(x.get(key), y.get(key), f"{path}.{key}" if path else key, out, limit)
    elif isinstance(x, list) and isinstance(y, list) and all(isinstance(i, dict) and "id" in i for i in x + y):
        xs, ys = {i["id"]: i for i in x}, {i["id"]: i for i in y}
        for item_id in list(xs) + [k for k in ys if k not in xs]:
            _diff(xs.get(item_id), ys.get(item_id), f"{path}[id={item_id}]", out, limit)
    else:
        out.append(FieldDiff(path, x, y))


def load_variant(path: Path) -> tuple[Variant, Scenario]:
    """A variant file (YAML: name, base, changes) and the scenario it makes."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        variant = Variant.model_validate(data)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise DataError(f"{path}: not a valid variant file ({str(exc).splitlines()[0]})") from None
    base = load_scenario((path.parent / variant.base) if variant.base else path)
    return variant, variant.apply(base)


def save_variant(variant: Variant, path: Path) -> None:
    """Write the variant atomically as YAML."""
    from .files.atomic import atomic_write_text

    text = yaml.safe_dump(variant.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    atomic_write_text(path, text)
