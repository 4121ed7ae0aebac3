"""A study on a real Dask cluster (the stock scheduler and worker commands, worker processes) gives the same
comparison.csv as a run on local processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from main import main

from .conftest import ROOT, TRAINING, needs_simulation

pytestmark = needs_simulation

# Re-planned on the workers (two engines, each to 20 iterations), so a worker must plan without children.
CLUSTER_STUDY = f"""name_en: Trucks on a cluster
base: {TRAINING}
replications: 2
days: 1
seed: 3
replan: true
route_iterations: 20
kpis: [collection_compliance_pct, cost, overtime_hours, toilet_rounds_on_time_pct]
grids:
  - name: trucks_{{n}}
    parameters:
      - {{key: n, op: set_count, path: fleet.vehicles, where: {{type: compactor_5t}}, values: [1]}}
"""


def _uv_run(*args: str, log: Path) -> subprocess.Popen:
    """`uv run …` from the checkout, as the README says, in its own process group."""
    return subprocess.Popen(["uv", "run", "--frozen", *args], cwd=ROOT, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and a worker command with two worker processes on loopback; yields the address."""
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    started = [_uv_run("dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                       "--scheduler-file", str(scheduler_file), log=tmp_path / "scheduler.log")]
    try:
        deadline = time.monotonic() + 120
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        import json

        address = json.loads(scheduler_file.read_text())["address"]
        started.append(_uv_run("dask", "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                               "--local-directory", str(tmp_path / "dask-worker"), log=tmp_path / "worker.log"))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
            assert all(w["nthreads"] == 1 for w in client.scheduler_info()["workers"].values())
        yield address
    finally:
        for process in reversed(started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_a_study_on_a_real_cluster_equals_the_local_run(tmp_path: Path, cluster: str, capsys):
    """Two worker processes started by `uv run dask worker` plan and simulate every variant; comparison.csv is
    byte for byte the local run's."""
    study = tmp_path / "trucks.yaml"
    study.write_text(CLUSTER_STUDY, encoding="utf-8")
    on_cluster, local = tmp_path / "on-cluster", tmp_path / "local"
    assert main(["study", str(study), "--cluster", cluster, "--formats", "png", "--out", str(on_cluster)]) == 0
    printed = capsys.readouterr().out
    assert "dask tcp://127.0.0.1" in printed and "4 runs computed" in printed
    assert main(["study", str(study), "--workers", "2", "--formats", "png", "--out", str(local)]) == 0
    assert "local (2 worker processes)" in capsys.readouterr().out
    assert (on_cluster / "comparison.csv").read_bytes() == (local / "comparison.csv").read_bytes()
    log = (tmp_path / "worker.log").read_text(errors="replace")
    assert "daemonic processes" not in log and "ModuleNotFoundError" not in log
