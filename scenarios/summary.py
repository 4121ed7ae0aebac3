"""Entity counts of a scenario, as `main.py validate` and `info` print them."""

from __future__ import annotations

from collections import Counter

from .model import Scenario


def entity_counts(s: Scenario) -> dict[str, int | float]:
    """Named counts a planner checks against the district's published figures."""
    segments = s.street_graph.segments
    skills = Counter(skill for w in s.workforce.workers for skill in set(w.skills))
    points = Counter(p.kind for p in s.collection_points)
    return {
        "chiefs": len(s.workforce.chiefs),
        "toilets": len(s.facilities.toilets),
        "service_stations": len(s.facilities.service_stations),
        "back_alleys": len({g.name_zh for g in segments if g.street_class == "back_alley"}),
        "back_alleys_2017": len({g.name_zh for g in segments if g.alley_upgrade_year == 2017}),
        "back_alleys_2018": len({g.name_zh for g in segments if g.alley_upgrade_year == 2018}),
        "featured_streets": len({g.name_zh for g in segments if g.featured_year}),
        "restaurants": points["restaurant"],
        "enforcement_staff": skills["enforcement_officer"],
        "enforcement_units": sum(1 for t in s.workforce.teams if t.kind == "enforcement"),
        "nodes": len(s.street_graph.nodes),
        "segments": len(segments),
        "street_km": round(sum(g.length_m for g in segments) / 1000, 1),
        "collection_points": len(s.collection_points),
        "residential_points": points["residential"],
        "commercial_points": points["commercial"],
        "waste_t_per_day": round(sum(p.mean_kg_per_day for p in s.collection_points) / 1000, 1),
        "depots": len(s.facilities.depots),
        "transfer_stations": sum(1 for t in s.facilities.transfer_stations if t.kind == "transfer"),
        "disposal_sites": sum(1 for t in s.facilities.transfer_stations if t.kind == "disposal"),
        "vehicles": len(s.fleet.vehicles),
        "workers": len(s.workforce.workers),
        "shift_templates": len(s.shifts.templates),
    }


LABELS = {
    "chiefs": "街长/路长/巷长 chiefs",
    "toilets": "公厕 public toilets",
    "service_stations": "驿站 micro-service stations",
    "back_alleys": "背街小巷 back alleys",
    "back_alleys_2017": "  upgraded 2017",
    "back_alleys_2018": "  upgraded 2018",
    "featured_streets": "特色街区 featured streets",
    "restaurants": "餐馆 restaurants (evening collection)",
    "enforcement_staff": "执法队员 enforcement staff",
    "enforcement_units": "执法中队 enforcement units",
    "nodes": "路口 street nodes",
    "segments": "路段 street segments",
    "street_km": "道路长度 street length (km)",
    "collection_points": "垃圾收集点 collection points",
    "residential_points": "  residential",
    "commercial_points": "  commercial",
    "waste_t_per_day": "日产垃圾 waste per day (t)",
    "depots": "停车场 depots",
    "transfer_stations": "中转站 transfer stations",
    "disposal_sites": "处置场 disposal sites",
    "vehicles": "车辆 vehicles",
    "workers": "作业人员 workers",
    "shift_templates": "班次 shift templates",
}


def format_counts(s: Scenario) -> str:
    lines = [f"{s.district.name_zh} / {s.district.name_en}"]
    for key, value in entity_counts(s).items():
        lines.append(f"  {LABELS[key]:<40} {value}")
    return "\n".join(lines)
