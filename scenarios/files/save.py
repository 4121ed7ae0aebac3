"""Save a scenario atomically as a whole: YAML main file plus CSV side tables in a folder named after it.

Side files are named by their content (``segments.3f2a9c1d0b.csv``), so a save never overwrites a
file the previous YAML refers to: the new side files are written first, the YAML is replaced in one
rename, and only then are the files the old YAML named (and no longer needed) removed. Killed at any
moment, the folder holds a YAML whose side files are all there and all of its own version; what a
killed save left behind is removed by the next one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..model import Scenario
from .atomic import atomic_write_text
from .side_tables import TABLES, table_to_csv
from .yaml_lines import load_with_lines

# Tables longer than this go to a side file, so the YAML stays readable.
SIDE_TABLE_MIN_ROWS = 30
DIGEST_CHARS = 10  # hex digits of a side file's content hash in its name


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
                csv_text = table_to_csv(rows, model)
                digest = hashlib.sha256(csv_text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]
                relative = f"{side_folder}/{loc[-1]}.{digest}.csv"
                tables[relative] = csv_text
                holder[loc[-1]] = {"file": relative}
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    return text, tables


def save_scenario(scenario: Scenario, path: str | Path, *, side_tables: bool = True) -> list[Path]:
    """Write the scenario; returns the files written. Each file is replaced atomically, the YAML last."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a folder; give the scenario's file name (e.g. {path / 'district.yaml'})")
    text, tables = scenario_to_yaml_and_tables(scenario, path.stem if side_tables else None)
    before = _side_files_of(path)
    written = []
    for relative, csv_text in tables.items():
        target = path.parent / relative
        if not target.exists():  # same name, same content: already there
            atomic_write_text(target, csv_text)
        written.append(target)
    atomic_write_text(path, text)
    written.append(path)
    folder = path.parent / path.stem
    for old in before - {path.parent / r for r in tables}:
        if old.parent == folder:  # only files of this scenario's own folder
            old.unlink(missing_ok=True)
    for stray in folder.glob(".*.csv") if folder.is_dir() else []:
        stray.unlink(missing_ok=True)  # temporary files of a save that was killed
    return written


def _side_files_of(path: Path) -> set[Path]:
    """The side files the scenario now at ``path`` refers to (nothing when there is none or it does not parse)."""
    try:
        data, _ = load_with_lines(path.read_text(encoding="utf-8"))  # bounded: the old file may be anything
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return set()
    out: set[Path] = set()
    for loc in TABLES:
        value: Any = data
        for part in loc:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict) and isinstance(value.get("file"), str):
            out.add(path.parent / value["file"])
    return out
