"""Located errors for users: file, line, field path, value found, value expected."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem with a scenario file, located as precisely as the file allows."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field} {self.message}" if self.field else f"{where}: {self.message}"


class ScenarioError(Exception):
    """A scenario could not be loaded; every problem carries its location."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DataError(Exception):
    """Bad user data outside a scenario file (a plan folder, an import file …); the text says where and what."""


def field_path(loc: Loc) -> str:
    """('fleet', 'vehicle_types', 2, 'capacity_kg') -> 'fleet.vehicle_types[2].capacity_kg'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _got(value: Any) -> str:
    if isinstance(value, dict | list):
        return ""
    return f" (got {value!r})" if isinstance(value, str) else f" (got {value})"


def describe_pydantic_error(error: Mapping[str, Any], known_fields: Sequence[str] = ()) -> str:
    """Turn one pydantic error into 'must be > 0 (got -5)'-style text."""
    kind = error["type"]
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in (error.get("ctx") or {}).items()}
    value = error.get("input")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, known_fields, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        expected = f" (expected one of: {', '.join(known_fields)})" if known_fields and not close else ""
        return f"is not a known field{hint}{expected}"
    simple = {
        "greater_than": "must be > {gt}",
        "greater_than_equal": "must be >= {ge}",
        "less_than": "must be < {lt}",
        "less_than_equal": "must be <= {le}",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "int_type": "must be a whole number",
        "float_parsing": "must be a number",
        "float_type": "must be a number",
        "finite_number": "must be a finite number",
        "bool_parsing": "must be true or false",
        "bool_type": "must be true or false",
        "string_type": "must be text",
        "literal_error": "must be one of {expected}",
        "string_pattern_mismatch": "must match {pattern}",
        "string_too_short": "must have at least {min_length} characters",
        "string_too_long": "must have at most {max_length} characters",
        "too_short": "must have at least {min_length} items",
        "too_long": "must have at most {max_length} items",
        "list_type": "must be a list",
        "dict_type": "must be a mapping of fields",
        "model_type": "must be a mapping of fields",
        "model_attributes_type": "must be a mapping of fields",
        "date_from_datetime_parsing": "must be a date as YYYY-MM-DD",
        "date_parsing": "must be a date as YYYY-MM-DD",
        "date_type": "must be a date as YYYY-MM-DD",
        "tuple_type": "must be a pair",
    }
    if kind in simple:
        try:
            return simple[kind].format(**ctx) + _got(value)
        except KeyError:
            pass
    if kind == "value_error":
        text = str(ctx.get("error", error.get("msg", "")))
        return text if "(got" in text else text + _got(value)
    return str(error.get("msg", kind)).lower() + _got(value)
