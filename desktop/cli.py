"""Command-line entry points of the desktop app: `gui [PATH]` and `screenshot --view … --out FILE.png`."""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCENARIO = ROOT / "scenarios" / "shuangliu.yaml"
VIEWS = ("map", "plan", "replay", "editor", "roster", "results", "compare", "trainer")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop app (default: the bundled Shuangliu scenario)")
    p.add_argument("scenario", nargs="?", type=Path, default=DEFAULT_SCENARIO)
    p.set_defaults(run=_gui)

    p = sub.add_parser("screenshot", help="render one view offscreen with the default data and save it as PNG")
    p.add_argument("--view", choices=VIEWS, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    p.add_argument("--language", choices=("zh", "en"), default=None, help="default: the system locale")
    p.add_argument("--size", default="1400x900", help="window size WIDTHxHEIGHT")
    p.add_argument("--time-limit", type=float, default=None, help="solver time limit for the jobs it runs (s)")
    p.add_argument("--plan", type=Path, default=None,
                   help="show this plan (a folder written by `main.py plan --out`) instead of planning routes")
    p.set_defaults(run=_screenshot)

    p = sub.add_parser("screenshots", help="every tab in Chinese and English after planning, rostering, simulating, "
                                           "a study and a sweep: TAB-zh.png and TAB-en.png in a folder")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "training.yaml")
    p.add_argument("--time-limit", type=float, default=10.0, help="solver time limit of each job (s)")
    p.set_defaults(run=_screenshots)


def _gui(args: argparse.Namespace) -> int:
    import os
    import sys

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                                                 or os.environ.get("QT_QPA_PLATFORM")):
        print("error: no display to open a window on (DISPLAY is not set); run it in a desktop session, "
              "or save a view with `main.py screenshot --view map --out map.png`", file=sys.stderr)
        return 1
    from .app import run_app

    return run_app(args.scenario)


def _screenshots(args: argparse.Namespace) -> int:
    from .screenshots import take_all

    return take_all(args.out, args.scenario, time_limit_s=args.time_limit)


def _screenshot(args: argparse.Namespace) -> int:
    from .screenshot import take_screenshot

    width, _, height = args.size.partition("x")
    return take_screenshot(args.view, args.out, args.scenario, language=args.language,
                           size=(int(width), int(height)), time_limit_s=args.time_limit, plan=args.plan)
