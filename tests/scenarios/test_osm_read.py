"""Reading OpenStreetMap extracts with pyosmium: tag mapping, splitting at intersections, connected part,
facilities, buildings, place names, XML/PBF parity and located errors. Every file is made here."""

from __future__ import annotations

import bz2
import gzip
import math
import re
from pathlib import Path

import numpy as np
import osmium
import osmium.osm.mutable as mut
import pytest

from scenarios.errors import DataError
from scenarios.geo import haversine_m
from scenarios.importers import osm as osm_module
from scenarios.importers import osm_tags
from scenarios.importers.osm import OsmFeature, read_osm, read_osm_district
from scenarios.importers.osm_tags import StreetTags, facility_of, name_of, street_of
from scenarios.model.streets import Node, Segment, StreetGraph

REAL = Path("/tmp/osm-real/Helsinki.osm.pbf")
LON, LAT = 103.93, 30.58  # Shuangliu
STEP = 0.001  # about 100 m

Nodes = dict[int, tuple[float, float, dict[str, str]]]
Ways = list[tuple[int, list[int], dict[str, str]]]


def _node(lon: float, lat: float, **tags: str) -> tuple[float, float, dict[str, str]]:
    return lon, lat, tags


def _write_xml(path: Path, nodes: Nodes, ways: Ways) -> Path:
    def tag_xml(tags: dict[str, str]) -> str:
        return "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())

    rows = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    rows += [f'<node id="{i}" lon="{lon}" lat="{lat}">{tag_xml(tags)}</node>' for i, (lon, lat, tags) in nodes.items()]
    for i, refs, tags in ways:
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        rows.append(f'<way id="{i}">{nds}{tag_xml(tags)}</way>')
    path.write_text("\n".join([*rows, "</osm>"]), encoding="utf-8")
    return path


def _write_pbf(path: Path, nodes: Nodes, ways: Ways) -> Path:
    with osmium.SimpleWriter(str(path)) as writer:
        for i, (lon, lat, tags) in nodes.items():
            writer.add_node(mut.Node(id=i, location=(lon, lat), tags=tags))
        for i, refs, tags in ways:
            writer.add_way(mut.Way(id=i, nodes=refs, tags=tags))
    return path


def _cross() -> tuple[Nodes, Ways]:
    """A bent east-west street 1-2-3-4-5 crossed at 3 by a north-south street 10-3-11."""
    nodes: Nodes = {
        1: _node(LON, LAT), 2: _node(LON + STEP, LAT + 0.0003), 3: _node(LON + 2 * STEP, LAT),
        4: _node(LON + 3 * STEP, LAT - 0.0002), 5: _node(LON + 4 * STEP, LAT),
        10: _node(LON + 2 * STEP, LAT - STEP), 11: _node(LON + 2 * STEP, LAT + STEP),
    }
    ways: Ways = [(100, [1, 2, 3, 4, 5], {"highway": "primary", "name": "机场路", "name:en": "Airport Road"}),
                  (200, [10, 3, 11], {"highway": "residential"})]
    return nodes, ways


def _square(first_id: int = 1, lon: float = LON, lat: float = LAT) -> tuple[Nodes, list[int]]:
    ids = list(range(first_id, first_id + 4))
    corners = [(lon, lat), (lon + STEP, lat), (lon + STEP, lat + STEP), (lon, lat + STEP)]
    return {i: _node(x, y) for i, (x, y) in zip(ids, corners, strict=True)}, ids


def _read(tmp_path: Path, nodes: Nodes, ways: Ways, name: str = "d.osm"):
    return read_osm_district(_write_xml(tmp_path / name, nodes, ways))


def _by_id(district) -> dict[str, dict]:
    return {s["id"]: s for s in district.street_graph["segments"]}


def _polyline_m(points: list[tuple[float, float]]) -> float:
    return sum(haversine_m(*a, *b) for a, b in zip(points, points[1:], strict=False))


# --- the tag mapping -------------------------------------------------------------------------------------

