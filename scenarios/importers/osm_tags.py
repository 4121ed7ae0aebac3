"""OpenStreetMap tags → our streets and facilities: the documented mapping, as data.

Streets (``highway`` value → street class, default cleaning grade, width and sides to sweep):

| highway        | class      | grade | width m | sides |
|----------------|------------|-------|---------|-------|
| primary        | arterial   | 1     | 30      | 2     |
| primary_link   | arterial   | 1     | 30      | 2     |
| secondary      | secondary  | 2     | 18      | 2     |
| secondary_link | secondary  | 2     | 18      | 2     |
| tertiary       | secondary  | 2     | 14      | 2     |
| tertiary_link  | secondary  | 2     | 14      | 2     |
| residential    | branch     | 3     | 8       | 2     |
| unclassified   | branch     | 3     | 8       | 2     |
| road           | branch     | 3     | 8       | 2     |
| living_street  | back_alley | 3     | 6       | 1     |
| service        | back_alley | 4     | 5       | 1     |
| alley          | back_alley | 4     | 4       | 1     |
| pedestrian     | back_alley | 3     | 10      | 1     |
| motorway       | skipped: not served by street cleaning |
| motorway_link  | skipped: not served by street cleaning |
| trunk          | skipped: not served by street cleaning |
| trunk_link     | skipped: not served by street cleaning |
| footway        | skipped: not a street |
| path           | skipped: not a street |
| cycleway       | skipped: not a street |
| steps          | skipped: not a street |
| track          | skipped: not a street |
| bridleway      | skipped: not a street |
| construction   | skipped: not a street (yet) |
| proposed       | skipped: not a street (yet) |
| platform       | skipped: not a street |
| corridor       | skipped: not a street |

Any other highway value is skipped too. Further rules:

- ``service=alley`` is an alley (back_alley, grade 4, 4 m, one side); ``service=parking_aisle``,
  ``driveway`` and ``drive-through`` are skipped (private access lanes, not swept by street crews).
- ``area=yes`` (a square drawn as an area) and ``access=private`` / ``access=no`` are skipped.
- One way: ``oneway=yes|true|1``; ``oneway=-1`` is one way against the drawing direction (reverse);
  ``junction=roundabout|circular`` is one way unless ``oneway=no``. Links follow the same rules.
  Pedestrian streets get grade 3: crews on foot sweep them, and grade 3 has the manual pass windows.

Names: Chinese from ``name:zh``, ``name:zh-Hans``, else ``name``; English from ``name:en``, else ``name``.

Facilities (``facility_of``):

| tags                                                              | kind             |
|-------------------------------------------------------------------|------------------|
| amenity=toilets                                                   | toilet           |
| amenity=waste_transfer_station                                    | transfer         |
| amenity=recycling + recycling_type=centre                         | recycling        |
| amenity=recycling + recycling_type=container (or no type)         | collection_point |
| amenity=waste_disposal                                            | collection_point |
| landuse=landfill                                                  | disposal         |
| landuse=depot                                                     | depot            |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: highway value → (street class, cleaning grade, width m, sides swept); keep in step with the table above.
HIGHWAY_DEFAULTS: dict[str, tuple[str, int, float, int]] = {
    "primary": ("arterial", 1, 30.0, 2),
    "primary_link": ("arterial", 1, 30.0, 2),
    "secondary": ("secondary", 2, 18.0, 2),
    "secondary_link": ("secondary", 2, 18.0, 2),
    "tertiary": ("secondary", 2, 14.0, 2),
    "tertiary_link": ("secondary", 2, 14.0, 2),
    "residential": ("branch", 3, 8.0, 2),
    "unclassified": ("branch", 3, 8.0, 2),
    "road": ("branch", 3, 8.0, 2),
    "living_street": ("back_alley", 3, 6.0, 1),
    "service": ("back_alley", 4, 5.0, 1),
    "alley": ("back_alley", 4, 4.0, 1),
    "pedestrian": ("back_alley", 3, 10.0, 1),  # swept by hand: grade 3 has the manual pass windows
}
#: Highway values that are skipped on purpose (documentation; any value not in HIGHWAY_DEFAULTS is skipped).
SKIPPED_HIGHWAYS = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link",  # not served by street cleaning
    "footway", "path", "cycleway", "steps", "track", "bridleway", "construction", "proposed", "platform",
    "corridor",
})
SKIPPED_SERVICE = frozenset({"parking_aisle", "driveway", "drive-through"})
NO_ACCESS = frozenset({"private", "no"})
YES = frozenset({"yes", "true", "1"})
ROUNDABOUT = frozenset({"roundabout", "circular"})
#: Place values, largest first: the district takes its name from the largest place in the file.
PLACE_RANK = {"city": 0, "town": 1, "district": 2, "borough": 3, "suburb": 4, "quarter": 5}


@dataclass(frozen=True)
class StreetTags:
    """What the tags of one OSM way say about it as a street we clean."""

    street_class: str
    grade: int
    width_m: float
    sides: int
    one_way: bool = False
    reverse: bool = False  # oneway=-1: travel runs against the order of the way's nodes


def street_of(tags: Mapping[str, str]) -> StreetTags | None:
    """The street a way's tags describe, or None when street crews do not serve it."""
    highway = tags.get("highway", "")
    service = tags.get("service", "")
    if highway == "service" and service == "alley":
        highway = "alley"
    defaults = HIGHWAY_DEFAULTS.get(highway)
    if (defaults is None or tags.get("area") == "yes" or tags.get("access") in NO_ACCESS
            or (highway == "service" and service in SKIPPED_SERVICE)):
        return None
    oneway = tags.get("oneway", "").strip().lower()
    reverse = oneway == "-1"
    one_way = reverse or oneway in YES or (tags.get("junction") in ROUNDABOUT and oneway != "no")
    street_class, grade, width_m, sides = defaults
    return StreetTags(street_class, grade, width_m, sides, one_way, reverse)


def name_of(tags: Mapping[str, str]) -> tuple[str, str]:
    """(name_zh, name_en); empty strings when the object has no such name."""
    plain = tags.get("name", "").strip()
    zh = (tags.get("name:zh") or tags.get("name:zh-Hans") or "").strip() or plain
    en = (tags.get("name:en") or "").strip() or plain
    return zh, en


def facility_of(tags: Mapping[str, str]) -> str | None:
    """The kind of facility the tags describe (see the table above), or None."""
    amenity = tags.get("amenity")
    if amenity == "toilets":
        return "toilet"
    if amenity == "waste_transfer_station":
        return "transfer"
    if amenity == "waste_disposal":
        return "collection_point"
    if amenity == "recycling":
        kind = tags.get("recycling_type", "container")
        return {"centre": "recycling", "container": "collection_point"}.get(kind)
    return {"landfill": "disposal", "depot": "depot"}.get(tags.get("landuse", ""))
