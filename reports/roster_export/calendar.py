"""iCalendar export: one .ics file per worker with an event per shift (local floating time)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from icalendar import Calendar, Event

from optimizer.roster.problem import RosterProblem
from scenarios.files.atomic import atomic_path


def _file_name(worker_id: str) -> str:
    return re.sub(r"[^\w.-]", "_", worker_id) + ".ics"


def worker_calendar(roster, problem: RosterProblem, worker_id: str) -> Calendar:
    """The calendar of one worker."""
    worker = problem.worker(worker_id)
    calendar = Calendar()
    calendar.add("prodid", "-//CityOps Planner//roster//ZH-EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"排班 / Roster {worker.name or worker.id}")
    for day in range(problem.horizon):
        shift_id = roster.shift_of(worker_id, day)
        if shift_id is None:
            continue
        shift = problem.shift(shift_id)
        start = dt.datetime.combine(problem.days[day].date, dt.time()) + dt.timedelta(minutes=shift.start_min)
        event = Event()
        event.add("uid", f"{problem.name or 'roster'}-{worker_id}-{problem.days[day].date.isoformat()}@cityops")
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # fixed: same roster, same file
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=shift.duration_min))
        role = roster.roles.get((worker_id, day))
        event.add("summary", f"{shift.name or shift.id} ({shift.id})" + (f" · {role}" if role else ""))
        calendar.add_component(event)
    return calendar


def to_ics_dir(roster, problem: RosterProblem, folder: str | Path) -> list[Path]:
    """Write <worker id>.ics for every worker into `folder`; returns the files written."""
    folder = Path(folder)
    written = []
    for worker in problem.workers:
        target = folder / _file_name(worker.id)
        with atomic_path(target) as temp:
            temp.write_bytes(worker_calendar(roster, problem, worker.id).to_ical())
        written.append(target)
    return written
