"""Read a district from an OpenStreetMap extract (XML .osm, .osm.gz, .osm.bz2 or PBF .osm.pbf) with pyosmium.

One pass over the file with node locations: street ways (see osm_tags for which), facilities, buildings
and place names. Streets are then split at intersections, and only the largest strongly connected part
of the street graph is kept, so every kept segment can be reached and left by a vehicle.
"""

from __future__ import annotations

import bz2
import gzip
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.parsers import expat

import numpy as np
import osmium

from ..errors import DataError
from ..model.common import STREET_CLASS_ZH
from .osm_tags import PLACE_RANK, StreetTags, facility_of, name_of, street_of
from .text import read_user_bytes

Progress = Callable[[float, str], None]
#: Ways read between two looks at ``cancelled()``.
CANCEL_EVERY = 10_000
#: Only objects with one of these keys reach Python; osmium still stores every node's location.
KEYS = ("highway", "building", "amenity", "landuse", "place")
STREET_CLASS_EN = {"arterial": "arterial road", "secondary": "secondary road", "branch": "branch street",
                   "back_alley": "back alley"}
EARTH_RADIUS_M = 6_371_008.8  # as scenarios.geo.haversine_m, which takes scalars only


@dataclass(frozen=True)
class OsmFeature:
    """A facility found in the extract (a node, or the centroid of a closed way)."""

    kind: str  # toilet, transfer, recycling, collection_point, disposal, depot (osm_tags.facility_of)
    lon: float
    lat: float
    name_zh: str
    name_en: str
    osm_id: str  # "n123" for a node, "w123" for a way


@dataclass
class OsmDistrict:
    """What an extract says about a district: streets, facilities, buildings, its name and extent."""

    street_graph: dict[str, list[dict[str, Any]]]
    features: list[OsmFeature]
    buildings: np.ndarray  # (n, 2) float64 lon, lat of building centroids
    building_levels: np.ndarray  # (n,) float64, building:levels or 2
    name_zh: str
    name_en: str
    population: int | None
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat of the kept street nodes
    centre: tuple[float, float]
    dropped_segments: int  # outside the largest strongly connected part
    dropped_km: float
    skipped_by_tag: dict[str, int]  # highway value → ways not taken as streets
    ways_read: int  # ways with a highway tag
    ways_missing_nodes: int = 0  # street ways cut where the file lacks some of their nodes (pieces kept)


@dataclass
class _StreetWay:
    way_id: str  # the OSM way id; "123.2" for the second piece of a way an extract cut
    tags: StreetTags
    name_zh: str
    name_en: str
    refs: list[int]
    lon: list[float]
    lat: list[float]


@dataclass
class _Scan:
    """Everything the pass over the file collects."""

    streets: list[_StreetWay] = field(default_factory=list)
    features: list[OsmFeature] = field(default_factory=list)
    buildings: list[tuple[float, float]] = field(default_factory=list)
    levels: list[float] = field(default_factory=list)
    places: list[tuple[int, int, int, str, str, int | None]] = field(default_factory=list)  # see _node
    skipped: Counter[str] = field(default_factory=Counter)
    ways_read: int = 0
    missing: int = 0  # node references the file has no node for
    ways_cut: int = 0  # street ways with such references
    first_missing: tuple[int, int] | None = None  # (way id, node id) for the error message


def read_osm(path: Path) -> dict:
    """Streets of an OSM extract as a street_graph section: {nodes, segments}."""
    return read_osm_district(path).street_graph


def read_osm_district(path: Path, progress: Progress | None = None,
                      cancelled: Callable[[], bool] | None = None) -> OsmDistrict:
    """Streets, facilities, buildings and the place name of an OSM extract; DataError says what is wrong.

    ``progress(fraction, message)`` is called at 0.0, 0.5, 0.9 and 1.0; ``cancelled()`` is asked between
    stages and every CANCEL_EVERY ways, and True raises KeyboardInterrupt."""
    report = progress or (lambda fraction, message: None)
    stop = cancelled or (lambda: False)
    fmt = _format_of(path)
    report(0.0, f"reading {path.name}")
    scan = _scan(path, fmt, stop)
    _check_cancel(stop)
    report(0.5, f"read {scan.ways_read} street ways; splitting them at intersections")
    nodes, segments = _split_streets(path, scan)
    _check_cancel(stop)
    report(0.9, f"{len(segments)} street segments; keeping the largest connected street network")
    segments, dropped, dropped_km = largest_strong_part(segments)
    if not segments:
        raise DataError(f"{path}: no connected street network: the {dropped} street segments are one-way "
                        f"streets without a way back (expected streets that can be driven in a loop)")
    district = _district(scan, nodes, segments, dropped, dropped_km)
    report(1.0, f"{len(segments)} street segments, {len(district.features)} facilities, "
                f"{len(district.buildings)} buildings")
    return district


