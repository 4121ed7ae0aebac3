"""Opening and saving scenarios for the window: recent files, atomic saves, autosave and crash recovery."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from scenarios import ScenarioError
from scenarios.errors import DataError
from scenarios.files.atomic import atomic_write_text

from .document import ScenarioDocument
from .i18n import current_language, tr

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

MAX_RECENT = 8


def autosave_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or str(Path.home() / ".cityops")
    return Path(base) / "autosave"


def autosave_file(scenario_path: Path | None) -> Path:
    key = hashlib.sha1(str(Path(scenario_path).resolve() if scenario_path else "untitled").encode()).hexdigest()[:16]
    return autosave_folder() / f"{key}.json"


def _problem_text(exc: Exception) -> str:
    if isinstance(exc, ScenarioError):
        return "\n".join(p.text(current_language()) for p in exc.problems[:12])
    return str(exc)


class Session:
    """File operations of one window; every failure becomes a readable message."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.settings = QSettings("CityOps", "Planner")
        self.pending_recovery: str | None = None

    # --- open -----------------------------------------------------------------------------------
    def choose_and_open(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, tr("menu.open"), "", "Scenario (*.yaml *.yml)")
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Load a scenario file into the window; False (with a message) when it cannot be read."""
        self.window.show_status("app.loading", path=path)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            document = ScenarioDocument.open(Path(path))
        except (ScenarioError, DataError, OSError) as exc:
            log.exception("could not open %s", path)
            self.window.show_error(tr("error.open", path=path, message=_problem_text(exc)))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.window.set_document(document)
        self.add_recent(Path(path))
        self._offer_recovery(document)
        return True

    # --- save -----------------------------------------------------------------------------------
    def save(self) -> bool:
        document = self.window.document
        if document is None:
            return False
        if document.path is None:
            return self.save_as()
        return self._save_to(document.path)

    def save_as(self) -> bool:
        document = self.window.document
        if document is None:
            return False
        start = str(document.path.parent / f"{document.name}-variant.yaml") if document.path else ""
        path, _ = QFileDialog.getSaveFileName(self.window, tr("menu.save_as"), start, "Scenario (*.yaml)")
        return bool(path) and self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        document = self.window.document
        old_autosave = autosave_file(document.path)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            document.save(path)
        except (ScenarioError, DataError, OSError, ValueError) as exc:
            log.exception("could not save %s", path)
            self.window.show_error(tr("error.save", path=path, message=_problem_text(exc)))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        old_autosave.unlink(missing_ok=True)
        self.window.undo.setClean()
        self.add_recent(path)
        self.window.show_status("editor.saved", 8000, path=path)
        return True

    def save_variant(self) -> bool:
        """Write the edits (not the district) as a variant file of the base scenario."""
        document = self.window.document
        if document is None:
            return False
        start = str(document.path.parent / f"{document.name}-variant.variant.yaml") if document.path else ""
        path, _ = QFileDialog.getSaveFileName(self.window, tr("menu.save_variant"), start, "Variant (*.yaml)")
        return bool(path) and self.write_variant(Path(path))

    def write_variant(self, path: Path) -> bool:
        from scenarios.variants import save_variant

        document = self.window.document
        try:
            variant = document.variant(path.stem.removesuffix(".variant"))
            if document.path is not None:  # the base is named relative to the variant file
                import os

                variant = variant.model_copy(update={"base": os.path.relpath(document.path, path.parent)})
            save_variant(variant, path)
        except (OSError, ValueError) as exc:
            log.exception("could not save variant %s", path)
            self.window.show_error(tr("error.save", path=path, message=str(exc)))
            return False
        self.window.show_status("editor.variant_saved", 8000, path=path)
        return True

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user saved or chose to discard it."""
        document = self.window.document
        if document is None or not document.dirty or not self.window.ask_before_close:
            return True
        answer = QMessageBox.question(
            self.window, tr("app.title"), tr("editor.unsaved"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            autosave_file(document.path).unlink(missing_ok=True)
            return True
        return False

    # --- autosave and recovery --------------------------------------------------------------------
    def autosave(self) -> Path | None:
        """Write the unsaved edits (not the district) next to the app's data; removed again on save."""
        document = self.window.document
        if document is None:
            return None
        target = autosave_file(document.path)
        if not document.dirty:
            target.unlink(missing_ok=True)
            return None
        try:
            atomic_write_text(target, document.autosave_text())
        except OSError:
            log.exception("autosave failed")
            return None
        return target

    def _offer_recovery(self, document: ScenarioDocument) -> None:
        target = autosave_file(document.path)
        self.pending_recovery = None
        if not target.exists():
            return
        try:
            text = target.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, json.JSONDecodeError):
            log.warning("ignoring unreadable autosave %s", target)
            return
        if not data.get("edits"):
            return
        self.pending_recovery = text
        box = QMessageBox(QMessageBox.Icon.Question, tr("app.title"),
                          tr("editor.recover", when=data.get("saved_at", "?"), n=len(data["edits"])),
                          QMessageBox.StandardButton.NoButton, self.window)
        recover = box.addButton(tr("editor.recover_button"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("editor.discard_button"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _: self.recover() if box.clickedButton() is recover else self.discard_recovery())
        box.open()

    def recover(self) -> int:
        """Re-apply the autosaved edits (as undoable commands); returns how many were applied."""
        if self.pending_recovery is None or self.window.document is None:
            return 0
        from .editor.commands import EditValueCommand

        count = 0
        for edit in json.loads(self.pending_recovery).get("edits", []):
            path = tuple(edit["path"])
            try:
                old = self.window.document.value(path)
                self.window.undo.push(EditValueCommand(self.window.document, path, old, edit["value"]))
                count += 1
            except (ValueError, IndexError, AttributeError, KeyError, TypeError) as exc:
                log.warning("autosaved edit %s not applied: %s", path, exc)
        self.pending_recovery = None
        return count

    def discard_recovery(self) -> None:
        if self.window.document is not None:
            autosave_file(self.window.document.path).unlink(missing_ok=True)
        self.pending_recovery = None

    # --- recent files -------------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        files = [value] if isinstance(value, str) else list(value or [])
        return [f for f in files if f]

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self.settings.setValue("recent", files[:MAX_RECENT])
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        files = self.recent_files()
        if not files:
            action = QAction(tr("menu.recent_empty"), menu)
            action.setEnabled(False)
            menu.addAction(action)
        for f in files:
            action = QAction(f, menu)
            action.triggered.connect(lambda _=False, p=f: self.confirm_discard() and self.open(Path(p)))
            menu.addAction(action)
