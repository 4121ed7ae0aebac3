"""Chiefs' posts (定人定岗) and the vendor register for a generated or imported district.

A post's deputy (A/B角) is the chief of a neighbouring post: posts are paired nearest first, so
each pair covers for each other; an odd one out takes its nearest post's chief. The vendor register
lists the stalls admitted to each zone, drawn from a stream of its own so that adding it leaves every
other generated table as it was.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .people import person_name

#: Goods sold in a zone by its kind (the zone's name says breakfast or evening barbecue).
GOODS = {"breakfast": ["包子", "豆浆油条", "锅盔", "蛋烘糕"], "evening": ["烧烤", "冷淡杯", "串串", "凉面"]}


def deputy_posts(territory: np.ndarray, mids: np.ndarray, posts: int) -> list[int]:
    """For each post index, the index of the post whose chief deputises for it (itself when alone)."""
    if posts <= 1:
        return list(range(posts))
    centres = np.array([mids[territory == t].mean(axis=0) if np.any(territory == t) else mids.mean(axis=0)
                        for t in range(posts)])
    d = np.sqrt(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(d, np.inf)
    deputy = [-1] * posts
    order = np.argsort(d, axis=None, kind="stable")
    for flat in order.tolist():
        a, b = divmod(flat, posts)
        if a < b and deputy[a] < 0 and deputy[b] < 0:
            deputy[a], deputy[b] = b, a
    for a in range(posts):
        if deputy[a] < 0:
            deputy[a] = int(np.argmin(d[a]))
    return deputy


def stall_count(evening: bool) -> int:
    """Stall places of a zone: evening barbecue zones are larger than breakfast ones."""
    return 30 if evening else 12


def vendor_register(zones: list[dict], seed: int, start: dt.date) -> list[dict]:
    """Register rows for every zone: its places filled by registered stalls, a few admitted and exited ones."""
    rng = np.random.default_rng([seed, 24])
    rows: list[dict] = []
    for zone in zones:
        kind = "evening" if "18:00" in zone["window"] else "breakfast"
        places = int(zone.get("stalls", 0))
        for k in range(places + max(1, places // 6)):
            zh, en = person_name(rng)
            status = "registered" if k < places - max(1, places // 10) else ("admitted" if k < places else "exited")
            since = start - dt.timedelta(days=int(rng.integers(30, 720)))
            rows.append({"id": f"{zone['id']}-{k + 1:02d}", "zone": zone["id"], "holder_zh": zh, "holder_en": en,
                         "goods": GOODS[kind][int(rng.integers(len(GOODS[kind])))], "status": status,
                         "since": since.isoformat()})
    return rows
