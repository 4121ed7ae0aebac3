"""A whole scenario from an OpenStreetMap district: its streets and named facilities from the file,
everything else placed and sized by the generator's rules and stated as assumptions to replace."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.cluster.vq import kmeans2
from scipy.spatial import ConvexHull

from ..files.load import _Locator, scenario_from_data
from ..generate import (
    DEFAULT_SEED,
    ScenarioParts,
    collection_point_row,
    enforcement_zones,
    fleet_section,
    incidents_section,
    scenario_data,
    toilet_row,
    vendor_zone_row,
)
from ..generator import places
from ..generator.staffing import build_workforce
from ..model import Scenario
from ..model.common import SKILL_ZH
from . import osm_places as op
from .osm import OsmDistrict, OsmFeature
from .osm_sizing import DistrictMeasures, measures, spec_for, with_trucks

FEATURE_SNAP_M = 250.0
# Mean day's waste of a generated point (generate.collection_point_row): 2–4 bins at 35–60 % of 160 kg; shops 120–220 kg.
RESIDENTIAL_KG = 3 * 160 * 0.475 / 1000
COMMERCIAL_KG = 170 / 1000  # a mapped facility farther than this from every kept street is left out
INCIDENT_WEIGHT = {"arterial": 1.5, "secondary": 1.3, "branch": 1.0, "back_alley": 0.8}
Line = tuple[str, str]  # (zh, en)
FEATURE_NAMES = {"toilet": ("公厕", "toilet"), "collection_point": ("收集点", "collection point"),
                 "transfer": ("中转站", "transfer station"), "disposal": ("处置场", "disposal site"),
                 "depot": ("停车场", "depot"), "recycling": ("回收站", "recycling centre")}


@dataclass
class DistrictImport:
    """The imported scenario and what the planner should know about it."""

    scenario: Scenario
    from_data: list[Line] = field(default_factory=list)
    assumptions: list[Line] = field(default_factory=list)

    def lines(self, lang: str = "en") -> list[str]:
        k = 0 if lang == "zh" else 1
        out = [("来自数据：", "From the data:")[k], *(f"  - {line[k]}" for line in self.from_data)]
        out += [("假设（请用本局数据替换）：", "Assumptions (replace them with the bureau's own lists):")[k]]
        out += [f"  - {line[k]}" for line in self.assumptions]
        return out


def district_from_osm(osm: OsmDistrict, source: Path, name: str | None = None, population: int | None = None,
                      seed: int = DEFAULT_SEED) -> DistrictImport:
    """Build and validate the scenario of an OSM district (``osm``: scenarios.importers.osm.OsmDistrict)."""
    # Rows are changed below (class, zone, chief): copy them, not the big shared lists inside.
    graph = {"nodes": list(osm.street_graph["nodes"]), "segments": [dict(g) for g in osm.street_graph["segments"]]}
    lanes = _lanes_outside_the_drivable_core(graph["segments"])
    lons = np.array([n["lon"] for n in graph["nodes"]])
    lats = np.array([n["lat"] for n in graph["nodes"]])
    centre = (round(float(lons.min() + lons.max()) / 2, 6), round(float(lats.min() + lats.max()) / 2, 6))
    table = op.node_table(graph, centre, np.asarray(osm.buildings, dtype=float).reshape(-1, 2))
    area_km2 = float(ConvexHull(table.xy).volume) / 1e6 if len(table.xy) >= 3 else 0.01
    place_zh, place_en = osm.name_zh, osm.name_en
    name_zh = name or place_zh or place_en or source.name.split(".")[0]
    name_en = name or place_en or place_zh or source.name.split(".")[0]
    m = measures(graph["segments"], max(area_km2, 0.01), population)
    spec = spec_for(m, name_zh, name_en, centre)
    result = DistrictImport(scenario=None)  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    alley_km = sum(g["length_m"] for g in graph["segments"] if g["street_class"] == "back_alley") / 1000
    # Stations are sized on the waste the points will make, and placed before the points take nodes.
    spec = with_trucks(spec, spec.residential_points * RESIDENTIAL_KG + spec.commercial_points * COMMERCIAL_KG, alley_km)
    facilities = {"depots": _depots(osm, table, centre, spec, result),
                  "transfer_stations": _stations(osm, table, centre, spec, result)}
    points, vendors = _place(osm, table, centre, spec, rng, facilities, result)
    tonnes = sum(p["mean_kg_per_day"] for p in points if p["kind"] != "restaurant") / 1000
    spec = with_trucks(spec, tonnes, alley_km)
    territory, mids = _zones_and_chiefs(graph["segments"], table, spec, rng)
    fleet = fleet_section(spec, facilities["depots"])
    workforce, demand = build_workforce(spec, rng, graph["segments"], facilities, fleet, territory, mids)
    district = {"name_zh": name_zh, "name_en": name_en, "center_lon": centre[0], "center_lat": centre[1],
                "population": m.population, "area_km2": round(m.area_km2, 3),
                "description": f"Imported from OpenStreetMap ({source.name}); facilities, fleet and staff "
                               f"placed and sized by the generator's rules (seed {seed})."}
    incidents = incidents_section(spec, enforcement_zones(spec, rng), vendors, seed)
    data = scenario_data(spec, seed, ScenarioParts(district, graph, facilities, points, fleet, workforce, demand, incidents))
    result.scenario = scenario_from_data(data, _Locator(source.name, {}))
    _describe(osm, m, spec, fleet, workforce, result)
    if lanes:
        result.assumptions.append((f"{lanes} 段街道只能经小巷到达，按小巷作业（桶装车、人工、电动车）",
                                   f"{lanes} segments reachable only through lanes are served as lanes "
                                   f"(bin trucks, crews on foot, e-bikes)"))
    return result


def _lanes_outside_the_drivable_core(segments: list[dict]) -> int:
    """Streets trucks and sweepers cannot reach and leave without using lanes (which they may not drive)
    become lanes, so every truck street lies in one strongly connected core; returns how many changed."""
    from .osm import largest_strong_part

    roads = [g for g in segments if g["street_class"] != "back_alley"]
    if not roads:
        return 0
    core = {g["id"] for g in largest_strong_part(roads)[0]}
    changed = 0
    for g in roads:
        if g["id"] not in core:
            # Swept by hand then: grades 1–2 have passes only a machine's pace fits in their windows.
            g["street_class"], g["cleaning_grade"] = "back_alley", max(3, g["cleaning_grade"])
            changed += 1
    return changed


def _snapped(osm: OsmDistrict, kind: str, table: op.NodeTable, centre: tuple[float, float],
             result: DistrictImport) -> list[tuple[int, OsmFeature]]:
    """(node, feature) of the file's facilities of a kind that lie near a kept street."""
    feats = [f for f in osm.features if f.kind == kind]
    out = []
    for f, (node, dist) in zip(feats, op.snap(table, [(f.lon, f.lat) for f in feats], centre, FEATURE_SNAP_M),
                               strict=True):
        if node < 0:
            zh, en = FEATURE_NAMES.get(kind, (kind, kind))
            result.from_data.append((f"{zh} {f.osm_id} 距最近街道 {dist:.0f} 米，未导入",
                                     f"{en} {f.osm_id} is {dist:.0f} m from the nearest kept street: left out"))
            continue
        table.taken.add(node)
        out.append((node, f))
    return out


