"""What the map says about a patrol plan's posts and the district's vendor zones: tooltips and details
(定人定岗定则: who holds a post on the chosen date, its deputy, its duties; 定时定点定区域: a zone's hours)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from ..i18n import bilingual, current_language, tr
from ..map.geometry import hours_text
from ..map.posts import holding
from .details import _rows

WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "zh": ("一", "二", "三", "四", "五", "六", "日")}


def date_label(date: str) -> str:
    """'2017-06-05 Mon' / '2017-06-05（周一）'."""
    weekday = dt.date.fromisoformat(date).weekday()
    return tr("map.date", date=date, weekday=WEEKDAYS[current_language()][weekday])


def worker_name(scenario: Any, worker_id: str) -> str:
    """A worker by name, with the id for reference: '王伟 (CHW012)'."""
    worker = scenario.index.workers.get(worker_id) if scenario is not None else None
    name = bilingual(worker.name_zh, worker.name_en) if worker is not None else ""
    return f"{name} ({worker_id})" if name else worker_id


def _post(part: Any, post_id: str) -> Any:
    return next((p for p in part.posts if p.id == post_id), None) if part is not None else None


def _chief_name(scenario: Any, post: Any) -> str:
    chief = scenario.index.chiefs.get(post.id) if scenario is not None else None
    return bilingual(chief.name_zh, chief.name_en) if chief is not None else worker_name(scenario, post.holder)


def held_sentence(scenario: Any, part: Any, post_id: str, date: str | None) -> str:
    """'2017-06-05: held by 苏芳 (CHW001)' or '…: 蒋杰 covers as deputy'; '' when the plan does not say."""
    found = holding(part, post_id, date)
    if found is None:
        return ""
    shown = date or min(part.holders)
    if found.role == "none":
        return tr("post.unheld", date=shown)
    key = {"holder": "post.held_by", "deputy": "post.covered_by"}.get(found.role, "post.held_other")
    return tr(key, date=shown, name=worker_name(scenario, found.worker))


def post_hover(scenario: Any, part: Any, post_id: str, date: str | None) -> str:
    """Tooltip of a street in a post's territory: the post, its chief, who holds it on the date."""
    post = _post(part, post_id)
    if post is None:
        return ""
    lines = [tr("post.hover", post=post.id, chief=_chief_name(scenario, post))]
    held = held_sentence(scenario, part, post_id, date)
    if held:
        lines.append(held)
    return "\n".join(lines)


def post_details(scenario: Any, part: Any, post_id: str, date: str | None) -> str:
    """HTML rows about a post for the details pane."""
    post = _post(part, post_id)
    if post is None:
        return ""
    rows: list[tuple[str, object]] = [
        (tr("field.id"), post.id), (tr("field.chief"), _chief_name(scenario, post)),
        (tr("post.holder"), worker_name(scenario, post.holder)),
        (tr("post.deputy"), worker_name(scenario, post.deputy) if post.deputy else "—"),
        (tr("post.streets"), len(post.segments)), (tr("post.duties"), len(post.duties)),
    ]
    held = held_sentence(scenario, part, post_id, date)
    if held:
        rows.append((tr("post.on_date"), held))
    return _rows(tr("detail.post"), rows)


def zone_hover(scenario: Any, zone_id: str) -> str:
    """'VZ05 锦华路夜市摊区 · 18:00–23:00 · 20 stall places'."""
    zone = next((z for z in scenario.incidents.vendor_zones if z.id == zone_id), None) if scenario else None
    if zone is None:
        return ""
    return tr("zone.hover", id=zone.id, name=bilingual(zone.name_zh, zone.name_en), hours=hours_text(zone.window),
              stalls=zone.stalls)


def zone_details(scenario: Any, zone_id: str) -> str:
    """HTML of a vendor zone: hours, stall places and its stalls in the register by status."""
    zone = next((z for z in scenario.incidents.vendor_zones if z.id == zone_id), None)
    if zone is None:
        return html.escape(zone_id)
    stalls = [s for s in scenario.incidents.vendor_register if s.zone == zone_id]
    count = {status: sum(s.status == status for s in stalls) for status in ("admitted", "registered", "exited")}
    rows: list[tuple[str, object]] = [
        (tr("field.id"), zone.id), (tr("field.name"), bilingual(zone.name_zh, zone.name_en)),
        (tr("field.hours"), hours_text(zone.window)), (tr("field.stalls"), zone.stalls),
        (tr("field.register"), tr("zone.register", **count)),
    ]
    text = _rows(tr("detail.vendor_zone"), rows)
    admitted = [s for s in stalls if s.status == "admitted"][:12]
    if admitted:
        items = "".join(f"<li>{html.escape(s.id)} {html.escape(bilingual(s.holder_zh, s.holder_en))} "
                        f"{html.escape(s.goods)}</li>" for s in admitted)
        text += f"<p>{html.escape(tr('zone.admitted'))}</p><ul>{items}</ul>"
    return text
