"""Summaries over replications: mean and Student-t 95 % confidence interval per KPI."""

from __future__ import annotations

import math
from collections.abc import Callable
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


def within(interval: tuple[float, float], bounds: tuple[float, float]) -> tuple[float, float]:
    """A confidence interval cut to the values the quantity can take (a share stays in 0–100 %, a count ≥ 0).

    The mean lies in its range for sure, so the cut interval covers it as often as the whole one did."""
    low, high = interval
    return max(low, bounds[0]), min(high, bounds[1])


def summarize(values: list[float], confidence: float = 0.95,
              bounds: tuple[float, float] = (-math.inf, math.inf)) -> Summary:
    """Mean and t-interval of the finite values (nan values, e.g. no incidents, are left out), within `bounds`."""
    x = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    n = len(x)
    if n == 0:
        return Summary(math.nan, math.nan, math.nan, 0, math.nan)
    mean = float(x.mean())
    if n < 2:
        return Summary(mean, math.nan, math.nan, 1, math.nan)
    low, high = within(t_interval(x, confidence), bounds)
    return Summary(mean, low, high, n, float(x.std(ddof=1)))


def t_interval(x: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    """Student-t interval of the mean of at least two values (scipy); zero width when they are all equal.

    The one confidence interval of the project: replication summaries and the studies' paired differences.
    """
    mean, sem = float(x.mean()), float(stats.sem(x))
    if sem == 0.0 or not math.isfinite(sem):
        return (mean, mean) if sem == 0.0 else (math.nan, math.nan)
    low, high = stats.t.interval(confidence, x.size - 1, loc=mean, scale=sem)
    return float(low), float(high)


def summarize_all(rows: list[dict[str, float]],
                  bounds_of: Callable[[str], tuple[float, float]] | None = None) -> dict[str, Summary]:
    """Summary per key over replication KPI dicts (keys in first-seen order), each within its KPI's range."""
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    unbounded = (-math.inf, math.inf)
    return {k: summarize([row.get(k, math.nan) for row in rows],
                         bounds=bounds_of(k) if bounds_of is not None else unbounded) for k in keys}
