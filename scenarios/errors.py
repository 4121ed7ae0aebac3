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
    message_zh: str = ""  # the same in Chinese, where the message comes from the schema's checks

    def __str__(self) -> str:
        return self.text("en")

    def text(self, language: str) -> str:
        """The located problem in the reader's language (English where no Chinese wording exists)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = self.message_zh if language == "zh" and self.message_zh else self.message
        separator = "：" if language == "zh" and self.message_zh else " "
        return f"{where}: {self.field}{separator}{message}" if self.field else f"{where}: {message}"


class ScenarioError(Exception):
    """A scenario could not be loaded; every problem carries its location."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[list[Problem]]]:
        # Rebuilt from its problems, so it crosses to and from worker processes whole (the default would
        # call ScenarioError(message) and split the message into one-letter problems).
        return (type(self), (self.problems,))


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


GOT = {"en": " (got {value})", "zh": "（实际为 {value}）"}
MESSAGES: dict[str, dict[str, str]] = {
    "missing": {"en": "is required but missing", "zh": "必须填写，但缺失"},
    "extra_forbidden": {"en": "is not a known field", "zh": "不是已知字段"},
    "did_you_mean": {"en": "; did you mean '{close}'?", "zh": "；是否应为“{close}”？"},
    "known": {"en": " (expected one of: {fields})", "zh": "（应为以下之一：{fields}）"},
    "greater_than": {"en": "must be > {gt}", "zh": "必须大于 {gt}"},
    "greater_than_equal": {"en": "must be >= {ge}", "zh": "必须大于或等于 {ge}"},
    "less_than": {"en": "must be < {lt}", "zh": "必须小于 {lt}"},
    "less_than_equal": {"en": "must be <= {le}", "zh": "必须小于或等于 {le}"},
    "int_parsing": {"en": "must be a whole number", "zh": "必须是整数"},
    "int_from_float": {"en": "must be a whole number", "zh": "必须是整数"},
    "int_type": {"en": "must be a whole number", "zh": "必须是整数"},
    "float_parsing": {"en": "must be a number", "zh": "必须是数字"},
    "float_type": {"en": "must be a number", "zh": "必须是数字"},
    "finite_number": {"en": "must be a finite number", "zh": "必须是有限数字"},
    "bool_parsing": {"en": "must be true or false", "zh": "必须是 true 或 false"},
    "bool_type": {"en": "must be true or false", "zh": "必须是 true 或 false"},
    "string_type": {"en": "must be text", "zh": "必须是文本"},
    "literal_error": {"en": "must be one of {expected}", "zh": "必须是以下之一：{expected}"},
    "string_pattern_mismatch": {"en": "must match {pattern}", "zh": "必须符合格式 {pattern}"},
    "string_too_short": {"en": "must have at least {min_length} characters", "zh": "至少需要 {min_length} 个字符"},
    "string_too_long": {"en": "must have at most {max_length} characters", "zh": "最多 {max_length} 个字符"},
    "too_short": {"en": "must have at least {min_length} items", "zh": "至少需要 {min_length} 项"},
    "too_long": {"en": "must have at most {max_length} items", "zh": "最多 {max_length} 项"},
    "list_type": {"en": "must be a list", "zh": "必须是列表"},
    "dict_type": {"en": "must be a mapping of fields", "zh": "必须是字段映射"},
    "model_type": {"en": "must be a mapping of fields", "zh": "必须是字段映射"},
    "model_attributes_type": {"en": "must be a mapping of fields", "zh": "必须是字段映射"},
    "date_from_datetime_parsing": {"en": "must be a date as YYYY-MM-DD", "zh": "必须是 YYYY-MM-DD 格式的日期"},
    "date_parsing": {"en": "must be a date as YYYY-MM-DD", "zh": "必须是 YYYY-MM-DD 格式的日期"},
    "date_type": {"en": "must be a date as YYYY-MM-DD", "zh": "必须是 YYYY-MM-DD 格式的日期"},
    "tuple_type": {"en": "must be a pair", "zh": "必须是一对值"},
}


def _got(value: Any, language: str = "en") -> str:
    if isinstance(value, dict | list):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return GOT[language].format(value=repr(value) if isinstance(value, str) else value)


def describe_pydantic_error(error: Mapping[str, Any], known_fields: Sequence[str] = (), language: str = "en") -> str:
    """Turn one pydantic error into 'must be > 0 (got -5)' / '必须大于 0（实际为 -5）' text.

    The model's own checks (value_error) are worded in English in the schema and stay so."""
    kind = error["type"]
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in (error.get("ctx") or {}).items()}
    value = error.get("input")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, known_fields, n=1)
        hint = MESSAGES["did_you_mean"][language].format(close=close[0]) if close else ""
        expected = (MESSAGES["known"][language].format(fields=", ".join(known_fields))
                    if known_fields and not close else "")
        return MESSAGES[kind][language] + hint + expected
    if kind == "missing":
        return MESSAGES[kind][language]
    if kind in MESSAGES:
        try:
            return MESSAGES[kind][language].format(**ctx) + _got(value, language)
        except KeyError:
            pass
    if kind == "value_error":
        text = str(ctx.get("error", error.get("msg", "")))
        return text if "(got" in text else text + _got(value)
    return str(error.get("msg", kind)).lower() + _got(value)


def has_chinese_wording(error: Mapping[str, Any]) -> bool:
    """True when describe_pydantic_error words this error in Chinese (not one of the model's own checks)."""
    return error["type"] in MESSAGES
