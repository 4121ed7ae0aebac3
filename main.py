"""CityOps Planner (城市管理作业规划): the command line and the app entry point.

`python main.py` opens the desktop app on the bundled Shuangliu scenario; subcommands plan, roster,
simulate, study and manage scenario files. Usage errors exit 2; data errors exit 1 with `error: …`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_SCENARIO = ROOT / "scenarios" / "shuangliu.yaml"

# Each package registers its own subcommands; a package that is not there simply adds none.
COMMAND_MODULES = ("scenarios.cli", "optimizer.cli", "simulation.cli", "reports.cli", "desktop.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cityops",
        description="CityOps Planner 城市管理作业规划 — plan routes and rosters, simulate, compare.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.add_commands(sub)
    return parser


def _end_on_sigterm(signum: int, frame: object) -> None:
    """`kill` (SIGTERM) ends a command as an abort: the exception unwinds it, so its worker processes are
    stopped (Python's default would leave a study's pool running, orphaned) and no file is half written."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in _command_names(parser) and not argv[0].startswith("-"):
        argv = ["gui", *argv] if "gui" in _command_names(parser) else (argv or ["info", str(DEFAULT_SCENARIO)])
    args = parser.parse_args(argv)
    if args.command != "gui" and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _end_on_sigterm)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from scenarios.errors import DataError, ScenarioError

    try:
        return int(args.run(args) or 0)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:
        if isinstance(exc.code, str):  # a command refusing its arguments: a usage error
            print(exc.code, file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


if __name__ == "__main__":
    raise SystemExit(main())
