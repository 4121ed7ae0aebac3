"""Undoable scenario edits: each table edit is one QUndoCommand on the window's undo stack."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ..document import ScenarioDocument
from ..i18n import bilingual, tr
from .labels import display, field_label


def owner_name(document: ScenarioDocument, path: tuple) -> str:
    """The record a field belongs to, by its name ('8吨压缩车'), else its id or grade, else 'the scenario'."""
    owner = document.value(path[:-1]) if len(path) > 1 else None
    name = ""
    if owner is not None and not isinstance(owner, list | tuple | dict):
        name = bilingual(getattr(owner, "name_zh", "") or "", getattr(owner, "name_en", "") or "")
        name = name or str(getattr(owner, "id", "") or getattr(owner, "grade", "") or "")
    return name or tr("edit.scenario")


def edit_text(document: ScenarioDocument, path: tuple, new: Any) -> str:
    """What the edit does, as the Edit menu says it: 'Set Capacity (kg) of 8 t compactor to 4000'."""
    field = str(path[-1])
    return tr("edit.set", field=field_label(field), owner=owner_name(document, path), value=display(new, field))


class EditValueCommand(QUndoCommand):
    """Set one field of the scenario; undo puts the old value back.

    The constructor applies the edit once (raising EditRefused for a value the model rejects) so a
    refused value never reaches the undo stack; Qt's first redo() call is then skipped.
    """

    def __init__(self, document: ScenarioDocument, path: tuple, old: Any, new: Any) -> None:
        super().__init__(edit_text(document, path, new))
        self.document, self.path, self.old, self.new = document, path, old, new
        document.set_value(path, new)
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.document.set_value(self.path, self.new)

    def undo(self) -> None:
        self.document.set_value(self.path, self.old)
