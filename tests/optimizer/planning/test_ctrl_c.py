"""Ctrl-C as a terminal sends it: to the whole process group of `uv run main.py plan …` (uv forwards it once
more). The plan found so far is written, the solver processes end quietly, no traceback."""

from __future__ import annotations

from pathlib import Path

from benchmarks.interrupts import try_once


def test_ctrl_c_to_the_process_group_of_uv_run_keeps_the_plan(tmp_path: Path) -> None:
    result, lost = try_once("plan", tmp_path, extra_wait_s=1.0)
    assert lost is None, f"{lost}\n{result.output}"
    assert result.ready_s + result.stop_s < 80  # stopped, not run to its 90 s limit
