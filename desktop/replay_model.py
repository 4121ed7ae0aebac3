"""Where things are at a moment of a simulated day, read from the simulation's event log (Qt-free).

Vehicles and crews sit at the node of their current event and move in a straight line to their
next event's node in between; bins are shown overflowing from an overflow event until they are
collected, and as just emptied for a while after a collection; incidents are open from their
arrival until a patrol finishes handling them. Only replication 0 is replayed.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

import numpy as np

JUST_EMPTIED_MIN = 45.0


@dataclass
class _Track:
    start: np.ndarray
    end: np.ndarray
    xy: np.ndarray  # (events, 2)
    finished_at: float  # time of its END event (inf when none)


class ReplayModel:
    """Positions and states at time t (minutes from the start of the simulation)."""

    def __init__(self, log, geometry, vehicle_ids: set[str]) -> None:
        from simulation.eventlog import END, INCIDENT, OVERFLOW, POINT, RESPONSE

        events = log.events[log.events["rep"] == 0]
        node_xy = np.full((len(log.nodes), 2), np.nan)
        for k, node in enumerate(log.nodes):
            i = geometry.node_index.get(node)
            if i is not None:
                node_xy[k] = geometry.xy[i]
        self.t_end_min = float(events["end_min"].max()) if len(events) else 0.0
        self.vehicle_tracks: list[_Track] = []
        self.crew_tracks: list[_Track] = []
        # Group rows by actor once (a stable sort keeps each actor's rows in time order).
        mine = events[(events["actor"] >= 0) & (events["node"] >= 0)]
        mine = mine[np.argsort(mine["actor"], kind="stable")]
        actors, starts = np.unique(mine["actor"], return_index=True)
        for actor, rows in zip(actors.tolist(), np.split(mine, starts[1:]), strict=True):
            ends = rows["t_min"][rows["event"] == END]
            track = _Track(rows["t_min"].astype(float), rows["end_min"].astype(float), node_xy[rows["node"]],
                           float(ends.max()) if len(ends) else np.inf)
            (self.vehicle_tracks if log.actors[actor] in vehicle_ids else self.crew_tracks).append(track)
        # Bins: overflow intervals and collection times per point (refs are point ids for POINT/OVERFLOW).
        collected = events[events["event"] == POINT]
        self._emptied_t = collected["end_min"].astype(float)
        self._emptied_xy = node_xy[collected["node"]]
        collects: dict[int, list[float]] = defaultdict(list)
        for ref, t in zip(collected["ref"].tolist(), self._emptied_t.tolist(), strict=True):
            collects[ref].append(t)
        overflows = events[events["event"] == OVERFLOW]
        until = [min((t for t in collects.get(ref, ()) if t >= start), default=np.inf)
                 for ref, start in zip(overflows["ref"].tolist(), overflows["t_min"].tolist(), strict=True)]
        self._overflow_from = overflows["t_min"].astype(float)
        self._overflow_until = np.array(until, dtype=float)
        self._overflow_xy = node_xy[overflows["node"]]
        # Incidents: matched to responses at the same node and of the same type, first come first served.
        waiting: dict[tuple[int, int], deque] = defaultdict(deque)
        spans: list[tuple[float, float, int]] = []
        both = events[np.isin(events["event"], [INCIDENT, RESPONSE])]
        for kind, node, ref, t, end in zip(both["event"].tolist(), both["node"].tolist(), both["ref"].tolist(),
                                           both["t_min"].tolist(), both["end_min"].tolist(), strict=True):
            if kind == INCIDENT:
                waiting[(node, ref)].append(t)
            elif waiting[(node, ref)]:
                spans.append((waiting[(node, ref)].popleft(), end, node))
        spans += [(t, np.inf, node) for (node, _), times in waiting.items() for t in times]
        self._incident_from = np.array([a for a, _, _ in spans], dtype=float)
        self._incident_until = np.array([b for _, b, _ in spans], dtype=float)
        self._incident_xy = node_xy[np.array([n for _, _, n in spans], dtype=int)] if spans else np.zeros((0, 2))

    @staticmethod
    def _position(track: _Track, t: float) -> np.ndarray | None:
        i = int(np.searchsorted(track.start, t, side="right")) - 1
        if i < 0 or t > track.finished_at:
            return None
        if t <= track.end[i] or i + 1 >= len(track.start):
            return track.xy[i]
        gap = track.start[i + 1] - track.end[i]
        frac = 1.0 if gap <= 0 else (t - track.end[i]) / gap
        return track.xy[i] + (track.xy[i + 1] - track.xy[i]) * frac

    def _positions(self, tracks: list[_Track], t: float) -> np.ndarray:
        points = [p for p in (self._position(track, t) for track in tracks) if p is not None]
        points = [p for p in points if np.all(np.isfinite(p))]
        return np.array(points) if points else np.zeros((0, 2))

    def vehicles_at(self, t: float) -> np.ndarray:
        return self._positions(self.vehicle_tracks, t)

    def crews_at(self, t: float) -> np.ndarray:
        return self._positions(self.crew_tracks, t)

    @staticmethod
    def _during(start: np.ndarray, end: np.ndarray, xy: np.ndarray, t: float) -> np.ndarray:
        inside = (start <= t) & (t < end)
        points = xy[inside]
        return points[np.all(np.isfinite(points), axis=1)] if len(points) else np.zeros((0, 2))

    def overflowing_at(self, t: float) -> np.ndarray:
        return self._during(self._overflow_from, self._overflow_until, self._overflow_xy, t)

    def emptied_at(self, t: float) -> np.ndarray:
        return self._during(self._emptied_t, self._emptied_t + JUST_EMPTIED_MIN, self._emptied_xy, t)

    def open_incidents_at(self, t: float) -> np.ndarray:
        return self._during(self._incident_from, self._incident_until, self._incident_xy, t)

    def counts_at(self, t: float) -> dict[str, int]:
        return {"vehicles": len(self.vehicles_at(t)), "crews": len(self.crews_at(t)),
                "overflowing": len(self.overflowing_at(t)), "incidents": len(self.open_incidents_at(t))}
