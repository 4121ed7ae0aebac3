"""Summaries over replications: mean and Student-t 95 % confidence interval per KPI."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Summary:
    """Mean, 95 % CI (Student t) and sample size of one KPI; CI is nan with fewer than 2 values."""

    mean: float
    ci_low: float
    ci_high: float
    n: int
    sd: float

    def as_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "ci_low": self.ci_low, "ci_high": self.ci_high, "n": self.n, "sd": self.sd}


def summarize(values: list[float], confidence: float = 0.95) -> Summary:
    """Mean and t-interval of the finite values (nan values, e.g. no incidents, are left out)."""
    x = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    n = len(x)
    if n == 0:
        return Summary(math.nan, math.nan, math.nan, 0, math.nan)
    mean = float(x.mean())
    if n < 2:
        return Summary(mean, math.nan, math.nan, 1, math.nan)
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    return Summary(mean, mean - half, mean + half, n, sd)


def summarize_all(rows: list[dict[str, float]]) -> dict[str, Summary]:
    """Summary per key over replication KPI dicts (keys in first-seen order)."""
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    return {k: summarize([row.get(k, math.nan) for row in rows]) for k in keys}
