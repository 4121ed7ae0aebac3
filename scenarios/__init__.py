"""What the world is: the scenario model, loading, saving, validation, variants, importers, generator."""

from .errors import Problem, ScenarioError
from .files.load import load_scenario, load_scenario_text
from .files.save import save_scenario
from .model import Scenario

__all__ = ["Problem", "Scenario", "ScenarioError", "load_scenario", "load_scenario_text", "save_scenario"]
