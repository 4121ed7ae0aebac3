"""Sizing: the district at several crew or fleet counts, planned, simulated and assessed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import main
from reports.sizing import SizingRequest, base_count, size_district, sizing_changes
from scenarios import load_scenario
from scenarios.variants import apply_changes

TRAINING = Path(__file__).resolve().parents[2] / "scenarios" / "training.yaml"


@pytest.fixture(scope="module")
def training():
    return load_scenario(TRAINING)


@pytest.mark.parametrize("what", ["trucks", "sweepers", "sweeping-crews", "toilet-crews", "patrols"])
def test_the_changed_district_has_the_count_asked(training, what):
    """Each kind of sizing gives the district exactly the count asked (vehicles, or crews on today's shifts)."""
    for count in (1, base_count(training, what) + 2):
        sized = apply_changes(training, sizing_changes(training, what, count))
        assert base_count(sized, what) == pytest.approx(count, abs=1 if what.endswith("crews") or what == "patrols" else 0)


def test_more_toilet_cleaners_keep_more_intervals(training):
    """One cleaner a day against six: the curve has both points, six keep more intervals at a higher cost."""
    result = size_district(training, SizingRequest("toilet-crews", (1, 6), time_limit_s=3, days=1, replications=2,
                                                            seed=1))
    few, many = sorted(result.points, key=lambda p: p.count)
    assert (few.count, many.count) == (1, 6)
    assert many.kpis["toilet_rounds_on_time_pct"] > few.kpis["toilet_rounds_on_time_pct"]
    assert many.unserved < few.unserved
    assert result.smallest is None or result.smallest.meets


def test_size_command_writes_the_curve(tmp_path):
    """`main.py size` prints the curve and writes sizing.csv and the chart."""
    code = main.main(["size", str(TRAINING), "--what", "toilet-crews", "--counts", "2,3", "--time-limit", "3",
                      "--days", "1", "--replications", "2", "--lang", "en", "--out", str(tmp_path)])
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "sizing.csv").open(encoding="utf-8")))
    assert [r["count"] for r in rows] == ["2", "3"]
    assert (tmp_path / "sizing.png").stat().st_size > 10_000
