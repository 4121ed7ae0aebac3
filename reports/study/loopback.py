"""A Dask scheduler and worker processes on this machine, started by the stock `dask` commands.

For benchmarks and tests of distributed studies: the same programs a user starts on a cluster
(README), here on loopback, each in its own process group so that stopping them stops their workers.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 120.0


def dask_command() -> list[str]:
    """The `dask` program of this environment (what `uv run dask` runs)."""
    return [str(Path(sys.executable).with_name("dask"))]


def _start(command: list[str], log: Path, cwd: Path | None) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=cwd, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def _stop(processes: Sequence[subprocess.Popen]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def loopback_cluster(worker_processes: int, folder: Path, dask: Sequence[str] | None = None,
                     cwd: Path | None = None) -> Iterator[str]:
    """Start `dask scheduler` and `dask worker ADDRESS --nworkers N --nthreads 1`; yield the address once every
    worker process has registered. Logs go to ``folder`` (scheduler.log, worker.log)."""
    from distributed import Client

    program = list(dask or dask_command())
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    started = [_start([*program, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                       "--scheduler-file", str(scheduler_file)], folder / "scheduler.log", cwd)]
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not scheduler_file.exists():
            if time.monotonic() > deadline or started[0].poll() is not None:
                raise RuntimeError(f"the Dask scheduler did not start; see {folder / 'scheduler.log'}")
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        started.append(_start([*program, "worker", address, "--nworkers", str(worker_processes), "--nthreads", "1",
                               "--no-dashboard", "--local-directory", str(folder / "dask-worker")],
                              folder / "worker.log", cwd))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(worker_processes, timeout=START_TIMEOUT_S)
        yield address
    finally:
        _stop(started)
