"""A day's beat jobs: who walks which post's duties on which shift, from who is on duty that day.

Chiefs: a post's holder on duty does the post's duties due that day. A post whose holder is off is
covered by its deputy when the deputy is on duty, else by the on-duty chief of the same group (of
another group when none is free) whose post is nearest and who covers fewer than ``MAX_COVERED`` other posts; the cover keeps the covered post's zone checks,
inspections and hotspot passes, and its walks give way first. Nobody free: the post's duties are
left undone that day, with the reason.

Enforcement units: the officers on each shift, less the response reserve (the standard's share,
rounded to the nearest, kept free for cases), walk beats; the unit's zone checks go to the shift that covers
the zone's hours best, the hotspot passes are made at the shift's busiest hours (the incident
profile's peaks) and the unit's spots are shared out among its beats. Officers beyond what the spots
need watch the shift's vendor zones in turn (定点值守: a check every ``WATCH_EVERY_MIN``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from optimizer.common.plan import Duty, Post
from optimizer.common.timeline import Work
from optimizer.patrols.beats import BeatJob, work_hours
from optimizer.patrols.posts import checks_fit, due_on
from scenarios.model import Scenario

#: Minutes between the checks of a zone watched by an officer the unit's places leave free (assumed: about
#: twice an hour keeps stalls inside the zone and its hours).
WATCH_EVERY_MIN = 40.0

#: Posts a chief may cover besides their own when neither holder nor deputy is on duty (assumed: a
#: third post's duties rarely fit a shift; its walks give way first).
MAX_COVERED = 2


@dataclass(frozen=True)
class Day:
    """One planned date: its ISO text, days since the scenario's start date, and who is on duty (worker → shift)."""

    date: str
    index: int
    on_duty: dict[str, str]
    wages: dict[str, float] = field(default_factory=dict)  # post kind ('chief', 'unit') → wage an hour


@dataclass
class DayJobs:
    """The day's jobs, who holds each post, and the duties nobody can do (post, duty, reason)."""

    jobs: list[BeatJob] = field(default_factory=list)
    holders: dict[str, str] = field(default_factory=dict)
    undone: list[tuple[str, Duty, str]] = field(default_factory=list)
    post_of: dict[int, tuple[str, Duty]] = field(default_factory=dict)  # id(work) → (post, duty)
    extra: set[int] = field(default_factory=set)  # id(work) of checks beyond the standard (zone watches)


def check_windows(scenario: Scenario, duty: Duty, hours: tuple[float, float]) -> list[tuple[float, float]]:
    """Start windows of the zone's checks inside the zone's hours ∩ ``hours``, spaced by the standard's gap."""
    assert duty.window is not None
    d = scenario.standards.patrol_duties
    lo, hi = max(duty.window[0], hours[0]), min(duty.window[1], hours[1])
    if not checks_fit(scenario, (lo, hi)):
        return []
    part = (hi - lo) / duty.per_day
    # Check k starts in the k-th part of the hours, early enough that the next one is a gap later.
    room = max(d.vendor_check_gap_min, d.vendor_check_min)
    return [(lo + k * part, lo + (k + 1) * part - room) for k in range(duty.per_day)]


def round_windows(hours: tuple[float, float], rounds: int, stop_min: float) -> list[tuple[float, float]]:
    """Equal rounds over the working hours (a hotspot pass in each)."""
    length = (hours[1] - hours[0]) / rounds
    return [(hours[0] + r * length, hours[0] + (r + 1) * length - stop_min) for r in range(rounds)]


def peak_windows(scenario: Scenario, hours: tuple[float, float], rounds: int, stop_min: float) -> list[tuple[float, float]]:
    """Two-hour pass windows around the ``rounds`` busiest hours of the incident profile in the working hours.

    The busiest hours are taken greedily at least two hours apart, so the passes do not bunch; a shift too
    short for that gets equal rounds instead.
    """
    profile = scenario.incidents.hourly_profile
    first, last = math.ceil(hours[0] / 60), math.floor(hours[1] / 60) - 1
    chosen: list[int] = []
    for h in sorted(range(first, last + 1), key=lambda h: (-profile[h % 24], h)):
        if len(chosen) < rounds and all(abs(h - c) >= 2 for c in chosen):
            chosen.append(h)
    if len(chosen) < rounds:
        return round_windows(hours, rounds, stop_min)
    return [(max(hours[0], h * 60.0 - 30), min(hours[1], h * 60.0 + 90) - stop_min) for h in sorted(chosen)]


