"""Variants: named changes on a base scenario, validated after applying, and field-by-field diffs."""

import pytest

from scenarios import ScenarioError
from scenarios.variants import Change, Variant, VariantError, apply_changes, diff_scenarios


def test_set_count_clones_and_removes_vehicles(training) -> None:
    """set_count makes exactly N vehicles of a type, cloning the last one or dropping extras."""
    more = apply_changes(training, [Change(op="set_count", path="fleet.vehicles", where={"type": "compactor_5t"}, value=5)])
    fewer = apply_changes(training, [Change(op="set_count", path="fleet.vehicles", where={"type": "compactor_5t"}, value=1)])
    assert sum(v.type == "compactor_5t" for v in more.fleet.vehicles) == 5
    assert sum(v.type == "compactor_5t" for v in fewer.fleet.vehicles) == 1
    assert len({v.id for v in more.fleet.vehicles}) == len(more.fleet.vehicles)


def test_set_field_where_and_scale(training) -> None:
    """A field of every matching item is set; a number is scaled."""
    v = apply_changes(training, [
        Change(path="street_graph.segments", where={"street_class": "back_alley"}, field="cleaning_grade", value=3),
        Change(op="scale", path="incidents.per_day", value=2),
    ])
    assert all(g.cleaning_grade == 3 for g in v.street_graph.segments if g.street_class == "back_alley")
    assert v.incidents.per_day == 2 * training.incidents.per_day


def test_diff_lists_exactly_what_changed(training) -> None:
    """The diff names each changed field by id-based path with old and new values."""
    v = apply_changes(training, [Change(path="fleet.vehicle_types[id=compactor_5t].capacity_kg", value=6000)])
    diffs = diff_scenarios(training, v)
    assert [(d.path, d.old, d.new) for d in diffs] == [("fleet.vehicle_types[id=compactor_5t].capacity_kg", 5000.0, 6000)]


def test_invalid_result_is_a_scenario_error(training) -> None:
    """A change that breaks a rule is reported like a file error, naming the variant."""
    with pytest.raises(ScenarioError) as info:
        Variant(name="bad", changes=[Change(path="fleet.vehicle_types[id=compactor_5t].capacity_kg", value=-5)]).apply(training)
    assert "variant 'bad': fleet.vehicle_types[0].capacity_kg must be > 0 (got -5)" in str(info.value)


def test_bad_path_says_what_fields_exist(training) -> None:
    """A misspelt path names the step and the fields that exist there."""
    with pytest.raises(VariantError, match=r"has no field 'capcity_kg' \(expected one of: id, .*capacity_kg"):
        apply_changes(training, [Change(path="fleet.vehicle_types[id=compactor_5t].capcity_kg", value=1)])


def test_base_is_untouched(training) -> None:
    """Applying changes never modifies the base scenario."""
    before = training.model_dump()
    apply_changes(training, [Change(op="set_count", path="fleet.vehicles", where={"type": "compactor_5t"}, value=0)])
    assert training.model_dump() == before
