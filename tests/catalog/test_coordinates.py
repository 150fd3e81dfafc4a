"""GCJ-02 ↔ WGS-84: checked against published point pairs; points outside China pass unchanged."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.coordinates import CoordinateSystem, gcj02_to_wgs84, to_wgs84, wgs84_to_gcj02

# (WGS-84 latitude, longitude, GCJ-02 latitude, longitude): the pairs eviltransform's test suite publishes.
PUBLISHED = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
# A billionth of a degree (0.1 mm); the package's own one-step inverse is about 1e-5° (a metre) off.
CLOSE = 1e-9


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), PUBLISHED)
def test_wgs84_to_gcj02_matches_published_pairs(wgs_lat, wgs_lng, gcj_lat, gcj_lng):
    lng, lat = wgs84_to_gcj02(wgs_lng, wgs_lat)
    assert abs(lng - gcj_lng) < CLOSE and abs(lat - gcj_lat) < CLOSE


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), PUBLISHED)
def test_gcj02_to_wgs84_recovers_the_published_point(wgs_lat, wgs_lng, gcj_lat, gcj_lng):
    lng, lat = gcj02_to_wgs84(gcj_lng, gcj_lat)
    assert abs(lng - wgs_lng) < CLOSE and abs(lat - wgs_lat) < CLOSE


@pytest.mark.parametrize(("lng", "lat"), [(-0.1276, 51.5072), (139.6917, 35.6895), (2.3522, 48.8566), (0, 0),
                                          (-74.006, 40.7128)])
def test_points_outside_china_are_left_unchanged(lng, lat):
    assert gcj02_to_wgs84(lng, lat) == (lng, lat)
    assert to_wgs84(lng, lat, CoordinateSystem.GCJ02) == (lng, lat)


def test_wgs84_points_are_not_converted():
    assert to_wgs84(119.6474, 29.0812, CoordinateSystem.WGS84) == (119.6474, 29.0812)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=98.0, max_value=134.0), st.floats(min_value=18.5, max_value=53.0))
def test_converting_back_lands_within_a_centimetre(lng, lat):
    back_lng, back_lat = gcj02_to_wgs84(*wgs84_to_gcj02(lng, lat))
    assert abs(back_lng - lng) < 1e-7 and abs(back_lat - lat) < 1e-7


@pytest.mark.parametrize(("text", "system"), [("", "wgs84"), ("WGS-84", "wgs84"), ("CGCS2000", "wgs84"),
                                              ("天地图", "wgs84"), ("GCJ-02", "gcj02"), ("高德", "gcj02"),
                                              ("火星坐标系", "gcj02"), ("百度", None)])
def test_coordinate_system_cell_is_read(text, system):
    assert CoordinateSystem.parse(text) == system
