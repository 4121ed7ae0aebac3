"""The replay log: one compact row per service event (documented in simulation/EVENTLOG.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .world import World

# Event codes (column `event`); keep in sync with EVENTLOG.md.
START, END, POINT, UNLOAD, SWEEP, TOILET, BREAK, HOTSPOT, REFILL = 1, 2, 3, 4, 5, 6, 7, 8, 9
SKIP, BREAKDOWN, SWAP, OVERFLOW, INCIDENT, RESPONSE, QUEUE = 10, 11, 12, 13, 14, 15, 16
WALK, CHECK, INSPECT, VIOLATION = 17, 18, 19, 20
EVENT_NAMES = {
    START: "start", END: "end", POINT: "collect", UNLOAD: "unload", SWEEP: "sweep", TOILET: "toilet_clean",
    BREAK: "break", HOTSPOT: "hotspot", REFILL: "refill", SKIP: "skip", BREAKDOWN: "breakdown", SWAP: "swap",
    OVERFLOW: "overflow", INCIDENT: "incident", RESPONSE: "response", QUEUE: "station_queue",
    WALK: "walk", CHECK: "vendor_check", INSPECT: "inspect", VIOLATION: "vendor_violation",
}
# A patrol beat's duty stops (定则): what post_duties_done_pct counts, and where a walker finds cases.
DUTY_CODES = frozenset({HOTSPOT, WALK, CHECK, INSPECT})

DTYPE = np.dtype([
    ("rep", "<u2"), ("t_min", "<f8"), ("end_min", "<f8"), ("event", "u1"),
    ("actor", "<i4"), ("node", "<i4"), ("ref", "<i4"), ("value", "<f4"),
])


class Refs:
    """One table of referenced ids: points, then segments, toilets, stations, incident types, service
    stations and vendor zones (new groups go last, so older logs keep their offsets)."""

    def __init__(self, world: World) -> None:
        s = world.scenario
        groups = [world.point_ids, world.segment_ids, world.toilet_ids, world.station_ids,
                  [t.id for t in s.incidents.types], [x.id for x in s.facilities.service_stations],
                  world.vendor_zone_ids]
        self.names: list[str] = [name for group in groups for name in group]
        offsets = np.cumsum([0] + [len(g) for g in groups])
        (self.point, self.segment, self.toilet, self.station, self.incident_type, self.service_station,
         self.vendor_zone) = (int(o) for o in offsets[:7])


assert DTYPE.fields is not None and DTYPE.names is not None  # a structured dtype has both
_ROW = np.dtype([(name, DTYPE.fields[name][0]) for name in DTYPE.names if name != "rep"])
_RECORD = np.dtype((np.void, DTYPE.itemsize))
_ROW_RECORD = np.dtype((np.void, _ROW.itemsize))
assert DTYPE.itemsize == 2 + _ROW.itemsize and DTYPE.names[0] == "rep"  # see flush()


# Seven parameters: one column per event-log field.
def rows_of(t: np.ndarray, end: np.ndarray, event: np.ndarray, actor: np.ndarray, node: np.ndarray,
            ref: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Rows (without the replication column) from columns."""
    out = np.empty(len(t), dtype=_ROW)
    out["t_min"], out["end_min"], out["event"], out["actor"] = t, end, event, actor
    out["node"], out["ref"], out["value"] = node, ref, value
    return out


