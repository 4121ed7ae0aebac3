"""Start the desktop app: a QApplication, the main window shown at once, the scenario loaded just after."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None):
    """The QApplication (created once), with chart fonts and the language set up."""
    from PySide6.QtWidgets import QApplication

    from reports.charts.style import apply_chart_style

    from . import i18n

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("CityOps Planner")
    app.setOrganizationName("CityOps")
    apply_chart_style()
    from . import preferences

    i18n.set_language(preferences.saved_language() or i18n.system_language())
    preferences.use_qt_translations(i18n.current_language())
    return app


def run_app(path: Path | None) -> int:
    """Show the window, then open the scenario (the window appears before the district is loaded)."""
    from PySide6.QtCore import QTimer

    from .main_window import MainWindow

    app = make_application()
    window = MainWindow()
    window.show()
    app.processEvents()  # paint the window now, before the district is loaded
    probe = os.environ.get("CITYOPS_LAUNCH_PROBE")  # set by `python -m benchmarks gui`
    if probe:
        _report_launch(app, window, path)
    if path is not None:
        QTimer.singleShot(0, lambda: window.open_path(Path(path)))
    _log_uncaught_exceptions(window)
    code = app.exec()
    window.runner.shutdown()
    return int(code)


def _log_uncaught_exceptions(window) -> None:
    """An exception in a slot becomes a readable message in the window; the log gets the traceback."""
    previous = sys.excepthook

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        try:
            window.show_error(f"{kind.__name__}: {value}")
        except RuntimeError:  # the window is already gone
            previous(kind, value, tb)

    sys.excepthook = hook


def _report_launch(app, window, path: Path | None) -> None:
    """Print now (the window has been shown and painted) and when the scenario is open, then quit (benchmark only)."""
    from PySide6.QtCore import QTimer

    heavy = ("ortools", "pyvrp", "pandas", "scipy", "simpy")

    loaded_heavy = [m for m in heavy if m in sys.modules]
    print(f"shown_at={time.time():.4f} heavy_modules_at_show={','.join(loaded_heavy) or 'none'}", flush=True)

    def opened() -> None:
        if path is not None and window.document is None:
            QTimer.singleShot(20, opened)
            return
        print(f"opened_at={time.time():.4f}", flush=True)
        window.ask_before_close = False
        app.quit()

    QTimer.singleShot(0, opened)
