"""Random mutations of a valid scenario either load or fail with a located scenario error."""

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios import ScenarioError, load_scenario_text
from scenarios.model import Scenario

from .test_fuzz_files import _paths

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.lists(st.integers(-5, 5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["05:00-12:00", "25:00", "2017-02-30", "arterial", "A", "-1", "1e400", "nan"]),
)


def _mutate(data: dict, path: tuple, action: str, value: Any) -> dict:
    data = copy.deepcopy(data)
    if not path:
        return data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if action == "delete" and isinstance(parent, dict):
        del parent[key]
    elif action == "unknown" and isinstance(parent, dict):
        parent["zz_unknown"] = value
    else:
        parent[key] = value
    return data


def _base(minimal: Scenario) -> dict:
    return minimal.model_dump(mode="json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutation_loads_or_raises_located_error(minimal: Scenario, data: st.DataObject) -> None:
    """Whatever one field becomes, the loader returns a Scenario or a ScenarioError with a location."""
    base = _base(minimal)
    path = data.draw(st.sampled_from(_paths(base)))
    action = data.draw(st.sampled_from(["replace", "delete", "unknown"]))
    value = data.draw(VALUES)
    text = yaml.safe_dump(_mutate(base, path, action, value), allow_unicode=True)
    try:
        result = load_scenario_text(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "fuzz.yaml"
            assert problem.line is not None
            assert problem.message
    else:
        assert isinstance(result, Scenario)
