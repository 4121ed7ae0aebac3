"""Import files a bureau may really hand over: each bad one gives `error: FILE[:LINE]: what`, exit 1, no traceback
and no output file."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "scenarios" / "training.yaml"
POINTS_HEADER = "id,name_zh,node,kind,capacity_kg,mean_kg_per_day,access_windows,service_min\n"


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[str, Path, str]]:
    """name → (import kind, file, what the message must say)."""
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((POINTS_HEADER + "CP9001,东升一号点,N000_000,residential,480,200,05:00-12:00,5\n").encode("gbk"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    not_zip = tmp_path / "fake.xlsx"
    not_zip.write_text("id,name\n", encoding="utf-8")
    nan_osm = tmp_path / "nan.osm"
    nan_osm.write_text('<osm version="0.6"><node id="1" lat="30.5" lon="nan"/></osm>', encoding="utf-8")
    folder_osm = tmp_path / "folder.osm"
    folder_osm.mkdir()
    gbk_geojson = tmp_path / "gbk.geojson"
    gbk_geojson.write_bytes('{"type": "FeatureCollection", "features": [], "name": "双流"}'.encode("gbk"))
    return {
        "binary CSV": ("points", binary, "is a binary file"),
        "folder CSV": ("points", folder, "is a folder"),
        "text named .xlsx": ("staff", not_zip, "is not an Excel .xlsx workbook"),
        "lon=nan in OSM": ("osm", nan_osm, "expected finite degrees"),
        "folder OSM": ("osm", folder_osm, "is a folder"),
        "GBK GeoJSON": ("geojson", gbk_geojson, "GBK"),
    }


@pytest.mark.parametrize("case", ["binary CSV", "folder CSV", "text named .xlsx", "lon=nan in OSM",
                                  "folder OSM", "GBK GeoJSON"])
def test_a_bad_import_file_is_named_and_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    kind, path, expected = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out.yaml"
    assert main(["import", kind, str(path), "--base", str(TRAINING), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}") and expected in err and "Traceback" not in err
    assert not out.exists()


def test_a_gbk_csv_is_read_as_chinese_excel_writes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Chinese Excel saves 'CSV' in GBK: it is read (the report says so) and the Chinese names come through."""
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((POINTS_HEADER + "CP9001,东升一号点,N000_000,residential,480,200,05:00-12:00,5\n").encode("gbk"))
    out = tmp_path / "o.yaml"
    assert main(["import", "points", str(gbk), "--base", str(TRAINING), "--out", str(out), "--lang", "en"]) == 0
    assert "GB18030" in capsys.readouterr().out
    from scenarios.files.load import load_scenario

    assert {p.id: p.name_zh for p in load_scenario(out).collection_points}["CP9001"] == "东升一号点"


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (points,) = (ROOT / "scenarios" / "training").glob("collection_points.*.csv")
    assert main(["import", "points", str(points), "--base", str(TRAINING), "--out", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {folder}: is a folder") and "Traceback" not in err
    assert list(folder.iterdir()) == []