class WorkMaker:
    """Turns duties into works on the foot network (node ids → router indices), remembering their post."""

    def __init__(self, scenario: Scenario, index: dict[str, int], ids: list[str], day: DayJobs) -> None:
        self.scenario = scenario
        self.index = index
        self.ids = ids
        self.day = day

    def _make(self, post: str, duty: Duty, window: tuple[float, float] | None) -> Work:
        """The work of one duty (a walk along its street, else a stop at its node); its kind is the duty's."""
        if duty.kind == "walk":
            g = self.scenario.index.segments[duty.ref]
            a, b = self.index[g.from_node], self.index[g.to_node]
            work = Work("walk", duty.ref, a, b, duty.minutes, (a, b), g.length_m, window)
        else:
            node = self.index[duty.node]
            work = Work(duty.kind, duty.ref, node, node, duty.minutes, (), 0.0, window)
        self.day.post_of[id(work)] = (post, duty)
        return work

    def walks(self, post: Post, hours: tuple[float, float], day_index: int) -> list[Work]:
        return [self._make(post.id, duty, hours) for duty in post.duties if duty.kind == "walk" and due_on(duty, day_index)]

    def watch(self, post: Post, duty: Duty, hours: tuple[float, float]) -> list[Work]:
        """A zone watch (定点值守) for an officer beyond those the unit's places need: the zone checked every
        ``WATCH_EVERY_MIN`` through its hours within the shift, beyond the standard's checks."""
        assert duty.window is not None
        lo, hi = max(duty.window[0], hours[0]), min(duty.window[1], hours[1]) - duty.minutes
        starts = [lo + k * WATCH_EVERY_MIN for k in range(int((hi - lo) // WATCH_EVERY_MIN) + 1)]
        works = [self._make(post.id, duty, (t, min(t + WATCH_EVERY_MIN - duty.minutes, hi))) for t in starts if t <= hi]
        self.day.extra.update(id(w) for w in works)  # beyond the standard: one missed is no duty undone
        return works

    def must(self, post: Post, hours: tuple[float, float], day_index: int, peaks: bool) -> list[Work]:
        """Zone checks (in their hours), inspections due and hotspot passes (rounds, or the peak hours)."""
        out = []
        for duty in post.duties:
            if duty.kind == "check":
                out += [self._make(post.id, duty, w) for w in check_windows(self.scenario, duty, hours)]
            elif duty.kind == "inspect" and due_on(duty, day_index):
                out.append(self._make(post.id, duty, hours))
            elif duty.kind == "hotspot":
                windows = (peak_windows(self.scenario, hours, duty.per_day, duty.minutes) if peaks
                           else round_windows(hours, duty.per_day, duty.minutes))
                out += [self._make(post.id, duty, w) for w in windows]
        return out


def chief_jobs(scenario: Scenario, posts: list[Post], today: Day, maker: WorkMaker,
               centres: dict[str, np.ndarray]) -> None:
    """Each on-duty holder's beat with the posts they cover (see the module docstring)."""
    day, on_duty, day_index = maker.day, today.on_duty, today.index
    shifts = scenario.index.shifts
    chief_posts = [p for p in posts if p.kind == "chief"]
    covering: dict[str, list[Post]] = {p.holder: [p] for p in chief_posts if p.holder in on_duty}
    for post in chief_posts:
        if post.holder in on_duty:
            day.holders[post.id] = post.holder
            continue
        cover = post.deputy if post.deputy in covering and len(covering[post.deputy]) == 1 else None
        if cover is None:
            free = [p for p in chief_posts if p.holder in covering and len(covering[p.holder]) <= MAX_COVERED
                    and p.id != post.id]
            same_group = [p for p in free if p.unit == post.unit]
            free = same_group or free  # another group's chief only when nobody of the post's own group is free
            if free:
                cover = min(free, key=lambda p: (float(np.sum((centres[p.id] - centres[post.id]) ** 2)), p.id)).holder
        if cover is None:
            day.holders[post.id] = ""
            day.undone += [(post.id, d, "the holder and the deputy are off and no chief of the group is free to cover")
                           for d in post.duties if d.kind not in ("walk", "inspect") or due_on(d, day_index)]
            continue
        covering[cover].append(post)
        day.holders[post.id] = cover
    for worker, mine in covering.items():
        shift = shifts[on_duty[worker]]
        hours = work_hours(shift)
        must = [w for p in mine for w in maker.must(p, hours, day_index, peaks=False)]
        walks = [w for p in mine for w in maker.walks(p, hours, day_index)]
        # Walks give way from the end of the list: a covered post's walks come after the holder's own.
        day.jobs.append(BeatJob(id=f"beat-{today.date}-{mine[0].id}", worker=worker, shift=shift,
                                posts=tuple(p.id for p in mine), must=tuple(must), walks=tuple(walks), date=today.date,
                                wage_per_h=today.wages.get("chief", 0.0)))


def unit_jobs(scenario: Scenario, posts: list[Post], today: Day, maker: WorkMaker) -> None:
    """Each enforcement unit's beats per shift, less the response reserve (see the module docstring)."""
    on_duty = today.on_duty
    reserve = scenario.standards.patrol_duties.response_reserve_share
    workers = scenario.index.workers
    shifts = scenario.index.shifts
    for post in (p for p in posts if p.kind == "unit"):
        by_shift: dict[str, list[str]] = {}
        for worker, shift_id in sorted(on_duty.items()):
            if workers[worker].team == post.id:
                by_shift.setdefault(shift_id, []).append(worker)
        if not by_shift:
            maker.day.undone += [(post.id, d, "no officer of the unit is on duty") for d in post.duties]
            continue
        hours = {s: work_hours(shifts[s]) for s in by_shift}
        for shift_id, officers in sorted(by_shift.items()):
            walkers = officers[:len(officers) - math.floor(len(officers) * reserve + 0.5)]  # a lone officer walks
            if not walkers:
                continue
            mine = _unit_duties_on(scenario, post, shift_id, hours)
            works = maker.must(post.model_copy(update={"duties": mine}), hours[shift_id], today.index, peaks=True)
            groups = _share_out(scenario, works, len(walkers), maker.ids)
            zones = [d for d in mine if d.kind == "check"]
            groups += [maker.watch(post, zones[k % len(zones)], hours[shift_id])
                       for k in range(len(walkers) - len(groups))] if zones else []
            for k, (worker, group) in enumerate(zip(walkers, groups, strict=False)):
                if group:
                    maker.day.jobs.append(BeatJob(id=f"beat-{today.date}-{post.id}-{shift_id}-{k + 1}", worker=worker,
                                                  shift=shifts[shift_id], posts=(post.id,), must=tuple(group),
                                                  walks=(), date=today.date, wage_per_h=today.wages.get("unit", 0.0)))
        for duty in post.duties:
            if duty.kind == "check" and not any(check_windows(scenario, duty, h) for h in hours.values()):
                maker.day.undone.append((post.id, duty, "no shift of the unit on duty that day covers the zone's hours"))


def _unit_duties_on(scenario: Scenario, post: Post, shift_id: str, hours: dict[str, tuple[float, float]]) -> list[Duty]:
    """The unit's duties a shift does: hotspot passes on every shift, each zone's checks on the shift covering it best."""
    def cover(duty: Duty, h: tuple[float, float]) -> float:
        assert duty.window is not None
        return min(duty.window[1], h[1]) - max(duty.window[0], h[0]) if check_windows(scenario, duty, h) else -1.0

    out = []
    for duty in post.duties:
        if duty.kind != "check":
            out.append(duty)
        elif cover(duty, hours[shift_id]) >= 0 and shift_id == max(hours, key=lambda s: (cover(duty, hours[s]), s)):
            out.append(duty)
    return out


def _share_out(scenario: Scenario, works: list[Work], beats: int, ids: list[str]) -> list[list[Work]]:
    """Works split among beats by place, neighbouring places together (west to east in bands of equal count);
    each place's works (all its passes, all its checks) stay on one beat."""
    nodes = scenario.index.nodes
    places = sorted({w.entry for w in works}, key=lambda n: (nodes[ids[n]].lon, nodes[ids[n]].lat, n))
    groups: list[list[Work]] = [[] for _ in range(min(beats, len(places)))]
    for k, place in enumerate(places):
        groups[k * len(groups) // len(places)] += [w for w in works if w.entry == place]
    return groups


def post_centres(scenario: Scenario, posts: list[Post]) -> dict[str, np.ndarray]:
    """Mean position (lon, lat) of each chief post's street ends, to find the nearest cover."""
    nodes = scenario.index.nodes
    out = {}
    for p in posts:
        pts = [(nodes[n].lon, nodes[n].lat) for s in p.segments
               for n in (scenario.index.segments[s].from_node, scenario.index.segments[s].to_node)]
        out[p.id] = np.mean(np.array(pts), axis=0) if pts else np.zeros(2)
    return out


def day_jobs(scenario: Scenario, posts: list[Post], today: Day, network: tuple[dict[str, int], list[str]],
             centres: dict[str, np.ndarray]) -> DayJobs:
    """Every beat job of one date (chiefs first, then units); ``network``: node id → index and back."""
    day = DayJobs()
    maker = WorkMaker(scenario, network[0], network[1], day)
    chief_jobs(scenario, posts, today, maker, centres)
    unit_jobs(scenario, posts, today, maker)
    return day
