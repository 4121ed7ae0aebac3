"""The scenario editor: table edits are undoable, bad values are refused, saves and autosaves work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.document import ScenarioDocument
from desktop.editor.tables import TABLES
from scenarios import load_scenario

from .conftest import TRAINING


def _model(window, key: str):
    window.editor.select_table(key)
    return window.editor.current_model()


def _column(model, field: str) -> int:
    return model.spec.fields.index(field)


def test_edit_then_undo_and_redo_a_vehicle_capacity(window):
    """Editing a capacity in the fleet table changes the scenario; undo restores it, redo re-applies it."""
    model = _model(window, "editor.fleet_types")
    index = model.index(0, _column(model, "capacity_kg"))
    before = window.document.current.fleet.vehicle_types[0].capacity_kg
    assert model.setData(index, before + 1000, Qt.ItemDataRole.EditRole)
    assert window.document.current.fleet.vehicle_types[0].capacity_kg == before + 1000
    assert [c.dotted for c in window.document.changes()] == [
        f"fleet.vehicle_types[id={window.document.current.fleet.vehicle_types[0].id}].capacity_kg"]
    name = window.document.current.fleet.vehicle_types[0].name_en
    assert window.editor.changes_list.item(0).text() == f"{name} · Capacity (kg): {before:g} → {before + 1000:g}"
    assert window.undo.undoText() == f"Set Capacity (kg) of {name} to {before + 1000:g}"
    window.undo.undo()
    assert window.document.current.fleet.vehicle_types[0].capacity_kg == before
    assert not window.document.changes()
    assert model.data(index) == f"{before:g}"
    window.undo.redo()
    assert window.document.current.fleet.vehicle_types[0].capacity_kg == before + 1000


def test_invalid_value_is_refused_with_a_message(window):
    """A negative shift length is refused: nothing changes, nothing lands on the undo stack, the user is told why."""
    model = _model(window, "editor.shifts")
    index = model.index(0, _column(model, "duration_min"))
    before = window.document.current.shifts.templates[0].duration_min
    assert not model.setData(index, -30, Qt.ItemDataRole.EditRole)
    assert window.document.current.shifts.templates[0].duration_min == before
    assert window.undo.count() == 0
    assert window.editor.error_label.text().endswith("Paid length (min): must be > 0 (got -30)")
    from desktop import i18n

    i18n.set_language("zh")
    assert not model.setData(index, -30, Qt.ItemDataRole.EditRole)
    assert window.editor.error_label.text().endswith("工作时长（分钟）：必须大于 0（实际为 -30）")


def test_single_record_tables_edit_labour_rules(window):
    """The labour-rules table shows one field per row and its edits are undoable too."""
    model = _model(window, "editor.labour")
    row = model.spec.fields.index("max_consecutive_days")
    assert model.setData(model.index(row, 1), 5, Qt.ItemDataRole.EditRole)
    assert window.document.current.labour_rules.max_consecutive_days == 5
    window.undo.undo()
    assert window.document.current.labour_rules.max_consecutive_days == load_scenario(TRAINING).labour_rules.max_consecutive_days


def test_every_table_opens_with_rows(window):
    """Each editor table shows the scenario's records (the training district has them all)."""
    for spec in TABLES:
        model = _model(window, spec.key)
        assert model.rowCount() > 0, spec.key
        assert model.data(model.index(0, 0)) not in (None,), spec.key


def test_save_as_writes_a_scenario_that_loads_with_the_edit(window, tmp_path):
    """Save-as writes the edited scenario; loading it back gives the edited value."""
    model = _model(window, "editor.toilet_grades")
    assert model.setData(model.index(0, _column(model, "cleaning_interval_min")), 45.0, Qt.ItemDataRole.EditRole)
    target = tmp_path / "edited.yaml"
    assert window.session._save_to(target)
    assert load_scenario(target).standards.toilet_grades[0].cleaning_interval_min == 45.0
    assert not window.document.dirty
    assert str(target.resolve()) in window.session.recent_files()


def test_autosave_restores_edits_after_a_crash(window, qtbot):
    """Unsaved edits are autosaved; opening the file again offers them back and recover re-applies them."""
    model = _model(window, "editor.incident_rates")
    row = model.spec.fields.index("per_day")
    assert model.setData(model.index(row, 1), 99.0, Qt.ItemDataRole.EditRole)
    saved = window.session.autosave()
    assert saved is not None and saved.exists()
    assert window.open_path(TRAINING)  # as after a crash: the file opens without the edits
    assert window.document.current.incidents.per_day != 99.0
    assert window.session.pending_recovery is not None
    assert window.session.recover() == 1
    assert window.document.current.incidents.per_day == 99.0
    window.undo.undo()
    assert window.document.current.incidents.per_day != 99.0


def test_document_variant_carries_the_edits(tmp_path: Path):
    """The edits form a variant of the base file whose changes rebuild the same scenario."""
    document = ScenarioDocument.open(TRAINING)
    document.set_value(("labour_rules", "max_nights_per_week"), 2)
    variant = document.variant("fewer-nights")
    assert [c.path for c in variant.changes] == ["labour_rules.max_nights_per_week"]
    assert variant.apply(load_scenario(TRAINING)).labour_rules.max_nights_per_week == 2


def test_save_variant_writes_the_edits_against_the_base_file(window, tmp_path):
    """'Save edits as a variant' writes a variant file that rebuilds the edited scenario from its base."""
    from scenarios.variants import load_variant

    model = _model(window, "editor.fleet_types")
    assert model.setData(model.index(0, _column(model, "cost_per_km")), 9.5, Qt.ItemDataRole.EditRole)
    target = tmp_path / "pricier.variant.yaml"
    assert window.session.write_variant(target)
    variant, scenario = load_variant(target)
    assert [c.path for c in variant.changes] == [window.document.changes()[0].dotted]
    assert scenario.fleet.vehicle_types[0].cost_per_km == 9.5


def test_job_settings_follow_the_scenario_and_the_spin_boxes(window):
    """Opening a scenario sets the job settings; changing a spin box changes what the next job uses."""
    panel = window.jobs_panel
    assert window.job_settings["replications"] == window.document.current.simulation.replications
    panel.days.setValue(3)
    assert window.job_settings["days"] == 3
