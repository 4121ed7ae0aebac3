"""Study files: what a valid file gives, and located errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.study.spec import load_study, parse_study
from scenarios.errors import DataError


def _error(text: str) -> str:
    with pytest.raises(DataError) as info:
        parse_study(text, name="s.yaml", folder=Path("/studies"))
    return str(info.value)


def test_valid_file_gives_settings_and_resolved_paths():
    """Fields are read, defaults filled in, and the base path resolves against the study's folder."""
    spec = parse_study("base: ../training.yaml\nreplications: 3\ntradeoffs: [[total_cost, staff_hours]]\n",
                       name="s.yaml", folder=Path("/work/studies"))
    assert spec.replications == 3
    assert spec.seed == 2017 and spec.days == 1 and spec.replan is False
    assert spec.tradeoffs == [("total_cost", "staff_hours")]
    assert spec.resolve(spec.base) == Path("/work/studies/../training.yaml")


def test_out_of_range_value_names_file_line_field_and_value():
    """A bad number is reported with the file, its line, the field, the value found and the rule."""
    assert _error("base: a.yaml\n\nreplications: 0\n") == "s.yaml:3: replications must be >= 1 (got 0)"


def test_misspelt_field_suggests_the_right_one():
    """An unknown top-level field says it is unknown and suggests the close match."""
    message = _error("base: a.yaml\nreplicatons: 4\n")
    assert message.startswith("s.yaml:2: replicatons is not a known field")
    assert "did you mean 'replications'" in message


def test_bad_change_op_is_located_inside_the_variant():
    """A wrong op in a variant's change points at that change's line and lists the allowed ops."""
    message = _error("base: a.yaml\nvariants:\n  - name: v\n    changes:\n      - op: sett\n        path: a.b\n")
    assert message.startswith("s.yaml:5: variants[0].changes[0].op must be one of")
    assert "'set_count'" in message and "(got 'sett')" in message


def test_duplicate_variant_names_are_rejected():
    """Two variants with one name would mix their results, so the second is reported."""
    message = _error("base: a.yaml\nvariants:\n  - {name: v, changes: [{path: a, value: 1}]}\n"
                     "  - {name: v, changes: [{path: a, value: 2}]}\n")
    assert message.startswith("s.yaml:4: variants[1].name must be unique (got 'v'")


def test_variant_named_base_is_rejected():
    """'base' is reserved for the base scenario."""
    assert "must not be 'base'" in _error("base: a.yaml\nvariants:\n  - {name: base, changes: [{path: a, value: 1}]}\n")


def test_grid_template_with_unknown_parameter():
    """A grid's name template may only use its parameters' keys."""
    message = _error("base: a.yaml\ngrids:\n  - name: t_{n}\n    parameters: [{key: m, path: a, values: [1]}]\n")
    assert message.startswith("s.yaml:3: grids[0]")
    assert "unknown parameter 'n'" in message


def test_invalid_yaml_reports_its_line():
    """A YAML syntax error gives the line where parsing failed."""
    assert _error("base: a.yaml\nvariants: [\n  - x: 1\n").startswith("s.yaml:3: is not valid YAML")


def test_missing_file_is_a_data_error(tmp_path: Path):
    """A study file that does not exist is a user error, not a traceback."""
    with pytest.raises(DataError, match="cannot read the study file"):
        load_study(tmp_path / "nope.yaml")


def test_missing_base_is_required():
    """The base scenario is the one field every study must name."""
    assert _error("replications: 2\n") == "s.yaml:1: base is required but missing"
