"""Variant expansion: named patches and parameter grids become concrete, applicable variants."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reports.study import expand_variants, load_study, parse_study
from reports.study.tasks import scenario_for
from scenarios.errors import DataError

from .conftest import STUDIES, TRAINING

GRID = f"""\
base: {TRAINING}
grids:
  - name: trucks_{{n}}_every_{{h}}h
    label_en: "{{n}} trucks, toilets every {{h}} h"
    parameters:
      - key: n
        op: set_count
        path: fleet.vehicles
        where: {{type: compactor_5t}}
        values: {{from: 1, to: 3}}
      - key: h
        path: standards.toilet_grades[grade=2].cleaning_interval_min
        values: [2, 3]
        factor: 60
"""


def test_grid_expands_to_every_combination_after_the_base():
    """Two parameters with 3 and 2 values give 6 variants, named and labelled from the template."""
    variants = expand_variants(parse_study(GRID))
    assert [v.name for v in variants] == [
        "base", "trucks_1_every_2h", "trucks_1_every_3h", "trucks_2_every_2h",
        "trucks_2_every_3h", "trucks_3_every_2h", "trucks_3_every_3h",
    ]
    v = variants[4]
    assert v.label("en") == "2 trucks, toilets every 3 h"
    assert [(c.op, c.value) for c in v.changes] == [("set_count", 2), ("set", 180)]


def test_grid_variant_changes_apply_to_the_scenario():
    """The grid point '3 trucks, every 3 h' really has 3 compactors and a 180-minute grade-2 interval."""
    v = next(v for v in expand_variants(parse_study(GRID)) if v.name == "trucks_3_every_3h")
    scenario = scenario_for(v.name, v.scenario_path, v.changes)
    assert Counter(x.type for x in scenario.fleet.vehicles)["compactor_5t"] == 3
    assert scenario.index.toilet_grades[2].cleaning_interval_min == 180


def test_variant_keys_follow_content_not_names():
    """Equal changes give equal keys (results can be reused); different values give different keys."""
    a = expand_variants(parse_study(GRID))
    b = expand_variants(parse_study(GRID.replace("values: [2, 3]", "values: [2, 4]")))
    assert a[1].key == b[1].key  # trucks_1_every_2h unchanged
    assert a[2].key != b[2].key  # every 3 h became every 4 h


def test_grid_names_must_be_unique():
    """A template that leaves a parameter out would give two variants one name; that is an error."""
    with pytest.raises(DataError, match=r"grids\[0\]\.name gives variant names that are not unique"):
        expand_variants(parse_study(GRID.replace("trucks_{n}_every_{h}h", "trucks_{n}")))


def test_bad_change_names_the_variant(tmp_path: Path):
    """A change whose path does not exist fails with the variant's name and the path step."""
    spec = parse_study(f"base: {TRAINING}\nvariants:\n  - name: wrong\n    changes:\n      - {{path: fleet.trucks, value: 3}}\n")
    v = expand_variants(spec)[1]
    with pytest.raises(DataError, match="variant 'wrong'.*no field 'trucks'"):
        scenario_for(v.name, v.scenario_path, v.changes)


@pytest.mark.parametrize("study", sorted(p.name for p in STUDIES.glob("*.yaml")))
def test_bundled_studies_parse_and_their_variants_apply(study: str):
    """Every bundled study file is valid and every variant of it is a valid scenario."""
    variants = expand_variants(load_study(STUDIES / study))
    assert len(variants) >= 3
    for v in variants:
        scenario = scenario_for(v.name, v.scenario_path, v.changes)
        assert scenario.fleet.vehicles
