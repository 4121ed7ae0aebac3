"""Size and build the workforce and direct roster demand from the work a generated district needs."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from scenarios.assessment import gap_windows, street_pass_windows, window_width
from scenarios.model import CleaningGrade, Standards

from . import people
from .posts import deputy_posts
from .spec import DistrictSpec
from .standards import CLEANING_GRADES, TOILET_GRADES

GRADES = {g["grade"]: CleaningGrade.model_validate(g) for g in CLEANING_GRADES}
TOILET_CLASSES = {g["grade"]: g for g in TOILET_GRADES}
TOILET_TRAVEL_MIN = 16  # e-bike ride between two toilets of a round, and the wait for a window (A)
TOILET_HOURS = (6 * 60, 23 * 60)  # round hours; 24-hour toilets have an attendant outside them
TOILET_RESERVE_MIN = Standards.model_fields["toilet_interval_reserve_min"].default  # the schema's default
TEAM_SIZE = 120  # largest sanitation crew (班组); bigger ones are split into numbered crews
# The planners' sweeping norms (optimizer.common.norms), restated here to size crews: m2 an hour of
# a kerb lane at most 3 m wide, and the share of a window left for sweeping after the walk.
MANUAL_SWEEP_M2_PER_H = 2000.0
MANUAL_STRIP_M = 3.0
WALK_ALLOWANCE = 0.85
# Manual beats cannot split a street, so they hold on average about 65 % of their target area
# (measured by the planner on the Shuangliu streets).
MANUAL_BEAT_FILL = 0.65
SHIFT_SPAN = {"early": (4.5 * 60, 12.5 * 60), "late": (13.5 * 60, 21.5 * 60)}  # the sweeping shifts


def _shift_of(window: tuple[float, float]) -> str | None:
    overlap = {s: min(b, window[1]) - max(a, window[0]) for s, (a, b) in SHIFT_SPAN.items()}
    best = max(overlap, key=lambda s: (overlap[s], s == "early"))
    return best if overlap[best] > 0 else None


def manual_posts(segments: list[dict]) -> dict[str, float]:
    """Crews on foot needed per sweeping shift: one per beat, beats sized as the planner sizes them.

    A beat is at most the grade's manual_m2_per_shift and small enough to be swept inside the grade's
    shortest pass window; its crew sweeps it on every shift that has one of its grade's passes.
    """
    by_shift = {"early": 0.0, "late": 0.0}
    for grade_id, grade in GRADES.items():
        windows = street_pass_windows(grade)
        if not windows:
            continue
        shortest_h = min(b - a for a, b in windows) / 60
        target = min(grade.manual_m2_per_shift, MANUAL_SWEEP_M2_PER_H * shortest_h * WALK_ALLOWANCE)
        area = sum(g["length_m"] * min(g["width_m"] / g["sides"], MANUAL_STRIP_M) * g["sides"] for g in segments
                   if g["street_class"] in ("branch", "back_alley") and g["cleaning_grade"] == grade_id)
        for shift in {s for w in windows if (s := _shift_of(w)) is not None}:
            by_shift[shift] += area / (target * MANUAL_BEAT_FILL)
    return by_shift


def toilet_minutes(toilets: list[dict]) -> float:
    """Minutes of cleaning and riding a day for the toilets to keep their class's interval, spaced as the
    planner spaces them (the interval less the standards' reserve for delays)."""
    total = 0.0
    for t in toilets:
        cls = TOILET_CLASSES[t["grade"]]
        interval = max(cls["cleaning_interval_min"] / 2, cls["cleaning_interval_min"] - TOILET_RESERVE_MIN)
        visits = len(gap_windows(*TOILET_HOURS, interval, window_width(interval)))
        total += visits * (cls["cleaning_min"] + TOILET_TRAVEL_MIN)
    return total


def posts_per_day(spec: DistrictSpec, segments: list[dict], toilets: list[dict], vehicles: list[dict]) -> dict[str, dict[str, float]]:
    """Workers needed on each shift per day, by skill: {skill: {shift: posts}}."""
    active = Counter(v["type"] for v in vehicles if not v["spare"])
    trucks = active["compactor_8t"] + active["compactor_5t"]
    toilet_posts = toilet_minutes(toilets) / 450
    officers = spec.enforcement_staff / spec.staffing_margin
    return {
        "driver": {"collection": trucks + active["bucket_2t"], "restaurant": active["kitchen_5t"], "night": active["washer"]},
        "loader": {"collection": 2 * trucks + active["bucket_2t"], "restaurant": active["kitchen_5t"]},
        # Every sweeper runs the early and the late passes of the grades.
        "sweeper_operator": {"early": active["sweeper"], "late": active["sweeper"]},
        "manual_sweeper": manual_posts(segments),
        "toilet_cleaner": {"toilet_day": 0.4 * toilet_posts, "toilet_mid": 0.2 * toilet_posts,
                           "toilet_evening": 0.4 * toilet_posts},
        "enforcement_officer": {"patrol_early": 0.15 * officers, "patrol_day": 0.5 * officers,
                                "patrol_late": 0.35 * officers},
        "chief": {"patrol_day": spec.chiefs / spec.staffing_margin},
    }


# Seven parameters: the district parts the workforce is sized from, shared by the generator and the OSM importer.
def build_workforce(spec: DistrictSpec, rng: np.random.Generator, segments: list[dict], facilities: dict,
                    fleet: dict, territory: np.ndarray, mids: np.ndarray | None = None) -> tuple[dict, list[dict]]:
    """Teams, workers, chiefs and the direct demand rules a roster can be made from."""
    depots = [d["id"] for d in facilities["depots"]]
    posts = posts_per_day(spec, segments, facilities["toilets"], fleet["vehicles"])
    fixed = dict(spec.fixed_headcount)
    units = [f"U{i + 1}" for i in range(spec.enforcement_units)]
    teams = [{"id": u, "name_zh": f"综合行政执法{i + 1}中队", "name_en": f"Enforcement unit {i + 1}",
              "kind": "enforcement", "zone": f"Z{i + 1}"} for i, u in enumerate(units)]
    teams += [{"id": f"C{i + 1}", "name_zh": f"街长{i + 1}组", "name_en": f"Chiefs group {i + 1}",
               "kind": "chiefs", "zone": f"Z{i + 1}"} for i in range(spec.enforcement_units)]
    functions = {"collect": ("清运", "collection", ["driver", "loader"]),
                 "sweep": ("清扫", "sweeping", ["sweeper_operator", "manual_sweeper"]),
                 "toilet": ("公厕保洁", "toilets", ["toilet_cleaner"])}
    for d in depots:
        for key, (zh, en, _) in functions.items():
            teams.append({"id": f"{d}-{key}", "name_zh": f"{d}{zh}班组", "name_en": f"{d} {en} crew", "kind": "sanitation"})

    workers: list[dict] = []
    heads: dict[str, int] = {"enforcement_officer": spec.enforcement_staff, "chief": spec.chiefs}
    skill_team = {skill: key for key, (_, _, skills) in functions.items() for skill in skills}
    prefixes = {"driver": "DRV", "loader": "LDR", "sweeper_operator": "SWO", "manual_sweeper": "SWM", "toilet_cleaner": "TLC"}
    for skill, prefix in prefixes.items():
        count = fixed.get(skill) or people.headcount(sum(posts[skill].values()), spec.staffing_margin)
        heads[skill] = count
        regime = "comprehensive" if skill in ("driver", "loader") else "standard"
        team_ids = [f"{d}-{skill_team[skill]}" for d in depots]
        extra = ["sweeper_operator"] if skill == "driver" and rng.random() < 0.5 else []
        group = people.WorkerGroup(prefix, count, [skill, *extra] if skill == "driver" else [skill], team_ids, regime,
                                   list(posts[skill]), list(depots))
        workers += people.make_workers(rng, group, spec.start_date)
    teams, workers = _split_large_teams(teams, workers)
    officers = people.WorkerGroup("OFF", spec.enforcement_staff, ["enforcement_officer"], units, "standard",
                                  list(posts["enforcement_officer"]), [None])
    workers += people.make_workers(rng, officers, spec.start_date)
    chiefs, chief_workers = _chiefs(spec, rng, segments, territory)
    if mids is not None and len(chiefs) > 1:  # each post's deputy: the chief of the paired neighbouring post
        for chief, other in zip(chiefs, deputy_posts(territory, mids, len(chiefs)), strict=True):
            chief["deputy"] = chiefs[other]["worker"]
    workers += chief_workers
    demand = _demand(posts, spec, heads)
    return {"teams": teams, "workers": workers, "chiefs": chiefs}, demand


def _split_large_teams(teams: list[dict], workers: list[dict]) -> tuple[list[dict], list[dict]]:
    """Sanitation crews (班组) of more than TEAM_SIZE people become numbered crews of a depot."""
    members = Counter(w["team"] for w in workers)
    out = []
    for team in teams:
        parts = math.ceil(members.get(team["id"], 0) / TEAM_SIZE)
        if parts <= 1:
            out.append(team)
            continue
        out += [{**team, "id": f"{team['id']}-{k + 1}", "name_zh": f"{team['name_zh']}{k + 1}组",
                 "name_en": f"{team['name_en']} {k + 1}"} for k in range(parts)]
        # Contiguous chunks in skill order keep a rare skill (the few sweeper operators) in one crew,
        # so each crew can cover its share of that skill's shifts on its own.
        mine = sorted((w for w in workers if w["team"] == team["id"]), key=lambda w: (w["skills"][0], w["id"]))
        size = math.ceil(len(mine) / parts)
        for i, w in enumerate(mine):
            w["team"] = f"{team['id']}-{i // size + 1}"
    return out, workers


def _chiefs(spec, rng, segments, territory) -> tuple[list[dict], list[dict]]:
    by_chief: dict[int, Counter] = defaultdict(Counter)
    zone_of: dict[int, Counter] = defaultdict(Counter)
    for g, t in zip(segments, territory, strict=True):
        by_chief[int(t)][g["street_class"]] += 1
        zone_of[int(t)][g["zone"]] += 1
    chiefs, workers = [], []
    for t in range(spec.chiefs):
        zone = zone_of[t].most_common(1)[0][0] if zone_of[t] else "Z1"
        unit = f"C{zone[1:]}"
        level = people.chief_level(by_chief[t]) if by_chief[t] else "street"
        zh, en = people.person_name(rng)
        worker_id = f"CHW{t + 1:03d}"
        workers.append({"id": worker_id, "name_zh": zh, "name_en": en, "team": unit, "skills": ["chief"],
                        "regime": "standard", "contract_hours_per_week": 40.0})
        title = {"road": ("路长", "road chief"), "street": ("街长", "street chief"), "lane": ("巷长", "lane chief")}[level]
        chiefs.append({"id": f"CH{t + 1:03d}", "name_zh": f"{zh}（{title[0]}）", "name_en": f"{en} ({title[1]})",
                       "level": level, "worker": worker_id, "unit": unit})
    return chiefs, workers


def _demand(posts: dict[str, dict[str, float]], spec: DistrictSpec, heads: dict[str, int]) -> list[dict]:
    """Direct demand: the posts per shift, fewer chiefs and officers at weekends.

    A week's posts of a skill stay within what its workers can legally fill (five shifts a week
    each, a little under for leave): small crews get fewer posts rather than an impossible roster.
    """
    rules: list[dict[str, Any]] = []
    for skill, shifts in posts.items():
        first = len(rules)
        for shift, count in shifts.items():
            need = math.ceil(count * 0.95) if skill in ("manual_sweeper", "toilet_cleaner") else math.ceil(count)
            if need <= 0:
                continue
            if skill in ("chief", "enforcement_officer"):
                rules.append({"skill": skill, "shift": shift, "count": need, "weekdays": [0, 1, 2, 3, 4]})
                rules.append({"skill": skill, "shift": shift, "count": max(1, math.ceil(need * 0.6)), "weekdays": [5, 6]})
            else:
                rules.append({"skill": skill, "shift": shift, "count": need})
        _cap_weekly(rules[first:], int(heads.get(skill, 0) * 5 * 0.97))
        weekday = {r["shift"]: r["count"] for r in rules[first:] if r.get("weekdays") == [0, 1, 2, 3, 4]}
        for r in rules[first:]:
            if r.get("weekdays") == [5, 6]:
                r["count"] = min(r["count"], weekday.get(r["shift"], r["count"]))  # weekends are never busier
    return rules


def _cap_weekly(rules: list[dict], cap: int) -> None:
    """Lower the largest counts until a week's posts fit in ``cap`` worker-shifts (never below 1)."""
    def weekly() -> int:
        return sum(r["count"] * len(r.get("weekdays", range(7))) for r in rules)

    while rules and weekly() > cap:
        largest = max(rules, key=lambda r: (r["count"], len(r.get("weekdays", range(7))), r["shift"]))
        if largest["count"] <= 1:
            break
        largest["count"] -= 1
