"""What the details pane says about a clicked street or facility (read straight from the scenario)."""

from __future__ import annotations

import html
from typing import Any

from ..i18n import bilingual, current_language, tr

VALUE_WORDS = {
    "residential": ("residential", "居民"), "commercial": ("commercial", "商业"), "restaurant": ("restaurant", "餐饮"),
    "transfer": ("transfer station", "中转站"), "disposal": ("disposal site", "处置场"), "shop": ("shop", "商铺"),
    "guard_room": ("guard room", "门卫室"), "community": ("community", "社区"), "standalone": ("standalone", "独立"),
}


def _word(value: str) -> str:
    from ..i18n import current_language

    pair = VALUE_WORDS.get(value)
    return value if pair is None else pair[1 if current_language() == "zh" else 0]


def _clock(minutes: float) -> str:
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"


def _window(window: Any) -> str:
    return f"{_clock(window.start)}–{_clock(window.end)}"


def _rows(title: str, rows: list[tuple[str, object]]) -> str:
    body = "".join(f"<tr><td style='color:#555;padding-right:10px'>{html.escape(k)}</td>"
                   f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<h3>{html.escape(title)}</h3><table>{body}</table>"


def describe(scenario: Any, layer: str, object_id: str) -> str:
    """HTML details of one map feature."""
    index = scenario.index
    if layer == "segments":
        s = index.segments[object_id]
        chief = index.chiefs.get(s.chief) if s.chief else None
        return _rows(tr("detail.segment"), [
            (tr("field.id"), s.id), (tr("field.name"), bilingual(s.name_zh, s.name_en)),
            (tr("field.class"), tr(f"class.{s.street_class}")), (tr("field.grade"), s.cleaning_grade),
            (tr("field.length_m"), f"{s.length_m:,.0f}"),
            (tr("field.chief"), bilingual(chief.name_zh, chief.name_en) if chief else "—"),
        ])
    if layer == "points":
        p = index.points[object_id]
        return _rows(tr("detail.point"), [
            (tr("field.id"), p.id), (tr("field.name"), bilingual(p.name_zh, p.name_en)), (tr("field.kind"), _word(p.kind)),
            (tr("field.capacity_kg"), f"{p.capacity_kg:,.0f}"), (tr("field.mean_kg"), f"{p.mean_kg_per_day:,.0f}"),
            (tr("field.windows"), ", ".join(_window(w) for w in p.access_windows)),
        ])
    if layer == "toilets":
        t = index.toilets[object_id]
        return _rows(tr("detail.toilet"), [
            (tr("field.id"), t.id), (tr("field.name"), bilingual(t.name_zh, t.name_en)), (tr("field.toilet_class"), tr("toilet.class", n=t.grade if current_language() == "en" else "一二三"[t.grade - 1])),
            (tr("field.opening"), _window(t.opening)),
            (tr("field.interval_min"), f"{index.toilet_interval_min(t.id):g}"),
        ])
    if layer == "stations":
        st = index.service_stations[object_id]
        return _rows(tr("detail.station"), [(tr("field.id"), st.id), (tr("field.name"), bilingual(st.name_zh, st.name_en)),
                                            (tr("field.kind"), _word(st.host))])
    if layer == "depots":
        d = index.depots[object_id]
        return _rows(tr("detail.depot"), [(tr("field.id"), d.id), (tr("field.name"), bilingual(d.name_zh, d.name_en)),
                                          (tr("field.opening"), _window(d.opening))])
    if layer == "transfer":
        ts = index.transfer_stations[object_id]
        return _rows(tr("detail.transfer"), [
            (tr("field.id"), ts.id), (tr("field.name"), bilingual(ts.name_zh, ts.name_en)), (tr("field.kind"), _word(ts.kind)),
            (tr("field.opening"), _window(ts.opening)),
        ])
    if layer == "vendor_zones":
        from .map_patrols import zone_details

        return zone_details(scenario, object_id)
    return html.escape(f"{layer} {object_id}")
