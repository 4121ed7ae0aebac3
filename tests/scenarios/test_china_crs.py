"""GCJ-02 / BD-09 ↔ WGS-84: the published formulas, their iterated inverses, no offset outside China."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.geo import haversine_m
from scenarios.importers.china_crs import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# Inside mainland China (the formulas' box, away from its edges).
china_lon = st.floats(min_value=75.0, max_value=134.0, allow_nan=False)
china_lat = st.floats(min_value=18.0, max_value=53.0, allow_nan=False)


def test_tiananmen_moves_500_to_700_m_east_north_east() -> None:
    """WGS-84 (116.391, 39.907) is about (116.397, 39.908) on Amap: the offset is east and a little north."""
    lon, lat = wgs84_to_gcj02(116.391, 39.907)
    assert lon == pytest.approx(116.397, abs=0.001) and lat == pytest.approx(39.908, abs=0.001)
    assert lon > 116.391 and lat > 39.907
    assert 500 <= haversine_m(116.391, 39.907, lon, lat) <= 700


@pytest.mark.parametrize(("lon", "lat"), [(103.93, 30.58), (116.391, 39.907), (87.6, 43.8), (126.6, 45.75),
                                          (109.5, 18.25), (121.47, 31.23)])
def test_round_trips_in_chinese_cities(lon: float, lat: float) -> None:
    """wgs84 → gcj02 → wgs84 and wgs84 → bd09 → wgs84 come back within 0.5 m (in fact far closer)."""
    assert haversine_m(lon, lat, *gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))) < 0.5
    assert haversine_m(lon, lat, *bd09_to_wgs84(*wgs84_to_bd09(lon, lat))) < 0.5


@settings(max_examples=300, deadline=None)
@given(china_lon, china_lat)
def test_round_trip_anywhere_in_china(lon: float, lat: float) -> None:
    assert haversine_m(lon, lat, *gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))) < 0.5
    assert haversine_m(lon, lat, *bd09_to_gcj02(*gcj02_to_bd09(lon, lat))) < 0.5


@pytest.mark.parametrize(("lon", "lat"), [(-0.1276, 51.5072), (-74.006, 40.7128), (139.69, 35.69), (151.2, -33.87)])
def test_no_offset_outside_china(lon: float, lat: float) -> None:
    """London, New York, Tokyo, Sydney: GCJ-02 is WGS-84 there."""
    assert wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert gcj02_to_wgs84(lon, lat) == (lon, lat)
    assert to_wgs84(lon, lat, "gcj02") == (lon, lat)


def test_bd09_adds_baidus_shift_on_top_of_gcj02() -> None:
    """BD-09 sits roughly 0.0065° east and 0.006° north of GCJ-02."""
    g_lon, g_lat = wgs84_to_gcj02(103.93, 30.58)
    b_lon, b_lat = gcj02_to_bd09(g_lon, g_lat)
    assert b_lon - g_lon == pytest.approx(0.0065, abs=0.0005)
    assert b_lat - g_lat == pytest.approx(0.006, abs=0.0005)
    assert to_wgs84(b_lon, b_lat, "bd09") == pytest.approx((103.93, 30.58), abs=1e-7)
    assert to_wgs84(103.93, 30.58, "wgs84") == (103.93, 30.58)
