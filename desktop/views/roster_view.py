"""The roster: workers × days coloured by shift; lock cells, re-optimize, see violations and uncovered demand."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from optimizer.roster.changes import change_report
from optimizer.roster.messages import (
    roster_advice,
    rule_name,
    shift_label,
    status_name,
    violation_text,
)
from reports.roster_export.labels import shift_colour

from ..document import EditRefused
from ..i18n import bilingual, current_language, tr
from ..map.posts import patrol_part
from .base import ResultView
from .leave_dialog import LeaveDialog, PreferencesDialog, add_leave, set_preferences
from .roster_grid import CELL_PADDING_PX, RosterGridModel, clock

log = logging.getLogger(__name__)
PER_RULE_SHOWN = 8  # sentences listed under each broken rule; the rest are counted


class RosterView(ResultView):
    empty_key = "roster.none"
    job_kinds = ("roster",)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.problem: Any = None
        self.roster: Any = None
        self.model = RosterGridModel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.team_label = QLabel()
        self.team_combo = QComboBox()
        self.team_combo.currentIndexChanged.connect(self._refill)
        self.lock_button, self.unlock_button = QPushButton(), QPushButton()
        self.reopt_button, self.export_button = QPushButton(), QPushButton()
        self.leave_button, self.import_button = QPushButton(), QPushButton()
        self.leave_button.clicked.connect(self._ask_leave)
        self.leave_import_button, self.preferences_button = QPushButton(), QPushButton()
        self.leave_import_button.clicked.connect(self._choose_leave_file)
        self.preferences_button.clicked.connect(self._ask_preferences)
        self.import_button.clicked.connect(self._choose_import)
        self.max_changes_label = QLabel()
        self.max_changes = QSpinBox()
        self.max_changes.setRange(-1, 10_000)
        self.max_changes.setValue(-1)  # the special value: no limit
        self.last_pinned: dict = {}
        self.lock_button.clicked.connect(lambda: self.lock_selected(True))
        self.unlock_button.clicked.connect(lambda: self.lock_selected(False))
        self.reopt_button.clicked.connect(self.reoptimize)
        self.export_button.clicked.connect(self._choose_export)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.verticalHeader().setDefaultSectionSize(22)
        self.grid.horizontalHeader().setDefaultSectionSize(58)
        self.notes = QTextBrowser()
        bar = QHBoxLayout()
        for w in (self.team_label, self.team_combo, self.lock_button, self.unlock_button, self.leave_button,
                  self.leave_import_button, self.preferences_button,
                  self.max_changes_label, self.max_changes, self.reopt_button, self.export_button, self.import_button):
            bar.addWidget(w)
        bar.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.grid)
        splitter.addWidget(self.notes)
        splitter.setSizes([950, 380])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.legend)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.set_content(page)
        self.retranslate()

    def set_document(self, document: Any) -> None:
        self.model.set_patrol_plan(None)
        super().set_document(document)

    def on_result(self, kind: str, result: Any) -> None:
        if kind == "routes" and result is not None:  # a patrol plan says who holds which post each day
            self.model.set_patrol_plan(patrol_part(result))
            if self.roster is not None:
                self._describe()
            return
        if kind != "roster" or result is None:
            return
        self.problem, self.roster = result
        teams = sorted({w.team for w in self.problem.workers if w.team})
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        self.team_combo.addItem(tr("roster.all_teams"), None)
        for team in teams:
            self.team_combo.addItem(self._team_name(team), team)
        self.team_combo.blockSignals(False)
        self._refill()
        self.show_content()

    def _team_name(self, team: str) -> str:
        """A team by its name ('清扫一班'), else its id."""
        found = self.window.document.current.index.teams.get(team) if self.window.document is not None else None
        return (bilingual(found.name_zh, found.name_en) or team) if found is not None else team

    def _refill(self) -> None:
        if self.roster is None:
            return
        self.model.set_roster(self.problem, self.roster, self.team_combo.currentData())
        self._describe()

    def _describe(self) -> None:
        r, p = self.roster, self.problem
        language = current_language()
        self.summary.setText(tr("roster.summary", status=status_name(r.status, language), workers=len(p.workers),
                                days=p.horizon, objective=r.objective if r.objective is not None else "—",
                                violations=len(r.violations), uncovered=len(r.uncovered))
                             + (" " + roster_advice(p, r, language) if r.has_solution else "")
                             + self._posts_summary())
        used = sorted({shift for shift in r.assignments.values()}, key=[s.id for s in p.shifts].index)
        self.legend.setText(tr("roster.legend") + "  " + "  ".join(
            f'<span style="background:#{shift_colour(p, s)}">&nbsp;{shift_label(p, s, language)}&nbsp;</span>'
            f" {clock(next(x for x in p.shifts if x.id == s).start_min)}" for s in used))
        held = {"+".join(posts) for by_worker in self.model.posts.values() for posts in by_worker.values()}
        widest_posts = " " + max(held, key=len) if held else ""
        self._fit_columns([shift_label(p, s, language) + widest_posts for s in used] + [tr("roster.off") + widest_posts])
        parts = []
        if r.explanation:
            parts.append(f"<h3>{tr('roster.explanation')}</h3><ul>" + "".join(f"<li>{e}</li>" for e in r.explanation) + "</ul>")
        if r.uncovered:
            items = "".join(f"<li>{u.summary}<ul>" + "".join(f"<li>{w}: {text}</li>" for w, _, text in u.reasons[:6])
                            + "</ul></li>" for u in r.uncovered[:30])
            parts.append(f"<h3>{tr('roster.uncovered')}</h3><ul>{items}</ul>")
        if r.changes:
            lines = change_report(p, r, self.last_pinned, language)
            people = "".join(f"<li>{line.strip()}</li>" if line.startswith("  ") else f"</ul><p><b>{line}</b></p><ul>"
                             for line in lines[1:])
            parts.append(f"<h3>{tr('roster.changes')}</h3><p>{lines[0]}</p><ul>{people}</ul>")
        if r.violations:
            parts.append(f"<h3>{tr('roster.violations')} ({len(r.violations)})</h3>" + self._violations_html(language))
        self.notes.setHtml("".join(parts))

    def _posts_summary(self) -> str:
        """' Patrol plan: 268 posts over 28 days of this roster; 12 post-days covered by a deputy, 0 unheld.'"""
        part = patrol_part(self.window.results.get("routes"))
        if part is None or not self.model.posts:
            return ""
        dates = {day.date.isoformat() for day in self.problem.days} & set(part.holders)
        holders = {post.id: post.holder for post in part.posts}
        held = [(post_id, worker) for date in dates for post_id, worker in part.holders[date].items()]
        covered = sum(1 for post_id, worker in held if worker and worker != holders.get(post_id))
        unheld = sum(1 for _, worker in held if not worker)
        return " " + tr("roster.posts_summary", posts=len(part.posts), days=len(dates), covered=covered, unheld=unheld)

    def _violations_html(self, language: str) -> str:
        """Broken soft rules grouped by rule (count and penalty), each with its first few cases worded."""
        teams = {w.team: self._team_name(w.team) for w in self.problem.workers if w.team}
        by_rule: dict[str, list] = {}
        for v in self.roster.violations:
            by_rule.setdefault(v.rule, []).append(v)
        html = []
        for rule, found in sorted(by_rule.items(), key=lambda item: -sum(v.penalty for v in item[1])):
            cases = "".join(f"<li>{violation_text(v, self.problem, language, teams)}</li>"
                            for v in found[:PER_RULE_SHOWN])
            more = (f"<li>{tr('roster.more', count=len(found) - PER_RULE_SHOWN)}</li>"
                    if len(found) > PER_RULE_SHOWN else "")
            html.append(f"<p><b>{rule_name(rule, language)}</b> — "
                        f"{tr('roster.rule_count', count=len(found), penalty=sum(v.penalty for v in found))}</p>"
                        f"<ul>{cases}{more}</ul>")
        return "".join(html)

    def _fit_columns(self, labels: list[str]) -> None:
        """Day columns wide enough for the longest shift name, so no cell is cut to 'collec…'."""
        metrics = self.grid.fontMetrics()
        widest = max((metrics.horizontalAdvance("🔒" + label) for label in labels), default=40)
        self.grid.horizontalHeader().setDefaultSectionSize(max(48, widest + CELL_PADDING_PX))

    def lock_selected(self, locked: bool) -> None:
        cells = [self.model.cell(i) for i in self.grid.selectionModel().selectedIndexes()]
        self.model.set_locked(cells, locked)

    def reoptimize(self) -> None:
        """Solve again keeping the locked cells, starting from (and listing changes to) the current roster."""
        if self.roster is None:
            return
        previous = {(w.id, d): self.roster.shift_of(w.id, d) for w in self.problem.workers
                    for d in range(self.problem.horizon)}  # days off too: a change to or from 'off' counts
        self.last_pinned = self.model.pinned()
        limit = self.max_changes.value()
        self.window.start_job("roster", pinned=self.last_pinned, previous=previous,
                              max_changes=None if limit < 0 else limit)

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("roster.import"), "", "Excel (*.xlsx);;CSV (*.csv)")
        if path:
            self.import_edits(Path(path))

    def import_edits(self, path: Path) -> int:
        """Lock the cells where a roster file (as exported, edited in Excel) differs from this roster; returns
        how many. Nothing changes when the file has an error (shown with file, sheet, row and column)."""
        from reports.roster_export import RosterImportError, read_pinned
        from scenarios.errors import DataError

        if self.roster is None:
            return 0
        try:
            cells = read_pinned(path, self.problem)
        except (RosterImportError, DataError) as exc:
            self.window.show_error(str(exc))
            return 0
        edits = {cell: shift for cell, shift in cells.items() if shift != self.roster.shift_of(*cell)}
        self.model.lock_values(edits)
        self.window.show_status("roster.imported", 10000, count=len(edits), path=path.name)
        return len(edits)

    def _choose_leave_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("roster.leave_import"), "", "Excel (*.xlsx);;CSV (*.csv)")
        if path:
            self.import_leave(Path(path))

    def import_leave(self, path: Path) -> int:
        """Record every absence of a leave sheet (工号, 开始, 结束) as one undoable edit; nothing on an error."""
        from reports.roster_export import RosterImportError
        from reports.roster_export.leave_import import read_leave
        from scenarios.errors import DataError

        if self.window.document is None:
            return 0
        try:
            absences = read_leave(path, {w.id for w in self.window.document.current.workforce.workers})
        except (RosterImportError, DataError) as exc:
            self.window.show_error(str(exc))
            return 0
        self.window.undo.beginMacro(tr("roster.leave_imported", count=len(absences), path=path.name))
        try:
            for worker_id, first, last in absences:
                add_leave(self.window, worker_id, first, last)
        finally:
            self.window.undo.endMacro()
        self.window.show_status("roster.leave_imported", 10000, count=len(absences), path=path.name)
        return len(absences)

    def _ask_preferences(self) -> None:
        if self.window.document is None:
            return
        dialog = PreferencesDialog(self.window, self)
        if dialog.exec():
            set_preferences(self.window, *dialog.chosen())

    def _ask_leave(self) -> None:
        if self.window.document is None:
            return
        first = self.problem.days[0].date if self.problem is not None else \
            self.window.document.current.simulation.start_date
        dialog = LeaveDialog(self.window, first, self)
        if dialog.exec():
            self.add_leave(*dialog.chosen())

    def add_leave(self, worker_id: str, first: dt.date, last: dt.date) -> bool:
        """Record leave in the scenario (undoable); the next re-optimize takes it into account."""
        try:
            add_leave(self.window, worker_id, first, last)
        except (EditRefused, ValueError) as exc:
            self.window.show_error(str(exc))
            return False
        self.window.show_status("roster.leave_added", 8000, who=worker_id, first=first, last=last)
        return True

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("roster.export"), "roster.xlsx",
                                              "Excel (*.xlsx);;CSV (*.csv);;PDF (*.pdf);;iCalendar folder (*.ics)")
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> list[Path]:
        """Write the roster by file type: .xlsx, .csv, .pdf, or .ics (one calendar per worker in a folder)."""
        from reports import roster_export

        suffix = path.suffix.lower()
        try:
            if suffix == ".xlsx":
                written = [roster_export.to_xlsx(self.roster, self.problem, path)]
            elif suffix == ".csv":
                written = [roster_export.to_csv(self.roster, self.problem, path)]
            elif suffix == ".pdf":
                written = [roster_export.to_pdf(self.roster, self.problem, path)]
            else:
                written = roster_export.to_ics_dir(self.roster, self.problem, path.with_suffix(""))
        except (OSError, ValueError) as exc:
            log.exception("roster export failed")
            self.window.show_error(tr("error.save", path=path, message=str(exc)))
            return []
        self.window.show_status("roster.exported", 8000, path=path)
        return written

    def retranslate(self) -> None:
        self.team_label.setText(tr("roster.filter"))
        self.lock_button.setText(tr("roster.lock"))
        self.unlock_button.setText(tr("roster.unlock"))
        self.reopt_button.setText(tr("roster.reoptimize"))
        self.export_button.setText(tr("roster.export"))
        self.leave_button.setText(tr("roster.leave"))
        self.import_button.setText(tr("roster.import"))
        self.leave_import_button.setText(tr("roster.leave_import"))
        self.preferences_button.setText(tr("roster.preferences"))
        self.max_changes_label.setText(tr("roster.max_changes"))
        self.max_changes.setSpecialValueText(tr("roster.no_limit"))
        if self.team_combo.count():
            self.team_combo.setItemText(0, tr("roster.all_teams"))
        if self.roster is not None:
            self._describe()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.model.columnCount() - 1, 0))
        super().retranslate()
