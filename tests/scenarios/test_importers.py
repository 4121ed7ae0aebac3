"""Importers: OSM XML and GeoJSON streets, CSV/XLSX collection points and staff lists."""

import json
from pathlib import Path

import pytest

from main import main
from scenarios import load_scenario
from scenarios.errors import DataError
from scenarios.importers.geojson import read_geojson
from scenarios.importers.lists import import_list
from scenarios.importers.osm import read_osm

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "scenarios" / "training.yaml"


def _osm(tmp_path: Path) -> Path:
    """A 3×3 grid of streets around the training district, one of them one-way."""
    nodes, ways = [], []
    for r in range(3):
        for c in range(3):
            nodes.append(f'<node id="{r * 3 + c + 1}" lat="{30.578 + r * 0.002}" lon="{103.928 + c * 0.002}"/>')
    rows = [[r * 3 + c + 1 for c in range(3)] for r in range(3)]
    cols = [[r * 3 + c + 1 for r in range(3)] for c in range(3)]
    for i, line in enumerate(rows + cols):
        highway = "primary" if i == 0 else "residential"
        oneway = '<tag k="oneway" v="yes"/>' if i == 1 else ""
        refs = "".join(f'<nd ref="{n}"/>' for n in line)
        ways.append(f'<way id="{100 + i}">{refs}<tag k="highway" v="{highway}"/><tag k="name" v="路{i}"/>{oneway}</way>')
    ways.append('<way id="999"><nd ref="1"/><nd ref="2"/><tag k="waterway" v="river"/></way>')
    path = tmp_path / "grid.osm"
    path.write_text(f'<?xml version="1.0"?><osm version="0.6">{"".join(nodes)}{"".join(ways)}</osm>', encoding="utf-8")
    return path


def test_osm_streets_become_segments(tmp_path: Path) -> None:
    """Each way is split into segments; highway tags map to classes; non-streets are skipped."""
    graph = read_osm(_osm(tmp_path))
    assert len(graph["nodes"]) == 9 and len(graph["segments"]) == 12
    classes = {s["street_class"] for s in graph["segments"]}
    assert classes == {"arterial", "branch"}
    assert sum(s["one_way"] for s in graph["segments"]) == 2
    assert all(185 < s["length_m"] < 225 for s in graph["segments"] if s["from_node"] in ("osm1", "osm2"))


def test_import_osm_cli_writes_a_valid_scenario(tmp_path: Path) -> None:
    """`main.py import osm` puts the streets into the base scenario and writes a scenario that loads."""
    out = tmp_path / "imported.yaml"
    assert main(["import", "osm", str(_osm(tmp_path)), "--base", str(TRAINING), "--out", str(out)]) == 0
    scenario = load_scenario(out)
    assert len(scenario.street_graph.segments) == 12
    assert {p.node for p in scenario.collection_points} <= {n.id for n in scenario.street_graph.nodes}


def test_bad_osm_is_located_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Broken XML gives `error: file:line: …`, exit 1, and no output file."""
    bad = tmp_path / "bad.osm"
    bad.write_text('<osm>\n<node id="1" lat="1" lon="2">\n</osm>', encoding="utf-8")
    out = tmp_path / "x.yaml"
    assert main(["import", "osm", str(bad), "--out", str(out)]) == 1
    assert "bad.osm:3: not valid OSM XML" in capsys.readouterr().err
    assert not out.exists()


def test_geojson_lines_share_vertices(tmp_path: Path) -> None:
    """Two GeoJSON lines meeting at a point join at one node."""
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "甲路", "class": "secondary"},
         "geometry": {"type": "LineString", "coordinates": [[103.93, 30.58], [103.932, 30.58]]}},
        {"type": "Feature", "properties": {"name": "乙街", "highway": "residential", "oneway": "yes"},
         "geometry": {"type": "LineString", "coordinates": [[103.932, 30.58], [103.932, 30.582]]}},
    ]}
    path = tmp_path / "s.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    graph = read_geojson(path)
    assert len(graph["nodes"]) == 3 and len(graph["segments"]) == 2
    assert graph["segments"][1]["one_way"] is True


def test_geojson_bad_class_is_reported(tmp_path: Path) -> None:
    """An unknown street class names the feature and the value."""
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"class": "river"},
          "geometry": {"type": "LineString", "coordinates": [[0, 0], [0, 1]]}}]}
    path = tmp_path / "s.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    with pytest.raises(DataError, match=r"features\[0\]\.properties\.class must be one of .* \(got 'river'\)"):
        read_geojson(path)


def _points_csv(tmp_path: Path, bad_capacity: str = "480") -> Path:
    path = tmp_path / "points.csv"
    path.write_text(
        "id,node,kind,capacity_kg,mean_kg_per_day,access_windows,service_min\n"
        "P1,N000_000,residential,480,200,05:00-12:00,4\n"
        f"P2,N001_001,restaurant,{bad_capacity},60,20:00-24:00;05:00-06:00,5\n", encoding="utf-8")
    return path


def test_points_csv_and_xlsx_read_the_same(tmp_path: Path) -> None:
    """The same table as CSV or Excel gives the same rows."""
    from openpyxl import Workbook

    base = load_scenario(TRAINING)
    from_csv = import_list(base, "points", _points_csv(tmp_path), mode="replace").scenario.collection_points
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "node", "kind", "capacity_kg", "mean_kg_per_day", "access_windows", "service_min"])
    ws.append(["P1", "N000_000", "residential", 480, 200, "05:00-12:00", 4])
    ws.append(["P2", "N001_001", "restaurant", 480, 60, "20:00-24:00;05:00-06:00", 5])
    wb.save(tmp_path / "points.xlsx")
    from_xlsx = import_list(base, "points", tmp_path / "points.xlsx", mode="replace").scenario.collection_points
    assert from_xlsx == from_csv
    assert [str(w) for w in from_csv[1].access_windows] == ["20:00-24:00", "05:00-06:00"]


def test_bad_cell_names_file_row_and_column(tmp_path: Path) -> None:
    """A bad value in a points file names the row and column."""
    with pytest.raises(DataError, match=r"points\.csv:3: capacity_kg must be > 0 \(got -1\)"):
        import_list(load_scenario(TRAINING), "points", _points_csv(tmp_path, bad_capacity="-1"))


def test_import_points_replaces_points(tmp_path: Path) -> None:
    """`main.py import points --replace` writes the base scenario with only the new points."""
    out = tmp_path / "p.yaml"
    assert main(["import", "points", str(_points_csv(tmp_path)), "--base", str(TRAINING), "--replace",
                 "--out", str(out)]) == 0
    assert [p.id for p in load_scenario(out).collection_points] == ["P1", "P2"]


def test_import_staff_with_unknown_team_fails_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A staff list naming an unknown team is refused; the output file is not created."""
    staff = tmp_path / "staff.csv"
    staff.write_text("id,name_zh,team,skills\nW1,张伟,NOPE,driver;loader\n", encoding="utf-8")
    out = tmp_path / "s.yaml"
    assert main(["import", "staff", str(staff), "--base", str(TRAINING), "--out", str(out)]) == 1
    assert f"{staff}:2:" in (err := capsys.readouterr().err) and "team 'NOPE' unknown, expected one of" in err
    assert not out.exists()