def _check_cancel(stop: Callable[[], bool]) -> None:
    if stop():
        raise KeyboardInterrupt("OSM import cancelled")  # scenarios has no Cancelled exception of its own


def _format_of(path: Path) -> str:
    """osmium's format name from the file's first bytes (a .osm that is really PBF still reads)."""
    head = read_user_bytes(path, 64)
    if head.startswith(b"\x1f\x8b"):
        return "osm.gz"
    if head.startswith(b"BZh"):
        return "osm.bz2"
    if b"OSMHeader" in head[:32]:
        return "pbf"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "osm"
    return ""  # let osmium go by the file name's suffix (.o5m, .opl …) or say it cannot tell


def _objects(path: Path, fmt: str) -> Iterator[Any]:
    """Nodes and ways with one of KEYS, ways with node locations; osmium's errors become DataError."""
    processor = (osmium.FileProcessor(osmium.io.File(str(path), fmt), osmium.osm.NODE | osmium.osm.WAY)
                 .with_locations().with_filter(osmium.filter.KeyFilter(*KEYS)))
    try:
        yield from processor
    except osmium.InvalidLocationError as exc:
        raise DataError(f"{path}: a node's lon/lat must be numbers ({exc}; expected finite degrees, "
                        f"lon -180..180, lat -90..90)") from None
    except (RuntimeError, ValueError) as exc:
        raise _unreadable(path, fmt, exc) from None


def _unreadable(path: Path, fmt: str, exc: Exception) -> DataError:
    """Locate the problem where osmium or, for XML, Python's own parser can."""
    message = str(exc)
    found = re.search(r"XML parsing error at line (\d+), column (\d+): (.*)", message)
    located = (int(found[1]), int(found[2]), found[3]) if found else _xml_error(path, fmt)
    if located:
        line, column, what = located
        return DataError(f"{path}:{line}: not valid OSM XML ({what}, column {column}); "
                         f"expected an OpenStreetMap XML or PBF file")
    return DataError(f"{path}: not an OpenStreetMap XML or PBF file: {message}")


def _xml_error(path: Path, fmt: str) -> tuple[int, int, str] | None:
    """Where an XML file stops being well-formed (osmium names no line for some errors), or None."""
    openers: dict[str, Callable[[Path], Any]] = {
        "osm": lambda p: p.open("rb"), "osm.gz": gzip.open, "osm.bz2": bz2.open}
    if fmt not in openers:
        return None
    parser = expat.ParserCreate()
    try:
        with openers[fmt](path) as f:
            parser.ParseFile(f)
    except expat.ExpatError as exc:
        return exc.lineno, exc.offset, expat.ErrorString(exc.code)
    except (OSError, EOFError):
        return None
    return None


def _scan(path: Path, fmt: str, stop: Callable[[], bool]) -> _Scan:
    """The one pass over the file."""
    scan = _Scan()
    ways = 0
    for obj in _objects(path, fmt):
        tags = {t.k: t.v for t in obj.tags}
        if obj.is_node():
            _node(scan, obj, tags)
            continue
        ways += 1
        if ways % CANCEL_EVERY == 0:
            _check_cancel(stop)
        if "highway" in tags:
            _street(scan, obj, tags)
        if tags.get("building", "no") != "no":
            _building(scan, obj, tags)
        kind = facility_of(tags)
        if kind and obj.is_closed():
            _area_feature(scan, obj, tags, kind)
    return scan


def _node(scan: _Scan, node: Any, tags: dict[str, str]) -> None:
    if not node.location.valid():
        return
    lon, lat = node.location.lon, node.location.lat
    kind = facility_of(tags)
    if kind:
        scan.features.append(OsmFeature(kind, lon, lat, *name_of(tags), f"n{node.id}"))
    rank = PLACE_RANK.get(tags.get("place", ""))
    if rank is not None:
        population = _population(tags.get("population", ""))
        # Sorted: largest kind of place, then most people, then first in the file.
        scan.places.append((rank, -(population or 0), len(scan.places), *name_of(tags), population))


def _population(value: str) -> int | None:
    digits = value.replace(",", "").replace(" ", "").strip()
    return int(digits) if digits.isdigit() else None


