"""Cases not yet reported (simulation.cases): a passing patrol takes only those already occurred at its place."""

from __future__ import annotations

from simulation.cases import Pending
from simulation.patrols import Incident


def _case(node: int, segment: int, occurred: float) -> Incident:
    return Incident(t=occurred + 30.0, type_index=0, zone="Z1", segment=segment, node=node, handling_min=20.0,
                    occurred=occurred)


def test_a_stop_at_a_node_takes_the_cases_occurred_there_by_then_and_leaves_the_rest():
    pending = Pending()
    early, later, elsewhere = _case(5, 50, 100.0), _case(5, 51, 200.0), _case(6, 50, 90.0)
    for case in (early, later, elsewhere):
        pending.add(case)
    assert pending.take_node(5, 150.0) == [early]
    assert pending.take_node(5, 150.0) == []  # taken once
    assert len(pending) == 2
    assert pending.take_node(7, 500.0) == []  # nothing at a node without cases


def test_a_walk_takes_the_cases_on_its_segment_and_they_leave_their_node_too():
    pending = Pending()
    on_street, at_end = _case(5, 50, 100.0), _case(6, 50, 120.0)
    pending.add(on_street)
    pending.add(at_end)
    assert pending.take_segment(50, 130.0) == [on_street, at_end]
    assert pending.take_node(5, 500.0) == [] and pending.take_node(6, 500.0) == []
    assert len(pending) == 0


def test_a_case_reported_by_the_public_is_no_longer_there_to_find():
    pending = Pending()
    case = _case(5, 50, 100.0)
    pending.add(case)
    pending.remove(case)  # the public reported it
    assert pending.take_segment(50, 500.0) == [] and len(pending) == 0
