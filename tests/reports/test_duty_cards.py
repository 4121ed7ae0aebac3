"""Duty cards (岗位责任卡): one A4 PDF per post with holder, territory map, duties and beat times."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from optimizer.common.plan import Duty, Post, Route, RoutePlan, Stop
from reports.duty_cards import write_duty_cards
from reports.duty_cards.territory_map import street_lines
from scenarios.errors import DataError
from scenarios.files.load import load_scenario
from scenarios.model.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "scenarios" / "training.yaml"
A4_POINTS = (595, 842)
MONDAY, TUESDAY = "2024-05-06", "2024-05-07"
WALK_M_PER_MIN = 70.0


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(TRAINING)


def _post(scenario: Scenario, chief_id: str, extra: list[Duty]) -> Post:
    chief = scenario.index.chiefs[chief_id]
    segments = [g for g in scenario.street_graph.segments if g.chief == chief_id]
    walks = [Duty(kind="walk", ref=g.id, node=g.from_node, minutes=round(g.length_m / WALK_M_PER_MIN, 1))
             for g in segments]
    return Post(id=chief.id, holder=chief.worker, deputy=chief.deputy, unit=chief.unit,
                segments=[g.id for g in segments], duties=[*walks, *extra])


def _beat(scenario: Scenario, route_id: str, crew: str, date: str | None, posts: list[str], segments: int) -> Route:
    """A beat from 08:00: start, some walked segments, the vendor zone, a toilet, a break, a station, end."""
    walked = [g for g in scenario.street_graph.segments if g.chief == "CH001"][:segments]
    zone, toilet = scenario.incidents.vendor_zones[0], scenario.index.toilets["WC001"]
    clock, stops = 480.0, [Stop(kind="start", ref=walked[0].from_node, node=walked[0].from_node, arrival_min=480,
                                departure_min=480)]
    for g in walked:
        stops.append(Stop(kind="walk", ref=g.id, node=g.to_node, arrival_min=clock,
                          departure_min=clock + g.length_m / WALK_M_PER_MIN, from_node=g.from_node))
        clock = stops[-1].departure_min
    for kind, ref, node, minutes in [("check", zone.id, zone.node, 15), ("inspect", toilet.id, toilet.node, 10),
                                     ("break", "MS001", "N001_004", 60), ("inspect", "MS001", "N001_004", 5),
                                     ("end", "N001_004", "N001_004", 0)]:
        stops.append(Stop(kind=kind, ref=ref, node=node, arrival_min=clock + 5, departure_min=clock + 5 + minutes))
        clock = stops[-1].departure_min
    return Route(id=route_id, kind="patrols", crew=crew, shift="patrol_day", stops=stops, date=date, posts=posts)


def _plan(scenario: Scenario, dates: list[str] | None = None) -> RoutePlan:
    """CH001 walked by its holder on Monday and by its deputy (CH002's holder) on Tuesday."""
    zone = scenario.incidents.vendor_zones[0]
    checks = [Duty(kind="check", ref=zone.id, node=zone.node, per_day=2, minutes=15),
              Duty(kind="inspect", ref="WC001", node="N001_006", minutes=10),
              Duty(kind="inspect", ref="MS001", node="N001_004", every_days=2, offset=1, minutes=5),
              Duty(kind="hotspot", ref="N002_004", node="N002_004", window=(1080, 1260), minutes=10)]
    unit = Post(id="U1", kind="unit", holder="U1", unit="U1", duties=[
        Duty(kind="check", ref=zone.id, node=zone.node, window=(1140, 1320), minutes=20)])
    posts = [_post(scenario, "CH001", checks), _post(scenario, "CH002", []), unit]
    dates = dates or [MONDAY, TUESDAY]
    routes = [_beat(scenario, "b0", "CHW001", dates[0], ["CH001"], 6)]
    routes.append(Route(id="u0", kind="patrols", crew="OFF0001", shift="patrol_late", date=dates[0], posts=["U1"],
                        stops=[Stop(kind="check", ref=zone.id, node=zone.node, arrival_min=1150, departure_min=1170)]))
    routes += [_beat(scenario, f"b{k}", "CHW002", d, ["CH002", "CH001"], 3) for k, d in enumerate(dates[1:], 1)]
    holders = {d: {"CH001": "CHW001" if k == 0 else "CHW002", "CH002": "CHW002"} for k, d in enumerate(dates)}
    on_duty = {d: {"CHW001": "patrol_day", "CHW002": "patrol_day"} for d in dates}
    return RoutePlan(kind="patrols", routes=routes, status="feasible", posts=posts, holders=holders, on_duty=on_duty)


def _text(path: Path) -> tuple[str, int]:
    pdf = pdfium.PdfDocument(path)
    try:
        assert tuple(round(x) for x in pdf[0].get_size()) == A4_POINTS
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))), len(pdf)
    finally:
        pdf.close()


def test_a_card_per_post_shows_holder_duties_and_beats(scenario: Scenario, tmp_path: Path) -> None:
    """Each post gets <id>.pdf of 1–2 A4 pages naming holder, deputy, duties in words and the beat dates."""
    files = write_duty_cards(scenario, _plan(scenario), tmp_path)
    assert files == [tmp_path / "CH001.pdf", tmp_path / "CH002.pdf", tmp_path / "U1.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CH001.pdf", "CH002.pdf", "U1.pdf"]  # no temp files left
    text, pages = _text(files[0])
    assert 1 <= pages <= 2
    for words in ["岗位责任卡", "CH001", "苏芳", "CHW001", "蒋杰", "CHW002", "路长", "街长1组",
                  "巡查街道", "检查摊区", "巡检公厕·驿站", "热点巡查", "每天2次", "每2天",
                  scenario.incidents.vendor_zones[0].name_zh, "新兴四公厕1号", "棠湖大道",
                  MONDAY, TUESDAY, "本人", "副岗代岗", "同时负责", "06:30–09:00"]:
        assert words in text, words


