"""What a generated district looks like: sizes and counts, with the two bundled presets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DistrictSpec:
    """Sizes of a synthetic district; every count is what the generated scenario will contain."""

    key: str
    name_zh: str
    name_en: str
    center_lon: float
    center_lat: float
    population: int
    area_km2: float
    cols: int
    rows: int
    spacing_m: float
    arterial_every: int
    secondary_every: int
    drop_share: float  # branch links removed to make irregular blocks
    one_way_every: int  # every n-th branch row street is one-way (alternating direction)
    back_alleys: int
    alleys_upgraded_2017: int
    featured_streets: int
    featured_2017: int
    chiefs: int
    toilets: int
    toilets_new_2017: int
    service_stations: int
    restaurants: int
    commercial_points: int
    residential_points: int
    depots: int
    transfer_stations: int
    enforcement_units: int
    enforcement_staff: int
    vendor_zones: int
    compactor_8t: int
    compactor_5t: int
    bucket_2t: int
    kitchen_5t: int
    sweepers: int
    washers: int
    patrol_cars: int
    ebikes: int
    incidents_per_day: float
    staffing_margin: float  # workers per post, covering days off and absence
    start_date: dt.date = dt.date(2017, 6, 5)
    fixed_headcount: tuple[tuple[str, int], ...] = ()  # skill → workers, instead of sizing from the work


SHUANGLIU = DistrictSpec(
    key="shuangliu",
    name_zh="成都市双流区",
    name_en="Shuangliu District, Chengdu",
    center_lon=103.92,
    center_lat=30.57,
    population=1_300_000,
    area_km2=1065,
    cols=48,
    rows=36,
    spacing_m=210,
    arterial_every=10,
    secondary_every=5,
    drop_share=0.08,
    one_way_every=6,
    back_alleys=103,
    alleys_upgraded_2017=51,
    featured_streets=12,
    featured_2017=9,
    chiefs=268,
    toilets=722,
    toilets_new_2017=20,
    service_stations=170,
    restaurants=475,
    commercial_points=150,
    residential_points=2200,
    depots=4,
    transfer_stations=3,
    enforcement_units=8,
    enforcement_staff=345,
    vendor_zones=36,
    compactor_8t=34,
    compactor_5t=36,
    bucket_2t=6,
    kitchen_5t=20,
    sweepers=40,
    washers=10,
    patrol_cars=40,
    ebikes=120,
    incidents_per_day=100,
    staffing_margin=1.5,
)

TRAINING = DistrictSpec(
    key="training",
    name_zh="培训示范街区",
    name_en="Training district",
    center_lon=103.93,
    center_lat=30.58,
    population=20_000,
    area_km2=1.2,
    cols=7,
    rows=5,
    spacing_m=180,
    arterial_every=4,
    secondary_every=2,
    drop_share=0.0,
    one_way_every=3,
    back_alleys=1,
    alleys_upgraded_2017=1,
    featured_streets=1,
    featured_2017=1,
    chiefs=2,
    toilets=6,
    toilets_new_2017=1,
    service_stations=2,
    restaurants=6,
    commercial_points=4,
    residential_points=30,
    depots=1,
    transfer_stations=1,
    enforcement_units=1,
    enforcement_staff=4,
    vendor_zones=1,
    compactor_8t=0,
    compactor_5t=2,
    bucket_2t=1,
    kitchen_5t=0,
    sweepers=2,
    washers=0,
    patrol_cars=1,
    ebikes=2,
    incidents_per_day=8,
    staffing_margin=1.5,
    fixed_headcount=(("driver", 5), ("loader", 8)),
)
