"""A bureau's own lists (points, toilets, staff, vehicles) from CSV/XLSX with Chinese headers into a scenario."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from scenarios.errors import DataError, ScenarioError
from scenarios.importers.china_crs import wgs84_to_bd09, wgs84_to_gcj02
from scenarios.importers.lists import LIST_KINDS, import_list

POINT_CELLS = "居民,480,200,05:00-12:00、13:00～17:00,5"  # 类型,容量(kg),日均垃圾量,收运时间,作业时长
POINT_HEADER = "编号,名称,经度,纬度,类型,容量(kg),日均垃圾量,收运时间,作业时长"


def _xlsx(path: Path, rows: list[list[object]], title: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"  # what Excel calls it
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_list_kinds() -> None:
    assert LIST_KINDS == ("points", "toilets", "staff", "vehicles", "vendors")


def test_gcj02_points_with_chinese_headers_snap_to_their_nodes(training, tmp_path: Path) -> None:
    """Amap coordinates of real nodes, imported with crs gcj02, land on those nodes within a few metres."""
    nodes = training.street_graph.nodes[::6]
    lines = [POINT_HEADER]
    for i, node in enumerate(nodes):
        lon, lat = wgs84_to_gcj02(node.lon, node.lat)
        lines.append(f"NEW{i},新收集点{i},{lon:.7f},{lat:.7f},{POINT_CELLS}")
    result = import_list(training, "points", _csv(tmp_path / "points.csv", "\n".join(lines) + "\n"), crs="gcj02")
    points = {p.id: p for p in result.scenario.collection_points}
    assert len(points) == len(training.collection_points) + len(nodes)
    for i, node in enumerate(nodes):
        point = points[f"NEW{i}"]
        assert point.node == node.id
        assert point.name_zh == point.name_en == f"新收集点{i}"  # no English name column: 名称 serves both
        assert point.kind == "residential" and [str(w) for w in point.access_windows] == ["05:00-12:00", "13:00-17:00"]
    snap_line = next(line for line in result.report if line.startswith("snapped"))
    assert float(re.search(r"max ([\d.]+) m", snap_line).group(1)) < 3  # type: ignore[union-attr]
    assert any("GCJ-02" in line for line in result.report)
    assert any("吸附" in line for line in result.report_zh) and any("GCJ-02" in line for line in result.report_zh)


def test_staff_xlsx_with_chinese_headers_merges_by_id(training, tmp_path: Path) -> None:
    """工号 matches existing workers (only the given columns change); a new 工号 is added; teams and skills by
    their Chinese names; a title row above the header is skipped."""
    path = _xlsx(tmp_path / "staff.xlsx", [
        ["序号", "工号", "姓名", "班组", "技能"],
        [1, "DRV0001", "马军", "D1清运班组", "司机、装卸工"],
        [2, 1001, "张伟", "D1清扫班组", "人工清扫员"],
    ], title="双流区环卫人员名单")
    result = import_list(training, "staff", path)
    workers = {w.id: w for w in result.scenario.workforce.workers}
    assert len(workers) == len(training.workforce.workers) + 1
    old = training.index.workers["DRV0001"]
    assert workers["DRV0001"].skills == ["driver", "loader"]
    assert workers["DRV0001"].name_en == old.name_en and workers["DRV0001"].regime == old.regime  # kept
    assert workers["1001"].team == "D1-sweep" and workers["1001"].skills == ["manual_sweeper"]
    assert "merged into the workers: 1 added, 1 updated, 51 in all" in result.report
    assert "已合并到人员：新增 1 条，更新 1 条，共 51 条" in result.report_zh
    assert any("序号" in line and "ignored" in line for line in result.report)
    assert any("title row" in line for line in result.report)


def test_a_bad_skill_is_one_located_error_with_the_raw_value(training, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "staff.xlsx", [["工号", "姓名", "班组", "技能"],
                                           ["W1", "张伟", "D1-collect", "driver"],
                                           ["W2", "李娜", "D1-collect", "drver "]])
    with pytest.raises(DataError) as caught:
        import_list(training, "staff", path)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{path}:Sheet1:3: 技能 'drver ' unknown, expected one of driver (司机), loader (装卸工)")


def test_every_bad_row_is_listed_in_file_order(training, tmp_path: Path) -> None:
    """An unknown team and an unknown skill on different rows: one error naming both lines."""
    path = _csv(tmp_path / "staff.csv", "工号,姓名,班组,技能\nW1,张伟,NOPE,driver\nW2,李娜,D1-collect,driver;飞行员\n")
    with pytest.raises(DataError) as caught:
        import_list(training, "staff", path)
    first, second = str(caught.value).splitlines()
    assert first.startswith(f"{path}:2: 班组 'NOPE' unknown, expected one of U1")
    assert second.startswith(f"{path}:3: 技能 'driver;飞行员' has '飞行员', which is unknown")


def test_a_point_far_from_every_street_is_located(training, tmp_path: Path) -> None:
    east = max(training.street_graph.nodes, key=lambda n: n.lon)
    lon = round(east.lon + 0.009, 4)  # ~860 m east of the district's last node
    lat = round(east.lat, 4)
    path = _csv(tmp_path / "far.csv", f"{POINT_HEADER}\nP1,近点,{east.lon},{east.lat},{POINT_CELLS}\n"
                                      f"P2,远点,{lon},{lat},{POINT_CELLS}\n")
    with pytest.raises(DataError, match=rf"far\.csv:3: 经度/纬度 \({lon}, {lat}\) is [89]\d\d m from the nearest "
                                        r"street \(limit 200 m\); check the coordinates or the --crs$"):
        import_list(training, "points", path)
    assert len(import_list(training, "points", path, max_snap_m=1000).scenario.collection_points) == 42


def test_a_far_point_suggests_the_datum_that_fits(training, tmp_path: Path) -> None:
    """Baidu coordinates imported as WGS-84 are ~1 km off; the error says --crs bd09 would fit."""
    east = max(training.street_graph.nodes, key=lambda n: n.lon)
    lon, lat = wgs84_to_bd09(east.lon, east.lat)
    path = _csv(tmp_path / "baidu.csv", f"{POINT_HEADER}\nP1,点,{lon:.7f},{lat:.7f},{POINT_CELLS}\n")
    with pytest.raises(DataError, match=r"read as BD-09 \(Baidu maps\) \(--crs bd09\) it is 0 m from a street"):
        import_list(training, "points", path)
    assert import_list(training, "points", path, crs="bd09").scenario.index.points["P1"].node == east.id


def test_replace_and_merge_count_differently(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "points.csv",
                "id,name,node,kind,capacity_kg,mean_kg_per_day,access_windows,service_min\n"
                "CP0001,改名点,N000_000,commercial,480,100,05:00-12:00,4\n"
                "P2,新点,N001_001,restaurant,0.48t,60,20:00-24:00;05:00-06:00,5\n")
    merged = import_list(training, "points", path, mode="merge")
    assert len(merged.scenario.collection_points) == len(training.collection_points) + 1
    assert merged.scenario.index.points["CP0001"].name_zh == "改名点"
    assert merged.scenario.index.points["CP0001"].name_en == training.index.points["CP0001"].name_en
    assert merged.scenario.index.points["P2"].capacity_kg == 480
    assert "merged into the collection points: 1 added, 1 updated, 41 in all" in merged.report
    replaced = import_list(training, "points", path, mode="replace")
    assert [p.id for p in replaced.scenario.collection_points] == ["CP0001", "P2"]
    assert "replaced the collection points: 40 before, 2 now" in replaced.report
    assert "已替换收集点：原有 40 条，现有 2 条" in replaced.report_zh


def test_a_merged_new_row_missing_fields_says_it_is_new(training, tmp_path: Path) -> None:
    """A mistyped id in merge mode makes a new row, which lacks the required fields: the error says so."""
    path = _csv(tmp_path / "points.csv", "编号,日均垃圾量\nCP0001,250\nCP001,260\n")
    with pytest.raises(DataError, match=r"points\.csv:3: 节点 \(node\) is required but missing \(give 节点/node or "
                                        r"经度/纬度\); 'CP001' is not in the base scenario, so this row is a new one"):
        import_list(training, "points", path)
    result = import_list(training, "points", _csv(tmp_path / "ok.csv", "编号,日均垃圾量\nCP0001,250\n"))
    assert result.scenario.index.points["CP0001"].mean_kg_per_day == 250


def test_an_unknown_header_lists_the_accepted_ones(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "points.csv", "编号,地点,经度,纬度\nP1,东门,103.93,30.58\n")
    with pytest.raises(DataError) as caught:
        import_list(training, "points", path)
    message = str(caught.value)
    assert message.startswith(f"{path}:1: column '地点' is not a known header for points; accepted headers:")
    for header in ("编号", "id", "名称", "name_zh", "经度", "lon", "lng", "纬度", "latitude", "日均垃圾量"):
        assert header in message


def test_vehicles_with_an_unknown_type_are_refused(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "vehicles.csv", "车牌,车型\n川A·12345,5吨压缩车\n川A·D1234,space_shuttle\n")
    with pytest.raises(DataError, match=r"vehicles\.csv:3: 车型 'space_shuttle' unknown, expected one of "
                                        r"compactor_5t \(5吨压缩车\), bucket_2t"):
        import_list(training, "vehicles", path)


def test_vehicle_plates_become_ids_and_load_is_checked_against_the_type(training, tmp_path: Path) -> None:
    good = _csv(tmp_path / "v.csv", "车牌,车型,载重,备用\n川A·12345,5吨压缩车,5,否\n川A·D1234,bucket_2t,2000kg,是\n")
    result = import_list(training, "vehicles", good)
    vehicles = result.scenario.index.vehicles
    assert vehicles["SC-A12345"].type == "compactor_5t" and vehicles["SC-A12345"].depot == "D1"
    assert vehicles["SC-AD1234"].spare is True
    assert any("川A·12345 → SC-A12345" in line for line in result.report)
    assert any("车牌已转换为编号" in line for line in result.report_zh)
    bad = _csv(tmp_path / "bad.csv", "车牌,车型,载重(吨)\n川A·12345,bucket_2t,5\n")
    with pytest.raises(DataError, match=r"bad\.csv:2: 载重\(吨\) '5' \(5000 kg\) contradicts vehicle type "
                                        r"bucket_2t's capacity 2000 kg"):
        import_list(training, "vehicles", bad)


def test_toilets_take_chinese_grades_and_opening_hours(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "toilets.csv", "编号,名称,节点,等级,开放时间\nWC001,,,一类,全天\n"
                                          "WC100,新公厕,N000_000,二类公厕,6:00～22:00\n")
    toilets = import_list(training, "toilets", path).scenario.index.toilets
    assert toilets["WC001"].grade == 1 and str(toilets["WC001"].opening) == "00:00-24:00"
    assert toilets["WC001"].node == training.index.toilets["WC001"].node
    assert toilets["WC100"].grade == 2 and str(toilets["WC100"].opening) == "06:00-22:00"
    bad = _csv(tmp_path / "bad.csv", "编号,名称,节点,等级,开放时间\nWC101,公厕,N000_000,四类,06:00-22:00\n")
    with pytest.raises(DataError, match=r"bad\.csv:2: 等级 '四类' unknown, expected 一类/二类/三类 or 1/2/3"):
        import_list(training, "toilets", bad)


def test_a_gbk_csv_from_excel_is_read_and_reported(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "staff.csv", "工号,姓名,班组,技能\nW1,张伟,D1清运班组,司机\n", encoding="gbk")
    result = import_list(training, "staff", path)
    assert result.scenario.index.workers["W1"].name_zh == "张伟"
    assert any("GB18030" in line for line in result.report) and any("GB18030" in line for line in result.report_zh)


def test_duplicate_ids_in_the_file_are_located(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "staff.csv", "工号,姓名,班组,技能\nW1,张伟,D1-collect,driver\nW1,李娜,D1-collect,loader\n")
    with pytest.raises(DataError, match=r"staff\.csv:3: 工号 'W1' is used twice in the file \(first on line 2\)"):
        import_list(training, "staff", path)


def test_a_replace_that_breaks_the_scenario_writes_nothing(training, tmp_path: Path) -> None:
    """Replacing the staff with one loader leaves chiefs without their workers: ScenarioError, no scenario."""
    path = _csv(tmp_path / "staff.csv", "id,name,team,skills\nX1,Zhang,D1-collect,loader\n")
    with pytest.raises(ScenarioError, match=r"workforce\.chiefs\[0\]\.worker must name a known worker"):
        import_list(training, "staff", path, mode="replace")


def test_half_and_swapped_coordinates_are_located(training, tmp_path: Path) -> None:
    path = _csv(tmp_path / "points.csv", f"{POINT_HEADER}\nP1,甲,30.58,103.93,{POINT_CELLS}\nP2,乙,103.93,,{POINT_CELLS}\n")
    with pytest.raises(DataError) as caught:
        import_list(training, "points", path)
    assert str(caught.value).splitlines() == [
        f"{path}:2: 纬度 '103.93' is not a latitude (expected degrees -90..90; are longitude and latitude swapped?)",
        f"{path}:3: 经度 is given but 纬度 is empty",
    ]


def test_old_excel_files_are_refused_with_advice(training, tmp_path: Path) -> None:
    path = tmp_path / "staff.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match=r"staff\.xls: is an old-style spreadsheet \(\.xls\); save it as \.xlsx"):
        import_list(training, "staff", path)


def test_the_command_imports_into_its_own_file_and_a_bad_row_leaves_it_byte_identical(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`import points … --base X --out X`: good rows change X; one bad row gives one located error and X's
    files keep every byte."""
    from main import main
    from scenarios.files.load import load_scenario

    mine = tmp_path / "mine.yaml"
    assert main(["generate", "--preset", "training", "--out", str(mine)]) == 0
    node = load_scenario(mine).street_graph.nodes[5]
    lon, lat = wgs84_to_gcj02(node.lon, node.lat)
    good = tmp_path / "points.csv"
    good.write_text(f"{POINT_HEADER}\nCP9001,新点,{lon:.7f},{lat:.7f},{POINT_CELLS}\n", encoding="utf-8")
    assert main(["import", "points", str(good), "--base", str(mine), "--crs", "gcj02", "--out", str(mine)]) == 0
    assert {p.id: p.node for p in load_scenario(mine).collection_points}["CP9001"] == node.id
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")
              and p.name != "points.csv"}
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{POINT_HEADER}\nCP9002,坏点,{lon:.7f},{lat:.7f},{POINT_CELLS.replace('居民', '工厂')}\n",
                   encoding="utf-8")
    assert main(["import", "points", str(bad), "--base", str(mine), "--out", str(mine)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:2:") and "工厂" in err
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")
             and p.name not in ("points.csv", "bad.csv")}
    assert after == before