def _doc_table() -> list[list[str]]:
    """Rows of the highway table in osm_tags' docstring."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in (osm_tags.__doc__ or "").splitlines() if line.startswith("| ")]
    return [r for r in rows if r[0] not in ("highway", "tags") and "=" not in r[0]]


def test_docstring_table_is_what_street_of_does() -> None:
    """Each highway value of the documented table maps as the table says; skipped ones give None."""
    rows = _doc_table()
    assert {r[0] for r in rows} == set(osm_tags.HIGHWAY_DEFAULTS) | osm_tags.SKIPPED_HIGHWAYS
    for row in rows:
        got = street_of({"highway": row[0]})
        if row[1].startswith("skipped"):
            assert got is None, row
        else:
            assert got == StreetTags(row[1], int(row[2]), float(row[3]), int(row[4])), row
    assert street_of({"highway": "bus_guideway"}) is None and street_of({"building": "yes"}) is None


@pytest.mark.parametrize(("tags", "expected"), [
    ({"highway": "service", "service": "alley"}, StreetTags("back_alley", 4, 4.0, 1)),
    ({"highway": "service", "service": "parking_aisle"}, None),
    ({"highway": "service", "service": "driveway"}, None),
    ({"highway": "service", "service": "drive-through"}, None),
    ({"highway": "pedestrian", "area": "yes"}, None),
    ({"highway": "residential", "access": "private"}, None),
    ({"highway": "residential", "access": "no"}, None),
    ({"highway": "residential", "oneway": "yes"}, StreetTags("branch", 3, 8.0, 2, one_way=True)),
    ({"highway": "residential", "oneway": "true"}, StreetTags("branch", 3, 8.0, 2, one_way=True)),
    ({"highway": "residential", "oneway": "1"}, StreetTags("branch", 3, 8.0, 2, one_way=True)),
    ({"highway": "residential", "oneway": "no"}, StreetTags("branch", 3, 8.0, 2)),
    ({"highway": "residential", "oneway": "-1"}, StreetTags("branch", 3, 8.0, 2, one_way=True, reverse=True)),
    ({"highway": "primary", "junction": "roundabout"}, StreetTags("arterial", 1, 30.0, 2, one_way=True)),
    ({"highway": "primary", "junction": "circular"}, StreetTags("arterial", 1, 30.0, 2, one_way=True)),
    ({"highway": "primary", "junction": "roundabout", "oneway": "no"}, StreetTags("arterial", 1, 30.0, 2)),
    ({"highway": "primary_link", "oneway": "yes"}, StreetTags("arterial", 1, 30.0, 2, one_way=True)),
    ({"highway": "primary_link"}, StreetTags("arterial", 1, 30.0, 2)),
])
def test_street_rules(tags: dict[str, str], expected: StreetTags | None) -> None:
    assert street_of(tags) == expected


@pytest.mark.parametrize(("tags", "expected"), [
    ({"name": "人民路", "name:en": "Renmin Road"}, ("人民路", "Renmin Road")),
    ({"name": "Mannerheimintie", "name:zh": "曼纳海姆大街"}, ("曼纳海姆大街", "Mannerheimintie")),
    ({"name": "X", "name:zh-Hans": "简体"}, ("简体", "X")),
    ({"name": "东升街"}, ("东升街", "东升街")),
    ({}, ("", "")),
])
def test_names(tags: dict[str, str], expected: tuple[str, str]) -> None:
    assert name_of(tags) == expected


@pytest.mark.parametrize(("tags", "expected"), [
    ({"amenity": "toilets"}, "toilet"),
    ({"amenity": "waste_transfer_station"}, "transfer"),
    ({"amenity": "recycling", "recycling_type": "centre"}, "recycling"),
    ({"amenity": "recycling", "recycling_type": "container"}, "collection_point"),
    ({"amenity": "recycling"}, "collection_point"),
    ({"amenity": "waste_disposal"}, "collection_point"),
    ({"landuse": "landfill"}, "disposal"),
    ({"landuse": "depot"}, "depot"),
    ({"amenity": "bus_station"}, None),
    ({"office": "government", "name": "环卫所"}, None),
    ({"landuse": "residential"}, None),
])
def test_facility_tags(tags: dict[str, str], expected: str | None) -> None:
    assert facility_of(tags) == expected


# --- streets ---------------------------------------------------------------------------------------------

def test_a_way_crossed_in_its_middle_gives_two_segments(tmp_path: Path) -> None:
    """Split only where streets meet; the vertices between go to shape; length is the polyline's."""
    nodes, ways = _cross()
    district = _read(tmp_path, nodes, ways)
    segments = _by_id(district)
    assert set(segments) == {"W100-1", "W100-2", "W200-1", "W200-2"}
    first = segments["W100-1"]
    assert (first["from_node"], first["to_node"]) == ("osm1", "osm3")
    assert first["shape"] == [round(nodes[2][0], 7), round(nodes[2][1], 7)]
    expected = _polyline_m([nodes[i][:2] for i in (1, 2, 3)])
    assert first["length_m"] == pytest.approx(expected, rel=0.01)
    assert segments["W200-1"]["shape"] == [] and segments["W200-2"]["to_node"] == "osm11"
    assert (first["name_zh"], first["name_en"]) == ("机场路", "Airport Road")
    assert (first["street_class"], first["cleaning_grade"], first["width_m"], first["sides"]) == ("arterial", 1, 30.0, 2)
    assert segments["W200-1"]["name_zh"] == "无名支路 W200"
    assert segments["W200-1"]["name_en"] == "Unnamed branch street W200"
    assert [n["id"] for n in district.street_graph["nodes"]] == ["osm1", "osm3", "osm5", "osm10", "osm11"]
    for s in segments.values():  # the scenario's own model takes every segment as it is
        assert Segment.model_validate(s).model_dump(include=set(s)) == s
    StreetGraph.model_validate(district.street_graph)


