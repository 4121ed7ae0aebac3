"""The manager's re-roster from the command line: leave for three people, at most 10 changes from the roster
now posted, a change report per person, the roster back in Excel in Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from optimizer.roster.from_scenario import roster_problem
from reports.roster_export import read_pinned
from scenarios import load_scenario
from scenarios.files.save import save_scenario
from scenarios.variants import Change, apply_changes

ROOT = Path(__file__).resolve().parents[3]
TRAINING = ROOT / "scenarios" / "training.yaml"


def _roster(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "roster", *args, "--weeks", "1", "--time-limit", "10",
                           "--lang", "zh"], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_leave_for_three_people_reroster_within_ten_changes(tmp_path: Path) -> None:
    posted = tmp_path / "posted.xlsx"
    first = _roster(str(TRAINING), "--export", str(posted))
    assert first.returncode == 0, first.stderr
    base = load_scenario(TRAINING)
    cells = read_pinned(posted, roster_problem(base, weeks=1))
    # three people who work on the second day of the week take it as leave
    working = sorted(worker for (worker, day), shift in cells.items() if day == 1 and shift is not None)[:3]
    date = roster_problem(base, weeks=1).days[1].date.isoformat()
    leave = [Change(op="set", path=f"workforce.workers[id={w}].leave", value=[date]) for w in working]
    scenario_file = tmp_path / "with_leave.yaml"
    save_scenario(apply_changes(base, leave, name="leave"), scenario_file)

    again = tmp_path / "again.xlsx"
    second = _roster(str(scenario_file), "--previous", str(posted), "--max-changes", "10", "--export", str(again))
    assert second.returncode == 0, second.stderr
    assert "与原排班相比的变更" in second.stdout and "休假或休息" in second.stdout
    book = load_workbook(again)
    changes = list(book["变更 _ Changes"].iter_rows(min_row=2, values_only=True))
    assert 3 <= len(changes) <= 10
    assert all(reason for *_, reason in changes)
    after = read_pinned(again, roster_problem(load_scenario(scenario_file), weeks=1))
    assert all(after[(w, 1)] is None for w in working)  # on leave: off
    assert {row[0] for row in changes if row[4] == "休"} >= set(working)
