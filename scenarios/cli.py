"""Command-line subcommands of the scenario layer: validate, info, schema, generate, import."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .errors import ScenarioError
from .files.load import load_scenario
from .model import Scenario
from .summary import entity_counts, format_counts


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a scenario file and print its entity counts")
    p.add_argument("scenario", type=Path)
    p.set_defaults(run=_validate)

    p = sub.add_parser("info", help="print a scenario's summary")
    p.add_argument("scenario", type=Path)
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(run=_info)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.set_defaults(run=_schema)

    p = sub.add_parser("generate", help="write a bundled synthetic district (deterministic)")
    p.add_argument("--preset", choices=["shuangliu", "training"], default="shuangliu")
    p.add_argument("--seed", type=int, default=2017)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=_generate)

    from .importers.cli import add_import_command

    add_import_command(sub)


def _validate(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    print(f"ok: {args.scenario} is a valid scenario")
    print(format_counts(scenario))
    return 0


def _info(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    if args.json:
        print(json.dumps(entity_counts(scenario), ensure_ascii=False, indent=2))
    else:
        print(format_counts(scenario))
    return 0


def _schema(args: argparse.Namespace) -> int:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "CityOps Planner scenario"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .generate import write_preset

    for path in write_preset(args.preset, args.out, args.seed):
        print(f"wrote {path}")
    return 0


__all__ = ["ScenarioError", "add_commands"]
