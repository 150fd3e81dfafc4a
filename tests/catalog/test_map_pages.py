"""The public 一张图: the county, township and village maps (SVG without tiles, Leaflet data with them), the kinds
filter, a constant number of queries, and the village page's map beside its 三务 columns."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.map import place_map
from catalog.models import MapSettings, Publication
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]

# The division, its ancestors, the kinds, facilities, review points, outlines and the map settings.
MAP_QUERIES = 7


@pytest.fixture
def places(db):
    county = f.county()
    township = f.township(county, segment="100", name="城关镇")
    village = f.village(township, suffix="201", name="东坪村")
    f.outline(county, f.square(119.55, 29.00, 0.25))
    f.outline(township, f.square(119.60, 29.04, 0.06))
    f.outline(village, f.square(119.61, 29.05, 0.02))
    return county, township, village


def _facilities(village, n, kind=None, start=0):
    kind = kind or f.facility_kind(name="卫生院", slug="clinic", symbol="医")
    for i in range(start, start + n):
        f.facility(village, kind, name=f"卫生室{i}", point=(29.055 + i * 0.0001, 119.615))
    return kind


def test_county_map_draws_outlines_and_points_as_svg_and_lists_them(client, places):
    county, _township, village = places
    _facilities(village, 2)
    page = client.get(reverse("catalog:county_map")).content.decode()
    assert page.count('class="map-marker') == 2
    assert 'class="map-area map-area-place"' in page and "城关镇</text>" in page
    assert "卫生室0" in page and "测试路1号" in page
    assert "leaflet.js" not in page  # no tile source: nothing but the server's drawing


def test_kind_filter_shows_only_the_chosen_kinds(client, places):
    _county, township, village = places
    _facilities(village, 1)
    f.facility(village, f.facility_kind(name="公共卫生间", slug="toilet"), name="村口卫生间", point=(29.06, 119.62))
    page = client.get(reverse("catalog:division_map", args=[township.code]) + "?kind=toilet").content.decode()
    assert "村口卫生间" in page and "卫生室0" not in page
    assert 'value="toilet" checked' in page


def test_facility_without_a_point_is_listed_but_not_drawn(client, places):
    _county, _township, village = places
    f.facility(village, name="待标注的图书馆", point=None)
    page = client.get(reverse("catalog:division_map", args=[village.code])).content.decode()
    assert "待标注的图书馆" in page and "暂未标注位置" in page
    assert 'class="map-marker' not in page


def test_map_of_an_unknown_division_is_not_found(client, places):
    assert client.get("/divisions/339901999999/map/").status_code == 404


@pytest.mark.parametrize("level", ["county", "township", "village"])
def test_map_page_runs_the_same_queries_for_3_or_30_facilities(client, places, level,
                                                               django_assert_max_num_queries):
    county, township, village = places
    url = {"county": reverse("catalog:county_map"),
           "township": reverse("catalog:division_map", args=[township.code]),
           "village": reverse("catalog:division_map", args=[village.code])}[level]
    kind = _facilities(village, 3)
    client.get(url)  # the first request after a change also reads the footer (cached per catalogue version)
    with django_assert_max_num_queries(MAP_QUERIES):
        client.get(url)
    _facilities(village, 27, kind=kind, start=3)
    client.get(url)
    with django_assert_max_num_queries(MAP_QUERIES):
        assert client.get(url).status_code == 200


def test_tile_source_sends_leaflet_its_data_and_allows_the_tile_host(client, places):
    MapSettings.objects.create(tile_source=MapSettings.TileSource.CUSTOM,
                               tile_url="https://tiles.example.gov.cn/{z}/{x}/{y}.png", attribution="县自然资源局")
    _county, _township, village = places
    _facilities(village, 1)
    response = client.get(reverse("catalog:county_map"))
    page = response.content.decode()
    assert "leaflet/leaflet.js" in page and 'id="map-data"' in page
    data = json.loads(page.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert data["attribution"] == "县自然资源局" and data["layers"][0]["url"].startswith("https://tiles.example")
    assert [marker["name"] for marker in data["markers"]] == ["卫生室0"]
    assert "img-src 'self' data: https://tiles.example.gov.cn;" in response.headers["Content-Security-Policy"]
    assert 'class="map-svg"' in page  # still drawn for browsers without JavaScript


def test_the_map_page_is_cached_for_the_proxy_and_keeps_its_tile_policy(client, places):
    MapSettings.objects.create(tile_source=MapSettings.TileSource.CUSTOM,
                               tile_url="https://tiles.example.gov.cn/{z}/{x}/{y}.png")
    url = reverse("catalog:county_map")
    first = client.get(url)
    assert "public" in first.headers["Cache-Control"] and first.headers["ETag"]
    again = client.get(url)  # from the page cache this time
    assert again.content == first.content
    assert "https://tiles.example.gov.cn" in again.headers["Content-Security-Policy"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"]).status_code == 304


def test_tianditu_needs_a_key_and_allows_its_subdomains():
    settings = MapSettings(tile_source=MapSettings.TileSource.TIANDITU)
    with pytest.raises(Exception, match="请填写密钥"):
        settings.full_clean()
    settings.tianditu_key = "abc123"
    settings.full_clean()
    assert settings.tile_origins() == ["https://*.tianditu.gov.cn"]
    assert "tk=abc123" in settings.layers()[0]["url"]


@pytest.mark.parametrize(("url", "message"), [("https://tiles.example.gov.cn/{z}/{x}.png", "{z}、{x}、{y}"),
                                              ("ftp://tiles/{z}/{x}/{y}.png", "https://")])
def test_custom_tile_url_is_checked(url, message):
    settings = MapSettings(tile_source=MapSettings.TileSource.CUSTOM, tile_url=url)
    with pytest.raises(Exception, match=message):
        settings.full_clean()


def test_review_points_are_on_the_map_with_a_link(places):
    from catalog.models import ReviewPoint

    county, _township, _village = places
    department = f.department(county)
    ReviewPoint.objects.create(division=county, department=department, name="县政务服务中心查阅点",
                               address="人民大道1号", opening_hours="工作日", contact_person="周",
                               contact_phone="0579-1234567", facilities=[], latitude="29.08", longitude="119.65")
    markers = place_map(county).drawn
    assert [m.name for m in markers] == ["县政务服务中心查阅点"]
    assert markers[0].url == reverse("feedback:point_detail", args=[ReviewPoint.objects.get().pk])


def _village_affairs(village, department):
    domain = f.domain(name="村务党务财务公开", is_county_level=False, is_township_level=False, is_village_level=True)
    tops = [f.entry(domain, name=name, order=order) for order, name in enumerate(["村务公开", "党务公开", "财务公开"])]
    now = timezone.now()
    for top in tops:
        leaf = f.entry(parent=top)
        for i in range(7):
            f.publication(leaf, department, division=village, title=f"{top.name}第{i}期",
                          status=Publication.Status.PUBLISHED, published_at=now - dt.timedelta(days=i))
    return tops


def test_village_page_shows_its_map_beside_the_three_columns(client, places):
    _county, township, village = places
    _facilities(village, 2)
    _village_affairs(village, f.department(township))
    url = reverse("catalog:division", args=[village.code])
    page = client.get(url).content.decode()
    board = page[page.index('class="village-board"'):]
    assert board.index("一张图") < board.index("村务公开") < board.index("党务公开") < board.index("财务公开")
    assert board.count('class="map-marker') == 2
    assert "村务公开第0期" in board and "村务公开第4期" in board and "村务公开第5期" not in board


def test_village_page_queries_do_not_grow_with_facilities_or_items(client, places, django_assert_max_num_queries):
    from catalog import fragments

    _county, township, village = places
    kind = _facilities(village, 2)
    department = f.department(township)
    _village_affairs(village, department)
    url = reverse("catalog:division", args=[village.code])
    client.get(url)
    fragments.bump()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with_few = len(few)  # counted now: the next request empties the connection's query log
    _facilities(village, 20, kind=kind, start=2)
    fragments.bump()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == with_few


def test_township_page_links_to_its_map(client, places):
    _county, township, _village = places
    page = client.get(reverse("catalog:division", args=[township.code])).content.decode()
    assert reverse("catalog:division_map", args=[township.code]) in page
