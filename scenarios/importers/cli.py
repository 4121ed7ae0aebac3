"""`main.py import osm|geojson|points|staff FILE --base SCENARIO --out SCENARIO`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..files.load import load_scenario
from ..files.save import save_scenario
from ..summary import format_counts


def add_import_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import streets (OSM, GeoJSON) or points/staff (CSV, XLSX) into a scenario")
    p.add_argument("kind", choices=["osm", "geojson", "points", "staff"])
    p.add_argument("file", type=Path)
    p.add_argument("--base", type=Path, default=Path(__file__).resolve().parents[1] / "training.yaml",
                   help="scenario that supplies everything not imported (default: the training district)")
    p.add_argument("--out", type=Path, required=True, help="scenario YAML to write (nothing is written on error)")
    p.set_defaults(run=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    from .merge import with_street_graph, with_table

    base = load_scenario(args.base)
    if args.kind == "osm":
        from .osm import read_osm

        scenario = with_street_graph(base, read_osm(args.file), str(args.file))
    elif args.kind == "geojson":
        from .geojson import read_geojson

        scenario = with_street_graph(base, read_geojson(args.file), str(args.file))
    else:
        from .tables import read_rows

        scenario = with_table(base, args.kind, read_rows(args.file, args.kind), str(args.file))
    for path in save_scenario(scenario, args.out):
        print(f"wrote {path}")
    print(format_counts(scenario))
    return 0