def _depots(osm: OsmDistrict, table: op.NodeTable, centre: tuple[float, float], spec, result: DistrictImport) -> list[dict]:
    """Depots from the data, the rest at well-connected nodes on the edge."""
    mapped = _snapped(osm, "depot", table, centre, result)
    hubs = op.edge_hubs(table, max(0, spec.depots - len(mapped)))
    depots = []
    for i, node in enumerate([n for n, _ in mapped] + hubs):
        zh, en = places.facility_name("环卫停车场", "depot", i)
        if i < len(mapped):
            zh, en = mapped[i][1].name_zh or zh, mapped[i][1].name_en or en
        depots.append({"id": f"D{i + 1}", "name_zh": zh, "name_en": en, "node": table.ids[node]})
    _count_lines({"depots": (len(mapped), len(hubs))}, result)
    return depots


# Seven parameters: the import's working state (OSM data, node table, centre, spec, rng, facilities, report).
def _place(osm: OsmDistrict, table: op.NodeTable, centre: tuple[float, float], spec, rng: np.random.Generator,
           facilities: dict, result: DistrictImport) -> tuple[list[dict], list[dict]]:
    """Toilets, service stations, collection points and vendor zones on distinct free nodes."""
    toilets_data = _snapped(osm, "toilet", table, centre, result)
    bins_data = _snapped(osm, "collection_point", table, centre, result)
    arterial = table.rank == 0
    toilet_nodes = [n for n, _ in toilets_data]
    toilet_nodes += op.spread(table, max(0, spec.toilets - len(toilet_nodes)), table.rank <= 2, toilet_nodes)
    toilets = [toilet_row(i, table.ids[n], bool(arterial[n]), False, rng) for i, n in enumerate(toilet_nodes)]
    for row, (_, f) in zip(toilets, toilets_data, strict=False):
        row["name_zh"], row["name_en"] = f.name_zh or row["name_zh"], f.name_en or row["name_en"]
    service_nodes = op.spread(table, spec.service_stations, table.rank <= 2, toilet_nodes)
    hosts = ("shop", "guard_room", "community", "standalone")
    service = []
    for i, n in enumerate(service_nodes):
        zh, en = places.facility_name("环卫驿站", "service station", i + 20)
        service.append({"id": f"MS{i + 1:03d}", "name_zh": f"{zh}{i + 1}号", "name_en": f"{en} {i + 1}",
                        "node": table.ids[n], "host": hosts[i % 4]})
    facilities["toilets"], facilities["service_stations"] = toilets, service
    homes = [n for n, _ in bins_data] + op.weighted(table, max(0, spec.residential_points - len(bins_data)),
                                                    op.residential_weight(table), rng)
    shops = op.weighted(table, spec.commercial_points, op.commercial_weight(table), rng)
    kitchens = op.weighted(table, spec.restaurants, op.commercial_weight(table), rng)
    kinds = [("residential", n) for n in homes] + [("commercial", n) for n in shops] + [("restaurant", n) for n in kitchens]
    points = [collection_point_row(i, kind, table.ids[n], bool(arterial[n]), rng) for i, (kind, n) in enumerate(kinds)]
    vendor_nodes = op.weighted(table, spec.vendor_zones, op.commercial_weight(table), rng)
    vendors = [vendor_zone_row(i, table.ids[n]) for i, n in enumerate(vendor_nodes)]
    _count_lines({"toilets": (len(toilets_data), len(toilets) - len(toilets_data)),
                  "collection points": (len(bins_data), len(points) - len(bins_data))}, result)
    short = spec.residential_points + spec.commercial_points + spec.restaurants - len(points)
    if short > 0:
        result.assumptions.append((f"街道节点不足，少放置 {short} 个收集点", f"{short} collection points fewer than "
                                   f"sized: not enough free street nodes"))
    return points, vendors


