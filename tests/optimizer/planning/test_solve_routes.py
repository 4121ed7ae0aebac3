"""solve_routes and `main.py plan`: every kind of work planned, checked, written; bad input is refused."""

from __future__ import annotations

import json

import pytest

from main import main
from optimizer import RouteParams, solve_routes
from optimizer.checks import check_plan
from optimizer.common.plan import load_plan

from .conftest import TRAINING


@pytest.fixture(scope="module")
def full_plan(training):
    return solve_routes(training, "all", RouteParams(time_limit_s=12, seed=2))


def test_all_parts_are_planned_and_independently_valid(training, full_plan):
    """Garbage, sweeping, toilets and patrols each come back with routes the checkers accept."""
    assert set(full_plan.parts) == {"garbage", "sweeping", "toilets", "patrols"}
    assert check_plan(training, full_plan) == {k: [] for k in full_plan.parts}
    for part in full_plan.parts.values():
        assert part.status == "feasible", (part.kind, part.notes[-3:])
        assert "independent check: valid" in part.notes


def test_a_stopped_solve_says_so(training):
    """Asking to stop before starting gives stopped parts, not an error."""
    plan = solve_routes(training, "garbage", RouteParams(time_limit_s=5), stop=lambda: True)
    assert plan.parts["garbage"].status == "stopped"


def test_unknown_kind_is_refused(training):
    with pytest.raises(ValueError, match="unknown kind of work 'trash'"):
        solve_routes(training, "trash", RouteParams(time_limit_s=1))


def test_plan_command_writes_plan_geojson_and_tables(tmp_path, capsys):
    """`main.py plan` writes plan.json (loadable), routes.geojson, stops.csv, unserved.csv and a summary."""
    out = tmp_path / "plan"
    code = main(["plan", str(TRAINING), "--what", "garbage", "--time-limit", "4", "--out", str(out)])
    assert code == 0
    plan = load_plan(out)
    assert plan.parts["garbage"].routes
    geo = json.loads((out / "routes.geojson").read_text(encoding="utf-8"))
    assert len(geo["features"]) == len(plan.parts["garbage"].routes)
    lon, lat = geo["features"][0]["geometry"]["coordinates"][0]
    assert 103 < lon < 105 and 30 < lat < 31
    assert (out / "stops.csv").read_text(encoding="utf-8").startswith("kind,route,vehicle")
    assert "垃圾清运 garbage: feasible" in capsys.readouterr().out


def test_plan_command_rejects_a_lock_without_a_previous_plan(tmp_path, capsys):
    code = main(["plan", str(TRAINING), "--lock", "x", "--out", str(tmp_path)])
    assert code != 0
    assert "--lock and --lock-stops need --previous" in capsys.readouterr().err


def test_plan_command_replans_around_a_locked_route(tmp_path, capsys):
    """`plan --previous DIR --lock ID --max-moved 0`: the locked route is kept and nothing else moves."""
    first = tmp_path / "first"
    assert main(["plan", str(TRAINING), "--what", "garbage", "--time-limit", "4", "--out", str(first)]) == 0
    locked = load_plan(first).parts["garbage"].routes[0]
    again = tmp_path / "again"
    code = main(["plan", str(TRAINING), "--what", "garbage", "--time-limit", "4", "--previous", str(first),
                 "--lock", locked.id, "--max-moved", "0", "--out", str(again)])
    assert code == 0
    part = load_plan(again).parts["garbage"]
    # The same route, rated again by the new plan's robust check.
    assert locked.model_copy(update={"reliability": None}) in [r.model_copy(update={"reliability": None})
                                                                for r in part.routes]
    assert "re-planning: 0 points changed truck" in capsys.readouterr().out
    assert main(["plan", str(TRAINING), "--previous", str(first), "--lock", "no-such-route", "--out", str(again)]) == 2
