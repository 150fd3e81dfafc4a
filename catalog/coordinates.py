"""Map coordinates: points are stored in WGS-84 (which CGCS2000, 天地图's datum, matches to within centimetres);
points copied from phone map apps (高德, 腾讯, 百度's GCJ-02 layer) are in GCJ-02 and are converted on import.

The GCJ-02 offset comes from the `coordtransform` package. Its forward transform (WGS-84 → GCJ-02) is the
published algorithm; its inverse is a one-step approximation about a metre off, so `gcj02_to_wgs84` refines it
by fixed-point iteration on the forward transform until the round trip is within a millimetre. Points outside
China are not offset by GCJ-02 and are returned unchanged.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import coordTransform

# Six decimal places of a degree: about 0.1 m, what the models store.
QUANTUM = Decimal("0.000001")
_TOLERANCE = 1e-9  # degrees, about 0.1 mm
_MAX_STEPS = 10


class CoordinateSystem:
    WGS84 = "wgs84"
    GCJ02 = "gcj02"

    #: What a sheet's 坐标系 cell may say, lower-cased, for each system.
    NAMES = {
        WGS84: {"wgs84", "wgs-84", "wgs 84", "cgcs2000", "cgcs-2000", "gps", "天地图", "国家2000", "2000国家大地坐标系",
                "大地2000"},
        GCJ02: {"gcj02", "gcj-02", "gcj", "火星坐标", "火星坐标系", "国测局坐标", "高德", "高德地图", "腾讯地图"},
    }

    @classmethod
    def parse(cls, text: str) -> str | None:
        """The system a 坐标系 cell names (empty means WGS-84), or None when it names none we know."""
        cleaned = (text or "").strip().lower()
        if not cleaned:
            return cls.WGS84
        for system, names in cls.NAMES.items():
            if cleaned in names:
                return system
        return None


def is_in_china(longitude: float, latitude: float) -> bool:
    """Inside the rectangle where GCJ-02 applies an offset (outside it, GCJ-02 equals WGS-84)."""
    return not coordTransform.out_of_china(longitude, latitude)


def wgs84_to_gcj02(longitude: float, latitude: float) -> tuple[float, float]:
    lng, lat = coordTransform.wgs84_to_gcj02(longitude, latitude)
    return lng, lat


def gcj02_to_wgs84(longitude: float, latitude: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 offset lands on (longitude, latitude)."""
    if not is_in_china(longitude, latitude):
        return longitude, latitude
    lng, lat = coordTransform.gcj02_to_wgs84(longitude, latitude)
    for _step in range(_MAX_STEPS):
        there_lng, there_lat = wgs84_to_gcj02(lng, lat)
        d_lng, d_lat = there_lng - longitude, there_lat - latitude
        lng, lat = lng - d_lng, lat - d_lat
        if abs(d_lng) < _TOLERANCE and abs(d_lat) < _TOLERANCE:
            break
    return lng, lat


def to_wgs84(longitude: float, latitude: float, system: str) -> tuple[float, float]:
    if system == CoordinateSystem.GCJ02:
        return gcj02_to_wgs84(longitude, latitude)
    return longitude, latitude


def quantize(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Bounds:
    """A longitude/latitude rectangle (west, south, east, north) in degrees."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, longitude: float, latitude: float) -> bool:
        return self.west <= longitude <= self.east and self.south <= latitude <= self.north

    def grown(self, margin: float) -> "Bounds":
        return Bounds(self.west - margin, self.south - margin, self.east + margin, self.north + margin)

    def union(self, other: "Bounds | None") -> "Bounds":
        if other is None:
            return self
        return Bounds(min(self.west, other.west), min(self.south, other.south),
                      max(self.east, other.east), max(self.north, other.north))

    @classmethod
    def around(cls, points) -> "Bounds | None":
        points = list(points)
        if not points:
            return None
        longitudes = [lng for lng, _lat in points]
        latitudes = [lat for _lng, lat in points]
        return cls(min(longitudes), min(latitudes), max(longitudes), max(latitudes))

    def describe(self) -> str:
        return f"经度 {self.west:.2f}～{self.east:.2f}、纬度 {self.south:.2f}～{self.north:.2f}"


#: Mainland China with its islands, roughly: the fallback for "the county's bounds" before any outline exists.
CHINA = Bounds(73.5, 3.8, 135.1, 53.6)
