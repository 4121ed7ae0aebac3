"""Visit windows that keep a standard's longest interval, whatever time in its window each visit takes.

A standard says "no more than G minutes between two visits (or from the start of the assessed
period to the first, or from the last to its end)". Windows [lo_k, hi_k] with hi_k <= lo_{k-1} + G
guarantee it for any visit times inside them; the width w of each window is the planner's freedom
(more width, more visits). Used for toilet cleanings and street passes.
"""

from __future__ import annotations


def window_width(max_gap_min: float) -> float:
    """The planners' window width for a standard gap: a quarter of it, between 10 and 60 minutes."""
    return min(60.0, max(10.0, max_gap_min / 4.0))


def gap_windows(start: float, end: float, max_gap: float, width: float,
                first: tuple[float, float] | None = None) -> list[tuple[float, float]]:
    """Windows of visits over [start, end] keeping every interval within ``max_gap``.

    The first window is ``first`` when given (e.g. the morning sweep before the period starts), else
    it ends ``max_gap`` after ``start``; each next one ends ``max_gap`` after the previous one opens,
    until the last opens within ``max_gap`` of ``end``.
    """
    if max_gap <= 0 or width <= 0 or width >= max_gap:
        raise ValueError(f"need 0 < width < max_gap (got width {width}, max_gap {max_gap})")
    if first is None:
        hi = min(start + max_gap, end)
        first = (max(start, hi - width), hi)
    windows = [first]
    while end - windows[-1][0] > max_gap + 1e-9:
        hi = windows[-1][0] + max_gap
        windows.append((hi - width, hi))
    return windows
