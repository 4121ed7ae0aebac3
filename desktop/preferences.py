"""What the app remembers between starts (language, window layout) and Qt's own translated texts."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLibraryInfo, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow

from . import i18n

LANGUAGE_KEY = "language"
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
QT_CATALOGUES = ("qtbase",)  # dialog buttons (OK, Cancel, Save…), file dialogs, context menus
_installed: list[QTranslator] = []


def _settings() -> QSettings:
    return QSettings("CityOps", "Planner")


def saved_language() -> str | None:
    """The language chosen at the last run, or None the first time (then the system's is used)."""
    value = _settings().value(LANGUAGE_KEY)
    return value if value in i18n.LANGUAGES else None


def remember_language(language: str) -> None:
    _settings().setValue(LANGUAGE_KEY, language)


def use_qt_translations(language: str) -> None:
    """Load Qt's own catalogues so its dialogs speak the app's language (English is Qt's built-in text)."""
    app = QApplication.instance()
    if app is None:
        return
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "zh":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(f"{catalogue}_zh_CN", folder):
            app.installTranslator(translator)
            _installed.append(translator)


def restore_layout(window: QMainWindow) -> None:
    """Put the window and its docks back where the user left them."""
    settings = _settings()
    geometry, state = settings.value(GEOMETRY_KEY), settings.value(STATE_KEY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    if isinstance(state, QByteArray):
        window.restoreState(state)


def save_layout(window: QMainWindow) -> None:
    settings = _settings()
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState())