def test_a_unit_post_names_its_unit_and_officer(scenario: Scenario, tmp_path: Path) -> None:
    """An enforcement unit's card says 执法中队, the unit's name and the officer who walks its beat."""
    text, pages = _text(write_duty_cards(scenario, _plan(scenario), tmp_path, posts=["U1"])[0])
    assert pages == 1
    for words in ["执法中队", "综合行政执法1中队", "曾敏", "OFF0001", "本队", "巡查晚班", "19:00–22:00", "19:10 检查"]:
        assert words in text, words


def test_the_card_draws_its_map_and_renders_chinese(scenario: Scenario, tmp_path: Path) -> None:
    """The first page has dark title glyphs and a coloured territory map."""
    path = write_duty_cards(scenario, _plan(scenario), tmp_path, posts=["CH001"])[0]
    pdf = pdfium.PdfDocument(path)
    image = np.asarray(pdf[0].render(scale=1).to_pil().convert("RGB")).astype(int)
    pdf.close()
    assert (image[20:60, :, :].mean(axis=2) < 128).mean() > 0.01
    blue = (image[..., 2] > 140) & (image[..., 0] < 60)  # the post's streets (PALETTE[0] #0072B2)
    assert blue.mean() > 0.002


def test_english_first_card_keeps_chinese_after(scenario: Scenario, tmp_path: Path) -> None:
    """lang='en' puts English first; the Chinese words stay on the card."""
    path = write_duty_cards(scenario, _plan(scenario), tmp_path, posts=["CH001"], lang="en")[0]
    text, _ = _text(path)
    assert text.index("Duty card") < text.index("岗位责任卡")
    assert "Walk street" in text and "巡查街道" in text and "Su Fang" in text


def test_dates_asked_and_the_cap_of_seven(scenario: Scenario, tmp_path: Path) -> None:
    """Asked dates are shown as asked; by default at most seven dates, with a note on the rest."""
    many = [f"2024-05-{d:02d}" for d in range(6, 16)]
    part = _plan(scenario, many)
    text, pages = _text(write_duty_cards(scenario, part, tmp_path / "all", posts=["CH001"])[0])
    assert "2024-05-12" in text and "2024-05-13" not in text and "另有 3 天未列出" in text and pages <= 2
    text, _ = _text(write_duty_cards(scenario, part, tmp_path / "one", posts=["CH001"], dates=["2024-05-14"])[0])
    assert "2024-05-14 周二" in text and "2024-05-06 周一" not in text and "副岗代岗" in text


def test_a_long_card_drops_dates_to_stay_on_two_pages(scenario: Scenario, tmp_path: Path) -> None:
    """Many duties and long beats: fewer dates are shown (with the note) so the card keeps to two pages."""
    nodes = scenario.street_graph.nodes[:12]
    hotspots = [Duty(kind="hotspot", ref=n.id, node=n.id, window=(480 + 10 * k, 540 + 10 * k), minutes=5)
                for k, n in enumerate(nodes)]
    part = _plan(scenario, [f"2024-05-{d:02d}" for d in range(6, 13)])
    post = part.posts[0].model_copy(update={"duties": [*part.posts[0].duties, *hotspots]})
    stops = [Stop(kind="hotspot", ref=n.id, node=n.id, arrival_min=480 + 6 * k, departure_min=484 + 6 * k)
             for k, n in enumerate(nodes)]
    routes = [r.model_copy(update={"stops": [*r.stops[:1], *stops, *r.stops[1:]]}) for r in part.routes]
    part = part.model_copy(update={"posts": [post, *part.posts[1:]], "routes": routes})
    text, pages = _text(write_duty_cards(scenario, part, tmp_path, posts=["CH001"])[0])
    assert pages == 2 and "天未列出" in text and "2024-05-06" in text and "2024-05-12 周日" not in text


def test_unknown_post_or_bad_date_is_a_data_error(scenario: Scenario, tmp_path: Path) -> None:
    """A post id the plan lacks, or a malformed date, is refused with the value named; nothing is written."""
    with pytest.raises(DataError, match="'CH999'.*CH001, CH002, U1"):
        write_duty_cards(scenario, _plan(scenario), tmp_path, posts=["CH001", "CH999"])
    with pytest.raises(DataError, match="'05/06/2024'"):
        write_duty_cards(scenario, _plan(scenario), tmp_path, dates=["05/06/2024"])
    with pytest.raises(DataError, match="no posts"):
        write_duty_cards(scenario, RoutePlan(kind="patrols"), tmp_path)
    assert not list(tmp_path.glob("*.pdf"))


def test_map_follows_a_segments_shape(scenario: Scenario) -> None:
    """A segment with a shape is drawn through its shape's points, between its two end nodes."""
    segment = scenario.street_graph.segments[0]
    a, b = scenario.index.nodes[segment.from_node], scenario.index.nodes[segment.to_node]
    bent = segment.model_copy(update={"shape": [(a.lon + b.lon) / 2, (a.lat + b.lat) / 2 + 0.001]})
    graph = scenario.street_graph.model_copy(update={"segments": [bent, *scenario.street_graph.segments[1:]]})
    line = street_lines(scenario.model_copy(update={"street_graph": graph}))[segment.id]
    assert len(line) == 3 and line[1][1] > max(line[0][1], line[2][1]) + 50