def test_oneway_minus_one_runs_against_the_drawing(tmp_path: Path) -> None:
    """oneway=-1: the segment goes from the way's last node to its first, shape reversed too."""
    nodes: Nodes = {1: _node(LON, LAT), 2: _node(LON + STEP, LAT), 3: _node(LON + 2 * STEP, LAT),
                    4: _node(LON + 2 * STEP, LAT + 0.002), 5: _node(LON + STEP, LAT + 0.002)}
    ways: Ways = [(300, [1, 2, 3], {"highway": "tertiary", "oneway": "-1"}),
                  (301, [1, 5, 4, 3], {"highway": "tertiary"})]
    segments = _by_id(_read(tmp_path, nodes, ways))
    s = segments["W300-1"]
    assert (s["from_node"], s["to_node"], s["one_way"]) == ("osm3", "osm1", True)
    assert s["shape"] == pytest.approx([LON + STEP, LAT])
    # W301 also joins nodes 1 and 3: a twin, so it is cut at its middle vertex (a step names its two nodes).
    first, second = segments["W301-1"], segments["W301-2"]
    assert (first["from_node"], first["to_node"], second["to_node"]) == ("osm1", "osm5", "osm3")
    assert first["shape"] == [] and second["shape"] == pytest.approx([LON + 2 * STEP, LAT + 0.002])
    assert not first["one_way"] and not second["one_way"]


def test_no_two_segments_join_the_same_two_nodes(tmp_path: Path) -> None:
    """A loop road drawn as two ways between the same two junctions, and a straight duplicate: twins are cut
    apart at a middle vertex, a straight duplicate (nothing to cut) is left out."""
    nodes: Nodes = {1: _node(LON, LAT), 2: _node(LON + STEP, LAT + 0.001), 3: _node(LON + 2 * STEP, LAT),
                    4: _node(LON + STEP, LAT - 0.001)}
    ways: Ways = [(600, [1, 2, 3], {"highway": "residential"}), (601, [1, 4, 3], {"highway": "residential"}),
                  (602, [1, 3], {"highway": "residential"}), (603, [3, 1], {"highway": "residential"})]
    segments = _read(tmp_path, nodes, ways).street_graph["segments"]
    pairs = [frozenset((s["from_node"], s["to_node"])) for s in segments]
    assert len(pairs) == len(set(pairs))
    assert sum(s["length_m"] for s in segments) == pytest.approx(
        sum(haversine_m(*nodes[a][:2], *nodes[b][:2]) for a, b in [(1, 2), (2, 3), (1, 4), (4, 3), (1, 3)]), rel=0.01)


def test_a_roundabout_is_one_way_and_has_no_loop_segment(tmp_path: Path) -> None:
    """A closed roundabout way joined at one node: two one-way halves, never a segment from a node to itself."""
    nodes, ring = _square()
    nodes[9] = _node(LON - STEP, LAT)
    ways: Ways = [(400, [*ring, ring[0]], {"highway": "secondary", "junction": "roundabout"}),
                  (401, [9, 1], {"highway": "residential"})]
    district = _read(tmp_path, nodes, ways)
    segments = _by_id(district)
    ring_segments = [(s["from_node"], s["to_node"]) for k, s in segments.items() if k.startswith("W400")]
    # Cut at its middle vertex, then once more so its two halves do not join the same two nodes.
    assert ring_segments == [("osm1", "osm3"), ("osm3", "osm4"), ("osm4", "osm1")]
    assert all(s["one_way"] for k, s in segments.items() if k.startswith("W400"))
    assert district.dropped_segments == 0


