"""Fixtures for the app's tests: the training scenario, a main window, and a guard against leftover workers."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "scenarios" / "training.yaml"


@pytest.fixture(autouse=True)
def no_leftover_workers():
    """Fail a test that leaves a thread or a worker process running."""
    threads_before = {t.ident for t in threading.enumerate()}
    yield
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        children = multiprocessing.active_children()  # also reaps finished children
        threads = [t for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()
                   and not t.daemon]
        if not children and not threads:
            return
        time.sleep(0.05)
    pytest.fail(f"test left workers running: processes {children}, threads {threads}")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """QSettings, autosave files and study stores go to a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setattr("desktop.session.autosave_folder", lambda: tmp_path / "autosave")
    monkeypatch.setattr("desktop.views.study_jobs.study_folder", lambda name: str(tmp_path / "studies" / name))
    yield


@pytest.fixture(autouse=True)
def english():
    """Tests start in English whatever the machine's locale."""
    from desktop import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def window(qtbot):
    """The main window with the training district open."""
    from desktop.main_window import MainWindow
    from reports.charts.style import apply_chart_style

    apply_chart_style()
    win = MainWindow(ask_before_close=False, autosave_interval_s=3600)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    assert win.open_path(TRAINING)
    yield win
    win.runner.shutdown()


def wait_for_job(qtbot, window, kind: str, timeout_ms: int = 60_000) -> tuple[str, object]:
    """Wait until a job of `kind` ends; returns (finished|cancelled|failed, payload)."""
    outcome: list = []
    window.runner.finished.connect(lambda k, r: k == kind and outcome.append(("finished", r)))
    window.runner.cancelled.connect(lambda k, r: k == kind and outcome.append(("cancelled", r)))
    window.runner.failed.connect(lambda k, m, d: k == kind and outcome.append(("failed", m)))
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout_ms)
    return outcome[0]


def english_left(window) -> list[str]:
    """Texts a person reads in the window (labels, buttons, tabs, menus, headers, lists) that keep an
    English word, other than ids, units, file names and the language menu's own 'English'."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QListWidget,
        QTableView,
        QTabWidget,
        QTreeView,
    )

    from tests.test_glossary import latin_words

    texts: list[str] = []
    for widget in window.findChildren(QLabel):
        texts.append(widget.text())
    for widget in window.findChildren(QAbstractButton):
        texts.append(widget.text())
    for widget in window.findChildren(QGroupBox):
        texts.append(widget.title())
    for widget in window.findChildren(QTabWidget):
        texts += [widget.tabText(i) for i in range(widget.count())]
    for widget in window.findChildren(QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    for widget in window.findChildren(QListWidget):
        texts += [widget.item(i).text() for i in range(widget.count())]
    for widget in [*window.findChildren(QTableView), *window.findChildren(QTreeView)]:
        model = widget.model()
        if model is not None:
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    texts += [a.text() for a in window.findChildren(QAction) if a.text() != "English" and "/" not in a.text()]
    return sorted({t for t in texts if t and latin_words(t)})
