"""File ▸ Import district from OpenStreetMap… and Import list…: options, then a preview before anything changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from scenarios.summary import format_counts

from ..i18n import current_language, tr
from ..map.geometry import build_geometry
from ..map.widget import MapWidget

LIST_KINDS = ("points", "toilets", "staff", "vehicles", "vendors")
# Where each list lives in the scenario (the undoable edit replaces that table).
TABLE_PATHS = {"points": ("collection_points",), "toilets": ("facilities", "toilets"),
               "staff": ("workforce", "workers"), "vehicles": ("fleet", "vehicles"),
               "vendors": ("incidents", "vendor_register")}


def _buttons(dialog: QDialog, ok_key: str | None = None) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_key:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr(ok_key))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class OsmOptionsDialog(QDialog):
    """The district's name and residents; both may stay blank (from the file, estimated)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("menu.import_osm").replace("&", ""))
        self.name = QLineEdit()
        self.population = QSpinBox()
        self.population.setRange(0, 50_000_000)
        self.population.setSingleStep(10_000)
        form = QFormLayout(self)
        form.addRow(tr("import.name"), self.name)
        form.addRow(tr("import.population"), self.population)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str | None, int | None]:
        return self.name.text().strip() or None, self.population.value() or None


class ListOptionsDialog(QDialog):
    """What the list holds, merge or replace, and its coordinate system."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("menu.import_list").replace("&", ""))
        self.kind = QComboBox()
        for kind in LIST_KINDS:
            self.kind.addItem(tr(f"import.kind_{kind}"), kind)
        self.mode = QComboBox()
        self.mode.addItem(tr("import.merge"), "merge")
        self.mode.addItem(tr("import.replace"), "replace")
        self.crs = QComboBox()
        for code, label in (("wgs84", "WGS-84 (GPS, OpenStreetMap)"), ("gcj02", "GCJ-02（高德、腾讯地图）"),
                            ("bd09", "BD-09（百度地图）")):
            self.crs.addItem(label, code)
        form = QFormLayout(self)
        form.addRow(tr("import.kind"), self.kind)
        form.addRow(tr("import.mode"), self.mode)
        form.addRow(tr("import.crs"), self.crs)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, str, str]:
        return self.kind.currentData(), self.mode.currentData(), self.crs.currentData()


class ImportPreview(QDialog):
    """What the import would give (counts, what came from the data, what was assumed, the map); OK applies it."""

    def __init__(self, title_key: str, ok_key: str, scenario: Any, lines: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(title_key))
        self.resize(1000, 640)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setPlainText("\n".join([*lines, "", format_counts(scenario)]))
        self.map = MapWidget()
        self.map.set_geometry(build_geometry(scenario))
        row = QHBoxLayout()
        row.addWidget(text, 2)
        row.addWidget(self.map, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(_buttons(self, ok_key))


def choose_osm_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, tr("menu.import_osm").replace("&", ""), "", f"{tr('import.osm_files')} (*.osm *.pbf *.bz2 *.gz)")
    return Path(path) if path else None


def choose_list_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, tr("menu.import_list").replace("&", ""), "", f"{tr('import.list_files')} (*.csv *.xlsx)")
    return Path(path) if path else None


def osm_preview_lines(result: Any) -> list[str]:
    return result.lines(current_language())


def list_preview_lines(result: Any) -> list[str]:
    return list(result.report_zh if current_language() == "zh" else result.report)
