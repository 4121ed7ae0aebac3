"""A matplotlib chart embedded with FigureCanvasQTAgg, with its own export button (PNG, SVG, PDF)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import current_language, tr

log = logging.getLogger(__name__)


class ChartPanel(QWidget):
    """Title, canvas and export button; `draw(ax, lang)` redraws it (also after a language switch)."""

    def __init__(self, title_key: str, draw: Callable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from reports.charts.style import apply_chart_style

        apply_chart_style()
        self.title_key, self._draw = title_key, draw
        self.figure = Figure(figsize=(5, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(140)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._choose_export)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(header)
        layout.addWidget(self.canvas, 1)
        self.retranslate(redraw=False)  # the owner draws once its data is in place

    def redraw(self) -> None:
        self.figure.clear()
        ax = self.figure.add_subplot(1, 1, 1)
        try:
            self._draw(ax, current_language())
        except Exception as exc:  # a chart that cannot draw says so instead of breaking the view
            log.exception("chart %s failed", self.title_key)
            ax.text(0.5, 0.5, str(exc), ha="center", va="center", transform=ax.transAxes, wrap=True)
        self.canvas.draw_idle()

    def export(self, path: Path) -> Path:
        """Save the chart; the format follows the file suffix (.png, .svg or .pdf)."""
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            path = path.with_suffix(".png")
        self.figure.savefig(path, dpi=150 if path.suffix.lower() == ".png" else None)
        return path

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("results.export"), f"{self.title_key.split('.')[-1]}.png",
                                              "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)")
        if not path:
            return
        try:
            saved = self.export(Path(path))
        except (OSError, ValueError) as exc:
            log.exception("chart export failed")
            self.window().show_error(tr("error.save", path=path, message=str(exc)))
            return
        self.window().show_status("results.exported", 8000, path=saved)

    def retranslate(self, redraw: bool = True) -> None:
        self.title.setText(tr(self.title_key))
        self.export_button.setText(tr("results.export"))
        if redraw:
            self.redraw()
