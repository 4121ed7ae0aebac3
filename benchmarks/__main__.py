"""``python -m benchmarks SUITE …``: each subcommand lives in ``benchmarks/<name>.py``.

A subcommand module exposes ``add_arguments(parser)`` and ``run(args) -> int``;
a module that is not there simply means that subcommand is absent.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = ("routing", "rostering", "simulation")


def build_parser() -> argparse.ArgumentParser:
    """Parser with one subcommand per benchmark module that exists."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Run the optimizer's benchmarks.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"benchmarks.{name}":
                continue
            raise
        sub = subparsers.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else None)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen benchmark."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
