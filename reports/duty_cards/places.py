"""What a post's duties and a beat's stops refer to: streets, vendor zones, toilets, stations, hotspot nodes."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.common.plan import Post
from reports.duty_cards.labels import name_of
from scenarios.model.scenario import Scenario
from scenarios.model.world import VendorZone


@dataclass(frozen=True)
class Places:
    """Look-ups a card needs, built once per scenario."""

    scenario: Scenario
    lang: str
    zones: dict[str, VendorZone]
    streets_at: dict[str, str]

    @classmethod
    def of(cls, scenario: Scenario, lang: str) -> Places:
        streets: dict[str, str] = {}
        for segment in scenario.street_graph.segments:  # a node's street: the first named segment touching it
            name = name_of(segment, lang) if segment.name_zh or segment.name_en else ""
            if name:
                streets.setdefault(segment.from_node, name)
                streets.setdefault(segment.to_node, name)
        return cls(scenario, lang, {z.id: z for z in scenario.incidents.vendor_zones}, streets)

    def find(self, ref: str) -> object | None:
        """The segment, vendor zone, toilet, station or depot with this id (None if it is none of them)."""
        index = self.scenario.index
        for table in (index.segments, self.zones, index.toilets, index.service_stations, index.depots):
            if ref in table:
                return table[ref]
        return None

    def name(self, ref: str, node: str) -> str:
        """The name people use for a stop's or duty's place: the street, zone or facility; a node's street."""
        found = self.find(ref)
        if found is not None:
            return name_of(found, self.lang)
        street = self.streets_at.get(node) or self.streets_at.get(ref, "")
        return street or ref

    def opening(self, ref: str) -> tuple[float, float] | None:
        """A vendor zone's or toilet's opening hours."""
        found = self.zones.get(ref) or self.scenario.index.toilets.get(ref)
        if found is None:
            return None
        window = found.window if isinstance(found, VendorZone) else found.opening
        return (window.start, window.end)


def post_refs(post: Post) -> set[str]:
    """Every id a post answers for: its segments, its duties' places and nodes."""
    return {*post.segments, *(d.ref for d in post.duties), *(d.node for d in post.duties if d.kind == "hotspot")}