def _street(scan: _Scan, way: Any, tags: dict[str, str]) -> None:
    scan.ways_read += 1
    street = street_of(tags)
    if street is None:
        scan.skipped[tags["highway"]] += 1
        return
    # Nodes outside a clipped extract cut the way: each run of nodes the file has is kept as a piece.
    runs: list[list[tuple[int, float, float]]] = [[]]
    for ref in way.nodes:
        location = ref.location
        if not location.valid():
            scan.missing += 1
            scan.first_missing = scan.first_missing or (way.id, ref.ref)
            runs.append([])
            continue
        if runs[-1] and runs[-1][-1][0] == ref.ref:
            continue  # the same node twice in a row draws nothing
        runs[-1].append((ref.ref, location.lon, location.lat))
    pieces = [run for run in runs if len(run) >= 2]
    scan.ways_cut += len(runs) > 1
    for k, run in enumerate(pieces, start=1):
        label = str(way.id) if k == 1 else f"{way.id}.{k}"
        refs, lon, lat = (list(column) for column in zip(*run, strict=True))
        scan.streets.append(_StreetWay(label, street, *name_of(tags), refs, lon, lat))


def _ring_centroid(way: Any) -> tuple[float, float] | None:
    """Mean of a way's node locations (the closing node counted once); None if none is in the file."""
    points = [(n.location.lon, n.location.lat) for n in way.nodes if n.location.valid()]
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _building(scan: _Scan, way: Any, tags: dict[str, str]) -> None:
    centre = _ring_centroid(way)
    if centre is None:
        return
    scan.buildings.append(centre)
    try:
        levels = float(tags.get("building:levels", ""))
    except ValueError:
        levels = 2.0
    scan.levels.append(levels if 0 < levels < 200 else 2.0)


def _area_feature(scan: _Scan, way: Any, tags: dict[str, str], kind: str) -> None:
    centre = _ring_centroid(way)
    if centre is not None:
        scan.features.append(OsmFeature(kind, *centre, *name_of(tags), f"w{way.id}"))


def _split_streets(path: Path, scan: _Scan) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """Segments between intersections (nodes used twice or more by streets) and way ends."""
    if not scan.streets:
        raise DataError(_no_streets(path, scan))
    uses = Counter(ref for way in scan.streets for ref in way.refs)
    ends = {way.refs[0] for way in scan.streets} | {way.refs[-1] for way in scan.streets}
    cuts = {ref for ref, n in uses.items() if n > 1} | ends
    cuts |= _twin_cuts(scan.streets, cuts)
    nodes: dict[str, tuple[float, float]] = {}
    segments: list[dict[str, Any]] = []
    pairs: set[frozenset[str]] = set()
    for way in scan.streets:
        for g in _segments_of(way, cuts, nodes):
            pair = frozenset((g["from_node"], g["to_node"]))
            if pair not in pairs:  # a straight twin of a stretch already kept adds nothing to sweep or drive
                pairs.add(pair)
                segments.append(g)
    return nodes, segments


