"""Comparison of study variants: means with Student-t confidence intervals, paired differences to the
base (common random numbers make replication r of every variant a pair), significance, Pareto fronts.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from simulation.kpis import kpi_range
from simulation.stats import t_interval, within


@dataclass(frozen=True)
class Interval:
    """A mean and its two-sided confidence interval (NaN bounds when there are fewer than 2 values)."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


@dataclass(frozen=True)
class PairedDifference(Interval):
    """Mean of (variant − base) over paired replications; significant when its CI excludes 0."""

    @property
    def significant(self) -> bool:
        return self.n >= 2 and not math.isnan(self.low) and (self.low > 0 or self.high < 0)


def mean_ci(values: Sequence[float], confidence: float = 0.95,
            bounds: tuple[float, float] = (-math.inf, math.inf)) -> Interval:
    """Student-t interval of the mean: mean ± t(1−α/2, n−1) · s/√n, cut to `bounds` (the KPI's range)."""
    x = np.asarray(values, dtype=float)
    n = int(x.size)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n < 2:
        return Interval(mean, math.nan, math.nan, n)
    low, high = within(t_interval(x, confidence), bounds)
    return Interval(mean, low, high, n)


def paired_difference(variant: Mapping[int, float], base: Mapping[int, float], confidence: float = 0.95) -> PairedDifference:
    """CI of the mean difference over the replications both have (keyed by replication number)."""
    common = sorted(set(variant) & set(base))
    ci = mean_ci([variant[r] - base[r] for r in common], confidence)
    return PairedDifference(ci.mean, ci.low, ci.high, ci.n)


@dataclass(frozen=True)
class ComparisonRow:
    """One KPI of one variant: its estimate and (for non-base variants) the paired difference to the base."""

    kpi: str
    variant: str
    estimate: Interval
    difference: PairedDifference | None
    higher_is_better: bool | None = None

    @property
    def verdict(self) -> str:
        """'better' / 'worse' than the base when significant, 'n.s.' otherwise, '' for the base itself."""
        d = self.difference
        if d is None:
            return ""
        if not d.significant:
            return "n.s."
        if self.higher_is_better is None:
            return "higher" if d.mean > 0 else "lower"
        return "better" if (d.mean > 0) == self.higher_is_better else "worse"


def kpi_values(runs: Sequence[Any], kpi: str) -> dict[int, float]:
    """replication → value of one KPI, from RunResult-like objects (.replication, .kpis)."""
    values = {r.replication: r.kpis.get(kpi) for r in runs}
    # NaN means "not measurable in this run" (no incident to respond to …): left out, not averaged in.
    return {rep: float(v) for rep, v in values.items() if v is not None and not math.isnan(float(v))}


def compare_runs(
    runs: Mapping[str, Sequence[Any]],
    kpis: Sequence[str],
    base: str = "base",
    higher_is_better: Mapping[str, bool] | None = None,
    confidence: float = 0.95,
) -> list[ComparisonRow]:
    """The comparison table, KPI by KPI, variants in the given order (the base first)."""
    direction = higher_is_better or {}
    rows = []
    for kpi in kpis:
        base_values = kpi_values(runs.get(base, []), kpi)
        for name, variant_runs in runs.items():
            values = kpi_values(variant_runs, kpi)
            diff = None if name == base else paired_difference(values, base_values, confidence)
            interval = mean_ci(list(values.values()), confidence, kpi_range(kpi))
            rows.append(ComparisonRow(kpi, name, interval, diff, direction.get(kpi)))
    return rows


def pareto_front(points: Sequence[tuple[float, float]], higher_is_better: tuple[bool, bool]) -> list[int]:
    """Indices of the non-dominated points, sorted by the first objective.

    A point is dominated when another is at least as good on both objectives and better on one.
    """
    sign = (1.0 if higher_is_better[0] else -1.0, 1.0 if higher_is_better[1] else -1.0)
    scored = [(p[0] * sign[0], p[1] * sign[1]) for p in points]  # now higher is better on both
    front = []
    for i, (a, b) in enumerate(scored):
        if math.isnan(a) or math.isnan(b):
            continue
        dominated = any(
            (c >= a and d >= b and (c > a or d > b)) for j, (c, d) in enumerate(scored) if j != i and not math.isnan(c + d)
        )
        if not dominated:
            front.append(i)
    return sorted(front, key=lambda i: points[i][0])


CSV_COLUMNS = [
    "kpi", "label_zh", "label_en", "unit", "variant", "n", "mean", "ci_low", "ci_high",
    "diff_mean", "diff_ci_low", "diff_ci_high", "significant", "verdict",
]


def write_comparison_csv(rows: Sequence[ComparisonRow], path: Path, kpi_info: Mapping[str, Any] | None = None) -> Path:
    """comparison.csv: one line per KPI and variant (UTF-8 with BOM so Excel shows the Chinese labels)."""
    info = kpi_info or {}

    def num(x: float) -> str:
        return "" if x is None or math.isnan(x) else f"{x:.6g}"

    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(CSV_COLUMNS)
        for row in rows:
            meta = info.get(row.kpi)
            d = row.difference
            out.writerow([
                row.kpi, getattr(meta, "label_zh", ""), getattr(meta, "label_en", ""), getattr(meta, "unit", ""),
                row.variant, row.estimate.n, num(row.estimate.mean), num(row.estimate.low), num(row.estimate.high),
                num(d.mean) if d else "", num(d.low) if d else "", num(d.high) if d else "",
                ("yes" if d.significant else "no") if d else "", row.verdict,
            ])
    return path
