"""The roster grid as a Qt model: workers × days, coloured by shift, with locked and imported cells and, from a
patrol plan, the posts each chief holds that day (CH012, or CH012+CH013 when covering as deputy)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from optimizer.roster.messages import shift_label, skill_label
from reports.roster_export.labels import shift_colour

from ..i18n import current_language, tr
from ..map.posts import posts_held

Index = QModelIndex | QPersistentModelIndex
WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "zh": ("一", "二", "三", "四", "五", "六", "日")}
CELL_PADDING_PX = 14


def clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def shift_summary(problem: Any, shift_id: str, role: str | None = None) -> str:
    """'早班 04:30 起，7.5 小时' — the shift a cell or the legend stands for, with the role filled."""
    language = current_language()
    shift = next(s for s in problem.shifts if s.id == shift_id)
    text = tr("roster.shift_summary", name=shift_label(problem, shift_id, language), start=clock(shift.start_min),
              end=clock(shift.end_min), hours=round(shift.duration_min / 60, 1))
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
        self.posts: dict[str, dict[str, list[str]]] = {}  # the patrol plan's date → worker → posts held
        self.own_post: dict[str, str] = {}  # worker → the post the worker is the holder (A角) of

    def set_patrol_plan(self, part: Any) -> None:
        """The posts each chief holds on each date of a patrol plan (None: no patrol plan)."""
        self.posts = posts_held(part) if part is not None else {}
        self.own_post = {post.holder: post.id for post in part.posts} if part is not None else {}
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def posts_of(self, worker_id: str, day: int) -> list[str]:
        """The posts a worker holds on a roster day in the patrol plan, the worker's own first ([] = none)."""
        if not self.posts or self.problem is None:
            return []
        return self.posts.get(self.problem.days[day].date.isoformat(), {}).get(worker_id, [])

    def posts_tip(self, worker_id: str, posts: list[str]) -> str:
        """'Holds post CH012; covers CH013 as deputy'."""
        own = [p for p in posts if self.own_post.get(worker_id) == p]
        covered = [p for p in posts if p not in own]
        parts = ([tr("roster.posts_held", posts="+".join(own))] if own else []) + \
            ([tr("roster.posts_covered", posts="+".join(covered))] if covered else [])
        return ("；" if current_language() == "zh" else "; ").join(parts)

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
        posts = self.posts_of(worker_id, day) if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) else []
        if role == Qt.ItemDataRole.DisplayRole:
            return ("🔒" if locked else "") + (shift_label(self.problem, shift, current_language()) if shift
                                              else tr("roster.off")) + (" " + "+".join(posts) if posts else "")
        if role == Qt.ItemDataRole.ToolTipRole and (shift or posts):
            lines = [shift_summary(self.problem, shift, self.roster.roles.get((worker_id, day)))] if shift else []
            return "\n".join(lines + ([self.posts_tip(worker_id, posts)] if posts else []))
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
