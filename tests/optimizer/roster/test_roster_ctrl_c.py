"""After a CP-SAT solve, Ctrl-C still reaches the program's handler (CP-SAT's own handler would reset it to the
system default, and the next Ctrl-C would kill the program with its roster)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROGRAM = """
import os, signal, time
from ortools.sat.python import cp_model
from optimizer.roster.cpsat import cp_solver
from scenarios.jobs import ctrl_c_stops

model = cp_model.CpModel()
model.Maximize(model.NewIntVar(0, 10, "x"))
with ctrl_c_stops() as stop:
    cp_solver().Solve(model)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
    print("stopped" if stop() else "still running")
"""


def test_ctrl_c_after_a_roster_solve_asks_the_program_to_stop() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"
