"""Builds the result views the main window shows as tabs."""

from __future__ import annotations

from typing import Any

from .compare_view import CompareView
from .replay_view import ReplayView
from .results_view import ResultsView
from .roster_view import RosterView
from .trainer_view import TrainerView


def build_views(window: Any) -> dict[str, Any]:
    return {
        "replay": ReplayView(window),
        "roster": RosterView(window),
        "results": ResultsView(window),
        "compare": CompareView(window),
        "trainer": TrainerView(window),
    }
