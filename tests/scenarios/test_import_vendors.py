"""The vendor register (摊贩登记) as a list a planner edits in Excel and imports: `import vendors`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from scenarios.errors import DataError
from scenarios.files.side_tables import table_to_csv
from scenarios.importers import cli
from scenarios.importers.cells import CellError, date
from scenarios.importers.lists import LIST_KINDS, import_list
from scenarios.model import VendorStall

from .test_import_lists import _xlsx

ROOT = Path(__file__).resolve().parents[2]
STATUS_EXPECTED = "expected one of admitted (已准入), registered (已登记), exited (已退出)"


def test_vendors_is_a_list_kind_of_the_importer_and_the_command() -> None:
    assert "vendors" in LIST_KINDS
    assert cli.LIST_KINDS == LIST_KINDS


def test_a_chinese_xlsx_merges_into_the_training_register(training, tmp_path: Path) -> None:
    """编号 updates stalls (only the given cells), a new 编号 is added; 摊区 by id or Chinese name, 状态 in
    Chinese, 登记日期 as an Excel date cell or text; a title row, 序号 and 联系电话 are left out."""
    path = _xlsx(tmp_path / "vendors.xlsx", [
        ["序号", "编号", "摊区", "摊主", "经营品类", "状态", "登记日期", "联系电话"],
        [1, "VZ01-02", "VZ01", None, None, "已退出", None, None],
        [2, "VZ01-03", "VZ01", "王芳", None, None, "2017/3/1", "13800000000"],
        [3, "VZ01-15", "天府六摊区（早餐）", "刘洋", "锅盔", "已准入", dt.date(2017, 6, 1), None],
    ], title="天府六摊区摊贩登记表")
    result = import_list(training, "vendors", path)
    stalls = {s.id: s for s in result.scenario.incidents.vendor_register}
    old = {s.id: s for s in training.incidents.vendor_register}
    assert len(stalls) == len(old) + 1
    assert stalls["VZ01-02"].status == "exited"
    assert stalls["VZ01-02"].holder_en == old["VZ01-02"].holder_en and stalls["VZ01-02"].since == old["VZ01-02"].since
    assert stalls["VZ01-03"].holder_zh == stalls["VZ01-03"].holder_en == "王芳"  # changed hands: not the old name
    assert stalls["VZ01-03"].since == dt.date(2017, 3, 1) and stalls["VZ01-03"].goods == old["VZ01-03"].goods
    new = stalls["VZ01-15"]
    assert (new.zone, new.holder_zh, new.holder_en, new.goods, new.status, new.since) == (
        "VZ01", "刘洋", "刘洋", "锅盔", "admitted", dt.date(2017, 6, 1))
    assert "merged into the vendor register: 1 added, 2 updated, 15 in all" in result.report
    assert "已合并到摊贩登记：新增 1 条，更新 2 条，共 15 条" in result.report_zh
    assert any("title row" in line for line in result.report)
    assert any("序号" in line and "联系电话" in line and "ignored" in line for line in result.report)
    assert ("vendor zone VZ01 Tianfu 7 vendor zone (breakfast): 12 active stalls (10 registered, 2 admitted) "
            "for 12 places") in result.report
    assert "摊区 VZ01 天府六摊区（早餐）：在用摊位 12 个（已登记 10，已准入 2），摊位数 12 个" in result.report_zh
    assert not any(line.startswith("warning") for line in result.report)


def test_more_active_stalls_than_places_is_a_warning_not_an_error(training, tmp_path: Path) -> None:
    """English headers and values; the zone's 12 places are all taken, so one more admitted stall is one too
    many: the import goes through and both reports say so."""
    path = tmp_path / "register.csv"
    path.write_text("ID,Zone,Holder (Chinese name),Holder (English),Goods,Status,Since\n"
                    "VZ01-20,VZ01,赵六,Zhao Liu,烧烤,Admitted,2017-05-02\n", encoding="utf-8")
    result = import_list(training, "vendors", path)
    stall = next(s for s in result.scenario.incidents.vendor_register if s.id == "VZ01-20")
    assert (stall.holder_en, stall.status) == ("Zhao Liu", "admitted")
    assert ("warning: vendor zone VZ01 has 13 active stalls but 12 places (1 too many); set some to exited or "
            "give the zone more places") in result.report
    assert any(line.startswith("警告：摊区 VZ01 在用摊位 13 个，超过摊位数 12 个（多 1 个）") for line in result.report_zh)
    assert any("zones with more stalls than places: 1 of 1" in line for line in result.report)


def test_an_unknown_zone_and_status_are_located_and_the_base_stays_byte_identical(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`import vendors … --base X --out X`: a good file changes X; a file with an unknown 摊区 and an unknown
    状态 gives both located errors, exit 1, and X's files keep every byte."""
    from main import main
    from scenarios.files.load import load_scenario

    mine = tmp_path / "training.yaml"
    shutil.copy(ROOT / "scenarios" / "training.yaml", mine)
    shutil.copytree(ROOT / "scenarios" / "training", tmp_path / "training")
    header = ["编号", "摊区", "摊主", "经营品类", "状态", "登记日期"]
    good = _xlsx(tmp_path / "good.xlsx", [header, ["VZ01-13", "VZ01", "", "", "registered", "2017-04-01"]])
    assert main(["import", "vendors", str(good), "--base", str(mine), "--out", str(mine), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "merged into the vendor register: 0 added, 1 updated, 14 in all" in out and "warning: vendor zone VZ01" in out
    assert {s.id: s.status for s in load_scenario(mine).incidents.vendor_register}["VZ01-13"] == "registered"
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")}
    bad = _xlsx(tmp_path / "vendors.xlsx", [header,
                                            ["VZ01-01", "VZ01", "曾文斌", "包子", "已登记", "2016-01-11"],
                                            ["VZ01-16", "VZ99", "孙丽", "凉面", "已登记", "2017-05-01"],
                                            ["VZ01-17", "VZ01", "周强", "烧烤", "歇业", "2017-05-01"]])
    assert main(["import", "vendors", str(bad), "--base", str(mine), "--out", str(mine)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:Sheet1:3: 摊区 'VZ99' unknown, expected one of VZ01\n" in err
    assert f"{bad}:Sheet1:4: 状态 '歇业' unknown, {STATUS_EXPECTED}\n" in err
    assert err.startswith("error: ") and "Traceback" not in err
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")}
    assert after == before


def test_the_register_as_the_scenario_stores_it_imports_back_unchanged(training, tmp_path: Path) -> None:
    """A side table (Shuangliu's vendor_register.*.csv: model field names, English values) is a list the
    importer reads: replace with it gives the same register."""
    rows = [s.model_dump(mode="json") for s in training.incidents.vendor_register]
    path = tmp_path / "vendor_register.csv"
    path.write_text(table_to_csv(rows, VendorStall), encoding="utf-8")
    result = import_list(training, "vendors", path, mode="replace")
    assert result.scenario.incidents.vendor_register == training.incidents.vendor_register
    assert "replaced the vendor register: 14 before, 14 now" in result.report


def test_a_new_stall_without_a_zone_is_refused(training, tmp_path: Path) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text("编号,摊主\nVZ01-01,曾文斌\nVZ01-99,孙丽\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"vendors\.csv:3: 摊区 \(zone\) is required but missing \(add a column "
                                        r"zone/摊区/.*\); 'VZ01-99' is not in the base scenario, so this row is a new one"):
        import_list(training, "vendors", path)


@pytest.mark.parametrize(("cell", "day"), [("2017-03-01", "2017-03-01"), ("2017/3/1", "2017-03-01"),
                                           ("2017年3月1日", "2017-03-01"), ("42795", "2017-03-01"),
                                           ("2017-03-01 00:00:00", "2017-03-01"), ("2017.3.1", "2017-03-01")])
def test_dates_as_people_and_excel_write_them(cell: str, day: str) -> None:
    assert date(cell) == day


@pytest.mark.parametrize(("cell", "message"), [("2017-02-30", "is not a day of the calendar"),
                                               ("3月1日", "is not a date"), ("20170301", "is not a date")])
def test_a_cell_that_is_no_date_says_so(cell: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        date(cell)
