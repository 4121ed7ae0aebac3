"""Study specs the app builds: the edited scenario against its base, a parameter sweep, rules switched off."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from ..i18n import MESSAGES, tr
from ..jobs import tasks

# What the Compare view studies when the scenario has no edits yet: two common what-ifs.
DEFAULT_WHAT_IFS = (
    {"name": "toilets_every_45min", "label_en": "Toilets cleaned every 45 min", "label_zh": "公厕每45分钟保洁",
     "changes": [{"op": "set", "path": "standards.toilet_grades", "field": "cleaning_interval_min", "value": 45}]},
    {"name": "incidents_x1_5", "label_en": "50% more incidents", "label_zh": "事件增加50%",
     "changes": [{"op": "scale", "path": "incidents.per_day", "value": 1.5}]},
)

SWEEPS = {  # trainer parameter: its label, and what reports.sizing changes (what is bought, against fixed standards)
    "trucks": "trainer.trucks",
    "toilet_cleaners": "trainer.toilet_cleaners",
}
SIZING_OF_SWEEP = {"trucks": "trucks", "toilet_cleaners": "toilet-crews"}

RULES = {  # trainer rule switches: the change that turns the rule off
    "breakdowns": ("trainer.rule.breakdowns", {"op": "set", "path": "disruptions.breakdowns", "value": []}),
    "absences": ("trainer.rule.absences", {"op": "set", "path": "disruptions.worker_absence_rate", "value": 0.0}),
    "rain": ("trainer.rule.rain", {"op": "set", "path": "disruptions.rain_probability", "value": 0.0}),
    "rush_hours": ("trainer.rule.rush", {"op": "set", "path": "simulation.rush_speed_factor", "value": 1.0}),
}


def study_folder(name: str) -> str:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or str(Path.home() / ".cityops")
    return str(Path(base) / "studies" / re.sub(r"[^A-Za-z0-9_.-]+", "_", name))


def _base_path(window: Any) -> Path:
    document = window.document
    if document.path is None:
        raise ValueError(tr("study.needs_file"))
    return document.path.resolve()


def _spec(window: Any, variants: list[dict], grids: list[dict] | None = None, **extra: Any) -> dict:
    settings = getattr(window, "job_settings", {})
    scenario = window.document.current
    return {
        "name_en": f"What-if study of {window.document.display_name('en')}",
        "name_zh": f"{window.document.display_name('zh')} 方案比选",
        "base": str(_base_path(window)), "variants": variants, "grids": grids or [],
        "replications": int(settings.get("replications", min(scenario.simulation.replications, 5))),
        "days": int(settings.get("days", 1)), "seed": scenario.simulation.seed,
        "route_time_limit_s": float(settings.get("time_limit_s", 5.0)),
        # Each variant gets its own plan (the optimizer's, else the baseline plan of that variant), so a
        # change such as more trucks or shorter toilet intervals reaches the routes, costs and the plan map.
        "replan": True,
        "folder": str(_base_path(window).parent), "source": "desktop", **extra,
    }


def study_call(window: Any, **options: Any) -> tuple[Any, tuple, dict]:
    """Base against the edited scenario (or the default what-ifs when nothing is edited)."""
    changes = [c.as_change().model_dump(mode="json") for c in window.document.changes()]
    if options.get("variants"):
        variants = list(options["variants"])
    elif changes:
        variants = [{"name": "edited", "label_en": "Edited scenario", "label_zh": "编辑后的场景", "changes": changes}]
    else:
        variants = [dict(v) for v in DEFAULT_WHAT_IFS]
    spec = _spec(window, variants)
    folder = study_folder(f"{window.document.name}-compare")
    return tasks.run_study_job, (spec, folder, 2), {"with_plans": True}


def sweep_values(scenario: Any, parameter: str) -> list[int]:
    """Counts from one up to one more than the scenario has: the service level climbs, then levels off.

    The standard stays the scenario's (sweeping the standard itself made service look better as cleaning got
    rarer), so each point is what that many trucks or cleaners cost and achieve."""
    from reports.sizing import base_count

    if parameter not in SIZING_OF_SWEEP:
        raise ValueError(f"unknown sweep parameter {parameter!r}")
    count = base_count(scenario, SIZING_OF_SWEEP[parameter])
    if count < 1:
        raise ValueError(tr("trainer.no_trucks") if parameter == "trucks" else tr("trainer.no_cleaners"))
    return list(range(1, count + 2))


def sweep_call(window: Any, parameter: str = "trucks", **options: Any) -> tuple[Any, tuple, dict]:
    """One variant per count, simulated with common random numbers: cost against service level."""
    from reports.sizing import sizing_changes

    scenario = window.document.current
    what = SIZING_OF_SWEEP.get(parameter)
    if what is None:
        raise ValueError(f"unknown sweep parameter {parameter!r}")
    label_en, label_zh = MESSAGES[f"trainer.point.{parameter}"]  # a study carries both languages
    variants = [{"name": f"{parameter}_{n}", "label_en": label_en.format(n=n), "label_zh": label_zh.format(n=n),
                 "changes": [c.model_dump(mode="json") for c in sizing_changes(scenario, what, n)]}
                for n in sweep_values(scenario, parameter)]
    spec = _spec(window, variants)
    return tasks.run_study_job, (spec, study_folder(f"{window.document.name}-sweep-{parameter}"), 2), {"with_plans": True}