class EventLogWriter:
    """Rows appended as tuples (cheap in the hot loop) or as column blocks, packed at each day's end.

    A row is (t_min, end_min, event, actor, node, ref, value); the replication is added when packed.
    Each day's rows are packed into one chunk sorted by time, so the whole log usually needs no
    sort at the end.
    """

    def __init__(self, replication: int) -> None:
        self.replication = replication
        self.actors: list[str] = []
        self._actor_index: dict[str, int] = {}
        self.rows: list[tuple[float, float, int, int, int, int, float]] = []
        self._blocks: list[np.ndarray] = []  # column blocks waiting for the next flush
        self._block_rows = 0
        # Packed rows go into one buffer sized after the first day for the whole run, so the log
        # is not copied again at the end (a year is about 250 MB).
        self._buf = np.empty(0, dtype=DTYPE)
        self._packed = 0
        self._day_start = 0  # where the last packed day begins in the buffer
        self._sorted = True
        self.expected_days = 1

    def actor_id(self, name: str) -> int:
        k = self._actor_index.get(name)
        if k is None:
            k = self._actor_index[name] = len(self.actors)
            self.actors.append(name)
        return k

    # Seven parameters: one per event-log field; called once per event, so no row object.
    def add(self, t: float, end: float, event: int, actor: int, node: int, ref: int, value: float = 0.0) -> None:
        self.rows.append((t, end, event, actor, node, ref, value))

    def add_block(self, rows: np.ndarray) -> None:
        """Append rows already in column form (see ``rows_of``)."""
        if len(rows):
            self._blocks.append(rows)
            self._block_rows += len(rows)

    def next_index(self) -> int:
        """Global index the next tuple row will have until the next flush (see ``Sim.cut_log_row``)."""
        return self._packed + len(self.rows)

    def flush(self) -> None:
        """Pack the pending rows into one chunk sorted by time (stable).

        Rows logged now for an earlier moment (a response or an unload ends after midnight) are
        merged into the previous chunk, so the chunks stay in order and the log needs no final sort.
        """
        parts = self._blocks
        if self.rows:
            parts = [np.fromiter(self.rows, dtype=_ROW, count=len(self.rows)), *parts]
        self.rows.clear()  # in place: a route whose stops run past midnight holds its append
        self._blocks, self._block_rows = [], 0
        if not parts:
            return
        rows = np.concatenate([p.view(_ROW_RECORD) for p in parts]).view(_ROW) if len(parts) > 1 else parts[0]
        order = np.argsort(rows["t_min"], kind="stable")
        # Whole rows are moved as opaque bytes (numpy copies structured rows field by field): a
        # packed DTYPE row is the replication (2 bytes) followed by the packed _ROW row.
        raw = np.empty((len(rows), DTYPE.itemsize), dtype=np.uint8)
        raw[:, :2] = np.frombuffer(np.uint16(self.replication).tobytes(), dtype=np.uint8)
        raw[:, 2:] = rows.view(_ROW_RECORD)[order].view(np.uint8).reshape(len(rows), _ROW.itemsize)
        chunk = raw.view(_RECORD).reshape(len(rows))
        if self._packed:
            last = self._buf[self._day_start:self._packed]
            k = int(np.searchsorted(chunk.view(DTYPE)["t_min"], last["t_min"][-1], side="left"))
            if k and chunk.view(DTYPE)["t_min"][0] >= last["t_min"][0]:
                at = np.searchsorted(last["t_min"], chunk.view(DTYPE)["t_min"][:k], side="right")
                merged = np.insert(last.view(_RECORD), at, chunk[:k])
                self._reserve(k)
                self._buf[self._day_start:self._day_start + len(merged)].view(_RECORD)[:] = merged
                self._packed += k
                chunk = chunk[k:]
            elif k:
                self._sorted = False  # older than the previous day's first row: sort at the end
        self._reserve(len(chunk))
        self._buf[self._packed:self._packed + len(chunk)].view(_RECORD)[:] = chunk
        self._day_start = self._packed
        self._packed += len(chunk)

    def _reserve(self, extra: int) -> None:
        need = self._packed + extra
        if need <= len(self._buf):
            return
        if self._packed == 0:
            size = int(extra * self.expected_days * 1.15) + 1024  # the first day, times the run's days
        else:
            size = max(need, int(len(self._buf) * 1.5))
        buf = np.empty(size, dtype=DTYPE)
        buf[:self._packed].view(_RECORD)[:] = self._buf[:self._packed].view(_RECORD)
        self._buf = buf

    @property
    def packed(self) -> int:
        return self._packed

    def __len__(self) -> int:
        return self._packed + len(self.rows) + self._block_rows

    def to_array(self) -> np.ndarray:
        """All rows sorted by time (stable), as the DTYPE structured array."""
        self.flush()
        out = self._buf[:self._packed]
        return out if self._sorted else out[np.argsort(out["t_min"], kind="stable")]


@dataclass
class EventLog:
    """The log of one or more replications with the tables its integer columns point into."""

    events: np.ndarray
    actors: list[str]
    nodes: list[str]
    node_lon: np.ndarray
    node_lat: np.ndarray
    refs: list[str]
    start_date: str

    def __len__(self) -> int:
        return len(self.events)

    def rows(self, limit: int | None = None) -> list[dict[str, object]]:
        """Readable rows (names instead of indices), for small logs and tests."""
        out = []
        for r in self.events[:limit]:
            out.append({
                "rep": int(r["rep"]), "t_min": float(r["t_min"]), "end_min": float(r["end_min"]),
                "event": EVENT_NAMES[int(r["event"])],
                "actor": self.actors[r["actor"]] if r["actor"] >= 0 else "",
                "node": self.nodes[r["node"]] if r["node"] >= 0 else "",
                "ref": self.refs[r["ref"]] if r["ref"] >= 0 else "", "value": float(r["value"]),
            })
        return out

    def save(self, path: Path) -> Path:
        """Write a compressed .npz (see EVENTLOG.md)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path, events=self.events, actors=np.array(self.actors, dtype=str), nodes=np.array(self.nodes, dtype=str),
            node_lon=self.node_lon, node_lat=self.node_lat, refs=np.array(self.refs, dtype=str),
            event_names=np.array([f"{k}={v}" for k, v in EVENT_NAMES.items()], dtype=str),
            start_date=np.array(self.start_date),
        )
        return path


def load_event_log(path: Path) -> EventLog:
    """Read a log written by EventLog.save."""
    with np.load(path, allow_pickle=False) as data:
        return EventLog(
            events=data["events"], actors=data["actors"].tolist(), nodes=data["nodes"].tolist(),
            node_lon=data["node_lon"], node_lat=data["node_lat"], refs=data["refs"].tolist(),
            start_date=str(data["start_date"]),
        )


def merge_logs(world: World, refs: Refs, writers: list[tuple[np.ndarray, list[str]]]) -> EventLog:
    """One log from the arrays of several replications (actor indices remapped to a shared table)."""
    index: dict[str, int] = {}
    parts = []
    for events, names in writers:
        remap = np.array([index.setdefault(n, len(index)) for n in names] or [0], dtype=np.int32)
        part = events.copy()
        has = part["actor"] >= 0
        part["actor"][has] = remap[part["actor"][has]]
        parts.append(part)
    actors = sorted(index, key=index.__getitem__)
    s = world.scenario
    return EventLog(
        events=np.concatenate(parts) if parts else np.empty(0, dtype=DTYPE),
        actors=actors, nodes=list(world.network.node_ids),
        node_lon=np.array([n.lon for n in s.street_graph.nodes]), node_lat=np.array([n.lat for n in s.street_graph.nodes]),
        refs=refs.names, start_date=str(world.start_date),
    )
