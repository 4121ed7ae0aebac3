"""`main.py import osm|geojson|points|toilets|staff|vehicles|vendors FILE … --out SCENARIO` and `main.py export-geojson`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..files.atomic import atomic_write_text
from ..files.load import load_scenario
from ..files.save import save_scenario
from ..jobs import ProgressInfo, TerminalProgress, ctrl_c_stops
from ..language import default_lang
from ..summary import format_counts

LIST_KINDS = ("points", "toilets", "staff", "vehicles", "vendors")  # the same as lists.LIST_KINDS (a test checks)
TRAINING = Path(__file__).resolve().parents[1] / "training.yaml"


def add_import_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="a district from OpenStreetMap, streets from GeoJSON, or the bureau's lists "
                                      "(points, toilets, staff, vehicles, the vendor register from CSV/XLSX) into a scenario")
    p.add_argument("kind", choices=["osm", "geojson", *LIST_KINDS])
    p.add_argument("file", type=Path, help=".osm / .osm.pbf / .osm.bz2, .geojson, or .csv / .xlsx")
    p.add_argument("--out", type=Path, required=True, help="scenario YAML to write (nothing is written on error)")
    p.add_argument("--lang", choices=["zh", "en"], default=default_lang(), help="language of the report")
    p.add_argument("--base", type=Path, default=None,
                   help="scenario the streets or lists go into (default: the training district; not used by osm)")
    osm = p.add_argument_group("osm")
    osm.add_argument("--name", default=None, help="the district's name (default: the place named in the file)")
    osm.add_argument("--population", type=int, default=None, help="residents (default: estimated from street length)")
    osm.add_argument("--area", type=Path, default=None, help="GeoJSON polygon: keep only the streets inside it")
    osm.add_argument("--seed", type=int, default=2017, help="seed of the placement rules (same seed, same scenario)")
    lists = p.add_argument_group("points, toilets, staff, vehicles, vendors")
    mode = lists.add_mutually_exclusive_group()
    mode.add_argument("--merge", dest="mode", action="store_const", const="merge",
                      help="update rows with the same id and add new ones (default)")
    mode.add_argument("--replace", dest="mode", action="store_const", const="replace", help="replace the whole table")
    lists.add_argument("--crs", choices=["wgs84", "gcj02", "bd09"], default="wgs84",
                       help="coordinates as Chinese web maps export them: gcj02 (Amap, Tencent), bd09 (Baidu)")
    lists.add_argument("--max-snap-m", type=float, default=200.0, help="farthest a point may lie from a street (m)")
    p.set_defaults(run=_run_import, mode="merge")
    e = sub.add_parser("export-geojson", help="a scenario's streets and facilities as GeoJSON for QGIS")
    e.add_argument("scenario", type=Path)
    e.add_argument("--out", type=Path, required=True, help="GeoJSON file to write")
    e.set_defaults(run=_run_export)


def _run_import(args: argparse.Namespace) -> int:
    if args.kind == "osm":
        return _run_osm(args)
    base = load_scenario(args.base or TRAINING)
    if args.kind == "geojson":
        from .geojson import read_geojson
        from .merge import with_street_graph

        scenario = with_street_graph(base, read_geojson(args.file), args.file.name)
        report: list[str] = []
    else:
        from .lists import import_list

        imported = import_list(base, args.kind, args.file, mode=args.mode, crs=args.crs, max_snap_m=args.max_snap_m)
        scenario, report = imported.scenario, imported.report_zh if args.lang == "zh" else imported.report
    for path in save_scenario(scenario, args.out):
        print(f"wrote {path}")
    for line in report:
        print(line)
    print(format_counts(scenario))
    return 0


def _run_osm(args: argparse.Namespace) -> int:
    from .district import district_from_osm
    from .osm import read_osm_district

    bar = TerminalProgress("import osm")

    def progress(fraction: float, text: str) -> None:
        if fraction > 0:  # nothing before the file has been read once, so a bad file's error comes first
            bar(ProgressInfo(fraction=fraction, message=text))

    with ctrl_c_stops("stopping the import: nothing is written") as stop:
        try:
            osm = read_osm_district(args.file, cancelled=stop, progress=progress)
        finally:
            bar.close()
    if args.area is not None:
        from .area import clip_to_area

        osm = clip_to_area(osm, args.area)
    imported = district_from_osm(osm, args.file, name=args.name, population=args.population, seed=args.seed)
    for path in save_scenario(imported.scenario, args.out):
        print(f"wrote {path}")
    for line in imported.lines(args.lang):
        print(line)
    print(format_counts(imported.scenario))
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from ..gis_export import scenario_geojson

    scenario = load_scenario(args.scenario)
    atomic_write_text(args.out, json.dumps(scenario_geojson(scenario), ensure_ascii=False))
    print(f"wrote {args.out}")
    return 0
