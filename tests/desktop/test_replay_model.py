"""The replay's reading of an event log: where vehicles are, which bins overflow, which incidents are open."""

from __future__ import annotations

import numpy as np

from desktop.map.geometry import build_geometry
from desktop.replay_model import ReplayModel
from scenarios import load_scenario
from simulation.eventlog import DTYPE, END, INCIDENT, OVERFLOW, POINT, RESPONSE, START, EventLog

from .conftest import TRAINING


def _log(rows, nodes):
    events = np.array([(0, t, end, code, actor, node, ref, value) for t, end, code, actor, node, ref, value in rows],
                      dtype=DTYPE)
    return EventLog(events=events, actors=["truck-1", "OFF1"], nodes=nodes, node_lon=np.zeros(len(nodes)),
                    node_lat=np.zeros(len(nodes)), refs=["P1", "dust"], start_date="2026-03-02")


def test_states_follow_the_log():
    """A truck moves between its stops, a bin overflows until collected, an incident is open until answered."""
    geometry = build_geometry(load_scenario(TRAINING))
    nodes = list(geometry.node_index)[:3]
    rows = [
        (60, 60, START, 0, 0, -1, 0), (100, 110, POINT, 0, 1, 0, 300), (200, 200, END, 0, 2, -1, 0),
        (80, 80, OVERFLOW, -1, 1, 0, 0),
        (10, 10, INCIDENT, -1, 2, 1, 1), (30, 40, RESPONSE, 1, 2, 1, 20),
    ]
    model = ReplayModel(_log(sorted(rows), nodes), geometry, {"truck-1"})
    a, b = geometry.xy[geometry.node_index[nodes[0]]], geometry.xy[geometry.node_index[nodes[1]]]
    assert len(model.vehicles_at(30)) == 0  # before its shift
    assert np.allclose(model.vehicles_at(80)[0], (a + b) / 2)  # halfway from start to the first stop
    assert np.allclose(model.vehicles_at(105)[0], b)  # at the stop while collecting
    assert len(model.vehicles_at(250)) == 0  # after its END event
    assert len(model.overflowing_at(90)) == 1 and len(model.overflowing_at(115)) == 0
    assert len(model.emptied_at(115)) == 1 and len(model.emptied_at(200)) == 0
    assert len(model.open_incidents_at(20)) == 1 and len(model.open_incidents_at(45)) == 0
