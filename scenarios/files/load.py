"""Load a scenario file: YAML (+ CSV side tables) → validated, frozen Scenario, or located errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import Problem, ScenarioError, describe_pydantic_error, field_path, has_chinese_wording
from ..model import CrossCheckError, Scenario
from .side_tables import TABLES, TableReadError, read_table
from .yaml_lines import load_with_lines

Loc = tuple[str | int, ...]

#: Set to 1 by a user who trusts a scenario whose side files lie outside its folder (a scenario from
#: elsewhere may otherwise not read other files and echo their cells in its errors).
ALLOW_OUTSIDE_ENV = "CITYOPS_ALLOW_OUTSIDE_SIDE_FILES"
#: Larger scenario files are refused before parsing (the YAML holds settings; big tables go in side files).
MAX_SCENARIO_BYTES = 64 * 1024 * 1024


class _Locator:
    """Maps a field path to (file, line): YAML lines, or the CSV row a table entry came from."""

    def __init__(self, yaml_file: str, yaml_lines: dict[Loc, int]) -> None:
        self.yaml_file = yaml_file
        self.yaml_lines = yaml_lines
        self.tables: dict[Loc, tuple[str, list[int]]] = {}

    def locate(self, loc: Loc) -> tuple[str, int | None]:
        for table_loc, (file, lines) in self.tables.items():
            n = len(table_loc)
            row = loc[n] if len(loc) > n else None
            if loc[:n] == table_loc and isinstance(row, int) and row < len(lines):
                return file, lines[row]
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.yaml_lines:
                return self.yaml_file, self.yaml_lines[loc[:cut]]
        return self.yaml_file, None


def display_path(path: Path) -> str:
    """The path as the user wrote it relative to the working folder, when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


def _set(data: dict[str, Any], loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]  # type: ignore[index]
    data[loc[-1]] = value  # type: ignore[index]


def _resolve_side_files(data: dict[str, Any], base: Path, locator: _Locator) -> list[Problem]:
    problems: list[Problem] = []
    for loc, model in TABLES.items():
        value = _get(data, loc)
        if not (isinstance(value, dict) and set(value) == {"file"}):
            continue
        side = base / str(value["file"])
        file_name = display_path(side)
        if side.suffix.lower() != ".csv":
            problems.append(
                Problem(locator.yaml_file, locator.yaml_lines.get((*loc, "file")), field_path((*loc, "file")),
                        f"must name a .csv side file (got {value['file']!r})")
            )
            continue
        if not _inside(side, base) and os.environ.get(ALLOW_OUTSIDE_ENV) != "1":
            problems.append(
                Problem(locator.yaml_file, locator.yaml_lines.get((*loc, "file")), field_path((*loc, "file")),
                        f"names a side file outside the scenario's folder (got {value['file']!r}; expected a path "
                        f"inside the folder of the YAML file, or set {ALLOW_OUTSIDE_ENV}=1 to allow it)"))
            continue
        try:
            rows, lines = read_table(side, model)
        except FileNotFoundError:
            problems.append(
                Problem(locator.yaml_file, locator.yaml_lines.get((*loc, "file")), field_path((*loc, "file")),
                        f"names a side file that does not exist (got {value['file']!r})")
            )
            continue
        except IsADirectoryError:
            problems.append(Problem(file_name, None, field_path(loc), "is a folder, not a CSV file"))
            continue
        except PermissionError:
            problems.append(Problem(file_name, None, field_path(loc), "cannot be read (permission denied)"))
            continue
        except TableReadError as exc:
            problems.append(Problem(file_name, exc.line, field_path(loc), exc.message))
            continue
        _set(data, loc, rows)
        locator.tables[loc] = (file_name, lines)
    return problems


def _inside(path: Path, folder: Path) -> bool:
    """Whether path (symbolic links followed) lies in folder: side files may not point elsewhere."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class of the object that holds the last field of loc (for 'did you mean')."""
    model: Any = Scenario
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _problems_from_validation(exc: ValidationError, locator: _Locator) -> list[Problem]:
    problems = []
    # An unknown key explains a "missing" one next to it (a misspelling): report it first.
    for error in sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden"):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-"))))
        holder = _model_at(loc) if error["type"] == "extra_forbidden" else None
        known = list(holder.model_fields) if holder else []
        file, line = locator.locate(loc)
        problems.append(Problem(file, line, field_path(loc), describe_pydantic_error(error, known),
                                describe_pydantic_error(error, known, "zh") if has_chinese_wording(error) else ""))
    return problems


def scenario_from_data(data: Any, locator: _Locator) -> Scenario:
    """Validate plain data into a Scenario, turning every failure into located problems."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem(locator.yaml_file, 1, "", "must be a YAML mapping of scenario sections")])
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_problems_from_validation(exc, locator)) from None
    except CrossCheckError as exc:
        problems = []
        for issue in exc.issues:
            file, line = locator.locate(issue.loc)
            got = f" (got {issue.value!r})" if issue.value is not None else ""
            problems.append(Problem(file, line, field_path(issue.loc), issue.message + got))
        raise ScenarioError(problems) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError with located problems."""
    path = Path(path)
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioError([Problem(name, None, "", f"is {size:,} bytes; a scenario file may have at most "
                                         f"{MAX_SCENARIO_BYTES:,} (keep large tables in CSV side files)")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(name, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(name, None, "", "is a folder, not a scenario file")]) from None
    except PermissionError:
        raise ScenarioError([Problem(name, None, "", "cannot be read (permission denied)")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(name, line, "", "is not UTF-8 text; save it as UTF-8")]) from None
    return load_scenario_text(text, name, base=path.parent)


def load_scenario_text(text: str, name: str = "<text>", base: Path | None = None) -> Scenario:
    """Validate YAML text (used by tests and editors); side files resolve against base."""
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([Problem(name, mark.line + 1 if mark else None, "", f"is not valid YAML: {problem}")]) from None
    locator = _Locator(name, lines)
    if isinstance(data, dict) and base is not None:
        problems = _resolve_side_files(data, base, locator)
        if problems:
            raise ScenarioError(problems)
    return scenario_from_data(data, locator)
