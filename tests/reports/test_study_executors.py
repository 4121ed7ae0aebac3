"""A study on a real Dask cluster (the stock scheduler and worker commands, worker processes) gives the same
comparison.csv as a run on local processes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from main import main
from reports.study.loopback import loopback_cluster

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


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """`uv run dask scheduler` and `uv run dask worker ADDRESS --nworkers 2 --nthreads 1` from the checkout, as
    the README says; yields the scheduler's address."""
    with loopback_cluster(2, tmp_path / "cluster", dask=["uv", "run", "--frozen", "dask"], cwd=ROOT) as address:
        yield address


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
    log = (tmp_path / "cluster" / "worker.log").read_text(errors="replace")
    assert "daemonic processes" not in log and "ModuleNotFoundError" not in log
