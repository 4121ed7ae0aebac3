"""The main window: tabs for every view, the jobs and details docks, menus, and the open scenario."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox, QTabWidget

from . import i18n, preferences
from .document import ScenarioDocument
from .editor.view import ScenarioEditor
from .i18n import tr
from .importing import ImportFlow
from .jobs.runner import JobRunner
from .jobs.tasks import UNAVAILABLE_PREFIX
from .map.geometry import build_geometry
from .session import Session
from .views import details
from .views.jobs_panel import JobsPanel, job_title
from .views.map_tab import MapTab
from .views.registry import build_views

log = logging.getLogger(__name__)



class MainWindow(QMainWindow):
    """Holds the open scenario (a ScenarioDocument), the latest results, and every view of them."""

    def __init__(self, *, autosave_interval_s: float = 60.0, ask_before_close: bool = True) -> None:
        super().__init__()
        self.resize(1400, 900)
        self.document: ScenarioDocument | None = None
        self.geometry_data = None
        self.results: dict[str, Any] = {}  # job kind -> latest result (plan, (problem, roster), outcome …)
        self._replan_base: Any = None  # the plan a running re-plan keeps its other parts from
        self.last_error = ""
        self.ask_before_close = ask_before_close
        self.undo = QUndoStack(self)
        self.runner = JobRunner(self)
        self.session = Session(self)
        self.tabs = QTabWidget()
        self.map_tab = MapTab()
        self.map_tab.replan_requested.connect(self.replan_routes)
        self.map_tab.open_requested.connect(self._open_tab_for)
        self.map_tab.duty_cards_requested.connect(self.export_duty_cards)
        self.editor = ScenarioEditor(self.undo)
        self.views = build_views(self)  # roster, results, compare, replay, trainer
        self.tabs.addTab(self.map_tab, "")
        self.tabs.addTab(self.views["replay"], "")
        self.tabs.addTab(self.editor, "")
        self.tabs.addTab(self.views["roster"], "")
        self.tabs.addTab(self.views["results"], "")
        self.tabs.addTab(self.views["compare"], "")
        self.tabs.addTab(self.views["trainer"], "")
        self.setCentralWidget(self.tabs)
        self.jobs_panel = JobsPanel(self.runner)
        self.job_settings = self.jobs_panel.settings  # read by the job specs; tests may replace it
        self.jobs_dock = QDockWidget()
        self.jobs_dock.setObjectName("jobs")
        self.jobs_dock.setWidget(self.jobs_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.jobs_dock)
        self.details = self.map_tab.details
        self.resizeDocks([self.jobs_dock], [60], Qt.Orientation.Vertical)
        self.map_tab.map.picked.connect(self._show_details)
        self.runner.finished.connect(self._on_job_result)
        self.runner.cancelled.connect(self._on_job_cancelled)
        self.runner.failed.connect(self._on_job_failed)
        self.imports = ImportFlow(self)
        self._build_menus()
        self._unlisten = i18n.on_language_changed(lambda _: self.retranslate())
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(int(autosave_interval_s * 1000))
        self.autosave_timer.timeout.connect(self.session.autosave)
        self.autosave_timer.start()
        self.retranslate()
        preferences.restore_layout(self)

    def choose_language(self, language: str) -> None:
        """Switch the language of every view and of Qt's dialogs, and keep it for the next start."""
        i18n.set_language(language)
        preferences.use_qt_translations(language)
        preferences.remember_language(language)

    # --- menus ----------------------------------------------------------------------------------
    def _action(self, menu, key: str, slot, shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        action.setData(key)
        action.triggered.connect(lambda _=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        self._labelled.append(action)
        return action

    def _build_menus(self) -> None:
        self._labelled: list[QAction] = []
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self._action(self.file_menu, "menu.open", self.session.choose_and_open, QKeySequence.StandardKey.Open)
        self._action(self.file_menu, "menu.save", self.session.save, QKeySequence.StandardKey.Save)
        self._action(self.file_menu, "menu.save_as", self.session.save_as, QKeySequence.StandardKey.SaveAs)
        self._action(self.file_menu, "menu.save_variant", self.session.save_variant)
        self._action(self.file_menu, "menu.sheets", self.export_route_sheets)
        self._action(self.file_menu, "menu.duty_cards", self.export_duty_cards)
        self.file_menu.addSeparator()
        self._action(self.file_menu, "menu.import_osm", lambda: self.imports.import_district())
        self._action(self.file_menu, "menu.import_list", lambda: self.imports.import_list())
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self._action(self.file_menu, "menu.quit", self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = bar.addMenu("")
        # Our own actions, not QUndoStack's, whose texts begin with an English "Undo"/"Redo" in any language.
        self.undo_action, self.redo_action = QAction(self), QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_action.triggered.connect(self.undo.undo)
        self.redo_action.triggered.connect(self.undo.redo)
        self.undo.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo.undoTextChanged.connect(lambda text: self._label_action(self.undo_action, "menu.undo", text))
        self.undo.redoTextChanged.connect(lambda text: self._label_action(self.redo_action, "menu.redo", text))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.jobs_menu = bar.addMenu("")
        self._action(self.jobs_menu, "menu.plan", lambda: self.start_job("routes"), "Ctrl+R")
        self._action(self.jobs_menu, "menu.roster", lambda: self.start_job("roster"))
        self._action(self.jobs_menu, "menu.simulate", lambda: self.start_job("simulate"))
        self._action(self.jobs_menu, "menu.study", lambda: self.start_job("study"))
        self.jobs_menu.addSeparator()
        self._action(self.jobs_menu, "menu.cancel_all", self.runner.cancel_all, "Esc")
        self.language_menu = bar.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, label in (("zh", "简体中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.triggered.connect(lambda _=False, c=code: self.choose_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.help_menu = bar.addMenu("")
        self._action(self.help_menu, "menu.about", lambda: QMessageBox.about(self, tr("app.title"), tr("about.text")))

    # --- scenario ---------------------------------------------------------------------------------
    def set_document(self, document: ScenarioDocument) -> None:
        """Show a newly opened scenario in every view; results and jobs of the previous one are dropped."""
        self.runner.drop_all()  # a cancelled job would still deliver the old district's result
        self.jobs_panel.clear()
        self.details.clear()
        self.document = document
        self.results = {}
        self.undo.clear()
        self.geometry_data = build_geometry(document.current)
        self.map_tab.set_plan(None)
        self.map_tab.set_geometry(self.geometry_data, document.current)
        self.editor.set_document(document)
        document.blob()  # pickle the district once now, so starting a job does not stall the window
        # A district is millions of long-lived objects: collect once now, then keep them out of later
        # collections, whose full passes otherwise stall the event loop for 100 ms and more.
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        from .views.job_specs import default_time_limit_s

        s = document.current
        self.jobs_panel.set_defaults(default_time_limit_s(s), min(s.simulation.horizon_days, 7), s.simulation.replications)
        self.job_settings = self.jobs_panel.settings
        document.listen(lambda _: self._update_title())
        for view in self.views.values():
            view.set_document(document)
        self.show_status("app.loaded", name=lambda: document.display_name(i18n.current_language()), segments=len(s.street_graph.segments),
                         points=len(s.collection_points), toilets=len(s.facilities.toilets))
        self._update_title()

    def _update_title(self) -> None:
        name = self.document.name if self.document else ""
        dirty = "*" if self.document and self.document.dirty else ""
        self.setWindowTitle(f"{name}{dirty} — {tr('app.title')}" if name else tr("app.title"))

    def _show_details(self, layer: str, object_id: str) -> None:
        if self.document is not None:
            self.details.setHtml(details.describe(self.document.current, layer, object_id)
                                 + self.map_tab.feature_details(layer, object_id))
            self.details.setProperty("hint", False)

    # --- jobs -------------------------------------------------------------------------------------
    def start_job(self, kind: str, **options: Any) -> bool:
        """Start a job on the current scenario; returns False (with a message) when it cannot start."""
        if self.document is None:
            self.show_error(tr("job.no_scenario"))
            return False
        from .views.job_specs import job_call

        try:
            call = job_call(self, kind, **options)
        except ValueError as exc:
            self.show_error(str(exc))
            return False
        fn, args, kwargs = call
        self.runner.submit(kind, fn, *args, **kwargs)
        return True

    def show_plan(self, plan: Any) -> None:
        """Show a plan made elsewhere (`main.py plan … --out DIR`) as if the routes job had delivered it."""
        self._replan_base = None
        self._on_job_result("routes", plan)

    def _open_tab_for(self, target: str) -> None:
        """A summary link: 'sizing' opens the trainer (where sizing runs), 'editor' the scenario tables."""
        widget = self.views["trainer"] if target == "sizing" else self.editor
        self.tabs.setCurrentWidget(widget)

    def export_route_sheets(self, folder: Path | None = None) -> bool:
        """Write a route sheet (PDF) per route of the current plan into a folder the user picks."""
        if self.results.get("routes") is None:
            self.show_error(tr("job.needs_plan"))
            return False
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, tr("menu.sheets").replace("&", ""))
            if not chosen:
                return False
            folder = Path(chosen)
        return self.start_job("sheets", folder=folder)

    def export_duty_cards(self, folder: Path | None = None) -> bool:
        """Write a duty card (岗位责任卡, PDF) per post of the current patrol plan into a folder the user picks."""
        plan = self.results.get("routes")
        part = plan.parts.get("patrols") if plan is not None else None
        if part is None or not part.posts:
            self.show_error(tr("job.needs_posts"))
            return False
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, tr("menu.duty_cards").replace("&", ""))
            if not chosen:
                return False
            folder = Path(chosen)
        return self.start_job("cards", folder=folder)

    def replan_routes(self, locked: list[str]) -> bool:
        """Re-plan garbage collection keeping the locked truck routes as they are; other parts stay."""
        plan = self.results.get("routes")
        garbage = plan.parts.get("garbage") if plan is not None else None
        mine = {r.id for r in garbage.routes} if garbage is not None else set()
        kept = [r for r in locked if r in mine]
        if not kept:
            self.show_error(tr("plan.replan_garbage_only"))
            return False
        self._replan_base = plan
        return self.start_job("routes", what="garbage", previous=plan, locked=kept)

    def _on_job_result(self, kind: str, result: Any) -> None:
        base = self._replan_base
        if kind == "routes" and base is not None:
            self._replan_base = None
            for part in result.parts.values():  # the re-planned parts replace theirs; the others stay
                base = base.with_part(part)
            result = base
        if kind == "sheets":
            self.show_status("sheets.written", 15000, n=len(result["files"]), folder=result["folder"])
            return
        if kind == "cards":
            self.show_status("cards.written", 15000, n=len(result["files"]), folder=result["folder"])
            return
        if kind in ("import_osm", "import_list"):
            self.imports.on_result(kind, result)
            return
        self.results[kind] = result
        if kind == "routes":
            self.map_tab.set_plan(result, self.document.current if self.document is not None else None)
        for view in self.views.values():
            view.on_result(kind, result)

    def _on_job_cancelled(self, kind: str, result: Any) -> None:
        if result is not None:  # the best result so far, marked stopped by the back end
            self._on_job_result(kind, result)

    def _on_job_failed(self, kind: str, message: str, details_text: str) -> None:
        if message.split(": ", 1)[-1].startswith(UNAVAILABLE_PREFIX):
            module = message.split(UNAVAILABLE_PREFIX, 1)[1]
            text = tr("error.unavailable", feature=job_title(kind), module=module)
            for view in self.views.values():
                view.on_unavailable(kind, text)
        else:
            text = tr("error.job", job=job_title(kind), message=message) + "\n" + tr("error.details")
        self.show_error(text)

    def show_error(self, text: str) -> None:
        """A readable message in a non-blocking dialog and the status bar; details go to the log."""
        log.warning("%s", text)
        self.last_error = text
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, tr("error.title"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- language -----------------------------------------------------------------------------------
    def _label_undo(self) -> None:
        self._label_action(self.undo_action, "menu.undo", self.undo.undoText())
        self._label_action(self.redo_action, "menu.redo", self.undo.redoText())

    @staticmethod
    def _label_action(action: QAction, key: str, what: str) -> None:
        """'Undo: Set …' in the reader's language (the edit's own text is worded by the editor)."""
        separator = "：" if i18n.current_language() == "zh" else ": "
        try:
            action.setText(tr(key) + (separator + what if what else ""))
        except RuntimeError:  # the window is being torn down: the stack clears itself after the action is gone
            pass

    def show_status(self, key: str, timeout_ms: int = 0, **values: Any) -> None:
        """A status-bar message from the catalogue; it follows a language switch while it is shown (a value
        given as a function is asked again then, e.g. a name that has one in each language)."""
        text = tr(key, **{k: v() if callable(v) else v for k, v in values.items()})
        self._status = (key, values, text)
        self.statusBar().showMessage(text, timeout_ms)

    def retranslate(self) -> None:
        key, values, shown = getattr(self, "_status", ("", {}, None))
        if shown is not None and self.statusBar().currentMessage() == shown:
            self.show_status(key, **values)
        for action in self._labelled:
            action.setText(tr(action.data()))
        self.file_menu.setTitle(tr("menu.file"))
        self.recent_menu.setTitle(tr("menu.recent"))
        self.edit_menu.setTitle(tr("menu.edit"))
        self.jobs_menu.setTitle(tr("menu.jobs"))
        self.language_menu.setTitle(tr("menu.language"))
        self.help_menu.setTitle(tr("menu.help"))
        self._label_undo()
        self.language_actions[i18n.current_language()].setChecked(True)
        for i, key in enumerate(("tab.map", "tab.replay", "tab.editor", "tab.roster", "tab.results", "tab.compare",
                                 "tab.trainer")):
            self.tabs.setTabText(i, tr(key))
        self.jobs_dock.setWindowTitle(tr("dock.jobs"))
        if not self.details.toPlainText() or self.details.property("hint"):
            self.details.setHtml(f"<p style='color:#666'>{tr('map.click_hint')}</p>")
            self.details.setProperty("hint", True)
        self.map_tab.retranslate()
        self.editor.retranslate()
        self.jobs_panel.retranslate()
        for view in self.views.values():
            view.retranslate()
        self.session.rebuild_recent_menu()
        self._update_title()

    def open_path(self, path: Path) -> bool:
        return self.session.open(path)

    def _confirm_stop_jobs(self) -> bool:
        """True when no job runs, or the user agrees to stop the running ones and quit."""
        kinds = self.runner.running_kinds()
        if not kinds:
            return True
        separator = "、" if i18n.current_language() == "zh" else ", "
        jobs = separator.join(job_title(kind) for kind in kinds)
        answer = QMessageBox.question(self, tr("app.title"), tr("app.stop_jobs", jobs=jobs))
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.ask_before_close and not (self._confirm_stop_jobs() and self.session.confirm_discard()):
            event.ignore()
            return
        self.runner.shutdown()
        self.autosave_timer.stop()
        self._unlisten()
        preferences.save_layout(self)
        event.accept()
