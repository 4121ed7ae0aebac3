"""``python -m benchmarks NAME …``: each subcommand lives in a module ``benchmarks/<name>.py``.

A subcommand module exposes ``add_arguments(parser)`` and ``run(args) -> int``
(for example ``routing``, ``rostering``, ``simulation``); a module that is not
there simply means that subcommand is absent.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path


def subcommand_modules() -> list[str]:
    """Names of the modules beside this file that follow the subcommand protocol's naming."""
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.ispkg and not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    """Parser with one subcommand per benchmark module that exists and exposes add_arguments and run."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Run the optimizer's benchmarks.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in subcommand_modules():
        module = importlib.import_module(f"benchmarks.{name}")
        if not (hasattr(module, "add_arguments") and hasattr(module, "run")):
            continue
        summary = (module.__doc__ or "").strip().splitlines()
        sub = subparsers.add_parser(name, help=summary[0] if summary else None)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen benchmark."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
