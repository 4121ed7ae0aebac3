"""What interrupts a route (simulation.route_events): access windows, closed stations, breakdowns."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import SimParams, baseline_plan, run_replication
from simulation import eventlog as ev
from simulation.eventlog import Refs
from simulation.route_events import _open, horizon_of, window_delay
from simulation.world import World

from .test_validity import quiet, variant

DAY = 1440.0
WORK = (ev.POINT, ev.SWEEP, ev.TOILET)


def test_window_delay_is_the_wait_until_todays_next_access_window():
    windows = [(300, 420), (780, 1020)]  # 05:00-07:00 and 13:00-17:00
    assert window_delay(windows, 240.0) == 60.0
    assert window_delay(windows, 350.0) == 0.0
    assert window_delay(windows, 500.0) == 280.0
    assert window_delay(windows, DAY + 500.0) == 280.0  # the same on any day
    assert window_delay(windows, 1100.0) is None  # no window left today


def test_a_station_window_may_run_past_midnight():
    night = (22 * 60, 29 * 60)  # 22:00-05:00
    assert _open(night, 23 * 60) and _open(night, DAY + 2 * 60) and not _open(night, 12 * 60)
    assert _open((330, 1320), 600) and not _open((330, 1320), 1400)


def test_the_look_ahead_horizon_is_the_next_midnight_or_an_earlier_breakdown():
    assert horizon_of(600.0, float("inf")) == DAY
    assert horizon_of(DAY, float("inf")) == 2 * DAY
    assert horizon_of(600.0, 900.0) == 900.0
    assert horizon_of(600.0, 2000.0) == DAY


def _breaking(policy: str):
    def edit(d):
        quiet(d)
        d["disruptions"]["reassignment"] = policy
        d["disruptions"]["breakdowns"] = [{"vehicle_type": t, "mean_hours_between": 1.0, "mean_repair_min": 90.0}
                                          for t in ("compactor_5t", "bucket_2t", "sweeper")]
    return edit


def _run(scenario, seed: int = 3):
    result = run_replication(scenario, baseline_plan(scenario), days=1, seed=seed, replication=0, log_events=True)
    return result, result.log_events, np.array(result.log_actors)


def test_under_skip_a_broken_down_route_serves_nothing_after_the_breakdown(training):
    result, log, actors = _run(variant(training, _breaking("skip")))
    breakdowns = log[log["event"] == ev.BREAKDOWN]
    assert len(breakdowns) >= 3 and result.kpis["skipped_stops"] > 0
    for row in breakdowns:
        mine = log[log["actor"] == row["actor"]]
        end = mine[(mine["event"] == ev.END) & (mine["t_min"] >= row["t_min"])]["t_min"].min()
        between = mine[(mine["t_min"] > row["t_min"]) & (mine["t_min"] <= end)]
        assert not np.isin(between["event"], WORK).any(), actors[row["actor"]]


def test_under_spare_the_sweeper_goes_on_with_the_unused_one_and_trucks_wait_for_the_repair(training):
    scenario = variant(training, _breaking("spare"))
    _, log, actors = _run(scenario)
    breakdowns = log[log["event"] == ev.BREAKDOWN]
    swaps = log[log["event"] == ev.SWAP]
    assert len(swaps) >= 1 and set(actors[swaps["actor"]]) == {"sweeper-02"}  # the only vehicle not in the plan
    for swap in swaps:
        broke = breakdowns[np.isclose(breakdowns["end_min"], swap["t_min"])]
        assert len(broke) == 1 and actors[broke[0]["actor"]] == "sweeper-01"
        assert swap["t_min"] >= broke[0]["t_min"] + SimParams().handover_min
    trucks = breakdowns[[not actors[a].startswith("sweeper") for a in breakdowns["actor"]]]
    assert len(trucks) >= 1
    for row in trucks:  # no spare truck: back in service after the repair minutes drawn
        assert row["end_min"] - row["t_min"] == pytest.approx(row["value"], rel=1e-5)
        mine = log[(log["actor"] == row["actor"]) & (log["t_min"] > row["t_min"])]
        assert (mine["t_min"] >= row["end_min"] - 1e-6).all()


def test_a_truck_at_a_closed_station_drives_on_to_an_open_one_or_waits_for_opening(training):
    def closed_at_dawn(both: bool):
        def edit(d):
            quiet(d)
            for station in d["facilities"]["transfer_stations"]:
                if station["id"] == "TS1" or both:
                    station["opening"] = {"start": 7 * 60, "end": 22 * 60}
        return edit

    _, log, _ = _run(variant(training, closed_at_dawn(both=False)))
    unloads = log[log["event"] == ev.UNLOAD]
    assert len(unloads) == 3 and (unloads["t_min"] < 7 * 60).all()  # all planned before TS1 opens
    names = Refs(World(training, SimParams())).names
    assert {names[r] for r in unloads["ref"]} == {"DS1"}
    _, log, _ = _run(variant(training, closed_at_dawn(both=True)))
    unloads = log[log["event"] == ev.UNLOAD]
    assert len(unloads) == 3 and (unloads["t_min"] >= 7 * 60).all()

