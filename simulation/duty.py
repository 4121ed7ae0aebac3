"""Who is on duty: a roster read into (skill, shift) head counts per date, for the simulation's staffing.

A roster grid as the roster exports write it (CSV or XLSX: a worker-id column, a column per date
headed ``YYYY-MM-DD …``, a shift id or 休/off per cell), or a roster the app just made, becomes
for each date the number of workers rostered per (skill, shift). The simulation then staffs each
route from the people rostered on its shift: seats the roster does not fill are short, absences
fall on rostered people and are covered by the spares rostered on the same shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from optimizer.roster.grid_file import read_roster_cells
from scenarios.model import Scenario


@dataclass(frozen=True)
class DutyRoster:
    """Workers on duty: date → (skill, shift) → head count; ``source`` names where it came from."""

    on_duty: Mapping[dt.date, Mapping[tuple[str, str], int]] = field(default_factory=dict)
    source: str = ""

    def of(self, day: dt.date) -> Mapping[tuple[str, str], int] | None:
        """The day's head counts (None: the roster does not cover that date)."""
        return self.on_duty.get(day)


def _skill_on(scenario: Scenario, worker_id: str, shift_id: str) -> str:
    """The skill a worker fills on a shift: the first of theirs the shift is for (any of theirs when it lists none)."""
    worker = scenario.index.workers[worker_id]
    wanted = scenario.index.shifts[shift_id].skills
    return next((s for s in worker.skills if not wanted or s in wanted), worker.skills[0])


def duty_from_assignments(scenario: Scenario, cells: Iterable[tuple[str, dt.date, str, str | None]],
                          source: str) -> DutyRoster:
    """From (worker, date, shift, skill or None) assignments."""
    counts: dict[dt.date, dict[tuple[str, str], int]] = {}
    for worker, date, shift, skill in cells:
        key = (skill or _skill_on(scenario, worker, shift), shift)
        day = counts.setdefault(date, {})
        day[key] = day.get(key, 0) + 1
    return DutyRoster(counts, source)


def duty_from_roster(scenario: Scenario, problem: object, roster: object) -> DutyRoster:
    """From a roster the optimizer made (``optimizer.roster``: its problem's days and its assignments)."""
    days = problem.days  # type: ignore[attr-defined]
    roles = roster.roles  # type: ignore[attr-defined]
    cells = [(w, days[d].date, shift, roles.get((w, d))) for (w, d), shift in roster.assignments.items()]  # type: ignore[attr-defined]
    return duty_from_assignments(scenario, cells, "the roster made in the app")


def read_duty_roster(path: Path, scenario: Scenario) -> DutyRoster:
    """Read a roster grid (CSV or XLSX as the exports write it); DataError names file, sheet, row, column."""
    cells = [(worker, date, shift, None) for worker, date, shift in read_roster_cells(path, scenario)]
    return duty_from_assignments(scenario, cells, str(path))
