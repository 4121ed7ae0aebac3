"""A patrol plan as the map and the roster read it (Qt-free): its beat dates, the routes of one date, territory
colours that differ between neighbouring posts, and who holds a post on a date (定人定岗)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .style import CHIEF_COLOURS


def patrol_part(plan: Any) -> Any:
    """The plan's patrols part when it has posts, else None."""
    part = plan.parts.get("patrols") if plan is not None else None
    return part if part is not None and part.posts else None


def beat_dates(plan: Any) -> list[str]:
    """The dates (YYYY-MM-DD) the plan's dated routes run on, in order; [] for a plan of one undated day."""
    if plan is None:
        return []
    return sorted({route.date for part in plan.parts.values() for route in part.routes if route.date})


def runs_on(route: Any, date: str | None) -> bool:
    """True when a route runs on `date` (an undated route runs every day; no date chosen: every route)."""
    return date is None or route.date is None or route.date == date


def holders_on(part: Any, date: str | None) -> dict[str, str]:
    """Post → the worker holding it on `date` ('' = nobody); an undated plan's only day when no date is given."""
    if part is None or not part.holders:
        return {}
    if date is None:
        return part.holders[min(part.holders)] if len(part.holders) == 1 else {}
    return part.holders.get(date, {})


@dataclass(frozen=True)
class Holding:
    """Who holds a post on a date and as what: 'holder' (its own chief), 'deputy' (A/B角 cover), 'other', 'none'."""

    post: str
    worker: str
    role: str


def holding(part: Any, post_id: str, date: str | None) -> Holding | None:
    """Who holds `post_id` on `date` (None when the plan does not say)."""
    post = next((p for p in part.posts if p.id == post_id), None) if part is not None else None
    held = holders_on(part, date)
    if post is None or post_id not in held:
        return None
    worker = held[post_id]
    role = "none" if not worker else "holder" if worker == post.holder else "deputy" if worker == post.deputy else "other"
    return Holding(post_id, worker, role)


def posts_held(part: Any) -> dict[str, dict[str, list[str]]]:
    """Date → worker → the posts the worker holds that day, the worker's own post first (CH012, then CH013 covered)."""
    own = {post.holder: post.id for post in part.posts} if part is not None else {}
    out: dict[str, dict[str, list[str]]] = {}
    for date, held in (part.holders.items() if part is not None else ()):
        by_worker: dict[str, list[str]] = {}
        for post_id, worker in held.items():
            if worker:
                by_worker.setdefault(worker, []).append(post_id)
        for worker, posts in by_worker.items():
            posts.sort(key=lambda p, w=worker: (p != own.get(w), p))
        out[date] = by_worker
    return out


def post_segments(part: Any, segment_index: dict[str, int]) -> dict[str, list[int]]:
    """Chief post → the indices of its segments in the map (posts with no street, such as units, left out)."""
    out: dict[str, list[int]] = {}
    for post in part.posts if part is not None else ():
        rows = [segment_index[s] for s in post.segments if s in segment_index]
        if rows:
            out[post.id] = rows
    return out


def post_colours(posts: dict[str, list[int]], ends: Iterable[tuple[int, int]],
                 palette: list[str] = CHIEF_COLOURS) -> dict[str, str]:
    """A colour per post such that posts meeting at a street corner differ where the palette allows
    (greedy colouring, busiest posts first). `ends` gives each segment's (from, to) node index, by segment index."""
    node_posts: dict[int, set[str]] = {}
    ends = list(ends)
    for post_id, rows in posts.items():
        for row in rows:
            for node in ends[row]:
                node_posts.setdefault(node, set()).add(post_id)
    neighbours: dict[str, set[str]] = {post_id: set() for post_id in posts}
    for sharing in node_posts.values():
        for post_id in sharing:
            neighbours[post_id] |= sharing - {post_id}
    chosen: dict[str, int] = {}
    for post_id in sorted(posts, key=lambda p: (-len(neighbours[p]), p)):
        taken = {chosen[n] for n in neighbours[post_id] if n in chosen}
        free = next((k for k in range(len(palette)) if k not in taken), len(chosen) % len(palette))
        chosen[post_id] = free
    return {post_id: palette[k] for post_id, k in chosen.items()}
