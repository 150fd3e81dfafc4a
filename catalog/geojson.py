"""Division outlines as GeoJSON (RFC 7946): checked when uploaded, and drawn as SVG paths for the offline map.

An outline is a Polygon or MultiPolygon, given bare, as a Feature, or as a FeatureCollection of such features
(merged into one MultiPolygon); longitude first, WGS-84. What is stored is the checked geometry only.
"""

import json
import math

from django.core.exceptions import ValidationError

from catalog.coordinates import Bounds

MAX_POSITIONS = 50_000
AREA_TYPES = ("Polygon", "MultiPolygon")


def parse(text: str) -> dict:
    """The outline geometry in `text`, or ValidationError saying in Chinese what is wrong with it."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as error:
        raise ValidationError(f"不是有效的 GeoJSON 文件：无法解析（{_json_error(error)}）。") from error
    polygons = _polygons(data)
    count = 0
    for p, polygon in enumerate(polygons, 1):
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(f"第{p}个多边形没有坐标环。")
        for r, ring in enumerate(polygon, 1):
            where = f"第{p}个多边形的第{r}个环"
            if not isinstance(ring, list) or len(ring) < 4:
                raise ValidationError(f"{where}至少要有4个坐标点（首尾相同）。")
            for position in ring:
                _check_position(position, where)
            if ring[0][:2] != ring[-1][:2]:
                raise ValidationError(f"{where}没有闭合：第一个点和最后一个点应当相同。")
            count += len(ring)
    if count > MAX_POSITIONS:
        raise ValidationError(f"轮廓的坐标点太多（{count:,}个，最多{MAX_POSITIONS:,}个），请先简化后再上传。")
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _json_error(error) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"第{error.lineno}行第{error.colno}列附近格式错误"
    return "内容不是文本"


def _polygons(data) -> list:
    if not isinstance(data, dict) or "type" not in data:
        raise ValidationError("不是有效的 GeoJSON：最外层应当是带有 type 的对象。")
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise ValidationError("GeoJSON 的要素集合（FeatureCollection）中没有要素。")
        return [polygon for feature in features for polygon in _polygons(feature)]
    if kind == "Feature":
        geometry = data.get("geometry")
        if not isinstance(geometry, dict):
            raise ValidationError("GeoJSON 要素（Feature）没有几何图形。")
        return _polygons(geometry)
    if kind not in AREA_TYPES:
        raise ValidationError(f"几何类型“{kind}”不能作为区划轮廓：只接受面（Polygon 或 MultiPolygon）。")
    coordinates = data.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(f"{kind} 没有坐标（coordinates）。")
    return [coordinates] if kind == "Polygon" else coordinates


def _check_position(position, where: str) -> None:
    if (not isinstance(position, list) or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])):
        raise ValidationError(f"{where}中有坐标不是“[经度, 纬度]”形式的数字：{json.dumps(position)[:40]}。")
    longitude, latitude = position[0], position[1]
    if not (math.isfinite(longitude) and math.isfinite(latitude)
            and -180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(f"{where}中的坐标 [{longitude}, {latitude}] 超出范围：经度应在 -180～180 之间，纬度在 "
                              f"-90～90 之间（GeoJSON 经度在前）。")


def rings(geometry: dict) -> list[list]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def bounds(geometry: dict) -> Bounds:
    return Bounds.around((position[0], position[1]) for ring in rings(geometry) for position in ring)


class Projection:
    """Longitude/latitude to SVG user units over `area`, `width` wide, north up, with east–west distances
    shortened by the cosine of the middle latitude so that shapes keep their proportions."""

    def __init__(self, area: Bounds, width: int = 600, padding: int = 16):
        if area.east - area.west < 1e-4 or area.north - area.south < 1e-4:
            area = area.grown(0.005)
        self.area = area
        self.padding = padding
        self.shrink = math.cos(math.radians((area.north + area.south) / 2))
        self.scale = (width - 2 * padding) / ((area.east - area.west) * self.shrink)
        self.width = width
        self.height = round((area.north - area.south) * self.scale + 2 * padding)

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = self.padding + (longitude - self.area.west) * self.shrink * self.scale
        y = self.padding + (self.area.north - latitude) * self.scale
        return round(x, 1), round(y, 1)

    def path(self, geometry: dict) -> str:
        """An SVG path (fill-rule evenodd) drawing every ring of `geometry`."""
        parts = []
        for ring in rings(geometry):
            points = [self.xy(position[0], position[1]) for position in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        return "".join(parts)
