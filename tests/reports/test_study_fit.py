"""Reusing the base plan for a variant with fewer trucks: the missing trucks' routes become unserved work."""

from __future__ import annotations

from reports.study.fit import fit_plan
from scenarios import load_scenario
from scenarios.variants import Change, apply_changes

from .conftest import TRAINING, needs_simulation

pytestmark = needs_simulation


def test_routes_of_removed_trucks_are_dropped_and_their_points_listed_unserved():
    """With one compactor instead of two, the other compactor's route goes and its points are unserved."""
    from simulation import baseline_plan

    base = load_scenario(TRAINING)
    plan = baseline_plan(base)
    variant = apply_changes(base, [Change(op="set_count", path="fleet.vehicles", where={"type": "compactor_5t"}, value=1)])
    fitted, notes = fit_plan(variant, plan)
    before = {r.vehicle for r in plan.parts["garbage"].routes}
    after = {r.vehicle for r in fitted.parts["garbage"].routes}
    removed = before - after
    assert removed == {"compactor_5t-02"}
    dropped_points = {s.ref for r in plan.parts["garbage"].routes if r.vehicle in removed for s in r.stops if s.kind == "point"}
    assert dropped_points and dropped_points <= {u.ref for u in fitted.parts["garbage"].unserved}
    assert len(notes) == 1 and "compactor_5t-02" in notes[0]
    assert fit_plan(base, plan) == (plan, [])  # nothing to drop for the base itself