def _stations(osm: OsmDistrict, table: op.NodeTable, centre: tuple[float, float], spec,
              result: DistrictImport) -> list[dict]:
    """Transfer stations (sized by the day's waste) and the disposal site, from the data or on the edge."""
    mapped = _snapped(osm, "transfer", table, centre, result)
    disposal = _snapped(osm, "disposal", table, centre, result)
    hubs = op.edge_hubs(table, max(0, spec.transfer_stations - len(mapped)) + (0 if disposal else 1))
    nodes = [n for n, _ in mapped] + hubs[:max(0, spec.transfer_stations - len(mapped))]
    stations = []
    for i, n in enumerate(nodes):
        zh, en = places.facility_name("垃圾压缩中转站", "transfer station", i + 10)
        if i < len(mapped):
            zh, en = mapped[i][1].name_zh or zh, mapped[i][1].name_en or en
        stations.append({"id": f"TS{i + 1}", "name_zh": zh, "name_en": en, "kind": "transfer",
                         "node": table.ids[n], "capacity_t_per_day": 300, "opening": "05:30-22:00",
                         "unload_min": 15, "bays": 3})
    site = disposal[0][0] if disposal else hubs[-1]
    stations.append({"id": "DS1", "name_zh": "生活垃圾处置场", "name_en": "Disposal site", "kind": "disposal",
                     "node": table.ids[site], "capacity_t_per_day": 2000, "opening": "00:00-24:00",
                     "unload_min": 20, "bays": 6})
    _count_lines({"transfer stations": (len(mapped), len(nodes) - len(mapped)),
                  "disposal sites": (len(disposal[:1]), 0 if disposal else 1)}, result)
    return stations


