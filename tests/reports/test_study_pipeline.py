"""The study pipeline with the real simulation: resumes without recomputing, stops cleanly, pairs seeds."""

from __future__ import annotations

import concurrent.futures as cf
from collections import Counter
from pathlib import Path
from typing import Any

from reports.study import load_study, run_study
from reports.study.executors import LocalExecutor
from reports.study.tasks import run_replication_task

from .conftest import needs_simulation

pytestmark = needs_simulation


class CountingExecutor(LocalExecutor):
    """Runs tasks on threads of this process and counts what was submitted (cheap for tests)."""

    def __init__(self, plan_folder: Path) -> None:
        self.workers, self.name = 1, "test threads"
        self._plan_folder = plan_folder
        self._pool = cf.ThreadPoolExecutor(max_workers=1)
        self.calls: Counter[str] = Counter()

    def submit(self, fn: Any, *args: Any) -> cf.Future:
        self.calls[fn.__name__] += 1
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _run(spec: Any, folder: Path, **kw: Any) -> tuple[Any, Counter[str]]:
    executor = CountingExecutor(folder / "plans")
    try:
        return run_study(spec, folder, executor, **kw), executor.calls
    finally:
        executor.close()


def test_rerun_computes_nothing_and_more_replications_only_the_new_ones(tiny_study: Path, tmp_path: Path):
    """A finished study is read back from the store; raising R from 2 to 3 runs one more per variant."""
    spec = load_study(tiny_study)
    first, calls = _run(spec, tmp_path)
    assert calls["run_replication_task"] == 3 * 2 and first.complete
    again, calls = _run(spec, tmp_path)
    assert calls["run_replication_task"] == 0 and again.reused == 6
    assert {k: [r.kpis for r in v] for k, v in again.runs.items()} == {k: [r.kpis for r in v] for k, v in first.runs.items()}
    more, calls = _run(spec, tmp_path, replications=3)
    assert calls["run_replication_task"] == 3
    assert [r.replication for r in more.runs["trucks_1"]] == [0, 1, 2]
    # trucks_1 reuses the base plan: the removed truck's route is dropped, and the stored run says so
    assert any("compactor_5t-02" in note for note in more.runs["trucks_1"][0].notes)
    assert more.runs["base"][0].notes == []


def test_stop_keeps_finished_runs_and_resume_completes_them(tiny_study: Path, tmp_path: Path):
    """Stopping after two runs keeps them; the next run computes only the remaining four."""
    spec = load_study(tiny_study)
    finished: list[float] = []

    def progress(info: Any) -> None:
        finished.append(info.fraction or 0)

    stopped, calls = _run(spec, tmp_path, stop=lambda: len(finished) >= 4, progress=progress)  # plan + 2 runs
    assert stopped.stopped and not stopped.complete
    kept = sum(len(v) for v in stopped.runs.values())
    assert 2 <= kept < 6
    resumed, calls = _run(spec, tmp_path)
    assert calls["run_replication_task"] == 6 - kept
    assert resumed.complete and not resumed.stopped


def test_replication_r_uses_the_same_random_stream_in_every_variant(tiny_study: Path, tmp_path: Path):
    """Common random numbers: a variant identical to the base gives identical KPIs, run by run."""
    text = tiny_study.read_text(encoding="utf-8").replace("value: 240", "value: 120")  # = the grade-2 default
    same = tmp_path / "same.yaml"
    same.write_text(text, encoding="utf-8")
    outcome, _ = _run(load_study(same), tmp_path / "out")
    assert [r.kpis for r in outcome.runs["slow_toilets"]] == [r.kpis for r in outcome.runs["base"]]
    assert outcome.runs["base"][0].kpis != outcome.runs["base"][1].kpis  # but replications differ


def test_unit_of_work_is_a_picklable_top_level_function():
    """The task function pickles by reference, as spawn workers and Dask need."""
    import pickle

    assert pickle.loads(pickle.dumps(run_replication_task)) is run_replication_task


def test_adding_a_variant_runs_only_the_new_variant(tiny_study: Path, tmp_path: Path):
    """Extending a finished study with one more variant simulates just that variant's replications."""
    _run(load_study(tiny_study), tmp_path)
    extended = tiny_study.read_text(encoding="utf-8").replace("values: [1]", "values: [1, 3]")
    tiny_study.write_text(extended, encoding="utf-8")
    outcome, calls = _run(load_study(tiny_study), tmp_path)
    assert calls["run_replication_task"] == 2
    assert [v.name for v in outcome.variants] == ["base", "slow_toilets", "trucks_1", "trucks_3"]
    assert outcome.complete


def test_a_rostering_study_reports_each_plans_roster(tiny_study: Path, tmp_path: Path):
    """With roster_weeks, every plan is rostered: each replication carries the roster KPIs of its plan,
    the re-planned variant its own, and a rerun reads them back instead of rostering again."""
    text = tiny_study.read_text(encoding="utf-8").replace("replan: false", "replan: false\nroster_weeks: 1\nroster_time_limit_s: 5")
    text = text.replace("  - name: slow_toilets\n", "  - name: slow_toilets\n    replan: true\n")
    tiny_study.write_text(text, encoding="utf-8")
    spec = load_study(tiny_study)
    first, calls = _run(spec, tmp_path)
    assert calls["plan_variant_task"] == 2  # the base (shared by trucks_1) and the re-planned slow_toilets
    names = ("roster_penalty", "roster_uncovered_shifts", "roster_overtime_hours")

    def roster_of(run: Any) -> tuple[float, ...]:
        return tuple(run.kpis[n] for n in names)

    for runs in first.runs.values():
        assert len({roster_of(r) for r in runs}) == 1  # one roster per plan, the same in every replication
    assert roster_of(first.runs["trucks_1"][0]) == roster_of(first.runs["base"][0])  # it reuses the base plan
    again, calls = _run(spec, tmp_path)
    assert calls["plan_variant_task"] == 0 and calls["run_replication_task"] == 0
    assert again.runs["slow_toilets"][0].kpis == first.runs["slow_toilets"][0].kpis
