"""The command line: validate, info, schema, exit codes."""

import json
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parents[2]


def test_validate_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` on a good file exits 0 and prints the entity counts."""
    assert main(["validate", str(ROOT / "scenarios" / "training.yaml")]) == 0
    out = capsys.readouterr().out
    assert "ok:" in out and "公厕 public toilets" in out


def test_info_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`info --json` prints machine-readable counts."""
    assert main(["info", "--json", str(ROOT / "scenarios" / "training.yaml")]) == 0
    assert json.loads(capsys.readouterr().out)["toilets"] == 6


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema` prints a JSON Schema that forbids unknown keys."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False and "street_graph" in schema["properties"]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing argument is a usage error: exit 2."""
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is a data error: exit 1 with `error:`."""
    assert main(["validate", "no/such.yaml"]) == 1
    assert capsys.readouterr().err.startswith("error: no/such.yaml: file not found")
