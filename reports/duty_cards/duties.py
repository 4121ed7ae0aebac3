"""The card's header facts and its duty list (定则), worded for print."""

from __future__ import annotations

import datetime as dt

from optimizer.common.plan import Duty, Post, RoutePlan
from reports.duty_cards.labels import DUTY, LEVEL, bi, field, name_of, often_text, person, window_text
from reports.duty_cards.places import Places
from scenarios.model.scenario import Scenario


def plan_dates(part: RoutePlan) -> list[str]:
    """Every date the part plans for (holders, roster and dated beats), in order."""
    dates = {*part.holders, *part.on_duty, *(r.date for r in part.routes if r.date)}
    return sorted(dates)


def post_title(scenario: Scenario, post: Post, lang: str) -> str:
    """'CH001 苏芳（路长）': the chief's or the unit's name after the post id."""
    index = scenario.index
    owner = index.chiefs.get(post.id) or index.teams.get(post.id) or index.teams.get(post.holder)
    return f"{post.id} {name_of(owner, lang)}" if owner is not None else post.id


def level_text(scenario: Scenario, post: Post, lang: str) -> str:
    chief = scenario.index.chiefs.get(post.id)
    key = "unit" if post.kind == "unit" else (chief.level if chief is not None else "")
    return bi(LEVEL[key], lang) if key in LEVEL else "—"


def _territory(count: int, km: float, lang: str) -> str:
    return f"{count} {field('segments', lang)}{'，' if lang == 'zh' else ', '}{km:.1f} km"


def card_facts(scenario: Scenario, part: RoutePlan, post: Post, lang: str) -> list[tuple[str, str]]:
    """Label and value pairs of the card's head, two to a row."""
    segments = [scenario.index.segments[s] for s in post.segments if s in scenario.index.segments]
    km = sum(s.length_m for s in segments) / 1000
    dates = plan_dates(part)
    period = f"{dates[0]} – {dates[-1]}" if dates else "—"
    unit = person(scenario, post.unit, lang) if post.unit else "—"
    return [
        (field("post", lang), post_title(scenario, post, lang)), (field("level", lang), level_text(scenario, post, lang)),
        (field("holder", lang), person(scenario, post.holder, lang)),
        (field("deputy", lang), person(scenario, post.deputy, lang)),
        (field("unit", lang), unit),
        (field("territory", lang), _territory(len(post.segments), km, lang) if segments else "—"),
        (field("district", lang), name_of(scenario.district, lang)), (field("period", lang), period),
    ]


def _hours(duty: Duty, places: Places, lang: str) -> str:
    """The duty's own window; a vendor zone's or toilet's opening hours (after the duty's own window when it differs)."""
    opening = places.opening(duty.ref)
    own = window_text(duty.window, lang)
    if opening is None:
        return own or field("any_time", lang, "\n")
    shown = window_text(opening, lang)
    if own and own != shown:
        return f"{own}\n（{field('open', lang)} {shown}）"
    return shown


def duty_rows(places: Places, post: Post, first_day: dt.date | None) -> list[list[str]]:
    """One row per duty; a street's walked segments with the same rhythm share a row (ids listed, minutes added)."""
    lang = places.lang
    groups: dict[tuple, tuple[list[str], float]] = {}
    for duty in post.duties:
        place = places.name(duty.ref, duty.node)
        key = (duty.kind, place, duty.every_days, duty.per_day, duty.offset, _hours(duty, places, lang))
        refs, minutes = groups.get(key, ([], 0.0))
        groups[key] = ([*refs, duty.ref], minutes + duty.minutes)
    rows = []
    for (kind, place, every, per_day, offset, hours), (refs, minutes) in groups.items():
        often = often_text(Duty(kind=kind, ref=refs[0], node="", every_days=every, per_day=per_day, offset=offset),
                           first_day, lang, places.scenario.simulation.start_date)
        ids = ("、" if lang == "zh" else ", ").join(refs) if place not in refs else ""
        rows.append([bi(DUTY[kind], lang, "\n"), f"{place}\n{ids}".strip(), often, hours, f"{minutes:.0f}"])
    return rows
