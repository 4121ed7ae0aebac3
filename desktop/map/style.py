"""Map colours and sizes (screen pixels), and the grouping of streets into one path per colour."""

from __future__ import annotations

import colorsys

from reports.charts.style import PALETTE

CLASS_COLOURS = {"arterial": "#B03A2E", "secondary": "#D68910", "branch": "#5D6D7E", "back_alley": "#A6ACAF"}
CLASS_WIDTHS_PX = {"arterial": 3.0, "secondary": 2.2, "branch": 1.4, "back_alley": 1.0}
# Sequential (magma): the strictest grade darkest, each step clearly lighter, readable by colour-blind users.
GRADE_COLOURS = {1: "#3B0F70", 2: "#8C2981", 3: "#DE4968", 4: "#FE9F6D"}
# Under routes the streets step back to greys (by class), so no route colour is confused with a street's.
MUTED_CLASS_COLOURS = {"arterial": "#8C8C8C", "secondary": "#A8A8A8", "branch": "#C0C0C0", "back_alley": "#D4D4D4"}
CHIEF_COLOURS = ["#1B9E77", "#D95F02", "#7570B3", "#E7298A", "#66A61E", "#E6AB02", "#A6761D",
                 "#1F78B4", "#B2DF8A", "#FB9A99", "#CAB2D6", "#6A3D9A"]
NO_CHIEF_COLOUR = "#C8C8C8"

FACILITY_STYLE = {  # layer: (colour, size px, shape)
    "points": ("#239B56", 4.0, "dot"),
    "toilets": ("#2874A6", 6.0, "dot"),
    "stations": ("#8E44AD", 6.0, "diamond"),
    "depots": ("#17202A", 11.0, "square"),
    "transfer": ("#784212", 12.0, "triangle"),
    "vendor_zones": ("#D35400", 10.0, "ring"),  # 定时定点定区域 vendor zones, labelled with their hours
}
POST_BAND_PX = 7.0  # a post's territory: a pale band under its streets
POST_HIGHLIGHT = "#17202A"
BACKGROUND = "#F7F6F2"


def band_colour(colour: str, strength: float = 0.45) -> str:
    """`colour` mixed towards the map background (opaque: translucent strokes cost 3x more to draw)."""
    c, bg = colour.lstrip("#"), BACKGROUND.lstrip("#")
    mixed = [round(int(c[k:k + 2], 16) * strength + int(bg[k:k + 2], 16) * (1 - strength)) for k in (0, 2, 4)]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def vehicle_colour(i: int) -> str:
    """A distinct colour for the i-th route: the palette first, then evenly spread hues."""
    base = [c for c in PALETTE if c not in ("#000000", "#F0E442")]
    if i < len(base):
        return base[i]
    hue = (i * 0.618033988749895) % 1.0  # golden-ratio steps keep neighbours apart
    r, g, b = colorsys.hsv_to_rgb(hue, 0.75, 0.85)
    return f"#{int(r * 255):02X}{int(g * 255):02X}{int(b * 255):02X}"


def chief_colour(chief: str | None, order: dict[str, int]) -> str:
    if chief is None:
        return NO_CHIEF_COLOUR
    return CHIEF_COLOURS[order.setdefault(chief, len(order)) % len(CHIEF_COLOURS)]


def street_groups(geometry, mode: str, muted: bool = False) -> dict[tuple[str, str], list[int]]:
    """Segment indices grouped by (colour, street class) for the colouring mode class|grade|chief
    (greys by class when `muted`: routes are drawn over them)."""
    groups: dict[tuple[str, str], list[int]] = {}
    chief_order: dict[str, int] = {}
    for i, street_class in enumerate(geometry.segment_class):
        if muted:
            colour = MUTED_CLASS_COLOURS[street_class]
        elif mode == "grade":
            colour = GRADE_COLOURS.get(int(geometry.segment_grade[i]), "#999999")
        elif mode == "chief":
            colour = chief_colour(geometry.segment_chief[i], chief_order)
        else:
            colour = CLASS_COLOURS[street_class]
        groups.setdefault((colour, street_class), []).append(i)
    return groups
