"""What one place's 一张图 shows: the outlines of the place and the divisions right below it, and the facilities and
review points within it, projected for the server-drawn SVG map and described for Leaflet when tiles are set.

A fixed number of queries whatever the data: facilities, review points and outlines, and, when a page asks for
them, the kinds (for the filter) and the map settings (for tiles).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.urls import reverse

from catalog import geojson
from catalog.coordinates import Bounds
from catalog.models import Division, DivisionOutline, Facility, FacilityKind, MapSettings, ReviewPoint

#: The review points (查阅点) are filtered like a facility kind, under this key.
REVIEW_POINT = "review-point"
REVIEW_POINT_LABEL = "政务公开查阅点"
REVIEW_POINT_SYMBOL = "查"
WIDTH = 600


@dataclass
class KindChoice:
    slug: str
    name: str
    symbol: str
    is_selected: bool = False


@dataclass
class Marker:
    name: str
    kind: str
    kind_slug: str
    symbol: str
    address: str
    opening_hours: str
    phone: str
    division: str
    latitude: float | None
    longitude: float | None
    url: str = ""
    x: float = 0.0
    y: float = 0.0

    @property
    def has_point(self) -> bool:
        return self.latitude is not None


@dataclass
class Area:
    name: str
    url: str
    geometry: dict
    is_place: bool
    path: str = ""
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass
class PlaceMap:
    place: Division
    selected: set[str]
    markers: list[Marker]
    areas: list[Area]
    bounds: Bounds | None
    width: int = WIDTH
    height: int = 0
    drawn: list[Marker] = field(default_factory=list)

    @property
    def is_filtered(self) -> bool:
        return bool(self.selected)

    @cached_property
    def kinds(self) -> list[KindChoice]:
        return _kinds(self.selected)

    @cached_property
    def settings(self) -> MapSettings:
        return MapSettings.current()

    @property
    def has_drawing(self) -> bool:
        return self.bounds is not None

    def data(self) -> dict:
        """What static/js/map.js needs to draw the same map over tiles (no personal data: public facilities)."""
        return {
            "layers": self.settings.layers(),
            "attribution": self.settings.attribution_text(),
            "maxZoom": self.settings.max_zoom,
            "bounds": [[self.bounds.south, self.bounds.west], [self.bounds.north, self.bounds.east]]
            if self.bounds else None,
            "areas": [{"name": area.name, "isPlace": area.is_place, "geometry": area.geometry} for area in self.areas],
            "markers": [{"name": m.name, "kind": m.kind, "symbol": m.symbol, "address": m.address,
                         "hours": m.opening_hours, "lat": m.latitude, "lng": m.longitude} for m in self.drawn],
        }


def _kinds(selected: set[str]) -> list[KindChoice]:
    kinds = [KindChoice(kind.slug, kind.name, kind.symbol) for kind in FacilityKind.objects.all()]
    kinds.append(KindChoice(REVIEW_POINT, REVIEW_POINT_LABEL, REVIEW_POINT_SYMBOL))
    for kind in kinds:
        kind.is_selected = kind.slug in selected
    return kinds


def _float(value) -> float | None:
    return float(value) if value is not None else None


def _facility_markers(place, selected) -> list[Marker]:
    facilities = Facility.objects.active().within(place).select_related("kind", "division")
    if selected:
        facilities = facilities.filter(kind__slug__in=selected)
    return [Marker(item.name, item.kind.name, item.kind.slug, item.kind.symbol, item.address, item.opening_hours,
                   item.phone, item.division.name, _float(item.latitude), _float(item.longitude))
            for item in facilities.order_by("kind__order", "kind_id", "division__lft", "order", "name")]


def _review_point_markers(place, selected) -> list[Marker]:
    if selected and REVIEW_POINT not in selected:
        return []
    points = ReviewPoint.objects.active().filter(
        division__tree_id=place.tree_id, division__lft__gte=place.lft, division__rght__lte=place.rght,
    ).select_related("division").order_by("division__lft", "order", "id")
    return [Marker(point.name, REVIEW_POINT_LABEL, REVIEW_POINT, REVIEW_POINT_SYMBOL, point.address,
                   point.opening_hours, "", point.division.name, _float(point.latitude), _float(point.longitude),
                   url=reverse("feedback:point_detail", args=[point.pk]))
            for point in points]


def _areas(place) -> list[Area]:
    outlines = DivisionOutline.objects.filter(Q(division=place) | Q(division__parent=place)).select_related(
        "division").order_by("division__lft")
    return [Area(outline.division.name, reverse("catalog:division_map", args=[outline.division.code]),
                 outline.geometry, outline.division_id == place.pk) for outline in outlines]


def _bounds(areas: list[Area], markers: list[Marker]) -> Bounds | None:
    own = [area for area in areas if area.is_place]
    outlined = own or areas
    if outlined:
        found = None
        for area in outlined:
            found = geojson.bounds(area.geometry).union(found)
        return found
    around = Bounds.around((m.longitude, m.latitude) for m in markers if m.has_point)
    return around.grown(0.01) if around is not None else None


def place_map(place: Division, selected=()) -> PlaceMap:
    """The 一张图 of `place`, showing only the kinds (slugs) in `selected` when any are given."""
    selected = {slug for slug in selected if slug}
    markers = _facility_markers(place, selected) + _review_point_markers(place, selected)
    areas = _areas(place)
    bounds = _bounds(areas, markers)
    result = PlaceMap(place, selected, markers, areas, bounds)
    if bounds is None:
        return result
    projection = geojson.Projection(bounds, WIDTH)
    result.height = projection.height
    for area in areas:
        area.path = projection.path(area.geometry)
        box = geojson.bounds(area.geometry)
        area.label_x, area.label_y = projection.xy((box.west + box.east) / 2, (box.south + box.north) / 2)
    grown = bounds.grown(0.0001)
    for marker in markers:
        if marker.has_point and grown.contains(marker.longitude, marker.latitude):
            marker.x, marker.y = projection.xy(marker.longitude, marker.latitude)
            result.drawn.append(marker)
    return result
