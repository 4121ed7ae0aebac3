"""Undoable scenario edits: each table edit is one QUndoCommand on the window's undo stack."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ..document import ScenarioDocument


class EditValueCommand(QUndoCommand):
    """Set one field of the scenario; undo puts the old value back.

    The constructor applies the edit once (raising EditRefused for a value the model rejects) so a
    refused value never reaches the undo stack; Qt's first redo() call is then skipped.
    """

    def __init__(self, document: ScenarioDocument, path: tuple, old: Any, new: Any) -> None:
        super().__init__(f"{'.'.join(str(p) for p in path)} = {new!r}")
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
