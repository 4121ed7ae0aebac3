"""Import time and peak memory of `main.py import osm` against the size of the OSM file.

Each file is imported in a fresh process (``main.py import osm FILE --out …``), timed from outside,
its peak resident memory read from the child's rusage. Files are the ones given (real extracts), and
synthetic cities of the sizes asked (``--cities 20x15,80x60,200x150``: junction columns × rows, written
as PBF by ``benchmarks.osm_city``). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, help="OSM files (.osm, .osm.pbf, …) to import")
    parser.add_argument("--cities", default="20x15,80x60,200x150",
                        help="synthetic cities to write and import, as COLSxROWS,… ('' for none)")
    parser.add_argument("--repeat", type=int, default=1, help="imports of each file (the fastest is kept)")


def _counts(path: Path) -> tuple[int, int]:
    """Nodes and ways in the file (osmium, one pass)."""
    import osmium

    nodes = ways = 0
    for obj in osmium.FileProcessor(str(path)):
        if obj.is_node():
            nodes += 1
        elif obj.is_way():
            ways += 1
    return nodes, ways


def _import_once(path: Path, out: Path) -> tuple[float, float, str]:
    """Seconds, peak MiB of this import's own process (its rusage from wait4), and the kept-streets line."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "import", "osm", str(path), "--out", str(out),
                                  "--lang", "en"], stdout=stdout, stderr=stderr, env={**os.environ, "LANG": "C"})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if child.returncode != 0:
            raise RuntimeError(f"import of {path.name} failed: {stderr.read().strip()[-300:]}")
        lines = stdout.read().splitlines()
    streets = next((line.strip(" -") for line in lines if line.strip().startswith("- streets:")), "")
    return seconds, usage.ru_maxrss / 1024, streets


def run(args: argparse.Namespace) -> int:
    from benchmarks.osm_city import write_city

    with tempfile.TemporaryDirectory() as folder:
        files = list(args.files)
        for size in filter(None, args.cities.split(",")):
            cols, rows = (int(v) for v in size.lower().split("x"))
            files.append(write_city(Path(folder) / f"city-{cols}x{rows}.osm.pbf", cols, rows))
        files.sort(key=lambda p: p.stat().st_size)
        print("| file | size MB | nodes | ways | import s | peak MiB | kept |")
        print("|---|---|---|---|---|---|---|")
        for path in files:
            nodes, ways = _counts(path)
            best = min((_import_once(path, Path(folder) / f"out-{path.stem}" / "d.yaml") for _ in range(args.repeat)),
                       key=lambda r: r[0])
            print(f"| {path.name} | {path.stat().st_size / 1e6:.2f} | {nodes:,} | {ways:,} | {best[0]:.1f} | "
                  f"{best[1]:.0f} | {best[2]} |", flush=True)
    return 0
