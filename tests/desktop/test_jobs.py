"""The job runner: worker processes report progress, finish, fail readably and stop when cancelled."""

from __future__ import annotations

import time

from desktop.jobs import tasks
from desktop.jobs.process import as_progress_info
from desktop.jobs.runner import JobRunner


def _collect(runner: JobRunner) -> dict[str, list]:
    seen: dict[str, list] = {"started": [], "progress": [], "finished": [], "failed": [], "cancelled": []}
    runner.started.connect(lambda k: seen["started"].append(k))
    runner.progress.connect(lambda k, p: seen["progress"].append(p))
    runner.finished.connect(lambda k, r: seen["finished"].append(r))
    runner.failed.connect(lambda k, m, d: seen["failed"].append(m))
    runner.cancelled.connect(lambda k, r: seen["cancelled"].append(r))
    return seen


def test_short_job_runs_to_completion_with_progress(qtbot):
    """A job in a worker process reports progress with a best cost and returns its result."""
    runner = JobRunner()
    seen = _collect(runner)
    runner.submit("demo", tasks.idle, 0.4)
    qtbot.waitUntil(lambda: bool(seen["finished"]), timeout=20_000)
    assert seen["started"] == ["demo"]
    assert seen["finished"][0] >= 0.4
    assert any(p.best_cost is not None for p in seen["progress"])
    assert not runner.is_running()
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)


def test_cancel_keeps_the_best_result_and_is_quick(qtbot):
    """Cancelling a job that honours stop() returns its result as 'cancelled' within a second."""
    runner = JobRunner()
    seen = _collect(runner)
    runner.submit("demo", tasks.idle, 30.0)
    qtbot.waitUntil(lambda: bool(seen["progress"]), timeout=20_000)
    asked = time.monotonic()
    runner.cancel("demo")
    qtbot.waitUntil(lambda: bool(seen["cancelled"]), timeout=5000)
    assert time.monotonic() - asked < 1.0
    assert seen["cancelled"][0] is not None and seen["cancelled"][0] < 30
    assert not seen["finished"]
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)


def test_a_job_that_ignores_stop_is_ended_after_the_grace_period(qtbot):
    """A worker that never checks stop() is terminated, and the runner reports a cancel with no result."""
    runner = JobRunner(grace_s=0.3)
    seen = _collect(runner)
    runner.submit("demo", tasks.ignores_stop, 60.0)
    qtbot.wait(300)
    runner.cancel("demo")
    qtbot.waitUntil(lambda: bool(seen["cancelled"]), timeout=5000)
    assert seen["cancelled"] == [None]
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)


def test_a_failing_job_reports_a_readable_message(qtbot):
    """An exception in the worker becomes a failed signal carrying its message, not a crash."""
    runner = JobRunner()
    seen = _collect(runner)
    runner.submit("demo", tasks.fails, "capacity must be positive")
    qtbot.waitUntil(lambda: bool(seen["failed"]), timeout=20_000)
    assert "capacity must be positive" in seen["failed"][0]
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)


def test_a_new_job_of_the_same_kind_replaces_the_running_one(qtbot):
    """Submitting the same kind again cancels the first job; only the second one finishes."""
    runner = JobRunner()
    seen = _collect(runner)
    runner.submit("demo", tasks.idle, 30.0)
    runner.submit("demo", tasks.idle, 0.2)
    qtbot.waitUntil(lambda: bool(seen["finished"]), timeout=20_000)
    assert seen["cancelled"] == [None]
    assert len(seen["finished"]) == 1 and seen["finished"][0] < 30
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)


def test_solver_progress_dicts_become_progress_info():
    """CP-SAT's progress dict (objective, bound) turns into a best cost for the live chart."""
    info = as_progress_info({"objective": 120.0, "bound": 100.0, "time_s": 1.5})
    assert info.best_cost == 120.0 and info.extra["bound"] == 100.0
    assert as_progress_info(0.25).fraction == 0.25


def test_terminating_a_job_ends_the_processes_it_started(qtbot):
    """A job that started its own worker processes and ignores stop() leaves none behind when ended."""
    runner = JobRunner(grace_s=0.3)
    seen = _collect(runner)
    runner.submit("demo", tasks.spawns_children, 60.0)
    qtbot.waitUntil(lambda: bool(seen["progress"]), timeout=20_000)
    grandchild = seen["progress"][0].extra["child_pid"]
    assert _alive(grandchild)
    runner.cancel("demo")
    qtbot.waitUntil(lambda: bool(seen["cancelled"]), timeout=5000)
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)
    qtbot.waitUntil(lambda: not _alive(grandchild), timeout=5000)


def _alive(pid: int) -> bool:
    """True while the process runs (a zombie waiting to be reaped counts as ended)."""
    from pathlib import Path

    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State:"))
    except (FileNotFoundError, StopIteration):
        return False
    return "Z" not in state.split()[1]


