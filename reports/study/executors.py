"""Where study tasks run: local worker processes (default) or a Dask distributed cluster.

Both executors offer the same small interface, so the pipeline (and its results) do not depend on
where the work happens: submit a top-level function, wait for some futures, cancel the rest.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from optimizer.common.plan import Plan, save_plan
from scenarios.jobs import children_start_deaf, ignore_ctrl_c


class StudyExecutor(Protocol):
    """The executor interface the study pipeline codes against."""

    name: str
    workers: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def share_plan(self, plan: Plan, key: str) -> Any:
        """What to pass to tasks for this plan (a file path locally, a scattered future on Dask)."""
        ...

    def wait_some(self, futures: Iterable[Any], timeout_s: float) -> tuple[set[Any], set[Any]]: ...

    def cancel(self, futures: Iterable[Any]) -> list[Any]:
        """Cancel what has not started; returns the futures that are still running and will finish."""
        ...

    def close(self) -> None: ...

    def abort(self) -> None:
        """Stop at once (a second Ctrl-C): nothing running is waited for."""
        ...


class LocalExecutor:
    """Worker processes on this machine, started with 'spawn' (the same on Linux, macOS and Windows)."""

    def __init__(self, workers: int | None = None, plan_folder: Path | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.name = f"local ({self.workers} worker process{'es' if self.workers > 1 else ''})"
        self._plan_folder = plan_folder
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=ignore_ctrl_c
        )

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future:
        with children_start_deaf():  # the pool starts its worker processes here, as tasks come
            return self._pool.submit(fn, *args)

    def share_plan(self, plan: Plan, key: str) -> str:
        # Workers read the plan file once per process instead of unpickling it with every task.
        if self._plan_folder is None:
            raise ValueError("LocalExecutor needs a plan_folder to share plans with its workers")
        return str(save_plan(plan, self._plan_folder / key))

    def wait_some(self, futures: Iterable[Any], timeout_s: float) -> tuple[set[Any], set[Any]]:
        done, pending = cf.wait(list(futures), timeout=timeout_s, return_when=cf.FIRST_COMPLETED)
        return set(done), set(pending)

    def cancel(self, futures: Iterable[Any]) -> list[Any]:
        return [f for f in futures if not f.cancel()]

    def close(self) -> None:
        # Tasks already running finish (their results were collected by the caller); queued ones are dropped.
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop at once: queued tasks dropped, running ones killed with their worker processes."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        # The pool has no public way to kill its workers before Python 3.14; they are this process's only
        # multiprocessing children while a study runs (its engines run inside them).
        processes = multiprocessing.active_children()
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


class DaskExecutor:
    """Tasks on a Dask distributed cluster (`tcp://HOST:8786`) or on a client the caller made."""

    def __init__(self, address: str | None = None, client: Any = None) -> None:
        from distributed import Client

        from scenarios.errors import DataError

        self._own_client = client is None
        self._submitted: list[Any] = []
        try:
            self.client = client if client is not None else Client(address, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise DataError(f"--cluster: cannot reach the Dask scheduler (got {address!r}: {exc})") from None
        info = self.client.scheduler_info()
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
        self.name = f"dask {self.client.scheduler.address} ({self.workers} threads)"

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        # pure=False: every replication is its own task even when arguments compare equal.
        future = self.client.submit(fn, *args, pure=False)
        self._submitted.append(future)
        return future

    def share_plan(self, plan: Plan, key: str) -> Any:
        return self.client.scatter(plan, broadcast=False, hash=False)

    def wait_some(self, futures: Iterable[Any], timeout_s: float) -> tuple[set[Any], set[Any]]:
        from distributed import wait

        futures = list(futures)
        try:
            done, pending = wait(futures, timeout=timeout_s, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return set(), set(futures)
        return set(done), set(pending)

    def cancel(self, futures: Iterable[Any]) -> list[Any]:
        futures = list(futures)
        if futures:
            self.client.cancel(futures)
        return []  # Dask cancels running tasks too

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def abort(self) -> None:
        """Stop at once: the study's tasks are cancelled on the cluster (running ones too)."""
        pending = [f for f in self._submitted if not f.done()]
        try:
            if pending:
                self.client.cancel(pending)
        finally:
            self.close()


def make_executor(cluster: str | None, workers: int | None, plan_folder: Path) -> LocalExecutor | DaskExecutor:
    """Dask when an address is given (or DASK_SCHEDULER_ADDRESS is set), else local processes."""
    address = cluster or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        return DaskExecutor(address)
    return LocalExecutor(workers, plan_folder)
