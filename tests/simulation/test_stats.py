"""Replication summaries: Student-t intervals (scipy), within each KPI's range."""

from __future__ import annotations

import math

from scipy import stats

from simulation.kpis import kpi_range
from simulation.stats import summarize, summarize_all


def test_the_interval_is_the_student_t_interval_of_the_mean():
    values = [3.0, 5.0, 4.0, 8.0]
    s = summarize(values)
    low, high = stats.t.interval(0.95, 3, loc=5.0, scale=stats.sem(values))
    assert (s.mean, s.n) == (5.0, 4) and math.isclose(s.ci_low, low) and math.isclose(s.ci_high, high)


def test_summaries_keep_shares_within_0_100_and_counts_at_least_0():
    rows = [{"toilet_rounds_on_time_pct": 100.0, "overflow_events": 0.0},
            {"toilet_rounds_on_time_pct": 100.0, "overflow_events": 0.0},
            {"toilet_rounds_on_time_pct": 85.0, "overflow_events": 9.0}]
    summary = summarize_all(rows, kpi_range)
    share, count = summary["toilet_rounds_on_time_pct"], summary["overflow_events"]
    assert share.ci_high == 100.0 and share.ci_low < share.mean
    assert count.ci_low == 0.0 and count.ci_high > count.mean
    assert summarize_all(rows)["overflow_events"].ci_low < 0  # without ranges the t-interval leaves them


def test_unknown_kpis_are_not_bounded_and_nan_values_are_left_out():
    assert kpi_range("not_a_kpi") == (-math.inf, math.inf)
    assert summarize([1.0, math.nan, 3.0]).n == 2
