"""`plan … --sheets DIR` writes one A4 route sheet per route whose pages render Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from optimizer.common.plan import load_plan
from reports.route_sheets.names import route_titles
from scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[3]
TRAINING = ROOT / "scenarios" / "training.yaml"
A4_POINTS = (595, 842)


def test_plan_with_sheets_writes_a_chinese_sheet_per_route(tmp_path: Path) -> None:
    out, sheets = tmp_path / "plan", tmp_path / "sheets"
    done = subprocess.run([sys.executable, "main.py", "plan", str(TRAINING), "--what", "garbage", "--time-limit", "4",
                           "--check-replications", "0", "--out", str(out), "--sheets", str(sheets)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    scenario, plan = load_scenario(TRAINING), load_plan(out)
    routes = [r for part in plan.parts.values() for r in part.routes]
    files = sorted(sheets.glob("*.pdf"))
    assert len(files) == len(routes) > 0 and f"wrote {len(routes)} route sheets" in done.stdout
    titles = route_titles(scenario, plan)
    for route in routes:
        pdf = pdfium.PdfDocument(sheets / f"garbage-{route.id}.pdf")
        page = pdf[0]
        assert tuple(round(x) for x in page.get_size()) == A4_POINTS
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert "路线作业单" in text and titles[route.id] in text
        for stop in route.stops:  # every stop in order, by its place's name
            point = scenario.index.points.get(stop.ref)
            if point is not None and point.name_zh:
                assert point.name_zh in text
        image = np.asarray(page.render(scale=1).to_pil().convert("L"))
        title_band = image[20:70, :]  # the title line: dark glyphs on white
        assert (title_band < 128).mean() > 0.01
        pdf.close()


def test_route_titles_say_what_and_which(tmp_path: Path) -> None:
    """Titles are the names people use: vehicle type and number, shift and crew number, the chief's name."""
    from optimizer.common.plan import Plan, Route, RoutePlan, Stop

    scenario = load_scenario(TRAINING)
    truck_type = scenario.fleet.vehicle_types[0]
    stop = Stop(kind="start", ref="D1", node=scenario.street_graph.nodes[0].id, arrival_min=300, departure_min=300)
    routes = [Route(id=f"g{k}", kind="garbage", vehicle_type=truck_type.id, vehicle=f"v{k}", stops=[stop])
              for k in range(2)]
    plan = Plan(parts={"garbage": RoutePlan(kind="garbage", routes=routes, status="feasible")})
    assert route_titles(scenario, plan) == {"g0": f"{truck_type.name_zh} 第1路", "g1": f"{truck_type.name_zh} 第2路"}
