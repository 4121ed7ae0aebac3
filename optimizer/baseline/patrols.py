"""Today's patrols: each chief walks the hotspots of his or her own streets, three rounds a day.

The streets are those the scenario gives each chief (no rebalancing of territories); a round passes
every hotspot in a fixed order from the nearest 驿站, on foot, by e-bike when the rounds do not fit
on foot. Officers have no beats: they respond to incidents only.
"""

from __future__ import annotations

from optimizer.common.network import router_for
from optimizer.common.plan import Route, RoutePlan
from optimizer.common.timeline import crew_wage_per_h
from optimizer.patrols.planner import chief_beat, hotspots, patrol_shift
from scenarios.model import Scenario

from .common import NOTE


def patrols_today(scenario: Scenario) -> RoutePlan:
    territories: dict[str, list[str]] = {}
    for g in scenario.street_graph.segments:
        if g.chief:
            territories.setdefault(g.chief, []).append(g.id)
    shift = patrol_shift(scenario)
    rounds = scenario.incidents.hotspot_visits_per_day
    walk = router_for(scenario, None)
    ebike_type = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    stations = [(s.id, walk.index[s.node]) for s in scenario.facilities.service_stations]
    bases = stations or [(d.id, walk.index[d.node]) for d in scenario.facilities.depots]
    wage = crew_wage_per_h(scenario, "chief")
    routes: list[Route] = []
    for chief in scenario.workforce.chiefs:
        spots = hotspots(scenario, territories.get(chief.id, []))
        if not spots or rounds == 0:
            continue
        for vt in (None, ebike_type):
            route = chief_beat(scenario, router_for(scenario, vt), vt, chief.id, chief.worker, spots, bases, stations,
                               shift, rounds, wage)
            if route is not None:
                routes.append(route.model_copy(update={"id": f"P-{chief.id}"}))
                break
    return RoutePlan(kind="patrols", routes=routes, status="feasible", engine="baseline", territories=territories,
                     notes=[NOTE, "chiefs walk their own streets' hotspots; officers respond to incidents only"])
