"""The one place that owns the app's threading rules: jobs run in worker processes, polled by a QTimer.

Every job has a kind (routes, roster, simulate, study, sweep). Submitting a job of a kind that is
already running cancels the old one. The runner emits a fixed set of signals; views never touch
processes or queues themselves.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from .process import ProcessJob

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 30


class JobRunner(QObject):
    """Runs job functions in worker processes and turns their messages into Qt signals."""

    started = Signal(str)  # kind
    progress = Signal(str, object)  # kind, ProgressInfo
    finished = Signal(str, object)  # kind, result
    failed = Signal(str, str, str)  # kind, readable message, details for the log
    cancelled = Signal(str, object)  # kind, best result so far (None when the job had none)

    def __init__(self, parent: QObject | None = None, grace_s: float = 1.0) -> None:
        super().__init__(parent)
        self.grace_s = grace_s
        self._jobs: dict[str, ProcessJob] = {}
        self._ending: list[ProcessJob] = []  # finished jobs whose process is still exiting
        self._blobs: dict[str, tuple[Any, bytes]] = {}  # kind -> (latest result, the child's pickle of it)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)

    def submit(self, kind: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Start `fn(*args, stop=…, progress=…, **kwargs)` in a worker process, replacing a running job of this kind."""
        old = self._jobs.pop(kind, None)
        if old is not None:
            old.abandon()  # a new job of the same kind replaces the old one
            self._ending.append(old)
            self.cancelled.emit(kind, None)
        job = ProcessJob(fn, *args, grace_s=self.grace_s, **kwargs)
        job.start()
        self._jobs[kind] = job
        self.started.emit(kind)
        self._timer.start()

    def pickled(self, value: Any) -> bytes:
        """`value` pickled for a worker process: the bytes its job sent when it is a job's result
        (pickling a district plan again would freeze the window for a few tenths of a second)."""
        blob = self.cached(value)
        return blob if blob is not None else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def cached(self, value: Any) -> bytes | None:
        """The bytes a job sent for `value` when it is a job's result, else None (nothing is pickled)."""
        for result, blob in self._blobs.values():
            if result is value:
                return blob
        return None

    def cancel(self, kind: str) -> None:
        """Ask a job to stop; it reports `cancelled` with its best result, or is ended after the grace period."""
        job = self._jobs.get(kind)
        if job is not None:
            job.cancel()

    def cancel_all(self) -> None:
        for kind in list(self._jobs):
            self.cancel(kind)

    def drop_all(self) -> None:
        """End every job without passing on anything it still sends (another district was opened)."""
        for job in self._jobs.values():
            job.abandon()
            self._ending.append(job)
        self._jobs.clear()

    def is_running(self, kind: str | None = None) -> bool:
        return bool(self._jobs) if kind is None else kind in self._jobs

    def running_kinds(self) -> list[str]:
        return list(self._jobs)

    def shutdown(self) -> None:
        """End every worker process now (the window is closing)."""
        for job in [*self._jobs.values(), *self._ending]:
            job.stop_now()
        self._jobs.clear()
        self._ending.clear()
        self._timer.stop()

    def _poll(self) -> None:
        for kind, job in list(self._jobs.items()):
            for message in job.poll():
                self._dispatch(kind, job, message)
            if job.done:
                self._jobs.pop(kind, None)
                self._ending.append(job)
        self._ending = [job for job in self._ending if not job.reap()]
        if not self._jobs and not self._ending:
            self._timer.stop()

    def _dispatch(self, kind: str, job: ProcessJob, message: Any) -> None:
        if message.kind == "progress":
            self.progress.emit(kind, message.payload)
        elif message.kind == "finished":
            if message.blob is not None:
                self._blobs[kind] = (message.payload, message.blob)
            if job.cancelled:
                self.cancelled.emit(kind, message.payload)
            else:
                self.finished.emit(kind, message.payload)
        elif message.kind == "terminated":
            self.cancelled.emit(kind, None)
        elif message.kind == "failed":
            log.error("job %s failed: %s\n%s", kind, message.payload, message.details)
            self.failed.emit(kind, str(message.payload), message.details)
