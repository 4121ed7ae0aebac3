"""Render one view of the app offscreen with the default data, running the jobs it needs, and save a PNG."""

from __future__ import annotations

import os
import sys
from pathlib import Path

JOBS_FOR_VIEW = {
    "map": (),
    "plan": ("routes",),
    "replay": ("routes?", "simulate"),
    "roster": ("roster",),
    "results": ("routes?", "simulate"),
    "compare": ("study",),
    "trainer": ("sweep",),
    "editor": (),
}
TAB_FOR_VIEW = {"map": 0, "plan": 0, "replay": 1, "editor": 2, "roster": 3, "results": 4, "compare": 5, "trainer": 6}
JOB_TIMEOUT_S = 600
# "kind?" = optional: when that back end is not available the view is rendered without it
# (the simulation then uses the scenario's baseline plan and says so).


def run_job_and_wait(window, kind: str, **options) -> tuple[str, object]:
    """Start a job in the window and spin the event loop until it ends; returns (outcome, result or message)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    outcome: list[tuple[str, object]] = []

    def done(state: str, k: str, payload: object) -> None:
        if k == kind and not outcome:
            outcome.append((state, payload))
            loop.quit()

    connections = [
        (window.runner.finished, lambda k, r: done("finished", k, r)),
        (window.runner.cancelled, lambda k, r: done("cancelled", k, r)),
        (window.runner.failed, lambda k, m, _d: done("failed", k, m)),
    ]
    for signal, slot in connections:
        signal.connect(slot)
    if not window.start_job(kind, **options):
        return "failed", window.last_error
    QTimer.singleShot(JOB_TIMEOUT_S * 1000, lambda: done("failed", kind, "timed out"))
    loop.exec()
    for signal, slot in connections:
        signal.disconnect(slot)
    return outcome[0]


# Seven parameters: the CLI entry point; its keywords mirror the command-line options.
def take_screenshot(view: str, out: Path, scenario: Path, *, language: str | None = None,
                    size: tuple[int, int] = (1400, 900), time_limit_s: float | None = None,
                    plan: Path | None = None) -> int:
    """Save `view` as a PNG; returns 1 (after saving what it shows) when a job it needs failed. With `plan` (a
    folder or plan.json written by `main.py plan --out`), that plan is shown instead of planning routes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from . import i18n
    from .app import make_application
    from .jobs.tasks import UNAVAILABLE_PREFIX
    from .main_window import MainWindow

    app = make_application()
    if language:
        i18n.set_language(language)
    window = MainWindow(ask_before_close=False)
    window.resize(*size)
    window.show()
    app.processEvents()
    if not window.open_path(scenario):
        print(f"error: {window.last_error}", file=sys.stderr)
        return 1
    if time_limit_s is not None:
        window.job_settings = {"time_limit_s": time_limit_s}
    status = 0
    if plan is not None:
        from optimizer.common.plan import load_plan

        window.show_plan(load_plan(plan))
    for entry in JOBS_FOR_VIEW[view]:
        kind, optional = entry.rstrip("?"), entry.endswith("?")
        if plan is not None and kind == "routes":
            continue
        state, payload = run_job_and_wait(window, kind)
        if state == "failed" and optional and UNAVAILABLE_PREFIX in str(payload):
            print(f"note: {kind} not available in this build; continuing without it", file=sys.stderr)
            continue
        if state == "failed":
            print(f"error: {(window.last_error or str(payload)).splitlines()[0]}", file=sys.stderr)
            status = 1
            break
    window.tabs.setCurrentIndex(TAB_FOR_VIEW[view])
    window.views["replay"].prepare_screenshot() if view == "replay" and hasattr(window.views["replay"], "prepare_screenshot") else None
    if view == "plan":
        window.map_tab.routes.expandAll()
    for _ in range(5):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(out))
    window.runner.shutdown()
    window.close()
    QApplication.processEvents()
    if not saved:
        print(f"error: could not write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return status