def _zones_and_chiefs(segments: list[dict], table: op.NodeTable, spec,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Enforcement zones as a grid over the district, chiefs' territories as clusters of nearby streets
    (with the streets' midpoints, from which posts are paired with their deputies)."""
    index = {n: i for i, n in enumerate(table.ids)}
    mids = np.array([(table.xy[index[g["from_node"]]] + table.xy[index[g["to_node"]]]) / 2 for g in segments])
    lo, hi = table.xy.min(axis=0), table.xy.max(axis=0)
    bounds = (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))
    k = min(spec.chiefs, len(segments))
    territory = kmeans2(mids, k, iter=20, minit="points", rng=rng)[1] if k > 1 else np.zeros(len(mids), dtype=int)
    for g, (mx, my), t in zip(segments, mids, territory, strict=True):
        g["zone"] = f"Z{places.zone_of(float(mx), float(my), bounds, spec.enforcement_units) + 1}"
        g["chief"] = f"CH{int(t) + 1:03d}"
        g["incident_weight"] = INCIDENT_WEIGHT[g["street_class"]]
    return np.asarray(territory), mids


def _count_lines(counts: dict[str, tuple[int, int]], result: DistrictImport) -> None:
    zh_names = {"depots": "停车场", "toilets": "公厕", "collection points": "收集点", "transfer stations": "中转站",
                "disposal sites": "处置场"}
    for what, (mapped, placed) in counts.items():
        if mapped:
            result.from_data.append((f"{zh_names[what]} {mapped} 个取自 OSM 标注", f"{mapped} {what} from OSM tags"))
        if placed:
            result.assumptions.append((f"{zh_names[what]} {placed} 个按规则放置（数据中没有）",
                                       f"{placed} {what} placed by rule (not in the data)"))


def _describe(osm: OsmDistrict, m: DistrictMeasures, spec, fleet: dict, workforce: dict, result: DistrictImport) -> None:
    s = result.scenario
    graph = s.street_graph
    result.from_data[:0] = [
        (f"街道 {len(graph.segments)} 段，共 {m.street_km:.1f} 公里（其中主次干道 {m.machine_km:.1f} 公里），"
         f"节点 {len(graph.nodes)} 个",
         f"streets: {len(graph.segments)} segments, {m.street_km:.1f} km ({m.machine_km:.1f} km arterial or "
         f"secondary), {len(graph.nodes)} nodes"),
        (f"去掉与主路网不连通的 {osm.dropped_segments} 段（{osm.dropped_km:.1f} 公里）",
         f"dropped {osm.dropped_segments} segments ({osm.dropped_km:.1f} km) not connected both ways "
         f"to the main network"),
    ]
    types = {t["id"]: (t["name_zh"], t["name_en"]) for t in fleet["vehicle_types"]}
    vehicles = Counter(v["type"] for v in fleet["vehicles"])
    staff = Counter(w["skills"][0] for w in workforce["workers"])
    result.assumptions[:0] = [
        (f"常住人口 {m.population:,}" + ("（按每公里街道 1,750 人估算；用 --population 给出实际值）" if m.population_estimated else ""),
         f"population {m.population:,}" + (" (estimated at 1,750 per street km; give --population)"
                                            if m.population_estimated else "")),
        (f"面积 {m.area_km2:.2f} 平方公里（街道的凸包）", f"area {m.area_km2:.2f} km² (the streets' convex hull)"),
        ("清扫等级按道路等级：主干道一级、次干道二级、支路三级、小巷四级（见 docs/OSM_IMPORT.md）",
         "cleaning grades by street class: arterial 1, secondary 2, branch 3, alleys 4 (docs/OSM_IMPORT.md)"),
        ("车辆：" + "、".join(f"{types[t][0]} {n} 辆" for t, n in sorted(vehicles.items())),
         "vehicles: " + ", ".join(f"{n} × {types[t][1]}" for t, n in sorted(vehicles.items()))),
        ("人员：" + "、".join(f"{SKILL_ZH.get(k, k)} {n} 人" for k, n in sorted(staff.items())),
         "staff: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(staff.items()))),
        (f"街长 {spec.chiefs} 人，执法中队 {spec.enforcement_units} 个", f"{spec.chiefs} chiefs, "
         f"{spec.enforcement_units} enforcement units"),
    ]
