"""Patrol plans: territories partition the streets contiguously, beats pass every hotspot, re-planning is stable."""

from __future__ import annotations

from optimizer.checks.patrols import check_patrols
from optimizer.patrols.planner import plan_patrols
from optimizer.patrols.territories import plan_territories


def test_patrol_plan_passes_the_checker(training, patrols_plan):
    """Territories and beats break no rule the independent checker knows."""
    assert patrols_plan.routes
    assert check_patrols(training, patrols_plan) == []


def test_territories_cover_every_segment_once(training, patrols_plan):
    """Each segment belongs to exactly one chief's territory."""
    listed = [s for segs in patrols_plan.territories.values() for s in segs]
    assert sorted(listed) == sorted(training.index.segments)


def test_balancing_never_worsens_the_heaviest_territory(training):
    """The local search lowers (or keeps) the max/mean workload ratio."""
    result = plan_territories(training)
    assert result.max_over_mean_after <= result.max_over_mean_before + 1e-9


def test_replanning_from_the_result_keeps_it(training, patrols_plan):
    """Re-planning from a balanced assignment moves nothing (stable for the chiefs)."""
    again = plan_territories(training, patrols_plan.territories)
    assert again.assignment == patrols_plan.territories and again.moved == 0


def test_checker_catches_a_disconnected_territory(training, patrols_plan):
    """Giving a chief a segment that touches none of its streets is reported."""
    territories = {c: list(s) for c, s in patrols_plan.territories.items()}
    chiefs = sorted(territories)
    segs = training.index.segments
    own_nodes = {n for s in territories[chiefs[0]] for n in (segs[s].from_node, segs[s].to_node)}
    far = next(s for s in territories[chiefs[1]] if {segs[s].from_node, segs[s].to_node}.isdisjoint(own_nodes))
    territories[chiefs[1]].remove(far)
    territories[chiefs[0]].append(far)
    plan = patrols_plan.model_copy(update={"territories": territories})
    assert any(f"territory of {chiefs[0]} is not connected" in e for e in check_patrols(training, plan))


def test_checker_catches_a_missed_hotspot_pass(training, patrols_plan):
    """Dropping one hotspot pass from a beat is reported."""
    route = patrols_plan.routes[0]
    k = next(i for i, s in enumerate(route.stops) if s.kind == "hotspot")
    broken = route.model_copy(update={"stops": route.stops[:k] + route.stops[k + 1:]})
    plan = patrols_plan.model_copy(update={"routes": [broken, *patrols_plan.routes[1:]]})
    assert any(route.stops[k].node in e and "passed" in e for e in check_patrols(training, plan))


def test_stop_returns_a_plan_marked_stopped(training):
    """A cancelled patrol plan is marked 'stopped' and still checks (passes listed unserved)."""
    plan = plan_patrols(training, stop=lambda: True)
    assert plan.status == "stopped"
    assert check_patrols(training, plan) == []


def test_patrol_plan_is_deterministic(training, patrols_plan):
    """The same scenario gives the same territories and beats again."""
    again = plan_patrols(training, time_limit_s=1, seed=3)
    assert again.territories == patrols_plan.territories
    assert [r.path for r in again.routes] == [r.path for r in patrols_plan.routes]
