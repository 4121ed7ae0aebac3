"""The loader refuses what it should, with the file and line: alias bombs, self-references, repeated keys,
numbers that are not finite or outside their range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios import ScenarioError, load_scenario_text

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "scenarios" / "training.yaml"


def _error(text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "x.yaml", ROOT / "scenarios")
    return str(caught.value)


def test_an_alias_bomb_stops_with_a_located_error() -> None:
    """Nine levels of nine aliases (387 million values) are refused once the expansion passes the limit."""
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 10):
        levels.append(f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]")
    message = _error("\n".join(levels) + "\n")
    assert message.startswith("x.yaml:") and "more than 1,000,000 values" in message


def test_an_alias_that_contains_itself_is_refused() -> None:
    assert "alias that contains itself" in _error("district: &d\n  again: *d\n")


def test_a_repeated_key_names_both_lines() -> None:
    text = TRAINING.read_text(encoding="utf-8")
    repeated = text + "costs:\n  overflow_penalty: 1\n"
    message = _error(repeated)
    first = 1 + next(i for i, line in enumerate(text.splitlines()) if line.startswith("costs:"))
    assert f"repeats the key 'costs' (first on line {first})" in message
    assert message.startswith(f"x.yaml:{len(text.splitlines()) + 1}:")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("overflow_penalty: 200.0", "overflow_penalty: .inf", "costs.overflow_penalty must be a finite number (got inf)"),
    ("overflow_penalty: 200.0", "overflow_penalty: .nan", "costs.overflow_penalty must be a finite number"),
    ("hourly_profile: [0.2,", "hourly_profile: [-0.2,", "incidents.hourly_profile[0] must be >= 0 (got -0.2)"),
    ("weekdays: [0, 1, 2, 3, 4, 5, 6]", "weekdays: [0, 1, 9]", "weekdays[2] must be <= 6 (got 9)"),
])
def test_numbers_must_be_finite_and_in_range(old: str, new: str, expected: str) -> None:
    text = TRAINING.read_text(encoding="utf-8")
    assert old in text
    line = 1 + next(i for i, row in enumerate(text.splitlines()) if old in row)
    message = _error(text.replace(old, new, 1))
    assert expected in message and f"x.yaml:{line}:" in message


def _copy_training(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "district"
    shutil.copytree(ROOT / "scenarios" / "training", folder / "training")
    target = folder / "training.yaml"
    shutil.copy(TRAINING, target)
    return target


def test_a_side_file_outside_the_scenario_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`file: ../private/x.csv` is not read (its cells would be echoed in errors): located error instead."""
    target = _copy_training(tmp_path)
    (tmp_path / "private.csv").write_text("secret\n1\n", encoding="utf-8")
    text = target.read_text(encoding="utf-8")
    nodes_file = re.search(r"file: (training/nodes\.[0-9a-f]+\.csv)", text).group(1)
    text = text.replace(f"file: {nodes_file}", "file: ../private.csv", 1)
    target.write_text(text, encoding="utf-8")
    line = 1 + next(i for i, row in enumerate(text.splitlines()) if "../private.csv" in row)
    with pytest.raises(ScenarioError) as caught:
        from scenarios import load_scenario
        load_scenario(target)
    message = str(caught.value)
    assert f"training.yaml:{line}:" in message and "outside the scenario's folder" in message
    assert "secret" not in message
    # The user may allow it: then the file is read (and, not being a node table, fails as one).
    monkeypatch.setenv("CITYOPS_ALLOW_OUTSIDE_SIDE_FILES", "1")
    with pytest.raises(ScenarioError) as allowed:
        load_scenario(target)
    assert "outside the scenario's folder" not in str(allowed.value) and "private.csv" in str(allowed.value)


@pytest.mark.parametrize("damage", ["folder", "huge field"])
def test_an_unreadable_side_file_gives_a_located_error(tmp_path: Path, damage: str) -> None:
    """A side file that is a folder, or a 200 KB cell (over the CSV field limit): the file is named, no traceback."""
    target = _copy_training(tmp_path)
    (side,) = (target.parent / "training").glob("nodes.*.csv")
    if damage == "folder":
        side.unlink()
        side.mkdir()
    else:
        side.write_text("id,lon,lat\n" + "N" * 200_000 + ",1,2\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        from scenarios import load_scenario
        load_scenario(target)
    assert side.name in str(caught.value)