def test_only_the_largest_strongly_connected_part_is_kept(tmp_path: Path) -> None:
    """A far island and a one-way street with no way back are dropped and reported."""
    nodes, ring = _square()
    island, (a, b, *_) = _square(20, LON + 0.05, LAT)
    nodes |= {a: island[a], b: island[b], 30: _node(LON - STEP, LAT - STEP)}
    ways: Ways = [(500, [*ring, ring[0]], {"highway": "residential"}),
                  (501, [a, b], {"highway": "residential"}),
                  (502, [1, 30], {"highway": "residential", "oneway": "yes"})]
    district = _read(tmp_path, nodes, ways)
    kept = _by_id(district)
    assert all(k.startswith("W500") for k in kept) and len(kept) == 3
    assert district.dropped_segments == 2
    lost = haversine_m(*island[a][:2], *island[b][:2]) + haversine_m(*nodes[1][:2], *nodes[30][:2])
    assert district.dropped_km == pytest.approx(lost / 1000, abs=0.002)
    assert district.bounds == pytest.approx((LON, LAT, LON + STEP, LAT + STEP))
    assert district.centre == pytest.approx((LON + STEP / 2, LAT + STEP / 2))


def test_skipped_ways_are_counted_by_tag(tmp_path: Path) -> None:
    nodes, ways = _cross()
    nodes[6] = _node(LON, LAT + STEP)
    ways += [(600, [1, 6], {"highway": "footway"}), (601, [6, 1], {"highway": "footway"}),
             (602, [5, 6], {"highway": "motorway"}), (603, [1, 6], {"waterway": "river"})]
    district = _read(tmp_path, nodes, ways)
    assert district.skipped_by_tag == {"footway": 2, "motorway": 1}
    assert district.ways_read == 5 and district.ways_missing_nodes == 0


def test_a_way_cut_by_the_extract_keeps_its_pieces_and_is_counted(tmp_path: Path) -> None:
    """An extract clipped at its edge lacks some nodes of a way: the runs of nodes it has stay streets."""
    nodes, ways = _cross()
    ways.append((700, [5, 999], {"highway": "residential"}))  # nothing left of it: one node
    ways.append((701, [1, 998, 10, 11, 997], {"highway": "residential"}))  # 10-11 stays, as piece 1
    district = _read(tmp_path, nodes, ways)
    segments = _by_id(district)
    assert district.ways_missing_nodes == 2 and not any(k.startswith("W700") for k in segments)
    assert (segments["W701-1"]["from_node"], segments["W701-1"]["to_node"]) == ("osm10", "osm11")
    with pytest.raises(DataError, match=r"only\.osm: no streets found: all 1 street ways .* \(way 700 refers to node 999\)"):
        _read(tmp_path, {5: nodes[5]}, [(700, [5, 999], {"highway": "residential"})], name="only.osm")


# --- facilities, buildings, place ------------------------------------------------------------------------

def test_toilets_as_a_node_and_as_a_closed_way_become_features(tmp_path: Path) -> None:
    nodes, ways = _cross()
    nodes[50] = _node(LON + 0.0005, LAT + 0.0005, amenity="toilets", name="公厕", **{"name:en": "Public toilet"})
    nodes[51] = _node(LON + 0.0006, LAT + 0.0005, amenity="recycling")
    square, ring = _square(60, LON + 0.003, LAT + 0.003)
    nodes |= square
    ways.append((800, [*ring, ring[0]], {"amenity": "toilets"}))
    ways.append((801, ring[:3], {"amenity": "toilets"}))  # not closed: no place to put it
    features = _read(tmp_path, nodes, ways).features
    assert features[0] == OsmFeature("toilet", features[0].lon, features[0].lat, "公厕", "Public toilet", "n50")
    assert (features[0].lon, features[0].lat) == pytest.approx((LON + 0.0005, LAT + 0.0005))
    assert features[1].kind == "collection_point" and features[1].osm_id == "n51"
    assert (features[2].kind, features[2].osm_id, features[2].name_zh) == ("toilet", "w800", "")
    assert (features[2].lon, features[2].lat) == pytest.approx((LON + 0.003 + STEP / 2, LAT + 0.003 + STEP / 2))
    assert len(features) == 3


