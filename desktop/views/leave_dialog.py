"""Enter leave (请假) for a person: who, from which day to which; the edit goes on the undo stack."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QWidget

from scenarios.model.common import DateRange

from ..editor.commands import EditValueCommand
from ..i18n import bilingual, tr


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
        self.person = QComboBox()
        for worker in window.document.current.workforce.workers:
            self.person.addItem(f"{bilingual(worker.name_zh, worker.name_en)}（{worker.id}）", worker.id)
        start = QDate(first_day.year, first_day.month, first_day.day)
        self.first, self.last = QDateEdit(start), QDateEdit(start)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("roster.leave_person"), self.person)
        form.addRow(tr("roster.leave_first"), self.first)
        form.addRow(tr("roster.leave_last"), self.last)
        form.addRow(buttons)

    def chosen(self) -> tuple[str, dt.date, dt.date]:
        return self.person.currentData(), self.first.date().toPython(), self.last.date().toPython()
