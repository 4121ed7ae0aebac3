"""Turn a study file into the concrete list of variants: the base, the named patches, each grid point."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from scenarios.errors import DataError
from scenarios.variants import Change

from .spec import BASE_NAME, GridSpec, StudySpec, study_line


@dataclass(frozen=True)
class StudyVariant:
    """One variant to plan and simulate: a scenario file plus changes, and whether to re-plan it."""

    name: str
    scenario_path: str
    changes: tuple[Change, ...] = ()
    replan: bool = False
    label_zh: str = ""
    label_en: str = ""
    plan_path: str | None = None  # a saved plan to simulate it with, instead of planning

    @property
    def key(self) -> str:
        """Identity of what is simulated: the scenario file's content, the changes and the planning mode.

        Stored results are reused only when the key matches, so editing a variant recomputes it.
        """
        digest = hashlib.sha256()
        digest.update(_file_digest(self.scenario_path).encode())
        digest.update(json.dumps([c.model_dump(mode="json") for c in self.changes], sort_keys=True).encode())
        digest.update(b"replan" if self.replan else b"reuse")
        if self.plan_path:
            plan = Path(self.plan_path)
            digest.update(_file_digest(str(plan / "plan.json" if plan.is_dir() else plan)).encode())
        return digest.hexdigest()[:16]

    def label(self, lang: str = "en") -> str:
        text = self.label_zh if lang == "zh" else self.label_en
        return text or self.label_en or self.label_zh or self.name

    def describe(self) -> list[str]:
        """One line per change, for the report."""
        lines = [] if self.name == BASE_NAME else [f"scenario {Path(self.scenario_path).name}"] if not self.changes else []
        return lines + [c.describe() for c in self.changes]


_digests: dict[tuple[str, float, int], str] = {}


def _file_digest(path: str) -> str:
    """Hash of the scenario file and its CSV side tables (cached on mtime and size)."""
    p = Path(path)
    try:
        stat = p.stat()
    except OSError:
        return f"missing:{path}"
    cache_key = (str(p), stat.st_mtime, stat.st_size)
    if cache_key not in _digests:
        digest = hashlib.sha256(p.read_bytes())
        side = p.parent / p.stem
        if side.is_dir():  # bundled scenarios keep their CSV tables in a folder named like the file
            for csv in sorted(side.glob("*.csv")):
                digest.update(csv.name.encode())
                digest.update(csv.read_bytes())
        _digests[cache_key] = digest.hexdigest()
    return _digests[cache_key]


def expand_variants(spec: StudySpec) -> list[StudyVariant]:
    """The base first, then the named variants in file order, then every grid combination."""
    base_path = str(spec.resolve(spec.base).resolve())
    out = [StudyVariant(BASE_NAME, base_path, (), spec.replan, spec.base_label_zh, spec.base_label_en)]
    for v in spec.variants:
        path = str(spec.resolve(v.scenario).resolve()) if v.scenario else base_path
        replan = spec.replan if v.replan is None else v.replan
        plan = str(spec.resolve(v.plan).resolve()) if v.plan else None
        out.append(StudyVariant(v.name, path, tuple(v.changes), replan and plan is None, v.label_zh, v.label_en, plan))
    for i, grid in enumerate(spec.grids):
        out.extend(_grid_variants(grid, base_path, spec.replan))
        _check_unique(out, spec, i)
    return out


def _grid_variants(grid: GridSpec, base_path: str, default_replan: bool) -> list[StudyVariant]:
    params = grid.parameters
    out = []
    for combo in itertools.product(*(p.value_list() for p in params)):
        values = {p.key: v for p, v in zip(params, combo, strict=True)}
        changes = tuple(
            Change(op=p.op, path=p.path, where=p.where, field=p.field, value=p.change_value(v)) for p, v in zip(params, combo, strict=True)
        )
        replan = default_replan if grid.replan is None else grid.replan
        out.append(
            StudyVariant(
                grid.name.format(**values), base_path, changes, replan,
                grid.label_zh.format(**values) if grid.label_zh else "",
                grid.label_en.format(**values) if grid.label_en else "",
            )
        )
    return out


def _check_unique(variants: list[StudyVariant], spec: StudySpec, grid_index: int) -> None:
    seen: set[str] = set()
    for v in variants:
        if v.name in seen:
            raise DataError(
                f"{study_line(spec, 'grids', grid_index, 'name')}: grids[{grid_index}].name gives variant "
                f"names that are not unique (got {v.name!r} twice; put every parameter in the name template)"
            )
        seen.add(v.name)
