"""Ctrl-C as a terminal sends it: to the whole process group of `uv run main.py plan …` (uv forwards it once
more). The plan found so far is written, the solver processes end quietly, no traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_ctrl_c_to_the_process_group_of_uv_run_keeps_the_plan(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv, "the README's commands run under uv"
    out = tmp_path / "plan"
    started = time.monotonic()
    process = subprocess.Popen(
        [uv, "run", "--frozen", "main.py", "plan", "scenarios/training.yaml", "--what", "garbage", "--time-limit", "90",
         "--check-replications", "0", "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # Wait until the engines are searching: more processes in the group than uv and the program.
        while time.monotonic() < deadline and process.poll() is None:
            group = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
            if len(group) >= 4:
                break
            time.sleep(0.2)
        time.sleep(1.0)
        os.killpg(process.pid, signal.SIGINT)  # the terminal's Ctrl-C …
        time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)  # … and the same keypress forwarded again
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "Traceback" not in err, err
    assert process.returncode == 0, err
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["parts"]["garbage"]["status"] == "stopped"
    assert time.monotonic() - started < 80  # stopped, not run to its 90 s limit
