"""The static world of a run: a scenario compiled into flat arrays the processes index quickly."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from scenarios.assessment import toilet_assessed_hours
from scenarios.model import Scenario
from scenarios.model.common import MINUTES_PER_DAY

from .params import LITTER_PER_HOUR, SimParams
from .travel import Network, network_of

if TYPE_CHECKING:
    from .patrols import DispatchTables
    from .vendors import VendorTables


class WorldCache(TypedDict, total=False):
    """Static tables built from the world by the processes, once per world."""

    dispatch: DispatchTables  # patrols.Dispatch
    vendors: VendorTables  # vendors.Vendors


class World:
    """Index maps and per-entity constants of a scenario (built once per run)."""

    def __init__(self, scenario: Scenario, params: SimParams) -> None:
        self.scenario = scenario
        self.params = params
        self.network: Network = network_of(scenario)
        self._index_points(scenario)
        self._index_segments(scenario, params)
        self._index_toilets(scenario)
        self._index_facilities(scenario)
        self.start_date = scenario.simulation.start_date
        self.wage_per_hour = {w.skill: w.cost_per_hour for w in scenario.costs.wages}
        self.cache: WorldCache = {}  # static tables built from the world by the processes (patrols.py)

    def _index_points(self, scenario: Scenario) -> None:
        """Collection points: ids, nodes, capacities and waste rates."""
        node = self.network.index
        points = scenario.collection_points
        self.point_ids = [p.id for p in points]
        self.point_index = {pid: i for i, pid in enumerate(self.point_ids)}
        self.point_node = [node[p.node] for p in points]
        self.point_capacity_kg = np.array([p.capacity_kg for p in points], dtype=float)
        self.point_mean_kg = np.array([p.mean_kg_per_day for p in points], dtype=float)
        self.point_cv = np.array([p.spread_cv for p in points], dtype=float)
        self.point_weekday = np.array([p.weekday_factors for p in points], dtype=float).reshape(len(points), 7)
        self.point_holiday = np.array([p.holiday_factor for p in points], dtype=float)
        self.point_windows = [[(w.start, w.end) for w in p.access_windows] for p in points]
        self.point_service_min = [p.service_min for p in points]

    def _index_segments(self, scenario: Scenario, params: SimParams) -> None:
        """Street segments: ends, cleaning grades, sweepable areas and litter rates."""
        node = self.network.index
        ix = scenario.index
        segments = scenario.street_graph.segments
        self.segment_ids = [g.id for g in segments]
        self.segment_index = {sid: i for i, sid in enumerate(self.segment_ids)}
        self.segment_from = [node[g.from_node] for g in segments]
        self.segment_to = [node[g.to_node] for g in segments]
        grades = [ix.cleaning_grades[g.cleaning_grade] for g in segments]
        self.segment_limit = np.array([gr.litter_limit_per_1000m2 for gr in grades], dtype=float)
        self.segment_window = np.array(
            [(gr.patrol_window.start, min(gr.patrol_window.end, MINUTES_PER_DAY)) for gr in grades], dtype=float
        ).reshape(len(segments), 2)
        self.segment_manual_m2_per_shift = [gr.manual_m2_per_shift for gr in grades]
        self.segment_sweeps_per_day = [gr.sweeps_per_day for gr in grades]
        self.segment_area_m2 = [g.area_m2 for g in segments]
        # Crews on foot sweep a strip along each swept side (kerb and pavement), not the carriageway.
        self.segment_manual_m2 = [g.length_m * min(g.width_m, g.sides * params.manual_strip_m) for g in segments]
        self.segment_length_m = [g.length_m for g in segments]
        self.segment_sides = [g.sides for g in segments]
        self.segment_zone = [g.zone for g in segments]
        self.segment_chief = [g.chief for g in segments]
        self.segment_incident_weight = np.array([g.incident_weight for g in segments], dtype=float)
        base = np.array([LITTER_PER_HOUR[g.street_class] for g in segments], dtype=float) / 60
        featured = np.array([g.featured_year is not None for g in segments])
        base = np.where(featured, base * params.featured_litter_factor, base)
        self.segment_litter_per_min = base * self._vendor_factors(scenario)

    def _index_toilets(self, scenario: Scenario) -> None:
        """Public toilets: nodes, opening hours, cleaning intervals and use."""
        node = self.network.index
        ix = scenario.index
        toilets = scenario.facilities.toilets
        self.toilet_ids = [t.id for t in toilets]
        self.toilet_index = {tid: i for i, tid in enumerate(self.toilet_ids)}
        self.toilet_node = [node[t.node] for t in toilets]
        self.toilet_open = [(t.opening.start, min(t.opening.end, MINUTES_PER_DAY)) for t in toilets]
        self.toilet_always_open = [t.opening.start == 0 and t.opening.end >= MINUTES_PER_DAY for t in toilets]
        self.toilet_interval_min = [ix.toilet_interval_min(t.id) for t in toilets]
        self.toilet_visits_per_min = np.array([t.visits_per_hour / 60 for t in toilets], dtype=float)
        self.toilet_assessed = [toilet_assessed_hours(scenario, t.id) for t in toilets]

    def _index_facilities(self, scenario: Scenario) -> None:
        """Transfer stations, depots, service stations and vendor zones."""
        node = self.network.index
        stations = scenario.facilities.transfer_stations
        self.station_ids = [t.id for t in stations]
        self.station_index = {sid: i for i, sid in enumerate(self.station_ids)}
        self.station_node = [node[t.node] for t in stations]
        self.station_open = [(t.opening.start, t.opening.end) for t in stations]
        self.station_unload_min = [t.unload_min for t in stations]
        self.station_bays = [t.bays for t in stations]

        self.depot_node = {d.id: node[d.node] for d in scenario.facilities.depots}
        self.service_station_node = {s.id: node[s.node] for s in scenario.facilities.service_stations}
        self.service_station_index = {sid: i for i, sid in enumerate(self.service_station_node)}
        zones = scenario.incidents.vendor_zones
        self.vendor_zone_ids = [z.id for z in zones]
        self.vendor_zone_index = {zid: i for i, zid in enumerate(self.vendor_zone_ids)}
        self.vendor_zone_node = [node[z.node] for z in zones]

    def _vendor_factors(self, scenario: Scenario) -> np.ndarray:
        """Daily mean litter multiplier of segments touching a vendor zone (higher during its window)."""
        factors = np.ones(len(scenario.street_graph.segments))
        for zone in scenario.incidents.vendor_zones:
            share = min(zone.window.duration_min, MINUTES_PER_DAY) / MINUTES_PER_DAY
            extra = 1 + (zone.litter_factor - 1) * share
            for i, g in enumerate(scenario.street_graph.segments):
                if zone.node in (g.from_node, g.to_node):
                    factors[i] = max(factors[i], extra)
        return factors

    def date(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)

    def weekday(self, day: int) -> int:
        return self.date(day).weekday()

    def is_holiday(self, day: int) -> bool:
        return self.date(day) in self.scenario.calendar.holidays

    def is_day_off(self, day: int) -> bool:
        return self.scenario.calendar.is_day_off(self.date(day))
