"""Sweeps and toilet cleans recorded as they happen, applied to litter and toilets at midnight.

What a crew does at a segment or a toilet does not depend on the item's state (travel and service
times are drawn per stop, the litter found or the uses counted only go to the log and the KPIs),
so a visit can be recorded with its own time and applied later. At each midnight the visits of
the day just ended are applied in time order per item (ties by route and stop), vectorized, and
their log rows written with the values found. The item's state therefore never needs a route to
wait for another one (no look-ahead bound applies to them), and the result is the same as
applying each visit at its moment (``lookahead=False`` does that; ``test_lookahead.py`` compares).
"""

from __future__ import annotations

import numpy as np

from . import eventlog as ev
from .eventlog import EventLogWriter, rows_of
from .litter import Litter
from .toilets import Toilets

VISIT = np.dtype([("t", "<f8"), ("end", "<f8"), ("event", "u1"), ("actor", "<i4"), ("node", "<i4"),
                  ("ref", "<i4"), ("item", "<i4"), ("key", "<i8")])
_RECORD = np.dtype((np.void, VISIT.itemsize))
KEY_STOPS = 100_000  # key = route index × KEY_STOPS + stop index (ties at one item and moment)


class Deferred:
    """Visits not yet applied: tuples from route processes and blocks from the batched crews."""

    def __init__(self, litter: Litter, toilets: Toilets, log: EventLogWriter | None) -> None:
        self.litter = litter
        self.toilets = toilets
        self.log = log
        self.rows: list[tuple[float, float, int, int, int, int, int, int]] = []
        self.blocks: list[np.ndarray] = []

    def add_block(self, visits: np.ndarray) -> None:
        if len(visits):
            self.blocks.append(visits)

    def apply(self, until: float) -> None:
        """Apply every visit arriving before `until` (in time order per item) and log it."""
        parts = self.blocks
        if self.rows:
            parts = [*parts, np.fromiter(self.rows, dtype=VISIT, count=len(self.rows))]
            self.rows.clear()  # in place: running routes hold its append
        if not parts:
            return
        # (concatenated as opaque records: numpy copies structured rows field by field)
        v = np.concatenate([p.view(_RECORD) for p in parts]).view(VISIT) if len(parts) > 1 else parts[0]
        due = v["t"] < until
        if not due.all():
            self.blocks = [v[~due]]
            v = v[due]
        else:
            self.blocks = []
        if not len(v):
            return
        value = np.zeros(len(v))
        code, item, t, key = v["event"], v["item"], v["t"], v["key"]
        sweeps = code == ev.SWEEP
        if sweeps.any():
            value[sweeps] = self.litter.sweep_all(item[sweeps], t[sweeps], key[sweeps])
        cleans = code == ev.TOILET
        if cleans.any():
            value[cleans] = self.toilets.clean_all(item[cleans], t[cleans], key[cleans])
        if self.log is not None:
            self.log.add_block(rows_of(t, v["end"], code, v["actor"], v["node"], v["ref"], value))
