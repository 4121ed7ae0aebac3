"""Why work was left undone, in a few causes a planner can act on (staff, fleet, window, reach …).

The planners word each unserved item's reason for people; this reads the cause back from that wording,
so a summary can say what is short and what to change. Every phrasing the planners use is listed here,
and a test fails when a plan carries a reason no pattern knows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

CAUSES = ("staff", "fleet", "window", "reach", "capacity", "stopped", "locked", "solver")
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("stopped", r"stopped by the user"),
    ("locked", r"^locked to truck"),
    ("staff", r"^staff:|no crew left|no manual crew left|no cleaners|crew time exhausted|no toilet_cleaner"),
    ("window", r"overlaps the (sweep )?window|^time window:|window .* is shorter than|shift length:|no time left in "
               r"shift|access windows falls in|cannot all be passed .* within shift"),
    ("fleet", r"fleet exhausted|fleet time exhausted|no truck capacity or time left|no sweeper in the fleet|"
              r"no truck of this kind|no truck type in the fleet"),
    ("capacity", r"^capacity:"),
    ("reach", r"cannot be reached|cannot drive|allowed on the streets|no truck able to reach|"
              r"no sweeper allowed on .* can reach"),
    ("solver", r"no valid plan found"),
)


def cause_of(reason: str) -> str:
    """The cause of one unserved item's reason; 'other' for a wording not listed above."""
    text = reason.removeprefix("second collection: ")
    for cause, pattern in _PATTERNS:
        if re.search(pattern, text):
            return cause
    return "other"


def causes(reasons: Iterable[str]) -> Counter[str]:
    """How many items each cause leaves undone, most common first when read with most_common()."""
    return Counter(cause_of(r) for r in reasons)
