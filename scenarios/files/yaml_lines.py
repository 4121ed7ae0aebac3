"""Parse YAML safely while remembering the line of every value."""

from __future__ import annotations

from typing import Any

import yaml

Loc = tuple[str | int, ...]

try:  # libyaml is ten times faster; fall back to the pure-Python parser.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_constructor = yaml.constructor.SafeConstructor()


def load_with_lines(text: str) -> tuple[Any, dict[Loc, int]]:
    """Data as plain Python, and the 1-based line of each path (mapping keys point at their key's line)."""
    node = yaml.compose(text, Loader=_Loader)
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    return _build(node, (), lines), lines


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node, deep=True)
            key_str = str(key)
            lines[(*loc, key_str)] = key_node.start_mark.line + 1
            out[key_str] = _build(value_node, (*loc, key_str), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        return node.value  # e.g. 2017-13-05: keep the text so validation reports it with its field
