"""Save a scenario atomically: YAML main file plus CSV side tables in a folder named after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..model import Scenario
from .atomic import atomic_write_text
from .side_tables import TABLES, table_to_csv

# Tables longer than this go to a side file, so the YAML stays readable.
SIDE_TABLE_MIN_ROWS = 30


class _Dumper(yaml.SafeDumper):
    """Block-style YAML; short lists of scalars stay on one line."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = len(data) <= 64 and all(isinstance(v, int | float | str | bool) and len(str(v)) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def scenario_to_yaml_and_tables(scenario: Scenario, side_folder: str | None) -> tuple[str, dict[str, str]]:
    """The YAML text and {relative side-file path: CSV text}; side_folder None keeps every table inline."""
    data = scenario.model_dump(mode="json", exclude_defaults=False)
    tables: dict[str, str] = {}
    if side_folder is not None:
        for loc, model in TABLES.items():
            holder: Any = data
            for part in loc[:-1]:
                holder = holder[part]
            rows = holder[loc[-1]]
            if len(rows) >= SIDE_TABLE_MIN_ROWS:
                relative = f"{side_folder}/{loc[-1]}.csv"
                tables[relative] = table_to_csv(rows, model)
                holder[loc[-1]] = {"file": relative}
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    return text, tables


def save_scenario(scenario: Scenario, path: str | Path, *, side_tables: bool = True) -> list[Path]:
    """Write the scenario; returns the files written. Each file is replaced atomically, the YAML last."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a folder; give the scenario's file name (e.g. {path / 'district.yaml'})")
    text, tables = scenario_to_yaml_and_tables(scenario, path.stem if side_tables else None)
    written = []
    for relative, csv_text in tables.items():
        target = path.parent / relative
        atomic_write_text(target, csv_text)
        written.append(target)
    atomic_write_text(path, text)
    written.append(path)
    return written
