"""The assessment standards (考核): one definition of each, checked on small hand-made days."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.assessment import (
    assess,
    collection_cleared,
    collection_due_kg,
    gap_windows,
    intervals_kept,
    planned_daily_kg,
    quantile_factor,
    same_day_pct,
    street_pass_windows,
    toilet_assessed_hours,
    window_width,
)


def test_cleanings_in_time_keep_every_interval():
    """Cleanings every 100 min from 06:00 to 23:00 with a 120 min standard keep all intervals, miss none."""
    record = intervals_kept(360, 1380, 120, [360 + 100 * k for k in range(1, 11)])
    assert record.kept == 10 and record.missed == 0


def test_a_long_gap_misses_the_deadlines_it_passes():
    """A 300 min gap under a 120 min standard misses two deadlines; the late cleaning is not kept."""
    record = intervals_kept(360, 1380, 120, [420, 720, 830, 940, 1050, 1160, 1270])
    assert record.missed == 2
    assert record.kept == 6


def test_a_day_without_cleaning_misses_every_deadline():
    """No cleaning over 17 hours under a 120 min standard: eight deadlines pass, none kept."""
    assert intervals_kept(360, 1380, 120, []) == intervals_kept(360, 1380, 120, [100, 1400])
    record = intervals_kept(360, 1380, 120, [])
    assert (record.kept, record.missed) == (0, 8)


def test_24_hour_toilets_are_assessed_in_the_round_hours(training):
    """A 24-hour toilet is assessed 06:00-23:00 (its attendant covers the night)."""
    always = next(t for t in training.facilities.toilets if t.opening.start == 0 and t.opening.end >= 1440)
    assert toilet_assessed_hours(training, always.id) == (360.0, 1380.0)


@settings(max_examples=60, deadline=None)
@given(max_gap=st.floats(30, 600), span=st.floats(60, 1200), picks=st.lists(st.floats(0, 1), min_size=40, max_size=40))
def test_any_visit_inside_the_gap_windows_keeps_the_standard(max_gap, span, picks):
    """Whatever time inside its window each visit takes, no interval is longer than the standard."""
    windows = gap_windows(0.0, span, max_gap, window_width(max_gap) if window_width(max_gap) < max_gap else max_gap / 2)
    times = [lo + (hi - lo) * picks[k % len(picks)] for k, (lo, hi) in enumerate(windows)]
    record = intervals_kept(0.0, span, max_gap, times)
    assert record.missed == 0 and record.kept == len(times)


def test_street_passes_reach_the_morning_deadline_and_keep_the_gaps(training):
    """Every grade's pass windows start with one ending by the morning deadline and keep its longest gap."""
    for grade in training.standards.cleaning_grades:
        windows = street_pass_windows(grade)
        assert len(windows) >= grade.sweeps_per_day
        assert windows[0][1] <= grade.patrol_window.start
        if grade.max_gap_min is not None:
            gaps = [hi - prev_lo for (prev_lo, _), (_, hi) in zip(windows, windows[1:], strict=False)]
            gaps.append(grade.patrol_window.end - windows[-1][0])
            assert max(gaps) <= grade.max_gap_min + 1e-9


def test_trucks_plan_for_a_high_quantile_of_the_waste(training):
    """The planned amount is the 95 % quantile: above the mean, and the mean when waste does not vary."""
    point = training.collection_points[0]
    assert planned_daily_kg(training, point, 0, False) > point.mean_kg_per_day * point.weekday_factors[0]
    assert quantile_factor(0.0, 0.95) == 1.0
    draws = np.exp(np.sqrt(np.log1p(0.2**2)) * np.random.default_rng(1).standard_normal(200_000) - np.log1p(0.2**2) / 2)
    assert abs(np.quantile(draws, 0.95) - quantile_factor(0.2, 0.95)) < 0.01


def test_waste_left_behind_is_due_but_not_collected():
    """A point whose truck left 50 kg behind is not cleared and counts 100 of 150 kg as same-day."""
    visited = np.array([True, True, False])
    left = np.array([0.0, 50.0, 0.0])
    overflow = np.array([0.0, 0.0, 0.0])
    collected = np.array([100.0, 100.0, 0.0])
    due = collection_due_kg(collected, left, overflow)
    assert list(collection_cleared(visited, left, overflow)) == [True, False, False]
    assert same_day_pct(float(collected[:2].sum()), float(due[:2].sum())) == 200 / 250 * 100


def test_kpis_are_assessed_against_the_scenario_targets(training):
    """The KPIs at their targets pass, one below fails, a KPI with nothing to assess (nan) is not a failure."""
    good = {"collection_compliance_pct": 99.5, "toilet_rounds_on_time_pct": 96, "dirty_segment_hours_pct": 4,
            "response_within_target_pct": float("nan"), "routes_within_shift_pct": 99}
    assert all(v.met for v in assess(training, good))
    bad = {**good, "dirty_segment_hours_pct": 12.0}
    assert [v.kpi for v in assess(training, bad) if not v.met] == ["dirty_segment_hours_pct"]


def test_response_minutes_count_in_working_hours(training):
    """A case reported at 21:30 and answered at 08:20 the next day took 50 working minutes (08:00-22:00)."""
    from scenarios.assessment import off_hours_min

    reported, answered = 21 * 60 + 30, 1440 + 8 * 60 + 20
    assert answered - reported - off_hours_min(training, reported, answered) == 50
    assert off_hours_min(training, 600, 660) == 0
