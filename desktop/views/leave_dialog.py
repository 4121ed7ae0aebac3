"""Enter leave (请假) and shift preferences (偏好) for a person; each edit goes on the undo stack."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from scenarios.model.common import DateRange

from ..editor.commands import EditValueCommand
from ..i18n import bilingual, tr


def _form(dialog: QDialog, rows: list[tuple[str, QWidget]]) -> None:
    """Labelled rows (catalogue keys) and OK / Cancel, the layout both dialogs share."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    for key, widget in rows:
        form.addRow(tr(key), widget)
    form.addRow(buttons)


def add_leave(window: Any, worker_id: str, first: dt.date, last: dt.date) -> None:
    """Add a leave range to the worker in the open scenario, as one undoable edit (EditRefused if invalid)."""
    workers = window.document.current.workforce.workers
    position = next(k for k, w in enumerate(workers) if w.id == worker_id)
    path = ("workforce", "workers", position, "leave")
    old = list(workers[position].leave)
    window.undo.push(EditValueCommand(window.document, path, old, [*old, DateRange(first=first, last=last)]))


class LeaveDialog(QDialog):
    """Who and when; the roster's first day is the default."""

    def __init__(self, window: Any, first_day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("roster.leave_title"))
        self.person = _person_combo(window)
        start = QDate(first_day.year, first_day.month, first_day.day)
        self.first, self.last = QDateEdit(start), QDateEdit(start)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        _form(self, [("roster.leave_person", self.person), ("roster.leave_first", self.first),
                     ("roster.leave_last", self.last)])

    def chosen(self) -> tuple[str, dt.date, dt.date]:
        return self.person.currentData(), self.first.date().toPython(), self.last.date().toPython()


def set_preferences(window: Any, worker_id: str, preferred: list[str], avoided: list[str]) -> None:
    """The shifts a person prefers and would rather avoid (soft rules of the roster), as one undoable step."""
    workers = window.document.current.workforce.workers
    position = next(k for k, w in enumerate(workers) if w.id == worker_id)
    window.undo.beginMacro(tr("roster.preferences_set", who=worker_id))
    try:
        for field, shifts in (("preferred_shifts", preferred), ("avoided_shifts", avoided)):
            old = list(getattr(workers[position], field))
            if old != shifts:
                window.undo.push(EditValueCommand(window.document, ("workforce", "workers", position, field), old,
                                                  shifts))
                workers = window.document.current.workforce.workers
    finally:
        window.undo.endMacro()


def _person_combo(window: Any) -> QComboBox:
    combo = QComboBox()
    for worker in window.document.current.workforce.workers:
        combo.addItem(f"{bilingual(worker.name_zh, worker.name_en)}（{worker.id}）", worker.id)
    return combo


class PreferencesDialog(QDialog):
    """Who, which shifts they prefer and which they would rather avoid (ticked in two lists)."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("roster.preferences_title"))
        self.window = window
        self.person = _person_combo(window)
        self.preferred, self.avoided = QListWidget(), QListWidget()
        for shift in window.document.current.shifts.templates:
            for box in (self.preferred, self.avoided):
                item = QListWidgetItem(bilingual(shift.name_zh, shift.name_en) or shift.id)
                item.setData(Qt.ItemDataRole.UserRole, shift.id)
                item.setCheckState(Qt.CheckState.Unchecked)
                box.addItem(item)
        self.person.currentIndexChanged.connect(self._show_current)
        _form(self, [("roster.leave_person", self.person), ("roster.preferred", self.preferred),
                     ("roster.avoided", self.avoided)])
        self._show_current()

    def _show_current(self) -> None:
        worker = next(w for w in self.window.document.current.workforce.workers if w.id == self.person.currentData())
        for box, chosen in ((self.preferred, worker.preferred_shifts), (self.avoided, worker.avoided_shifts)):
            for row in range(box.count()):
                item = box.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[str, list[str], list[str]]:
        def ticked(box: QListWidget) -> list[str]:
            return [box.item(r).data(Qt.ItemDataRole.UserRole) for r in range(box.count())
                    if box.item(r).checkState() == Qt.CheckState.Checked]

        return self.person.currentData(), ticked(self.preferred), ticked(self.avoided)
