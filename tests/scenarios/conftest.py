"""Fixtures for the scenario-layer tests."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "scenarios"


@pytest.fixture(scope="session")
def training():
    from scenarios import load_scenario

    return load_scenario(ROOT / "scenarios" / "training.yaml")


@pytest.fixture(scope="session")
def minimal():
    from scenarios import load_scenario

    return load_scenario(DATA / "minimal.yaml")
