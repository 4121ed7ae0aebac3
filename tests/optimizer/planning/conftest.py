"""Fixtures of the planning tests: the training district and its plans, solved once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.common.plan import RoutePlan
from optimizer.garbage.planner import plan_garbage
from optimizer.patrols.planner import plan_patrols
from optimizer.sweeping.planner import plan_sweeping
from optimizer.toilets.planner import plan_toilets
from scenarios import Scenario, load_scenario

TRAINING = Path(__file__).resolve().parents[3] / "scenarios" / "training.yaml"


@pytest.fixture(scope="session")
def training() -> Scenario:
    return load_scenario(TRAINING)


@pytest.fixture(scope="session")
def sweeping_plan(training: Scenario) -> RoutePlan:
    return plan_sweeping(training, time_limit_s=2, seed=3)


@pytest.fixture(scope="session")
def toilets_plan(training: Scenario) -> RoutePlan:
    return plan_toilets(training, time_limit_s=2, seed=3)


@pytest.fixture(scope="session")
def patrols_plan(training: Scenario) -> RoutePlan:
    return plan_patrols(training, time_limit_s=1, seed=3)


@pytest.fixture(scope="session")
def garbage_plan(training: Scenario) -> RoutePlan:
    return plan_garbage(training, time_limit_s=4, seed=3)
