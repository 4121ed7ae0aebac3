"""CP-SAT solvers for the roster, all made here so that each leaves Ctrl-C to the program."""

from __future__ import annotations

from ortools.sat.python import cp_model


def cp_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that does not catch SIGINT.

    CP-SAT's own handler (on by default) resets SIGINT to the system default when a solve ends, so the
    next Ctrl-C would kill the program with the roster found so far; the program's handler
    (``scenarios.jobs.ctrl_c_stops``) stops the search through the solve's stop callback instead.
    """
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver
