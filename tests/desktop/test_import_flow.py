"""File ▸ Import district from OpenStreetMap… and Import list…: a job, a preview, then the change (or none)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.osm_city import write_city
from scenarios.files.load import load_scenario
from tests.desktop.conftest import wait_for_job


def test_an_osm_district_is_previewed_then_created_and_opened(window, qtbot, tmp_path: Path) -> None:
    source = write_city(tmp_path / "city.osm.pbf", cols=6, rows=5)
    before = window.document.current
    assert window.imports.import_district(source, name="试验区", ask=False)
    state, result = wait_for_job(qtbot, window, "import_osm")
    assert state == "finished"
    preview = window.imports.preview
    assert preview is not None and preview.isVisible()
    assert window.document.current is before  # nothing changes before the preview is accepted
    assert preview.map.geometry_data is not None and len(preview.map.geometry_data.segment_ids) > 20
    target = tmp_path / "district.yaml"
    assert window.imports.apply_district(result, target)
    assert window.document.path == target and window.document.current.district.name_zh == "试验区"
    assert load_scenario(target).district.name_en == "试验区"


def test_a_list_replaces_its_table_as_one_undoable_edit(window, qtbot, tmp_path: Path) -> None:
    scenario = window.document.current
    node = scenario.street_graph.nodes[3]
    table = tmp_path / "toilets.csv"
    table.write_text("编号,名称,经度,纬度,类别,开放时间\n"
                     f"WC900,新建公厕,{node.lon},{node.lat},一类,06:00-23:00\n", encoding="utf-8")
    assert window.imports.import_list(table, kind="toilets", ask=False)
    state, result = wait_for_job(qtbot, window, "import_list")
    assert state == "finished" and window.imports.preview is not None
    assert window.document.current is scenario  # only the preview so far
    assert window.imports.apply_list(result)
    toilets = {t.id: t for t in window.document.current.facilities.toilets}
    assert toilets["WC900"].node == node.id and len(toilets) == len(scenario.facilities.toilets) + 1
    assert window.document.dirty
    window.undo.undo()
    assert "WC900" not in {t.id for t in window.document.current.facilities.toilets}


def test_a_bad_list_changes_nothing_and_says_where(window, qtbot, tmp_path: Path) -> None:
    scenario = window.document.current
    table = tmp_path / "staff.csv"
    table.write_text("工号,姓名,班组,技能\nX1,张伟,NOPE,driver\n", encoding="utf-8")
    assert window.imports.import_list(table, kind="staff", ask=False)
    state, message = wait_for_job(qtbot, window, "import_list")
    assert state == "failed" and f"{table}:2:" in message
    assert window.document.current is scenario and not window.document.dirty
