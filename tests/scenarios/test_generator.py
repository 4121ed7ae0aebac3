"""The generator is deterministic and the bundled scenarios are what it makes."""

from pathlib import Path

import pytest

from scenarios import load_scenario
from scenarios.generate import PRESETS, generate, write_preset
from scenarios.summary import entity_counts

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    """Generating the training district twice with one seed writes the same bytes."""
    write_preset("training", tmp_path / "a" / "t.yaml", seed=7)
    write_preset("training", tmp_path / "b" / "t.yaml", seed=7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_other_seed_gives_another_district() -> None:
    """A different seed moves things around."""
    a, b = generate(PRESETS["training"], seed=1), generate(PRESETS["training"], seed=2)
    assert a.street_graph.nodes != b.street_graph.nodes


def test_bundled_training_file_is_current(tmp_path: Path) -> None:
    """scenarios/training.yaml is exactly what the generator makes today."""
    write_preset("training", tmp_path / "training.yaml")
    assert _files(tmp_path) == {
        k: v for k, v in _files(ROOT / "scenarios").items() if k == "training.yaml" or k.startswith("training/")
    }


@pytest.fixture(scope="module")
def shuangliu():
    return load_scenario(ROOT / "scenarios" / "shuangliu.yaml")


def test_shuangliu_matches_published_figures(shuangliu) -> None:
    """The default district has the counts of Shuangliu's 2017 city-management report."""
    counts = entity_counts(shuangliu)
    assert counts["chiefs"] == 268
    assert counts["toilets"] == 722
    assert counts["service_stations"] == 170
    assert counts["back_alleys"] == 103 and counts["back_alleys_2017"] == 51 and counts["back_alleys_2018"] == 52
    assert counts["featured_streets"] == 12
    assert counts["restaurants"] == 475
    assert counts["enforcement_staff"] == 345 and counts["enforcement_units"] == 8
    assert counts["segments"] >= 2000 and counts["residential_points"] >= 2000


def test_shuangliu_is_centred_on_the_district(shuangliu) -> None:
    """Nodes lie around 30.57 N 103.92 E, within ~10 km."""
    lats = [n.lat for n in shuangliu.street_graph.nodes]
    lons = [n.lon for n in shuangliu.street_graph.nodes]
    assert abs(sum(lats) / len(lats) - 30.57) < 0.02 and abs(sum(lons) / len(lons) - 103.92) < 0.02
    assert max(lats) - min(lats) < 0.2


def test_shuangliu_has_one_way_streets_and_evening_restaurants(shuangliu) -> None:
    """Some streets are one-way; restaurants are collected in the evening."""
    assert any(g.one_way for g in shuangliu.street_graph.segments)
    windows = {w.start for p in shuangliu.collection_points if p.kind == "restaurant" for w in p.access_windows}
    assert min(windows) >= 17 * 60


def test_training_is_small(training) -> None:
    """The training district has ~60 segments, 40 points, 6 toilets, 3 trucks and about 50 workers."""
    c = entity_counts(training)
    assert 50 <= c["segments"] <= 70 and c["collection_points"] == 40 and c["toilets"] == 6
    trucks = [v for v in training.fleet.vehicles if training.index.vehicle_types[v.type].kind == "compactor"]
    assert len(trucks) == 3 and 40 <= c["workers"] <= 70
