"""WGS-84 lon/lat ↔ local metres (equirectangular about the district centre: ample for a district)."""

from __future__ import annotations

import math

import numpy as np

EARTH_M_PER_DEG_LAT = 110_540.0
EARTH_M_PER_DEG_LON_EQUATOR = 111_320.0


def to_metres(lon: np.ndarray | float, lat: np.ndarray | float, center_lon: float, center_lat: float):
    """Project lon/lat (degrees) to x east, y north in metres from the centre."""
    x = (np.asarray(lon) - center_lon) * EARTH_M_PER_DEG_LON_EQUATOR * math.cos(math.radians(center_lat))
    y = (np.asarray(lat) - center_lat) * EARTH_M_PER_DEG_LAT
    return x, y


def to_lonlat(x_m: np.ndarray | float, y_m: np.ndarray | float, center_lon: float, center_lat: float):
    """Inverse of to_metres."""
    lon = center_lon + np.asarray(x_m) / (EARTH_M_PER_DEG_LON_EQUATOR * math.cos(math.radians(center_lat)))
    lat = center_lat + np.asarray(y_m) / EARTH_M_PER_DEG_LAT
    return lon, lat


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (used by importers to measure segments)."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
