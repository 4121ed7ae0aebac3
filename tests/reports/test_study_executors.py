"""The same study and seed give identical results on local worker processes and on a Dask cluster."""

from __future__ import annotations

from pathlib import Path

from reports.study import DaskExecutor, LocalExecutor, load_study, run_study

from .conftest import needs_simulation

pytestmark = needs_simulation


def _kpis(outcome):
    return {name: [(r.replication, r.kpis) for r in runs] for name, runs in outcome.runs.items()}


def test_local_processes_and_dask_give_identical_results(tiny_study: Path, tmp_path: Path):
    """Two spawn workers and a loopback Dask LocalCluster compute the same KPIs for every run."""
    from distributed import Client, LocalCluster

    spec = load_study(tiny_study)
    local = LocalExecutor(2, tmp_path / "local" / "plans")
    try:
        on_local = run_study(spec, tmp_path / "local", local)
    finally:
        local.close()
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                      host="127.0.0.1", protocol="tcp") as cluster, Client(cluster) as client:
        on_dask = run_study(spec, tmp_path / "dask", DaskExecutor(client=client))
    assert on_local.computed == on_dask.computed == 6
    assert _kpis(on_local) == _kpis(on_dask)
    assert "dask" in on_dask.executor and "local" in on_local.executor
