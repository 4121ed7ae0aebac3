"""Importing a district from OpenStreetMap and the bureau's lists: a job, a preview, then the change.

The import runs as a job (progress, cancel; the window stays responsive). Nothing changes until
the user accepts the preview: a district becomes a new scenario file, which then opens; a list
replaces its table in the open scenario as one undoable edit. A failed import changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog

from scenarios.files.save import save_scenario

from .editor.commands import EditValueCommand
from .i18n import tr
from .jobs import tasks
from .views import import_dialogs as dialogs

if TYPE_CHECKING:
    from .main_window import MainWindow


class ImportFlow:
    """File ▸ Import district from OpenStreetMap… and File ▸ Import list…."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.preview: dialogs.ImportPreview | None = None
        self._list_source: tuple[str, Path] | None = None
        self._osm_source: Path | None = None

    # --- OpenStreetMap --------------------------------------------------------------------------
    def import_district(self, path: Path | None = None, name: str | None = None, population: int | None = None,
                        ask: bool = True) -> bool:
        """Start the import job (asking for the file and options unless given)."""
        if ask:
            path = path or dialogs.choose_osm_file(self.window)
            if path is None:
                return False
            options = dialogs.OsmOptionsDialog(self.window)
            if options.exec() != QDialog.DialogCode.Accepted:
                return False
            name, population = options.values()
        if path is None:
            return False
        self._osm_source = Path(path)
        self.window.runner.submit("import_osm", tasks.import_osm_job, str(path), name, population)
        return True

    def apply_district(self, result: Any, target: Path | None = None) -> bool:
        """Save the imported district (asking where unless given) and open it."""
        if target is None:
            stem = (self._osm_source.name.split(".")[0] if self._osm_source else "district")
            chosen, _ = QFileDialog.getSaveFileName(self.window, tr("import.save_as"), f"{stem}.yaml", "Scenario (*.yaml)")
            if not chosen:
                return False
            target = Path(chosen)
        try:
            save_scenario(result.scenario, target)
        except OSError as exc:
            self.window.show_error(tr("error.save", path=target, message=str(exc)))
            return False
        return self.window.session.open(target)

    # --- lists ----------------------------------------------------------------------------------
    def import_list(self, path: Path | None = None, kind: str | None = None, mode: str = "merge",
                    crs: str = "wgs84", ask: bool = True) -> bool:
        """Start reading a list into the open scenario (asking for file and options unless given)."""
        document = self.window.document
        if document is None:
            self.window.show_error(tr("job.no_scenario"))
            return False
        if ask:
            options = dialogs.ListOptionsDialog(self.window)
            if options.exec() != QDialog.DialogCode.Accepted:
                return False
            kind, mode, crs = options.values()
            path = path or dialogs.choose_list_file(self.window)
        if path is None or kind is None:
            return False
        self._list_source = (kind, Path(path))
        self.window.runner.submit("import_list", tasks.import_list_job, document.blob(), kind, str(path), mode, crs)
        return True

    def apply_list(self, result: Any) -> bool:
        """Replace the list's table in the open scenario: one undoable edit."""
        document = self.window.document
        if document is None or self._list_source is None:
            return False
        kind, source = self._list_source
        table = dialogs.TABLE_PATHS[kind]
        old, new = _table(document.current, table), _table(result.scenario, table)
        command = EditValueCommand(document, table, old, new)
        what = tr(f"import.kind_{kind}")
        command.setText(tr("import.undo", what=what, file=source.name))
        self.window.undo.push(command)
        self.window.show_status("import.applied", 15000, n=len(new), what=what, file=source.name)
        return True

    # --- results --------------------------------------------------------------------------------
    def on_result(self, kind: str, result: Any) -> None:
        """Show the preview of a finished import (a cancelled one returns None: nothing to show)."""
        if result is None:
            return
        if kind == "import_osm":
            lines, title, ok = dialogs.osm_preview_lines(result), "import.preview_osm", "import.create"
            accept = lambda: self.apply_district(result)  # noqa: E731
        else:
            lines, title, ok = dialogs.list_preview_lines(result), "import.preview_list", "import.apply"
            accept = lambda: self.apply_list(result)  # noqa: E731
        self.preview = dialogs.ImportPreview(title, ok, result.scenario, lines, self.window)
        self.preview.accepted.connect(accept)
        self.preview.open()


def _table(scenario: Any, path: tuple[str, ...]) -> list:
    value = scenario
    for name in path:
        value = getattr(value, name)
    return list(value)
