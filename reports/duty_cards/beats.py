"""The beat times on a card: per date, who walks the post's beat, in which shift, and its timed stops."""

from __future__ import annotations

from optimizer.common.plan import Post, Route, RoutePlan
from reports.duty_cards.labels import ROLE, STOP, bi, date_text, field, name_of, one, person
from reports.duty_cards.places import Places, post_refs
from reports.route_sheets.names import clock
from scenarios.model.scenario import Scenario

MAX_DATES = 7  # a card stays one or two pages
MAX_ITEMS = 40  # stops listed for one beat; the rest are counted
OWN_STOPS = ("start", "end", "break")


def beat_dates(part: RoutePlan, post: Post, dates: list[str] | None,
               limit: int = MAX_DATES) -> tuple[list[str | None], int]:
    """The dates to show (default: every date with a beat for the post), at most `limit`, and how many more
    were left off."""
    if dates is None:
        served = [r for r in part.routes if post.id in r.posts]
        chosen: list[str | None] = [*sorted({r.date for r in served if r.date})] or ([None] if served else [])
    else:
        chosen = list(dict.fromkeys(dates))
    return chosen[:limit], max(0, len(chosen) - limit)


def beats_on(part: RoutePlan, post: Post, date: str | None) -> list[Route]:
    """The post's beats of a date; an undated beat runs on every date that has no dated one."""
    served = [r for r in part.routes if post.id in r.posts]
    return [r for r in served if r.date == date] or [r for r in served if r.date is None]


def _role(scenario: Scenario, post: Post, who: str | None) -> str:
    if not who:
        return "nobody"
    if who == post.holder:
        return "holder"
    if who == post.deputy:
        return "deputy"
    worker = scenario.index.workers.get(who)
    return "unit" if post.kind == "unit" and worker is not None and worker.team == post.holder else "other"


def _walker_cell(scenario: Scenario, post: Post, who: str | None, lang: str, others: list[str]) -> str:
    text = f"{person(scenario, who, lang)}\n{bi(ROLE[_role(scenario, post, who)], lang)}"
    return text + (f"\n{field('also', lang)} {('、' if lang == 'zh' else ', ').join(others)}" if others else "")


def _shift_cell(scenario: Scenario, shift_id: str | None, lang: str) -> str:
    shift = scenario.index.shifts.get(shift_id or "")
    if shift is None:
        return shift_id or "—"
    return f"{name_of(shift, lang)}\n{clock(shift.start)}–{clock(shift.end)}"


def _item(kind: str, name: str, start: float, end: float, count: int, lang: str) -> str:
    what = one(STOP.get(kind, (kind, kind)), lang)
    if kind == "walk" or (kind == "break" and end - start >= 1):
        extra = (f"（{count}段）" if lang == "zh" else f" ({count} segs)") if count > 1 else ""
        return f"{clock(start)}–{clock(end)} {what} {name}{extra}"
    return f"{clock(start)} {what} {name}".rstrip()


def stop_items(places: Places, post: Post, route: Route, lang: str) -> list[str]:
    """The beat's stops for this post in order; a street's walked segments in a row make one item."""
    mine = post_refs(post) if len(route.posts) > 1 else None  # a shared beat: only this post's stops
    items: list[tuple[str, str, float, float, int]] = []
    for stop in route.stops:
        if mine is not None and stop.kind not in OWN_STOPS and stop.ref not in mine:
            continue
        name = places.name(stop.ref, stop.node) if stop.kind not in ("start", "end") or places.find(stop.ref) else ""
        begin = stop.start_min if stop.start_min is not None else stop.arrival_min
        last = items[-1] if items else None
        if last is not None and stop.kind == "walk" and last[0] == "walk" and last[1] == name:
            items[-1] = (last[0], name, last[2], stop.departure_min, last[4] + 1)
        else:
            items.append((stop.kind, name, begin, stop.departure_min, 1))
    texts = [_item(*item, lang) for item in items]
    if len(texts) > MAX_ITEMS:
        more = len(texts) - MAX_ITEMS + 1
        texts = [*texts[:MAX_ITEMS - 1], bi((f"…另{more}项", f"… {more} more"), lang), texts[-1]]
    return texts


def beat_rows(places: Places, part: RoutePlan, post: Post, dates: list[str | None]) -> list[list[str]]:
    """Rows: date, walker (holder, deputy covering …), shift, start–end, the stops in order."""
    scenario, lang = places.scenario, places.lang
    rows = []
    for date in dates:
        held = part.holders.get(date or "", {}).get(post.id)
        routes = beats_on(part, post, date)
        if not routes:
            shift = part.on_duty.get(date or "", {}).get(held or "")
            rows.append([date_text(date, lang), _walker_cell(scenario, post, held, lang, []),
                         _shift_cell(scenario, shift, lang), "—", field("no_beat", lang)])
        for route in routes:
            who = route.crew or held
            shift = route.shift or part.on_duty.get(date or "", {}).get(who or "")
            times = [s.arrival_min for s in route.stops] + [s.departure_min for s in route.stops]
            span = f"{clock(min(times))}–{clock(max(times))}" if times else "—"
            others = [p for p in route.posts if p != post.id]
            rows.append([date_text(date, lang), _walker_cell(scenario, post, who, lang, others),
                         _shift_cell(scenario, shift, lang), span, " → ".join(stop_items(places, post, route, lang))])
    return rows