def test_buildings_give_centroids_and_levels(tmp_path: Path) -> None:
    nodes, ways = _cross()
    one, ring1 = _square(70, LON + 0.01, LAT)
    two, ring2 = _square(80, LON + 0.02, LAT)
    nodes |= one | two
    ways += [(900, [*ring1, ring1[0]], {"building": "yes"}),
             (901, [*ring2, ring2[0]], {"building": "apartments", "building:levels": "18"}),
             (902, ring1[:2], {"building": "no"})]
    district = _read(tmp_path, nodes, ways)
    assert district.buildings.dtype == np.float64 and district.buildings.shape == (2, 2)
    assert district.buildings == pytest.approx(np.array([[LON + 0.01 + STEP / 2, LAT + STEP / 2],
                                                         [LON + 0.02 + STEP / 2, LAT + STEP / 2]]))
    assert district.building_levels.tolist() == [2.0, 18.0]


def test_place_name_and_population_come_from_the_largest_place(tmp_path: Path) -> None:
    nodes, ways = _cross()
    nodes[90] = _node(LON, LAT, place="suburb", name="东升街道", population="120000")
    nodes[91] = _node(LON, LAT, place="city", name="成都市", population="20937757", **{"name:en": "Chengdu"})
    nodes[92] = _node(LON, LAT, place="town", name="九江镇")
    district = _read(tmp_path, nodes, ways)
    assert (district.name_zh, district.name_en, district.population) == ("成都市", "Chengdu", 20_937_757)
    none = _read(tmp_path, *_cross(), name="plain.osm")
    assert (none.name_zh, none.name_en, none.population) == ("", "", None)
    nodes[91] = _node(LON, LAT, place="city", name="双流", population="about 1M")
    assert _read(tmp_path, nodes, ways, name="p.osm").population is None


# --- formats ---------------------------------------------------------------------------------------------

def _everything() -> tuple[Nodes, Ways]:
    nodes, ways = _cross()
    nodes[50] = _node(LON + 0.0005, LAT + 0.0005, amenity="toilets", name="公厕")
    nodes[91] = _node(LON, LAT, place="district", name="双流区", population="1000000")
    square, ring = _square(60, LON + 0.003, LAT + 0.003)
    nodes |= square
    ways += [(801, [*ring, ring[0]], {"building": "yes", "building:levels": "6"}),
             (802, [5, 11], {"highway": "service", "oneway": "yes"})]
    return nodes, ways


def _same(a, b) -> None:
    assert a.street_graph == b.street_graph and a.features == b.features
    assert np.array_equal(a.buildings, b.buildings) and np.array_equal(a.building_levels, b.building_levels)
    assert (a.name_zh, a.population, a.bounds, a.skipped_by_tag) == (b.name_zh, b.population, b.bounds, b.skipped_by_tag)


def test_xml_pbf_gz_and_bz2_read_the_same(tmp_path: Path) -> None:
    nodes, ways = _everything()
    xml = _write_xml(tmp_path / "d.osm", nodes, ways)
    from_xml = read_osm_district(xml)
    assert len(from_xml.street_graph["segments"]) == 5
    _same(from_xml, read_osm_district(_write_pbf(tmp_path / "d.osm.pbf", nodes, ways)))
    (tmp_path / "d.osm.gz").write_bytes(gzip.compress(xml.read_bytes()))
    (tmp_path / "d.osm.bz2").write_bytes(bz2.compress(xml.read_bytes()))
    _same(from_xml, read_osm_district(tmp_path / "d.osm.gz"))
    _same(from_xml, read_osm_district(tmp_path / "d.osm.bz2"))
    # The format comes from the content: a PBF named .osm still reads.
    misnamed = tmp_path / "pbf-named.osm"
    misnamed.write_bytes((tmp_path / "d.osm.pbf").read_bytes())
    _same(from_xml, read_osm_district(misnamed))
    assert read_osm(xml) == from_xml.street_graph


# --- errors, progress, cancel ----------------------------------------------------------------------------

