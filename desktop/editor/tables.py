"""Qt item models over the scenario's tables; every edit goes through the undo stack.

A table is a list in the scenario (vehicle types, workers, shifts …) shown one record per row, or
one record (labour rules, incident rates) shown one field per row. The models only read the
document and push EditValueCommand; the document validates and applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoStack

from ..document import EditRefused, ScenarioDocument
from ..i18n import bilingual, tr
from .commands import EditValueCommand
from .labels import display, field_label

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TableSpec:
    """A scenario table the editor offers: where it lives, which fields show, which can be edited."""

    key: str  # i18n key of its title
    path: tuple[str, ...]
    fields: tuple[str, ...]
    editable: frozenset[str]
    single: bool = False  # one record shown field by field


TABLES: tuple[TableSpec, ...] = (
    TableSpec("editor.fleet_types", ("fleet", "vehicle_types"),
              ("id", "name", "kind", "capacity_kg", "cost_per_km", "cost_per_hour", "fixed_cost_per_day", "max_shift_min"),
              frozenset({"capacity_kg", "cost_per_km", "cost_per_hour", "fixed_cost_per_day", "max_shift_min"})),
    TableSpec("editor.fleet_vehicles", ("fleet", "vehicles"), ("id", "type", "depot", "spare"),
              frozenset({"type", "depot", "spare"})),
    TableSpec("editor.workers", ("workforce", "workers"),
              ("id", "name", "team", "skills", "regime", "contract_hours_per_week"),
              frozenset({"regime", "contract_hours_per_week"})),
    TableSpec("editor.shifts", ("shifts", "templates"), ("id", "name", "start", "duration_min", "break_min", "night"),
              frozenset({"start", "duration_min", "break_min", "night"})),
    TableSpec("editor.demand", ("shifts", "demand"), ("skill", "shift", "count", "target", "weekdays", "team"),
              frozenset({"count", "target"})),
    TableSpec("editor.labour", ("labour_rules",),
              ("max_hours_per_day", "max_overtime_hours_per_day", "max_overtime_hours_per_month",
               "standard_hours_per_week", "min_rest_between_shifts_h", "max_consecutive_days",
               "min_days_off_per_week", "max_nights_per_week"),
              frozenset({"max_hours_per_day", "max_overtime_hours_per_day", "max_overtime_hours_per_month",
                         "standard_hours_per_week", "min_rest_between_shifts_h", "max_consecutive_days",
                         "min_days_off_per_week", "max_nights_per_week"}), single=True),
    TableSpec("editor.cleaning", ("standards", "cleaning_grades"),
              ("grade", "sweeps_per_day", "mechanical_sweeps_per_day", "method", "litter_limit_per_1000m2",
               "manual_m2_per_shift"),
              frozenset({"sweeps_per_day", "mechanical_sweeps_per_day", "method", "litter_limit_per_1000m2",
                         "manual_m2_per_shift"})),
    TableSpec("editor.toilet_grades", ("standards", "toilet_grades"), ("grade", "cleaning_interval_min"),
              frozenset({"cleaning_interval_min"})),
    TableSpec("editor.incident_types", ("incidents", "types"),
              ("id", "name", "share", "priority", "handling_min", "response_target_min"),
              frozenset({"share", "priority", "handling_min", "response_target_min"})),
    TableSpec("editor.incident_rates", ("incidents",), ("per_day", "hotspot_visits_per_day"),
              frozenset({"per_day", "hotspot_visits_per_day"}), single=True),
)


class _BaseModel(QAbstractTableModel):
    def __init__(self, document: ScenarioDocument, spec: TableSpec, undo: QUndoStack) -> None:
        super().__init__()
        self.document, self.spec, self.undo = document, spec, undo
        self.last_error = ""

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _push(self, path: tuple, value: Any) -> bool:
        old = self.document.value(path)
        if isinstance(old, float) and isinstance(value, int | float):
            value = float(value)
        if value == old:
            return False
        try:
            self.undo.push(EditValueCommand(self.document, path, old, value))
        except EditRefused as exc:
            self.last_error = str(exc)
            self.editRefused(str(exc))
            return False
        return True

    def editRefused(self, message: str) -> None:  # noqa: N802 (overridden by the view)
        return None


class RecordTableModel(_BaseModel):
    """One scenario record per row; the spec's fields as columns."""

    def records(self) -> list:
        return self.document.value(self.spec.path)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.records())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.spec.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return field_label(self.spec.fields[section])
        if role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def _raw(self, row: int, field: str) -> Any:
        record = self.records()[row]
        if field == "name":
            return bilingual(getattr(record, "name_zh", ""), getattr(record, "name_en", ""))
        return getattr(record, field)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self.spec.fields[index.column()]
        value = self._raw(index.row(), field)
        if role == Qt.ItemDataRole.DisplayRole:
            editable_flag = isinstance(value, bool) and field in self.spec.editable
            return "" if editable_flag else display(value, field)  # the check box says it already
        if role == Qt.ItemDataRole.EditRole:
            return display(value, field) if field == "start" or value is None else value
        if role == Qt.ItemDataRole.CheckStateRole and isinstance(value, bool) and field in self.spec.editable:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float) and not isinstance(value, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and field not in self.spec.editable:
            from PySide6.QtGui import QColor

            return QColor("#666666")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = self.spec.fields[index.column()]
        if field in self.spec.editable:
            value = self._raw(index.row(), field)
            base |= Qt.ItemFlag.ItemIsUserCheckable if isinstance(value, bool) else Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        field = self.spec.fields[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, str) and field in ("target",) and not value.strip():
            value = None
        return self._push((*self.spec.path, index.row(), field), value)

    def on_document_changed(self, path: tuple | None) -> None:
        n = len(self.spec.path)
        if path is None or tuple(path[:n]) != self.spec.path:
            if path is None:
                self.refresh()
            return
        row, field = path[n], path[n + 1]
        if field in self.spec.fields:
            cell = self.index(row, self.spec.fields.index(field))
            self.dataChanged.emit(cell, cell)


class FieldsTableModel(_BaseModel):
    """One record (labour rules, incident rates) shown as field / value rows."""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.spec.fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr("editor.field") if section == 0 else tr("editor.value")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self.spec.fields[index.row()]
        if index.column() == 0:
            return field_label(field) if role == Qt.ItemDataRole.DisplayRole else None
        value = self.document.value((*self.spec.path, field))
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, field)
        if role == Qt.ItemDataRole.EditRole:
            return value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1 and self.spec.fields[index.row()] in self.spec.editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != 1:
            return False
        return self._push((*self.spec.path, self.spec.fields[index.row()]), value)

    def on_document_changed(self, path: tuple | None) -> None:
        n = len(self.spec.path)
        if path is None:
            self.refresh()
        elif tuple(path[:n]) == self.spec.path and path[n] in self.spec.fields:
            cell = self.index(self.spec.fields.index(path[n]), 1)
            self.dataChanged.emit(cell, cell)


def make_model(document: ScenarioDocument, spec: TableSpec, undo: QUndoStack) -> _BaseModel:
    return (FieldsTableModel if spec.single else RecordTableModel)(document, spec, undo)
