"""The common shape of a result view: an empty state until its job delivers, then the content."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QStackedWidget, QWidget

from ..i18n import tr
from .placeholder import EmptyState


class ResultView(QStackedWidget):
    """Shows `empty_key`'s message (or why the back end is unavailable) until `show_content()`."""

    empty_key = ""
    job_kinds: tuple[str, ...] = ()

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.document: Any = None
        self.empty = EmptyState()
        self.addWidget(self.empty)
        self.unavailable_text = ""

    def set_content(self, widget: QWidget) -> None:
        self.content = widget
        self.addWidget(widget)

    def show_content(self) -> None:
        self.unavailable_text = ""
        self.setCurrentIndex(1)

    def show_empty(self) -> None:
        self.setCurrentIndex(0)
        self.empty.set_text(self.unavailable_text or tr(self.empty_key))

    def set_document(self, document: Any) -> None:
        self.document = document
        self.show_empty()

    def on_result(self, kind: str, result: Any) -> None:
        """A job finished (or was cancelled with a best result); views pick the kinds they show."""

    def on_unavailable(self, kind: str, text: str) -> None:
        if kind in self.job_kinds:
            self.unavailable_text = text
            self.show_empty()

    def retranslate(self) -> None:
        if self.currentIndex() == 0:
            self.show_empty()
