"""The roster: workers × days coloured by shift; lock cells, re-optimize, see violations and uncovered demand."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
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
    skill_label,
    status_name,
    violation_text,
)
from reports.roster_export.labels import shift_colour

from ..document import EditRefused
from ..i18n import bilingual, current_language, tr
from .base import ResultView
from .leave_dialog import LeaveDialog, PreferencesDialog, add_leave, set_preferences

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "zh": ("一", "二", "三", "四", "五", "六", "日")}
PER_RULE_SHOWN = 8  # sentences listed under each broken rule; the rest are counted
CELL_PADDING_PX = 14


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def shift_summary(problem: Any, shift_id: str, role: str | None = None) -> str:
    """'早班 04:30 起，7.5 小时' — the shift a cell or the legend stands for, with the role filled."""
    language = current_language()
    shift = next(s for s in problem.shifts if s.id == shift_id)
    text = tr("roster.shift_summary", name=shift_label(problem, shift_id, language), start=_clock(shift.start_min),
              end=_clock(shift.end_min), hours=round(shift.duration_min / 60, 1))
    return text + (f" · {skill_label(role, language)}" if role else "")


class RosterGridModel(QAbstractTableModel):
    """Rows are workers (optionally of one team), columns are days; cells show the shift or 'off'."""

    def __init__(self) -> None:
        super().__init__()
        self.problem: Any = None
        self.roster: Any = None
        self.workers: list = []
        self.locked: set[tuple[str, int]] = set()
        self.imported: dict[tuple[str, int], str | None] = {}  # cells set from a file (the manager's edits)

    def set_roster(self, problem: Any, roster: Any, team: str | None = None) -> None:
        self.beginResetModel()
        if roster is not self.roster:
            self.imported = {}  # a new roster holds what was imported
        self.problem, self.roster = problem, roster
        self.workers = [w for w in problem.workers if team is None or w.team == team]
        self.locked = {cell for cell in self.locked if any(w.id == cell[0] for w in problem.workers)}
        self.endResetModel()

    def cell(self, index: Index) -> tuple[str, int]:
        return self.workers[index.row()].id, index.column()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.workers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.problem is None else self.problem.horizon

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or self.problem is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            day = self.problem.days[section]
            return f"{day.date:%m-%d}\n{WEEKDAYS[current_language()][day.weekday]}"
        worker = self.workers[section]
        return f"{worker.id} {worker.name}".strip()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.roster is None:
            return None
        worker_id, day = self.cell(index)
        locked = (worker_id, day) in self.locked
        shift = self.imported.get((worker_id, day), self.roster.shift_of(worker_id, day))
        if role == Qt.ItemDataRole.DisplayRole:
            return ("🔒" if locked else "") + (shift_label(self.problem, shift, current_language()) if shift
                                              else tr("roster.off"))
        if role == Qt.ItemDataRole.ToolTipRole and shift:
            return shift_summary(self.problem, shift, self.roster.roles.get((worker_id, day)))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#" + shift_colour(self.problem, shift)) if shift else QColor("#F4F4F4")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#222222") if shift else QColor("#999999")
        if role == Qt.ItemDataRole.FontRole and locked:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def set_locked(self, cells: list[tuple[str, int]], locked: bool) -> None:
        for cell in cells:
            (self.locked.add if locked else self.locked.discard)(cell)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def pinned(self) -> dict[tuple[str, int], str | None]:
        """The locked cells as the solver's pinned assignments (None = keep the day off)."""
        return {cell: self.imported.get(cell, self.roster.shift_of(*cell)) for cell in self.locked}

    def lock_values(self, cells: dict[tuple[str, int], str | None]) -> None:
        """Lock cells to given values (read from a file), shown as locked until the next roster."""
        self.imported.update(cells)
        self.set_locked(list(cells), True)


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

    def on_result(self, kind: str, result: Any) -> None:
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
                             + (" " + roster_advice(p, r, language) if r.has_solution else ""))
        used = sorted({shift for shift in r.assignments.values()}, key=[s.id for s in p.shifts].index)
        self.legend.setText(tr("roster.legend") + "  " + "  ".join(
            f'<span style="background:#{shift_colour(p, s)}">&nbsp;{shift_label(p, s, language)}&nbsp;</span>'
            f" {_clock(next(x for x in p.shifts if x.id == s).start_min)}" for s in used))
        self._fit_columns([shift_label(p, s, language) for s in used] + [tr("roster.off")])
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
