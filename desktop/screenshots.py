"""Every tab of the app in Chinese and in English, after the jobs that fill it, saved as PNGs (docs/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Jobs in the order a planner runs them; each tab then shows its results.
JOBS = ("routes", "roster", "simulate", "study", "sweep")
TABS = ("map", "replay", "editor", "roster", "results", "compare", "trainer")
LANGUAGES = ("zh", "en")


def take_all(out: Path, scenario: Path, *, time_limit_s: float = 10.0, size: tuple[int, int] = (1400, 900)) -> int:
    """Run the jobs once, then save each tab in each language as out/TAB-LANG.png; 1 when a job failed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from . import i18n
    from .app import make_application
    from .main_window import MainWindow
    from .screenshot import run_job_and_wait

    app = make_application()
    window = MainWindow(ask_before_close=False)
    window.resize(*size)
    window.show()
    if not window.open_path(scenario):
        print(f"error: {window.last_error}", file=sys.stderr)
        return 1
    window.job_settings = {"time_limit_s": time_limit_s, "days": 1, "replications": 2, "weeks": 1}
    status = 0
    for kind in JOBS:
        state, payload = run_job_and_wait(window, kind)
        print(f"{kind}: {state}", flush=True)
        if state != "finished":
            print(f"error: {kind}: {str(window.last_error or payload).splitlines()[0]}", file=sys.stderr)
            status = 1
    out.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        i18n.set_language(language)
        for position, tab in enumerate(TABS):
            window.tabs.setCurrentIndex(position)
            if tab == "replay" and hasattr(window.views["replay"], "prepare_screenshot"):
                window.views["replay"].prepare_screenshot()
            for _ in range(5):
                app.processEvents()
            path = out / f"{tab}-{language}.png"
            if not window.grab().save(str(path)):
                print(f"error: could not write {path}", file=sys.stderr)
                status = 1
            else:
                print(f"wrote {path}")
    window.runner.shutdown()
    window.close()
    QApplication.processEvents()
    return status
