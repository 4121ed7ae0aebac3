"""The study file (YAML): base scenario, variants (named patches or parameter grids), replications, KPIs.

A bad file raises DataError whose text names the file, the line, the field, the value found and
what was expected, like the scenario loader does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scenarios.errors import DataError, describe_pydantic_error, field_path
from scenarios.files.yaml_lines import load_with_lines
from scenarios.variants import Change

BASE_NAME = "base"
ChangeOp = Literal["set", "scale", "add", "remove", "set_count"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VariantSpec(_Strict):
    """A named what-if: changes to the base scenario, or another whole scenario file."""

    name: str = Field(min_length=1, pattern=r"^[^/\\]+$")
    label_zh: str = ""
    label_en: str = ""
    scenario: str | None = Field(default=None, description="a scenario file instead of the base (relative to the study)")
    changes: list[Change] = []
    replan: bool | None = None
    plan: str | None = Field(default=None, description="a saved plan folder to simulate this variant with (no re-planning)")


class GridValues(_Strict):
    """An integer or decimal range, both ends included."""

    start: float = Field(alias="from")
    stop: float = Field(alias="to")
    step: float = Field(default=1, gt=0)

    def values(self) -> list[float | int]:
        out: list[float | int] = []
        k = 0
        while self.start + k * self.step <= self.stop + 1e-9:
            v = round(self.start + k * self.step, 9)
            out.append(int(v) if float(v).is_integer() else v)
            k += 1
        return out


class GridParameter(_Strict):
    """One axis of a grid: the change to make, with each value in turn."""

    key: str = Field(min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    op: ChangeOp = "set"
    path: str = Field(min_length=1)
    where: dict[str, Any] | None = None
    field: str | None = None
    values: list[Any] | GridValues
    factor: float | None = Field(default=None, description="the change's value is value × factor (60: hours → minutes)")

    def change_value(self, value: Any) -> Any:
        if self.factor is None:
            return value
        scaled = value * self.factor
        return int(scaled) if float(scaled).is_integer() else scaled

    def value_list(self) -> list[Any]:
        return self.values.values() if isinstance(self.values, GridValues) else list(self.values)

    @field_validator("values")
    @classmethod
    def _not_empty(cls, v: list[Any] | GridValues) -> list[Any] | GridValues:
        if isinstance(v, list) and not v:
            raise ValueError("must list at least one value")
        if isinstance(v, GridValues) and not v.values():
            raise ValueError("must contain at least one value (from <= to)")
        return v


class GridSpec(_Strict):
    """A parameter grid: one variant per combination of the parameters' values."""

    name: str = Field(min_length=1, description="name template, e.g. 'trucks_{n}'")
    label_zh: str = ""
    label_en: str = ""
    parameters: list[GridParameter] = Field(min_length=1)
    replan: bool | None = None

    @model_validator(mode="after")
    def _template_uses_known_keys(self) -> GridSpec:
        keys = {p.key: 0 for p in self.parameters}
        try:
            self.name.format(**keys)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"name template {self.name!r} uses an unknown parameter {exc}; known: {', '.join(keys)}") from None
        return self