def test_a_result_is_passed_on_as_the_bytes_its_job_sent(qtbot):
    """The next job gets a finished result as the child's own pickle (no pickling in the window),
    and those bytes read back to an equal result; other values are pickled on the spot."""
    import pickle

    runner = JobRunner()
    seen = _collect(runner)
    runner.submit("demo", tasks.idle, 0.2)
    qtbot.waitUntil(lambda: bool(seen["finished"]), timeout=20_000)
    result = seen["finished"][0]
    first, again = runner.pickled(result), runner.pickled(result)
    assert first is again  # the stored bytes, not a new pickle
    assert pickle.loads(first) == result
    assert pickle.loads(runner.pickled([1, 2])) == [1, 2]
    assert tasks._plan(first) == result and tasks._plan(None) is None
    qtbot.waitUntil(lambda: not runner._ending, timeout=5000)


def test_closing_during_a_job_asks_and_stops_it(window, qtbot, monkeypatch):
    """Closing while a job runs asks first: No keeps the window and the job, Yes stops the job and closes."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer[0])
    window.ask_before_close = True
    window.runner.submit("roster", tasks.idle, 60.0)
    qtbot.waitUntil(lambda: window.runner.is_running("roster"), timeout=10_000)
    assert not window.close() and window.runner.is_running("roster")
    assert "Roster" in asked[0]
    answer[0] = QMessageBox.StandardButton.Yes
    assert window.close() and not window.runner.is_running()


QUIT_DURING_A_STUDY = """
import sys, time
from desktop.jobs import tasks
from desktop.jobs.process import ProcessJob
spec = {"name_en": "Quit", "base": sys.argv[1], "replications": 20, "days": 30, "seed": 1, "replan": False,
        "variants": [{"name": "more", "changes": [{"op": "scale", "path": "incidents.per_day", "value": 2}]}]}
if __name__ == "__main__":
    job = ProcessJob(tasks.run_study_job, spec, sys.argv[2], 2)
    job.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(m.kind == "progress" and (m.payload.fraction or 0) > 0
                                                  for m in job.poll()):
        time.sleep(0.1)
    job.stop_now()  # what the runner does when the window closes
    print("quit", flush=True)
"""


def test_quitting_during_a_study_leaves_no_leaked_semaphores(tmp_path):
    """The app quitting mid-study ends the study's pool cleanly: no 'leaked semaphore' warnings, no orphans."""
    import subprocess
    import sys

    from .conftest import ROOT, TRAINING

    script = tmp_path / "quit.py"
    script.write_text(QUIT_DURING_A_STUDY, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(TRAINING), str(tmp_path / "study")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "quit" in done.stdout, done.stderr
    assert "leaked" not in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_opening_another_district_drops_the_old_jobs_and_panels(window, qtbot):
    """A job of the district that was open delivers nothing after another is opened; panels start afresh."""
    from .conftest import TRAINING

    finished: list = []
    window.runner.finished.connect(lambda k, r: finished.append(k))
    window.runner.cancelled.connect(lambda k, r: finished.append(k))
    window.runner.submit("roster", tasks.idle, 1.5)  # would finish (with a result) 1.5 s from now
    qtbot.waitUntil(lambda: window.jobs_panel.state("roster") == "job.running", timeout=20_000)
    window.details.setHtml("<p>toilet T1</p>")
    assert window.open_path(TRAINING)
    qtbot.wait(2500)
    assert finished == [] and "roster" not in window.results and not window.runner.is_running()
    assert window.jobs_panel.state("roster") == "job.idle" and not window.jobs_panel.idle_label.isHidden()
    assert window.details.toPlainText() == ""


def test_route_sheets_are_exported_from_the_app(window, qtbot, tmp_path):
    """File ▸ Export route sheets writes a PDF per route of the current plan, as a job with progress."""
    from optimizer.common.plan import Plan, Route, RoutePlan, Stop

    from .conftest import wait_for_job

    nodes = list(window.geometry_data.node_index)
    routes = [Route(id=f"R{k}", kind="garbage", vehicle=f"V{k}", stops=[
        Stop(kind="start", ref="D1", node=nodes[k], arrival_min=300, departure_min=300),
        Stop(kind="end", ref="D1", node=nodes[k + 3], arrival_min=330, departure_min=330)],
        path=nodes[k:k + 4]) for k in range(2)]
    window._on_job_result("routes", Plan(parts={"garbage": RoutePlan(kind="garbage", routes=routes, status="feasible")}))
    assert window.export_route_sheets(tmp_path / "sheets")
    state, result = wait_for_job(qtbot, window, "sheets")
    assert state == "finished" and sorted(p.name for p in (tmp_path / "sheets").glob("*.pdf")) == [
        "garbage-R0.pdf", "garbage-R1.pdf"]
    assert "2" in window.statusBar().currentMessage()
