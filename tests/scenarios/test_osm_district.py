"""`main.py import osm`: a whole district from an OpenStreetMap file (XML and PBF made here), that plans and
simulates; facilities on distinct nodes, names from the file, no machine path, same file and seed same bytes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.osm_city import write_city
from main import main
from scenarios.files.load import load_scenario


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One small city as XML and PBF, imported once from each."""
    folder = tmp_path_factory.mktemp("city")
    out = {}
    for name in ("city.osm", "city.osm.pbf"):
        source = write_city(folder / name, cols=8, rows=6)
        target = folder / name.replace(".", "_") / "district.yaml"
        assert main(["import", "osm", str(source), "--out", str(target), "--lang", "en"]) == 0
        out[name] = target
    return out


def _facility_nodes(scenario) -> list[str]:
    f = scenario.facilities
    return [x.node for table in (f.depots, f.transfer_stations, f.service_stations, f.toilets) for x in table] + \
        [p.node for p in scenario.collection_points]


def test_the_district_is_named_placed_and_complete(city: dict[str, Path]) -> None:
    s = load_scenario(city["city.osm.pbf"])
    assert (s.district.name_zh, s.district.name_en) == ("测试街道", "Test Subdistrict")  # the file's place node
    lons = [n.lon for n in s.street_graph.nodes]
    lats = [n.lat for n in s.street_graph.nodes]
    assert min(lons) < s.district.center_lon < max(lons) and min(lats) < s.district.center_lat < max(lats)
    assert any(g.shape for g in s.street_graph.segments)  # the real course of the streets is kept
    # Every facility and point on its own node (the file puts no two in one place).
    used = Counter(_facility_nodes(s))
    assert used.most_common(1)[0][1] == 1
    # The mapped toilet and transfer station are there under their own names; the rest is placed by rule.
    assert "公厕1" in {t.name_zh for t in s.facilities.toilets}
    assert "城东垃圾压缩中转站" in {t.name_zh for t in s.facilities.transfer_stations}
    assert len(s.collection_points) > 20 and s.fleet.vehicles and s.workforce.workers and s.workforce.chiefs


def test_no_path_of_this_machine_is_written(city: dict[str, Path]) -> None:
    target = city["city.osm"]
    texts = [p.read_text(encoding="utf-8") for p in [target, *target.parent.glob("district/*.csv")]]
    assert not any(str(target.parent.parent) in t or "/tmp" in t for t in texts)
    assert "city.osm" in load_scenario(target).district.description


def test_xml_and_pbf_give_the_same_district(city: dict[str, Path]) -> None:
    a, b = (load_scenario(city[n]).model_dump() for n in ("city.osm", "city.osm.pbf"))
    a["district"].pop("description"), b["district"].pop("description")
    assert a == b


def test_same_file_and_seed_give_the_same_bytes(city: dict[str, Path], tmp_path: Path) -> None:
    source = next(city["city.osm.pbf"].parents[1].glob("city.osm.pbf"))
    again = tmp_path / "again" / "district.yaml"
    assert main(["import", "osm", str(source), "--out", str(again)]) == 0
    first = sorted(p.name for p in city["city.osm.pbf"].parent.rglob("*") if p.is_file())
    assert sorted(p.name for p in again.parent.rglob("*") if p.is_file()) == first  # hashed side-file names


def test_the_imported_district_plans_and_simulates(city: dict[str, Path], tmp_path: Path) -> None:
    """Every kind feasible, every item served, the independent checks valid; the simulation runs on it."""
    scenario = city["city.osm.pbf"]
    assert main(["plan", str(scenario), "--what", "all", "--time-limit", "15", "--out", str(tmp_path / "plan")]) == 0
    parts = json.loads((tmp_path / "plan" / "plan.json").read_text(encoding="utf-8"))["parts"]
    assert set(parts) == {"garbage", "sweeping", "toilets", "patrols"}
    for kind, part in parts.items():
        assert part["status"] == "feasible", kind
        assert part["unserved"] == [], (kind, part["unserved"][:3])
        assert "independent check: valid" in part["notes"], (kind, part["notes"])
        assert all(r["distance_m"] > 0 for r in part["routes"])
    assert main(["simulate", str(scenario), "--plan", str(tmp_path / "plan"), "--days", "1", "--replications", "1",
                 "--out", str(tmp_path / "sim")]) == 0


def test_an_area_polygon_keeps_only_the_streets_inside(city: dict[str, Path], tmp_path: Path) -> None:
    whole = load_scenario(city["city.osm.pbf"])
    lons = sorted(n.lon for n in whole.street_graph.nodes)
    lats = sorted(n.lat for n in whole.street_graph.nodes)
    x0, x1, y0, y1 = lons[0] - 1e-4, (lons[0] + lons[-1]) / 2, lats[0] - 1e-4, lats[-1] + 1e-4
    area = tmp_path / "west.geojson"
    area.write_text(json.dumps({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
        [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}}), encoding="utf-8")
    source = next(city["city.osm.pbf"].parents[1].glob("city.osm.pbf"))
    out = tmp_path / "west.yaml"
    assert main(["import", "osm", str(source), "--area", str(area), "--out", str(out)]) == 0
    west = load_scenario(out)
    assert 0 < len(west.street_graph.segments) < len(whole.street_graph.segments)
    assert all(n.lon <= x1 for n in west.street_graph.nodes)


def test_a_polygon_file_that_is_not_one_is_a_located_error(city: dict[str, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    area = tmp_path / "points.geojson"
    area.write_text('{"type": "Point", "coordinates": [103.9, 30.5]}', encoding="utf-8")
    source = next(city["city.osm.pbf"].parents[1].glob("city.osm.pbf"))
    out = tmp_path / "x.yaml"
    assert main(["import", "osm", str(source), "--area", str(area), "--out", str(out)]) == 1
    assert f"error: {area}: no Polygon or MultiPolygon found" in capsys.readouterr().err
    assert not out.exists()


def test_streets_and_facilities_export_to_geojson(city: dict[str, Path], tmp_path: Path) -> None:
    scenario = load_scenario(city["city.osm"])
    out = tmp_path / "district.geojson"
    assert main(["export-geojson", str(city["city.osm"]), "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    layers = Counter(f["properties"]["layer"] for f in features)
    assert layers["street"] == len(scenario.street_graph.segments)
    assert layers["toilet"] == len(scenario.facilities.toilets)
    assert layers["collection_point"] == len(scenario.collection_points)
    bent = next(g for g in scenario.street_graph.segments if g.shape)
    line = next(f for f in features if f["properties"].get("id") == bent.id and f["properties"]["layer"] == "street")
    assert len(line["geometry"]["coordinates"]) == 2 + len(bent.shape) // 2