def _twin_cuts(streets: list[_StreetWay], cuts: set[int]) -> set[int]:
    """Vertices that split stretches joining the same two nodes as another stretch (a dual carriageway,
    a loop road, the two halves of a ring): routes and checks name a step by its two nodes, so twins
    must differ. Of each group the straightest stays whole. Each new cut makes new stretches: repeat."""
    extra: set[int] = set()
    for _ in range(5):
        groups: dict[frozenset[int], list[tuple[int, int, list[int]]]] = defaultdict(list)
        added: set[int] = set()
        for way in streets:
            refs = way.refs
            stops = _loops_broken(refs, [i for i, ref in enumerate(refs) if ref in cuts or ref in extra])
            added |= {refs[k] for k in stops} - cuts - extra  # the middles of broken loops
            for i, j in pairwise(stops):
                groups[frozenset((refs[i], refs[j]))].append((j - i, i, refs))
        for twins in groups.values():
            for span, i, refs in sorted(twins, key=lambda t: t[0])[1:]:
                if span >= 2:
                    added.add(refs[i + span // 2])
        if not added:
            break
        extra |= added
    return extra


def _no_streets(path: Path, scan: _Scan) -> str:
    if scan.first_missing:
        way, node = scan.first_missing
        return (f"{path}: no streets found: all {scan.ways_cut} street ways refer to nodes the file does not "
                f"contain (way {way} refers to node {node}); expected an extract with complete ways")
    found = ", ".join(f"{tag} ×{n}" for tag, n in scan.skipped.most_common(5))
    return (f"{path}: no streets found: expected <way> elements with a highway tag such as primary, "
            f"secondary, tertiary, residential, service … (found {found or 'no highway ways'})")


def _segments_of(way: _StreetWay, cuts: set[int],
                 nodes: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    """One segment per stretch between two cut nodes; the vertices between go to its shape."""
    step = -1 if way.tags.reverse else 1
    refs, lon, lat = way.refs[::step], way.lon[::step], way.lat[::step]
    along = np.concatenate([[0.0], np.cumsum(_edge_lengths_m(np.array(lon), np.array(lat)))])
    stops = _loops_broken(refs, [i for i, ref in enumerate(refs) if ref in cuts])
    name_zh, name_en = way.name_zh or way.name_en, way.name_en or way.name_zh
    if not name_zh:
        name_zh = f"无名{STREET_CLASS_ZH[way.tags.street_class]} W{way.way_id}"
        name_en = f"Unnamed {STREET_CLASS_EN[way.tags.street_class]} W{way.way_id}"
    t = way.tags
    out = []
    for k, (i, j) in enumerate(pairwise(stops), start=1):
        nodes.setdefault(f"osm{refs[i]}", (lon[i], lat[i]))
        nodes.setdefault(f"osm{refs[j]}", (lon[j], lat[j]))
        out.append({
            "id": f"W{way.way_id}-{k}", "name_zh": name_zh, "name_en": name_en,
            "from_node": f"osm{refs[i]}", "to_node": f"osm{refs[j]}",
            "length_m": max(0.1, round(float(along[j] - along[i]), 1)), "width_m": t.width_m,
            "street_class": t.street_class, "one_way": t.one_way, "sides": t.sides, "cleaning_grade": t.grade,
            "shape": [round(v, 7) for m in range(i + 1, j) for v in (lon[m], lat[m])],
        })
    return out


def _loops_broken(refs: list[int], stops: list[int]) -> list[int]:
    """A stretch that leaves a node and comes back to it (a closed way) is cut at its middle vertex."""
    out = stops[:1]
    for i, j in pairwise(stops):
        if refs[i] == refs[j] and j - i >= 2:
            out.append((i + j) // 2)
        out.append(j)
    return out


def _edge_lengths_m(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Great-circle length in metres of each edge of a polyline (haversine, vectorised)."""
    p, lam = np.radians(lat), np.radians(lon)
    a = np.sin(np.diff(p) / 2) ** 2 + np.cos(p[:-1]) * np.cos(p[1:]) * np.sin(np.diff(lam) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def largest_strong_part(segments: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, float]:
    """Segments inside the largest strongly connected part (a two-way segment links both ways)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    index: dict[str, int] = {}
    for s in segments:
        index.setdefault(s["from_node"], len(index))
        index.setdefault(s["to_node"], len(index))
    heads = np.array([index[s["from_node"]] for s in segments])
    tails = np.array([index[s["to_node"]] for s in segments])
    two_way = np.array([not s["one_way"] for s in segments], dtype=bool)
    rows, cols = np.concatenate([heads, tails[two_way]]), np.concatenate([tails, heads[two_way]])
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(index), len(index)))
    _, labels = connected_components(graph, directed=True, connection="strong")
    sizes = np.bincount(labels)
    # A part of one node holds no segment (or only loops); it counts as nothing.
    biggest = int(np.argmax(sizes)) if sizes.max() > 1 else -1
    keep = (labels[heads] == biggest) & (labels[tails] == biggest)
    kept = [s for s, k in zip(segments, keep, strict=True) if k]
    dropped_km = sum(s["length_m"] for s, k in zip(segments, keep, strict=True) if not k) / 1000
    return kept, len(segments) - len(kept), round(dropped_km, 3)


def _district(scan: _Scan, nodes: dict[str, tuple[float, float]], segments: list[dict[str, Any]],
              dropped: int, dropped_km: float) -> OsmDistrict:
    used = dict.fromkeys(s[end] for s in segments for end in ("from_node", "to_node"))
    node_rows = [{"id": n, "lon": round(nodes[n][0], 7), "lat": round(nodes[n][1], 7)} for n in used]
    lons, lats = [n["lon"] for n in node_rows], [n["lat"] for n in node_rows]
    bounds = (min(lons), min(lats), max(lons), max(lats))
    place = min(scan.places, default=None)
    return OsmDistrict(
        street_graph={"nodes": node_rows, "segments": segments}, features=scan.features,
        buildings=np.array(scan.buildings, dtype=np.float64).reshape(-1, 2),
        building_levels=np.array(scan.levels, dtype=np.float64),
        name_zh=place[3] if place else "", name_en=place[4] if place else "",
        population=place[5] if place else None, bounds=bounds,
        centre=((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2),
        dropped_segments=dropped, dropped_km=dropped_km, skipped_by_tag=dict(scan.skipped),
        ways_read=scan.ways_read, ways_missing_nodes=scan.ways_cut)
