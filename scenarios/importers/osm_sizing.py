"""How big an imported district's services are: counts sized from its streets, area and population.

The ratios are the generator's Shuangliu preset (sized from the district's published 2017 figures,
DESIGN.md) per resident or per street kilometre, and DOMAIN.md's spacing rules; every count is
stated to the planner as an assumption to replace with the bureau's own lists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..generator.spec import SHUANGLIU, DistrictSpec

# Shuangliu preset: 741 km of streets, 160 km of them arterial or secondary (swept by machine).
REFERENCE_STREET_KM = 741.0
REFERENCE_MACHINE_KM = 160.0
RESIDENTS_PER_STREET_KM = 1_750  # the preset's 1.3 M residents over its 741 km (training: 1,800)
TOILETS_PER_KM2 = 5.0  # DOMAIN §3: residential 3–5 /km², public-service 4–11 /km² (500–800 m apart)
STOPS_PER_KITCHEN_TRUCK = 24  # the preset's 475 restaurants over 20 kitchen-waste trucks
TONNES_PER_COMPACTOR_DAY = 7.5  # the preset's ~555 t a day over 70 compactors and 6 bucket trucks
TONNES_PER_TRANSFER_STATION = 250.0  # DOMAIN §4: a medium station, 150–450 t a day


@dataclass(frozen=True)
class DistrictMeasures:
    """What the imported streets say about the place."""

    street_km: float
    machine_km: float  # arterial and secondary streets: swept by machine
    area_km2: float
    population: int
    population_estimated: bool


def measures(segments: list[dict], area_km2: float, population: int | None) -> DistrictMeasures:
    km = sum(g["length_m"] for g in segments) / 1000
    machine = sum(g["length_m"] for g in segments if g["street_class"] in ("arterial", "secondary")) / 1000
    estimated = population is None
    people = population if population is not None else max(1_000, round(km * RESIDENTS_PER_STREET_KM, -2))
    return DistrictMeasures(round(km, 2), round(machine, 2), round(area_km2, 3), int(people), estimated)


def _per_resident(reference: int, m: DistrictMeasures, least: int = 1) -> int:
    return max(least, round(reference * m.population / SHUANGLIU.population))


def _per_km(reference: float, m: DistrictMeasures, least: int = 1) -> int:
    return max(least, round(reference * m.street_km / REFERENCE_STREET_KM))


def spec_for(m: DistrictMeasures, name_zh: str, name_en: str, centre: tuple[float, float]) -> DistrictSpec:
    """A generator spec whose counts fit the measured district (grid fields unused by an import)."""
    units = min(8, max(1, round(m.population / 162_500)))
    restaurants = _per_resident(SHUANGLIU.restaurants, m, 2)
    residential = _per_resident(SHUANGLIU.residential_points, m, 5)
    commercial = _per_resident(SHUANGLIU.commercial_points, m, 1)
    sweepers = max(1, math.ceil(m.machine_km / (REFERENCE_MACHINE_KM / SHUANGLIU.sweepers))) if m.machine_km else 0
    chiefs = _per_km(SHUANGLIU.chiefs, m, 2)
    return replace(
        SHUANGLIU, key="osm", name_zh=name_zh, name_en=name_en, center_lon=centre[0], center_lat=centre[1],
        population=m.population, area_km2=m.area_km2, cols=0, rows=0, spacing_m=0.0,
        back_alleys=0, alleys_upgraded_2017=0, featured_streets=0, featured_2017=0,
        chiefs=chiefs, toilets=max(2, math.ceil(m.area_km2 * TOILETS_PER_KM2)), toilets_new_2017=0,
        service_stations=_per_km(SHUANGLIU.service_stations, m), restaurants=restaurants,
        commercial_points=commercial, residential_points=residential,
        depots=_per_km(SHUANGLIU.depots, m), transfer_stations=1,
        enforcement_units=units, enforcement_staff=max(2 * units, _per_resident(SHUANGLIU.enforcement_staff, m)),
        vendor_zones=_per_resident(SHUANGLIU.vendor_zones, m), compactor_8t=0, compactor_5t=0, bucket_2t=0,
        kitchen_5t=max(1, math.ceil(restaurants / STOPS_PER_KITCHEN_TRUCK)), sweepers=sweepers,
        washers=max(0, round(sweepers / 4)), patrol_cars=max(1, units * 5),
        ebikes=max(2, round(chiefs * SHUANGLIU.ebikes / SHUANGLIU.chiefs)),
        incidents_per_day=round(max(2.0, SHUANGLIU.incidents_per_day * m.population / SHUANGLIU.population), 1),
        fixed_headcount=(),
    )


def with_trucks(spec: DistrictSpec, tonnes_per_day: float, back_alley_km: float) -> DistrictSpec:
    """Compactors (half 8 t with one in ten spare, half 5 t) for the day's household and shop waste, bucket
    trucks for narrow lanes, and the transfer stations that take it."""
    compactors = max(1, math.ceil(tonnes_per_day / TONNES_PER_COMPACTOR_DAY))
    big = compactors // 2
    big += max(1, big // 10) if big > 4 else 0  # the spares
    buckets = max(1 if back_alley_km > 0 else 0, math.ceil(compactors / 12))
    stations = max(1, math.ceil(tonnes_per_day / TONNES_PER_TRANSFER_STATION))
    return replace(spec, compactor_8t=big, compactor_5t=compactors - compactors // 2, bucket_2t=buckets,
                   transfer_stations=stations)
