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


#: Values a scenario file may expand to once its aliases (``*name``) are followed, and how deeply nested:
#: ten times Shuangliu written without side files (about 100,000 values), small enough that an alias
#: bomb stops within seconds instead of filling the memory.
MAX_VALUES = 1_000_000
MAX_DEPTH = 64


class YamlLimitError(yaml.MarkedYAMLError):
    """A file the loader refuses to expand: a key given twice, an alias that contains itself, too much."""


def load_with_lines(text: str) -> tuple[Any, dict[Loc, int]]:
    """Data as plain Python, and the 1-based line of each path (mapping keys point at their key's line).

    Raises ``YamlLimitError`` (a ``yaml.YAMLError`` with the line) for a key repeated in one mapping,
    an alias that refers to itself, more than ``MAX_VALUES`` values after aliases or nesting deeper
    than ``MAX_DEPTH``.
    """
    node = yaml.compose(text, Loader=_Loader)
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    return _Builder(lines).build(node, ()), lines


class _Builder:
    def __init__(self, lines: dict[Loc, int]) -> None:
        self.lines = lines
        self.values = 0
        self.open: set[int] = set()  # nodes being built: meeting one again is a cycle

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlLimitError(problem=f"expands to more than {MAX_VALUES:,} values (aliases repeated too often?)",
                                 problem_mark=node.start_mark)
        if len(loc) > MAX_DEPTH:
            raise YamlLimitError(problem=f"is nested more than {MAX_DEPTH} levels deep", problem_mark=node.start_mark)
        if id(node) in self.open:
            raise YamlLimitError(problem="has an alias that contains itself", problem_mark=node.start_mark)
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self.open.add(id(node))
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key_str = str(_constructor.construct_object(key_node, deep=True))
                if key_str in out:
                    raise YamlLimitError(problem=f"repeats the key '{key_str}' (first on line {self.lines[(*loc, key_str)]})",
                                         problem_mark=key_node.start_mark)
                self.lines[(*loc, key_str)] = key_node.start_mark.line + 1
                out[key_str] = self.build(value_node, (*loc, key_str))
            self.open.discard(id(node))
            return out
        if isinstance(node, yaml.SequenceNode):
            self.open.add(id(node))
            items = [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            self.open.discard(id(node))
            return items
        try:
            return _constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            return node.value  # e.g. 2017-13-05: keep the text so validation reports it with its field