def test_a_text_file_that_is_not_osm_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("路段清单\n人民路\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"notes\.txt: not an OpenStreetMap XML or PBF file: "):
        read_osm_district(notes)
    named_osm = tmp_path / "notes.osm"
    named_osm.write_text("路段清单\n人民路\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"notes\.osm:1: not valid OSM XML \(syntax error, column 0\); expected "
                                        r"an OpenStreetMap XML or PBF file"):
        read_osm_district(named_osm)
    broken = tmp_path / "broken.osm"
    broken.write_text('<osm>\n<node id="1" lat="1" lon="2">\n</osm>', encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.osm:3: not valid OSM XML \(mismatched tag"):
        read_osm_district(broken)
    pbf = tmp_path / "junk.osm.pbf"
    pbf.write_bytes(b"\x00\x01junk")
    with pytest.raises(DataError, match=r"junk\.osm\.pbf: not an OpenStreetMap XML or PBF file: PBF error"):
        read_osm_district(pbf)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=re.escape(f"{tmp_path / 'nowhere.osm'}: file not found")):
        read_osm_district(tmp_path / "nowhere.osm")
    with pytest.raises(DataError, match=re.escape(f"{tmp_path}: is a folder, not a file")):
        read_osm_district(tmp_path)


def test_a_file_without_streets_is_refused(tmp_path: Path) -> None:
    nodes = {1: _node(LON, LAT), 2: _node(LON + STEP, LAT)}
    with pytest.raises(DataError, match=r"rivers\.osm: no streets found: expected <way> elements with a highway "
                                        r"tag such as primary, .* \(found no highway ways\)"):
        _read(tmp_path, nodes, [(1, [1, 2], {"waterway": "river"})], name="rivers.osm")
    with pytest.raises(DataError, match=r"paths\.osm: no streets found: .*\(found footway ×2\)"):
        _read(tmp_path, nodes, [(1, [1, 2], {"highway": "footway"}), (2, [2, 1], {"highway": "footway"})],
              name="paths.osm")
    with pytest.raises(DataError, match=r"oneway\.osm: no connected street network: the 1 street segments are one-way"):
        _read(tmp_path, nodes, [(1, [1, 2], {"highway": "residential", "oneway": "yes"})], name="oneway.osm")
    (tmp_path / "nan.osm").write_text('<osm version="0.6"><node id="1" lat="30.5" lon="nan"/></osm>')
    with pytest.raises(DataError, match=r"nan\.osm: a node's lon/lat must be numbers .*expected finite degrees"):
        read_osm_district(tmp_path / "nan.osm")


def test_progress_is_reported_and_cancel_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write_xml(tmp_path / "d.osm", *_cross())
    seen: list[float] = []
    read_osm_district(path, progress=lambda fraction, message: seen.append(fraction))
    assert seen == [0.0, 0.5, 0.9, 1.0]
    with pytest.raises(KeyboardInterrupt):
        read_osm_district(path, cancelled=lambda: True)
    monkeypatch.setattr(osm_module, "CANCEL_EVERY", 1)  # look at cancelled() after every way
    calls: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        read_osm_district(path, cancelled=lambda: calls.append(1) is None)
    assert len(calls) == 1


# --- a real extract, for a developer's own check ---------------------------------------------------------

def test_real_helsinki_extract(tmp_path: Path) -> None:
    if not REAL.exists():
        pytest.skip(f"{REAL} is not on this machine")
    district = read_osm_district(REAL)
    graph = district.street_graph
    StreetGraph.model_validate(graph)
    assert all(Node.model_validate(n) for n in graph["nodes"])
    km = sum(s["length_m"] for s in graph["segments"]) / 1000
    print(f"\n{REAL.name}: {len(graph['nodes'])} nodes, {len(graph['segments'])} segments, {km:.1f} km; "
          f"dropped {district.dropped_segments} ({district.dropped_km} km); ways read {district.ways_read}, "
          f"missing nodes {district.ways_missing_nodes}; skipped {district.skipped_by_tag}; "
          f"{len(district.features)} facilities; {len(district.buildings)} buildings; "
          f"place {district.name_zh}/{district.name_en} pop {district.population}; bounds {district.bounds}")
    assert len(graph["segments"]) > 100 and district.name_en
    lon0, lat0, lon1, lat1 = district.bounds
    assert 24 < lon0 < lon1 < 26 and 60 < lat0 < lat1 < 61 and math.isclose(district.centre[0], (lon0 + lon1) / 2)
    # The same data as XML reads the same.
    xml = tmp_path / "helsinki.osm"
    with osmium.SimpleWriter(str(xml)) as writer:
        for obj in osmium.FileProcessor(str(REAL)):
            writer.add(obj)
    _same(district, read_osm_district(xml))