class StudySpec(_Strict):
    """A what-if study: which variants, how many replications, what to compare."""

    name_zh: str = ""
    name_en: str = ""
    base: str = Field(min_length=1, description="base scenario file, relative to the study file")
    plan: str | None = Field(default=None, description="saved plan folder of the base scenario")
    base_label_zh: str = "基准方案"
    base_label_en: str = "Base"
    replications: int = Field(default=5, ge=1, le=1000)
    seed: int = Field(default=2017, ge=0)
    days: int = Field(default=1, ge=1, le=366)
    replan: bool = False
    replan_what: Literal["all", "garbage", "sweeping", "toilets", "patrols"] = Field(default="all", description=(
        "the kinds of work a re-planned variant plans (the others are done the baseline way); patrol beats are "
        "planned for the study's days, each dated"))
    route_time_limit_s: float = Field(default=5, gt=0, description="seconds per plan when route_iterations is not set")
    route_iterations: int | None = Field(default=None, ge=1, description=(
        "per solve: PyVRP iterations and OR-Tools solutions, and rosters in deterministic time, so that two runs of "
        "the study give the same plans and verdicts; route_time_limit_s is then only a cap for a slow machine "
        "(ROUTE_ITERATION_CAP_S at least). Not set: plans against the wall clock, which differ run to run"))
    roster_weeks: int = Field(default=0, ge=0, le=8, description="roster each plan for this many weeks (0 = no roster)")
    roster_time_limit_s: float = Field(default=20, gt=0)
    kpis: list[str] = Field(default=[], description="KPIs to compare; empty = all")
    tradeoffs: list[tuple[str, str]] = []
    variants: list[VariantSpec] = []
    grids: list[GridSpec] = []
    folder: Path = Field(default=Path("."), exclude=True, description="the study file's folder (set by the loader)")
    source: str = Field(default="", exclude=True)

    def resolve(self, relative: str) -> Path:
        """A path written in the study file, resolved against the study's folder."""
        p = Path(relative)
        return p if p.is_absolute() else (self.folder / p)

    @property
    def title(self) -> str:
        return self.name_en or self.name_zh or Path(self.source).stem


def load_study(path: str | Path) -> StudySpec:
    """Read and validate a study file; raise DataError with file:line: field … (got …) on problems."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read the study file ({exc.__class__.__name__}: {exc})") from None
    return parse_study(text, name=str(path), folder=path.resolve().parent)


def parse_study(text: str, *, name: str = "<study>", folder: Path | None = None) -> StudySpec:
    """Validate study YAML text; relative paths in it resolve against folder."""
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise DataError(f"{where}: is not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise DataError(f"{name}:1: a study file must be a mapping of fields (base, variants, …)")
    try:
        spec = StudySpec.model_validate({**data, "folder": folder or Path.cwd(), "source": name})
    except ValidationError as exc:
        raise DataError("\n".join(_located(e, name, lines) for e in exc.errors())) from None
    _check_names(spec, name, lines)
    return spec


def _located(error: Any, name: str, lines: dict[tuple[str | int, ...], int]) -> str:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-"))))
    line = None
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            line = lines[loc[:cut]]
            break
    known = list(StudySpec.model_fields) if error["type"] == "extra_forbidden" and len(loc) == 1 else []
    where = f"{name}:{line}" if line else name
    return f"{where}: {field_path(loc) or 'study'} {describe_pydantic_error(error, known)}"


def _check_names(spec: StudySpec, name: str, lines: dict[tuple[str | int, ...], int]) -> None:
    """Variant names must be unique and must not be 'base'."""
    seen: dict[str, int] = {}
    for i, v in enumerate(spec.variants):
        line = lines.get(("variants", i, "name"))
        if v.name == BASE_NAME:
            raise DataError(f"{name}:{line}: variants[{i}].name must not be '{BASE_NAME}' (the base scenario is always compared)")
        if v.name in seen:
            raise DataError(f"{name}:{line}: variants[{i}].name must be unique (got {v.name!r}, also variants[{seen[v.name]}])")
        seen[v.name] = i
        if v.scenario is None and not v.changes:
            raise DataError(f"{name}:{lines.get(('variants', i))}: variants[{i}] needs changes or a scenario file (got neither)")


def study_line(spec: StudySpec, *loc: str | int) -> str:
    """'file:line' of a field of the study file, for messages raised after parsing."""
    try:
        _, lines = load_with_lines(Path(spec.source).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return spec.source
    for cut in range(len(loc), -1, -1):
        if tuple(loc[:cut]) in lines:
            return f"{spec.source}:{lines[tuple(loc[:cut])]}"
    return spec.source
