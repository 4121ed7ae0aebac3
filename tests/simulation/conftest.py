"""Fixtures of the simulation tests: the small training district and variants of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def training() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "training.yaml")
