"""The home page, display preferences and security headers."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_home_lists_townships_and_villages_in_few_queries(client, django_assert_max_num_queries):
    township = factories.township(name="青山镇")
    factories.village(township, name="石门村")
    client.get("/")  # renders and caches the page and its directory fragment (catalog.fragments)
    # the cached whole page and its version: the visitor sent no cookie (catalog.fragments.anonymous_page)
    with django_assert_max_num_queries(2):
        page = client.get("/").content.decode()
    assert "青山镇" in page and "石门村" in page
    assert 'lang="zh-Hans"' in page


def test_home_shows_a_new_village_at_once_despite_the_cached_fragment(client):
    township = factories.township(name="青山镇")
    client.get("/")
    factories.village(township, name="石门村")
    assert "石门村" in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_villages(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog import fragments

    township = factories.township()
    factories.village(township)
    client.get("/")  # the cache's version key exists from now on, as on a live site
    fragments.bump()  # both measured requests render and store the page (adding villages bumps it too)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(30):
        factories.village(township)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/").status_code == 200


def test_large_font_toggle_is_remembered_in_a_cookie(client):
    response = client.post("/preferences/", {"toggle": "large", "next": "/?x=1"})
    assert response.status_code == 302
    assert response.url == "/?x=1"
    assert 'class="a11y-large"' in client.get("/").content.decode()
    client.post("/preferences/", {"toggle": "large", "next": "/"})
    assert "a11y-large" not in client.get("/").content.decode()


def test_preferences_never_redirect_off_site(client):
    response = client.post("/preferences/", {"toggle": "contrast", "next": "https://evil.example/"})
    assert response.url == "/"


def test_public_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()
    assert "style=" not in response.content.decode()


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
