"""Save is atomic and round-trips: load → save → load gives an equal scenario."""

import os
from pathlib import Path

import pytest

from scenarios import load_scenario, save_scenario
from scenarios.files.atomic import atomic_write_text


def test_training_round_trip_with_side_tables(training, tmp_path: Path) -> None:
    """Saving with CSV side tables and loading again gives an equal scenario."""
    save_scenario(training, tmp_path / "copy.yaml")
    assert len(list((tmp_path / "copy").glob("segments.*.csv"))) == 1
    assert load_scenario(tmp_path / "copy.yaml") == training


def test_round_trip_inline(minimal, tmp_path: Path) -> None:
    """Saving everything inline (one YAML file) and loading again gives an equal scenario."""
    written = save_scenario(minimal, tmp_path / "m.yaml", side_tables=False)
    assert written == [tmp_path / "m.yaml"]
    assert load_scenario(tmp_path / "m.yaml") == minimal


def test_save_twice_is_byte_identical(training, tmp_path: Path) -> None:
    """The same scenario always saves to the same bytes (diffable files)."""
    save_scenario(training, tmp_path / "a.yaml")
    save_scenario(training, tmp_path / "b.yaml")
    a = (tmp_path / "a.yaml").read_text(encoding="utf-8").replace("a/", "X/")
    b = (tmp_path / "b.yaml").read_text(encoding="utf-8").replace("b/", "X/")
    assert a == b
    for table in ("workers", "segments"):
        (a_file,), (b_file,) = (tmp_path / "a").glob(f"{table}.*.csv"), (tmp_path / "b").glob(f"{table}.*.csv")
        assert a_file.name == b_file.name and a_file.read_bytes() == b_file.read_bytes()


def test_failed_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final rename fails, the previous file is untouched and no temporary file is left."""
    target = tmp_path / "s.yaml"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):  # noqa: ANN001
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]


def test_a_new_save_leaves_only_its_own_side_files(training, tmp_path: Path) -> None:
    """Saving a changed scenario over an old one: the YAML names the new side files, the old ones are gone,
    unchanged tables keep their file, no temporary file is left."""
    target = tmp_path / "d.yaml"
    save_scenario(training, target)
    first = {p.name for p in (tmp_path / "d").iterdir()}
    data = training.model_dump()
    data["street_graph"]["segments"][0]["length_m"] += 1.0
    from scenarios import Scenario

    save_scenario(Scenario.model_validate(data), target)
    second = {p.name for p in (tmp_path / "d").iterdir()}
    changed = {n for n in first ^ second}
    assert changed and all(n.startswith("segments.") for n in changed)
    assert len([n for n in second if n.startswith("segments.")]) == 1
    assert load_scenario(target).street_graph.segments[0].length_m == training.street_graph.segments[0].length_m + 1
