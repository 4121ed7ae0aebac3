"""Cases that have occurred but nobody has reported yet: what a passing patrol can find.

Every incident of the day is drawn at midnight with its occurrence and its public report time
(patrols.py). Until it is reported it waits here, under its node and its segment, so that a beat's
duty stop (a hotspot or a zone check at a node, a walk along a segment) takes the ones already
occurred there in one dictionary lookup. A case leaves when it is found or reported, whichever
comes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .patrols import Incident


class Pending:
    """Drawn cases not yet reported nor found, by node and by segment (lists stay short: a day's cases)."""

    def __init__(self) -> None:
        self.by_node: dict[int, list[Incident]] = {}
        self.by_segment: dict[int, list[Incident]] = {}

    def add(self, inc: Incident) -> None:
        self.by_node.setdefault(inc.node, []).append(inc)
        self.by_segment.setdefault(inc.segment, []).append(inc)

    def remove(self, inc: Incident) -> None:
        self.by_node[inc.node].remove(inc)
        self.by_segment[inc.segment].remove(inc)

    def take_node(self, node: int, t: float) -> list[Incident]:
        """The cases at `node` that have occurred by t (removed)."""
        return self._take(self.by_node.get(node), t)

    def take_segment(self, segment: int, t: float) -> list[Incident]:
        """The cases on `segment` that have occurred by t (removed)."""
        return self._take(self.by_segment.get(segment), t)

    def _take(self, cases: list[Incident] | None, t: float) -> list[Incident]:
        if not cases:
            return []
        found = [inc for inc in cases if inc.occurred <= t]
        for inc in found:
            self.remove(inc)
        return found

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_node.values())
