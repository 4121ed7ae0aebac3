"""Ctrl-C to the process group of `uv run main.py roster|study …` keeps a whole legal roster and the study's
finished runs; a second Ctrl-C after a pause aborts without a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.interrupts import interrupt_uv_run, study_kept, study_ready, try_once

from .conftest import TRAINING

pytestmark = pytest.mark.slow


def test_ctrl_c_during_a_roster_writes_a_whole_legal_roster(tmp_path: Path) -> None:
    """Stopped a second into a 120 s search (before its first roster), it still writes a legal roster."""
    result, lost = try_once("roster", tmp_path, extra_wait_s=1.0)
    assert lost is None, f"{lost}\n{result.output}"
    assert "independent check: every hard rule holds" in result.output
    assert result.ready_s + result.stop_s < 60  # stopped, not run to its 120 s limit


def _small_study(folder: Path, days: int = 7) -> list[str]:
    study = folder / "small.yaml"
    study.write_text(f"""name_en: Small
base: {TRAINING}
replications: 30
days: {days}
seed: 5
replan: false
variants:
  - name: more_incidents
    changes: [{{op: scale, path: incidents.per_day, value: 2}}]
""", encoding="utf-8")
    return ["main.py", "study", str(study), "--workers", "2", "--formats", "png", "--out", str(folder / "out")]


def test_ctrl_c_during_a_study_keeps_its_finished_runs(tmp_path: Path) -> None:
    result = interrupt_uv_run(_small_study(tmp_path), study_ready)
    assert result.returncode == 130 and "Traceback" not in result.output, result.output
    assert study_kept(tmp_path / "out", result) is None
    assert "stopped early" in result.output
    with open(tmp_path / "out" / "comparison.csv", encoding="utf-8-sig") as f:
        assert list(csv.DictReader(f))  # the verdicts of the runs kept so far


def test_a_second_ctrl_c_after_a_pause_aborts_cleanly(tmp_path: Path) -> None:
    """The first Ctrl-C waits for the runs under way; pressed again a while later, the study aborts at once."""
    # Pressed after the first run is in, so the others are under way (before it, nothing may have started and
    # the graceful stop can finish inside the pause); 120-day runs, so they outlast the 1.2 s pause on a fast machine.
    result = interrupt_uv_run(_small_study(tmp_path, days=120), study_ready, second_after_s=1.2)
    assert result.returncode == 130 and "Traceback" not in result.output, result.output
    assert "interrupted" in result.output and result.stop_s < 20


def test_kill_ends_a_study_with_its_worker_processes(tmp_path: Path) -> None:
    """`kill PID` (SIGTERM) on a running study ends it and its pool: no orphaned worker keeps running."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.interrupts import ROOT, group_size

    command = [sys.executable, *_small_study(tmp_path, days=120)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True, text=True)
    deadline = time.monotonic() + 60
    while group_size(process.pid) < 3 and time.monotonic() < deadline:  # the study and its two workers
        time.sleep(0.2)
    assert group_size(process.pid) >= 3
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    try:
        process.communicate(timeout=30)  # orphaned workers would hold the output pipe open
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + 10
    while group_size(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = group_size(process.pid)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
    assert left == 0, "worker processes outlived the killed study"
