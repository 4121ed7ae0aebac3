"""The street graph: nodes (WGS-84) and street segments (路段) with class and cleaning grade."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .common import Frozen, Identifier, StreetClass


class Node(Frozen):
    """A street intersection or end point."""

    id: Identifier
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class Segment(Frozen):
    """A street segment (路段): an edge of the street graph between two nodes."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    from_node: Identifier
    to_node: Identifier
    length_m: float = Field(gt=0)
    width_m: float = Field(default=8.0, gt=0)
    street_class: StreetClass
    one_way: bool = False
    sides: Literal[1, 2] = 2
    cleaning_grade: int = Field(ge=1, le=4)
    chief: Identifier | None = None
    zone: Identifier | None = None
    featured_year: Literal[2017, 2018] | None = Field(default=None, description="year it became a featured street (特色街区)")
    alley_upgrade_year: Literal[2017, 2018] | None = None
    incident_weight: float = Field(default=1.0, ge=0)
    shape: list[float] = Field(
        default_factory=list,
        description="the street's course between its two nodes: intermediate points as lon, lat, lon, lat … "
                    "(WGS-84; empty for a straight segment); maps draw it, travel uses length_m")

    @field_validator("shape")
    @classmethod
    def _shape_pairs(cls, value: list[float]) -> list[float]:
        if len(value) % 2:
            raise ValueError(f"shape needs lon, lat pairs (got {len(value)} numbers)")
        for lon, lat in zip(value[::2], value[1::2], strict=True):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError(f"shape point ({lon}, {lat}) is outside lon -180..180, lat -90..90")
        return value

    @property
    def area_m2(self) -> float:
        return self.length_m * self.width_m


class StreetGraph(Frozen):
    """Nodes and segments; large tables usually live in CSV side files."""

    nodes: list[Node] = Field(min_length=2)
    segments: list[Segment] = Field(min_length=1)
