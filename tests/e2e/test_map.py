"""The 一张图 in a real browser: offline (no tile source) the server-drawn SVG map and the list beside it; with a
tile source, Leaflet from our own static files over tiles (answered here by a local PNG: no network). Each on a
desktop and on a phone, where the list comes below the map."""

import io

import pytest
from PIL import Image

from catalog.models import MapSettings
from tests import factories as f
from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 360, "height": 800}
TILES = "https://tiles.example.test"


def _township():
    county = f.county()
    township = f.township(county, segment="100", name="城关镇")
    village = f.village(township, suffix="201", name="东坪村")
    f.outline(county, f.square(119.55, 29.00, 0.25))
    f.outline(township, f.square(119.60, 29.04, 0.06))
    f.outline(village, f.square(119.61, 29.05, 0.02))
    kind = f.facility_kind(name="卫生院", slug="clinic", symbol="医")
    f.facility(village, kind, name="东坪村卫生室", point=(29.06, 119.62))
    f.facility(township, kind, name="城关镇中心卫生院", point=(29.07, 119.64))
    return township


def _tile_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _watch(page):
    """Console errors (a refused script or image shows up there) and requests that would leave the machine."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: problems.append(f"外部请求 {request.url}")
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", TILES, "data:")) else None)
    return problems


def _list_is_beside_the_map(page) -> bool:
    drawing = page.locator(".map-canvas").bounding_box()
    listing = page.locator(".map-list").bounding_box()
    return listing["x"] >= drawing["x"] + drawing["width"] - 1 and abs(listing["y"] - drawing["y"]) < 80


def _list_is_below_the_map(page) -> bool:
    drawing = page.locator(".map-canvas").bounding_box()
    listing = page.locator(".map-list").bounding_box()
    return listing["y"] >= drawing["y"] + drawing["height"] - 1


def test_offline_map_draws_svg_with_the_list_beside_it_and_below_on_a_phone(live_server, page):
    township = _township()
    problems = _watch(page)
    url = f"{live_server.url}/divisions/{township.code}/map/"
    page.goto(url)
    page.steps.shot("desktop")
    assert page.locator("svg.map-svg").is_visible()
    assert page.locator("svg.map-svg .map-marker").count() == 2
    assert page.locator("svg.map-svg path.map-area").count() == 2  # the township and its village
    assert page.locator(".leaflet-container").count() == 0
    assert page.get_by_role("heading", name="东坪村卫生室").is_visible()
    assert _list_is_beside_the_map(page)
    page.set_viewport_size(PHONE)
    page.reload()
    page.steps.shot("phone")
    assert page.locator("svg.map-svg").is_visible() and _list_is_below_the_map(page)
    assert no_horizontal_scroll(page)
    assert problems == []


def test_map_with_a_tile_source_draws_leaflet_over_local_tiles_on_desktop_and_phone(live_server, page):
    township = _township()
    MapSettings.objects.create(tile_source=MapSettings.TileSource.CUSTOM, tile_url=TILES + "/{z}/{x}/{y}.png",
                               attribution="县自然资源局")
    tiles = []
    png = _tile_png()

    def serve_tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=png)

    page.route(f"{TILES}/**", serve_tile)
    problems = _watch(page)
    page.goto(f"{live_server.url}/divisions/{township.code}/map/")
    page.locator(".leaflet-tile-loaded").first.wait_for()
    page.steps.shot("desktop")
    assert problems == []
    assert page.locator(".leaflet-container").is_visible()
    assert not page.locator("svg.map-svg").is_visible()
    assert page.locator("path.leaflet-interactive").count() == 2 + 2  # two outlines, two facilities
    assert "县自然资源局" in page.locator(".leaflet-control-attribution").inner_text()
    assert tiles and all(url.endswith(".png") for url in tiles)
    assert _list_is_beside_the_map(page)
    page.set_viewport_size(PHONE)
    page.reload()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    page.steps.shot("phone")
    assert page.locator(".leaflet-container").is_visible() and _list_is_below_the_map(page)
    assert no_horizontal_scroll(page)
    assert problems == []
