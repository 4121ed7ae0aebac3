"""Cancelling a CP-SAT solve that runs for seconds without reporting solutions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model


@contextmanager
def stopping_on_cancel(solver: cp_model.CpSolver, stop: Callable[[], bool]) -> Iterator[None]:
    """Stop the solver's search within a tenth of a second of a cancel."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


__all__ = ["stopping_on_cancel"]
