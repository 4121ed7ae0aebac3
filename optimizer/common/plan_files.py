"""Writing a plan for people and GIS tools: plan.json, routes.geojson, stops.csv, unserved.csv, summary.txt."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from optimizer.common.kinds import kind_label
from optimizer.common.plan import Plan, save_plan
from scenarios.files.atomic import atomic_write_text
from scenarios.model import Scenario, format_clock


def routes_geojson(scenario: Scenario, plan: Plan) -> dict:
    """A FeatureCollection: one LineString per route (WGS-84 lon/lat) with its vehicle, shift and cost."""
    nodes = scenario.index.nodes
    features = []
    for kind, part in plan.parts.items():
        for r in part.routes:
            coords = [[nodes[n].lon, nodes[n].lat] for n in r.path if n in nodes]
            if len(coords) < 2:
                continue
            features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                             "properties": {"route": r.id, "kind": kind, "vehicle": r.vehicle, "crew": r.crew,
                                            "shift": r.shift, "stops": len(r.stops), "distance_m": r.distance_m,
                                            "duration_min": r.duration_min, "cost": r.cost}})
    return {"type": "FeatureCollection", "features": features}


def summary_lines(plan: Plan) -> list[str]:
    """One line per part (中文 / English): routes, unserved, distance, cost, engine, status."""
    lines = [f"plan for {plan.scenario}, day {plan.day}"]
    for kind, part in plan.parts.items():
        served = sum(1 for r in part.routes for s in r.stops if s.kind not in ("start", "end", "break", "unload", "refill"))
        lines.append(f"{kind_label(kind)} {kind}: {part.status}, {len(part.routes)} routes, {served} stops served, "
                     f"{len(part.unserved)} unserved, {part.distance_m / 1000:.1f} km, cost {part.cost:,.2f}, "
                     f"engine {part.engine or '-'}, {part.solve_time_s:.1f} s")
        vehicles = {r.vehicle for r in part.routes if r.vehicle}
        crews = {r.crew for r in part.routes if r.crew and not r.vehicle}
        if vehicles or crews:
            lines.append(f"  used 使用: {len(vehicles)} vehicles, {len(crews)} crews on foot or e-bike")
        reasons = Counter(u.reason.split(":")[0] if ":" in u.reason[:40] else u.reason for u in part.unserved)
        for reason, count in reasons.most_common(8):
            example = next(u for u in part.unserved if u.reason.startswith(reason))
            lines.append(f"  unserved 未完成作业 {count} × {reason} (e.g. {example.ref}: {example.reason})")
        for note in part.notes:
            lines.append(f"  note: {note}")
    return lines


def _csv(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_plan_outputs(scenario: Scenario, plan: Plan, folder: Path) -> list[Path]:
    """Write every output file of a plan into folder (each atomically); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [save_plan(plan, folder)]
    geo = folder / "routes.geojson"
    atomic_write_text(geo, json.dumps(routes_geojson(scenario, plan), ensure_ascii=False))
    stops: list[list[object]] = [["kind", "route", "vehicle", "crew", "shift", "seq", "stop_kind", "ref", "node",
                                  "arrival", "departure", "load_kg"]]
    for kind, part in plan.parts.items():
        for r in part.routes:
            for k, s in enumerate(r.stops):
                stops.append([kind, r.id, r.vehicle or "", r.crew or "", r.shift or "", k, s.kind, s.ref, s.node,
                              format_clock(round(s.arrival_min)), format_clock(round(s.departure_min)), round(s.load_kg, 1)])
    unserved: list[list[object]] = [["kind", "ref", "reason"]]
    unserved += [[u.kind, u.ref, u.reason] for p in plan.parts.values() for u in p.unserved]
    for name, text in (("stops.csv", _csv(stops)), ("unserved.csv", _csv(unserved)),
                       ("summary.txt", "\n".join(summary_lines(plan)) + "\n")):
        atomic_write_text(folder / name, text)
        paths.append(folder / name)
    return [paths[0], geo, *paths[1:]]
