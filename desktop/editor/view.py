"""The scenario editor view: pick a table, edit cells (undoable), see what changed from the base."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..document import ScenarioDocument
from ..i18n import current_language, tr
from .commands import owner_name
from .labels import display, field_label
from .tables import TABLES, make_model

log = logging.getLogger(__name__)


class ScenarioEditor(QWidget):
    """Tables of the scenario on the left, the chosen table in the middle, the what-changed list below."""

    def __init__(self, undo: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.document: ScenarioDocument | None = None
        self.models: list = []
        self.table_list = QListWidget()
        self.table_list.setMaximumWidth(220)
        self.table_view = QTableView()
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed
                                        | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table_view.verticalHeader().setDefaultSectionSize(22)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #B03A2E; padding: 2px;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.changes_title = QLabel()
        self.changes_title.setStyleSheet("font-weight: bold;")
        self.changes_list = QListWidget()

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.table_view)
        middle_layout.addWidget(self.error_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.changes_title)
        bottom_layout.addWidget(self.changes_list)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(middle)
        vertical.addWidget(bottom)
        vertical.setSizes([500, 160])
        horizontal = QSplitter(Qt.Orientation.Horizontal)
        horizontal.addWidget(self.table_list)
        horizontal.addWidget(vertical)
        horizontal.setSizes([200, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(horizontal)
        self.table_list.currentRowChanged.connect(self._show_table)
        self.retranslate()

    def set_document(self, document: ScenarioDocument | None) -> None:
        self.document = document
        self.models = []
        if document is not None:
            for spec in TABLES:
                model = make_model(document, spec, self.undo)
                model.editRefused = self._show_error  # type: ignore[method-assign]
                self.models.append(model)
            document.listen(self._on_document_changed)
        row = max(self.table_list.currentRow(), 0)
        self._show_table(row)
        self._refresh_changes()

    def select_table(self, key: str) -> None:
        """Show the table whose title key is `key` (e.g. 'editor.shifts')."""
        for row, spec in enumerate(TABLES):
            if spec.key == key:
                self.table_list.setCurrentRow(row)

    def current_model(self):
        row = self.table_list.currentRow()
        return self.models[row] if 0 <= row < len(self.models) else None

    def _show_table(self, row: int) -> None:
        if not self.models or row < 0:
            self.table_view.setModel(None)
            return
        self.table_view.setModel(self.models[row])
        header = self.table_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table_view.resizeColumnsToContents()
        self.error_label.hide()

    def _show_error(self, message: str) -> None:
        log.info("edit refused: %s", message)
        self.error_label.setText(tr("error.edit", message=message))
        self.error_label.show()

    def _on_document_changed(self, path: tuple | None) -> None:
        for model in self.models:
            model.on_document_changed(path)
        self.error_label.hide()
        self._refresh_changes()

    def _refresh_changes(self) -> None:
        self.changes_list.clear()
        changes = self.document.changes() if self.document else []
        base = self.document.display_name(current_language()) if self.document else ""
        self.changes_title.setText(f"{tr('editor.changes')} — {tr('editor.variant', base=base)}")
        if not changes:
            self.changes_list.addItem(tr("editor.no_changes"))
        for change in changes:
            field = str(change.path[-1])
            item = QListWidgetItem(tr("editor.set", owner=owner_name(self.document, change.path),
                                      field=field_label(field), old=display(change.old, field),
                                      new=display(change.new, field)))
            item.setToolTip(change.dotted)  # the variant path a study file uses
            self.changes_list.addItem(item)

    def retranslate(self) -> None:
        row = self.table_list.currentRow()
        self.table_list.blockSignals(True)
        self.table_list.clear()
        for spec in TABLES:
            self.table_list.addItem(tr(spec.key))
        self.table_list.setCurrentRow(max(row, 0))
        self.table_list.blockSignals(False)
        for model in self.models:
            model.refresh()
        self._refresh_changes()
