"""One invalid scenario file per rule: each must fail with its located message."""

from pathlib import Path

import pytest

from main import main
from scenarios import ScenarioError, load_scenario

BAD = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "bad"
CASES = sorted(BAD.glob("*.yaml"))


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_file_reports_located_error(path: Path) -> None:
    """Loading fails with file, line, field path, value found and what was expected."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    problem = info.value.problems[0]
    assert problem.file.endswith(path.name)
    assert problem.line is not None
    assert str(problem).endswith(f"{path.name}:{_expected(path)}")


def test_there_is_a_bad_file_for_each_kind_of_rule() -> None:
    """The bad-file set covers unknown keys, values, references, reachability and staffing."""
    names = {p.stem for p in CASES}
    assert {"unknown_key", "negative_capacity", "unknown_node", "unreachable_point", "missing_skill", "bad_yaml"} <= names


@pytest.mark.parametrize("name", ["unknown_key", "negative_capacity"])
def test_cli_prints_one_error_line_and_exits_1(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`main.py validate` on a file with an unknown key or bad value prints one `error:` line, exit 1."""
    code = main(["validate", str(BAD / f"{name}.yaml")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith("error: ") and f"{name}.yaml:" in err[0]


def test_misspelt_key_suggests_the_right_one() -> None:
    """A misspelt field name is reported first, with a suggestion."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / "misspelt_key.yaml")
    assert "capacity_kgs is not a known field; did you mean 'capacity_kg'?" in str(info.value.problems[0])


def test_error_in_side_table_names_csv_file_and_line(tmp_path: Path) -> None:
    """A bad cell in a CSV side file is reported at that file's line."""
    import shutil

    root = Path(__file__).resolve().parents[2] / "scenarios"
    shutil.copy(root / "training.yaml", tmp_path / "training.yaml")
    shutil.copytree(root / "training", tmp_path / "training")
    (csv_path,) = (tmp_path / "training").glob("segments.*.csv")
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[header.index("length_m")] = "-3"
    lines[5] = ",".join(cells)
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "training.yaml")
    text = str(info.value.problems[0])
    assert f"{csv_path.name}:6: street_graph.segments[4].length_m must be > 0 (got -3)" in text
    assert f"{csv_path.name}:6: street_graph.segments[4].length_m：必须大于 0（实际为 -3）" in \
        info.value.problems[0].text("zh")  # the app in Chinese


def test_a_scenario_error_crosses_to_a_worker_process_and_back_whole():
    """Pickled (as a worker process sends it), a ScenarioError keeps its located problems in both languages."""
    import pickle

    from scenarios.errors import Problem

    error = ScenarioError([Problem("a.yaml", 3, "fleet.vehicles[0].capacity_kg", "must be > 0 (got -5)",
                                   "必须大于 0（实际为 -5）")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)
