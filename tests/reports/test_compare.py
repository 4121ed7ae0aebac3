"""Comparison maths: Student-t intervals, paired differences, verdicts, Pareto fronts, the CSV."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reports.compare import compare_runs, mean_ci, paired_difference, pareto_front, write_comparison_csv


def test_mean_ci_matches_hand_computation():
    """[1..5]: mean 3, s = 1.5811, t(0.975, 4) = 2.7764, half-width = 2.7764·1.5811/√5 = 1.9632."""
    ci = mean_ci([1, 2, 3, 4, 5])
    assert ci.mean == 3 and ci.n == 5
    assert ci.low == pytest.approx(3 - 1.96324, abs=1e-4)
    assert ci.high == pytest.approx(3 + 1.96324, abs=1e-4)


def test_one_value_has_no_interval():
    """With a single replication there is a mean but no interval, and no significance."""
    ci = mean_ci([4.0])
    assert ci.mean == 4.0 and math.isnan(ci.low) and math.isnan(ci.high)
    assert not paired_difference({0: 5.0}, {0: 4.0}).significant


def test_paired_difference_is_significant_where_unpaired_intervals_overlap():
    """Common random numbers: diffs 1, 1.5, 0.5, 1 → mean 1, CI 1 ± 3.1824·0.20412 = [0.3504, 1.6496]."""
    base = {0: 10.0, 1: 20.0, 2: 30.0, 3: 40.0}
    variant = {0: 11.0, 1: 21.5, 2: 30.5, 3: 41.0}
    d = paired_difference(variant, base)
    assert d.mean == pytest.approx(1.0)
    assert (d.low, d.high) == (pytest.approx(0.35039, abs=1e-4), pytest.approx(1.64961, abs=1e-4))
    assert d.significant
    a, b = mean_ci(list(base.values())), mean_ci(list(variant.values()))
    assert a.high > b.low  # the separate intervals overlap: pairing is what finds the difference


def test_paired_difference_uses_only_common_replications():
    """A replication only one side has is left out of the pairs."""
    d = paired_difference({0: 2.0, 1: 3.0, 2: 100.0}, {0: 1.0, 1: 1.0})
    assert d.n == 2 and d.mean == pytest.approx(1.5)


def test_difference_whose_interval_contains_zero_is_not_significant():
    """Diffs +1 and −1 average 0: not significant."""
    assert not paired_difference({0: 2.0, 1: 0.0}, {0: 1.0, 1: 1.0}).significant


@dataclass
class _Run:
    replication: int
    kpis: dict[str, float] = field(default_factory=dict)


def test_verdict_follows_the_kpi_direction():
    """Higher cost is worse; higher compliance is better; the base has no verdict."""
    runs = {
        "base": [_Run(r, {"cost": 100 + r, "compliance": 0.90 + r / 100}) for r in range(3)],
        "more_trucks": [_Run(r, {"cost": 120 + r * 1.1, "compliance": 0.95 + r / 100}) for r in range(3)],
    }
    rows = compare_runs(runs, ["cost", "compliance"], higher_is_better={"cost": False, "compliance": True})
    verdicts = {(r.kpi, r.variant): r.verdict for r in rows}
    assert verdicts == {("cost", "base"): "", ("cost", "more_trucks"): "worse",
                        ("compliance", "base"): "", ("compliance", "more_trucks"): "better"}


def test_pareto_front_cost_down_compliance_up():
    """Minimise cost, maximise compliance: dominated points drop out, the front is sorted by cost."""
    points = [(100, 0.80), (120, 0.90), (130, 0.85), (150, 0.97), (160, 0.97), (90, 0.70)]
    assert pareto_front(points, (False, True)) == [5, 0, 1, 3]


def test_pareto_front_both_maximised_and_ties():
    """Equal points do not dominate each other; a point worse on both is dropped; NaN is skipped."""
    points = [(1.0, 1.0), (1.0, 1.0), (0.5, 0.5), (0.2, 2.0), (math.nan, 5.0)]
    assert pareto_front(points, (True, True)) == [3, 0, 1]


def test_comparison_csv_has_a_row_per_kpi_and_variant(tmp_path: Path):
    """comparison.csv lists every KPI × variant with its mean, CI, difference and significance."""
    runs = {"base": [_Run(r, {"cost": 10.0 + r}) for r in range(3)], "v": [_Run(r, {"cost": 12.0 + r}) for r in range(3)]}
    path = write_comparison_csv(compare_runs(runs, ["cost"], higher_is_better={"cost": False}), tmp_path / "c.csv")
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["variant"], r["mean"], r["diff_mean"], r["significant"], r["verdict"]) for r in rows] == [
        ("base", "11", "", "", ""), ("v", "13", "2", "yes", "worse")]


def test_unmeasurable_runs_are_left_out_not_averaged():
    """A NaN KPI (e.g. no incident to respond to that day) is skipped rather than poisoning the mean."""
    runs = {"base": [_Run(0, {"resp": 10.0}), _Run(1, {"resp": math.nan}), _Run(2, {"resp": 14.0})]}
    (row,) = compare_runs(runs, ["resp"])
    assert row.estimate.n == 2 and row.estimate.mean == 12.0


def test_intervals_of_shares_and_counts_stay_within_their_range():
    """A share near 100 % and a count near 0 with a wide spread: the t-interval would leave the range."""
    share = mean_ci([100.0, 100.0, 90.0], bounds=(0.0, 100.0))
    assert share.high == 100.0 and 0 <= share.low < share.mean
    (row,) = compare_runs({"base": [_Run(0, {"overflow_events": 0}), _Run(1, {"overflow_events": 0}),
                                    _Run(2, {"overflow_events": 6})]}, ["overflow_events"])
    assert row.estimate.low == 0.0 and row.estimate.high > 2 * row.estimate.mean
