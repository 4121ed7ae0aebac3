"""Which stops may go ahead of the clock (simulation.batching.mark_lookahead)."""

from __future__ import annotations

from simulation import SimParams, baseline_plan
from simulation import eventlog as ev
from simulation.batching import mark_lookahead
from simulation.replication import compiled
from simulation.routes import CompiledRoute


def _route(kind: str, stops: list[tuple[int, int]]) -> CompiledRoute:
    """A compiled route reduced to what the look-ahead marks read: (event code, item) per stop."""
    return CompiledRoute(
        id=f"{kind}-{len(stops)}", kind=kind, actor="a", vehicle=None, vehicle_type=None, table=None,  # type: ignore[arg-type]
        foot_kmh=4.5, crew_skills=["loader"], start_clock=300.0, paid_min=480.0, break_min=30.0, depot=None,
        start_node=0, capacity_kg=1000.0, code=[c for c, _ in stops], item=[i for _, i in stops])


def test_routes_sharing_a_collection_point_list_each_other_for_that_stop_only():
    a = _route("garbage", [(ev.START, -1), (ev.POINT, 1), (ev.POINT, 2), (ev.UNLOAD, 0), (ev.END, -1)])
    b = _route("garbage", [(ev.START, -1), (ev.POINT, 2), (ev.POINT, 3), (ev.END, -1)])
    c = _route("garbage", [(ev.POINT, 2), (ev.POINT, 1)])
    mark_lookahead([a, b, c])
    assert [r.index for r in (a, b, c)] == [0, 1, 2]
    assert a.others == [(), (2,), (1, 2), (), ()]
    assert b.others == [(), (0, 2), (), ()]
    assert c.others == [(0, 1), (0,)]


def test_sweeps_and_toilet_cleans_wait_for_no_other_route():
    """They are applied at midnight in time order, so two routes at one segment or toilet never wait."""
    a = _route("sweeping", [(ev.SWEEP, 5), (ev.TOILET, 1), (ev.BREAK, -1)])
    b = _route("sweeping", [(ev.SWEEP, 5), (ev.TOILET, 1), (ev.REFILL, -1)])
    mark_lookahead([a, b])
    assert a.others == b.others == [(), (), ()]
    assert a.ahead == a.fast == [True, True, True]


def test_unloads_and_hotspots_always_wait_for_the_clock_and_points_leave_the_fast_path():
    r = _route("garbage", [(ev.START, -1), (ev.POINT, 1), (ev.UNLOAD, 0), (ev.HOTSPOT, 4), (ev.END, -1)])
    mark_lookahead([r])
    assert r.ahead == [True, True, False, False, True]
    assert r.fast == [True, False, False, False, True]
    assert r.point == [False, True, False, False, False]


def test_no_stop_of_a_patrol_beat_goes_ahead():
    """The walker can be dispatched to an incident at any moment."""
    beat = _route("patrols", [(ev.START, -1), (ev.HOTSPOT, 3), (ev.BREAK, -1), (ev.END, -1)])
    mark_lookahead([beat])
    assert not any(beat.ahead) and not any(beat.fast)


def test_the_compiled_baseline_plan_marks_every_stop(training):
    routes = compiled(training, baseline_plan(training), SimParams())[1]
    visitors: dict[int, set[int]] = {}
    for r in routes:
        for c, item in zip(r.code, r.item, strict=True):
            if c == ev.POINT:
                visitors.setdefault(item, set()).add(r.index)
    for k, r in enumerate(routes):
        assert r.index == k and len(r.ahead) == len(r.fast) == len(r.point) == len(r.others) == len(r)
        for c, item, others in zip(r.code, r.item, r.others, strict=True):
            assert set(others) == (visitors[item] - {k} if c == ev.POINT else set())
        if r.kind == "patrols":
            assert not any(r.ahead)
