"""Fixtures of the study tests: the training district and a tiny study file on it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "scenarios" / "training.yaml"
STUDIES = ROOT / "scenarios" / "studies"


def has_simulation() -> bool:
    """True once the simulation package offers run_replication (an empty folder imports as a namespace)."""
    try:
        import simulation
        import simulation.kpis  # noqa: F401
    except ImportError:
        return False
    return hasattr(simulation, "run_replication") and hasattr(simulation, "baseline_plan")


needs_simulation = pytest.mark.skipif(not has_simulation(), reason="simulation.run_replication not available yet")


TINY_STUDY = f"""\
name_en: Tiny training study
base: {TRAINING}
replications: 2
days: 1
seed: 7
replan: false
variants:
  - name: slow_toilets
    changes:
      - op: set
        path: standards.toilet_grades[grade=2].cleaning_interval_min
        value: 240
grids:
  - name: trucks_{{n}}
    parameters:
      - key: n
        op: set_count
        path: fleet.vehicles
        where: {{type: compactor_5t}}
        values: [1]
"""


@pytest.fixture
def tiny_study(tmp_path: Path) -> Path:
    """A study file with the base, one patch and a one-point grid, 2 replications of 1 day."""
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_STUDY, encoding="utf-8")
    return path
