"""Public pages as the county's reverse proxy and the browser may cache them: ETag, Last-Modified, 304s.

A page without forms is the same bytes for every visitor who is not signed in: public, s-maxage for the proxy,
revalidated by ETag. A page with forms (the rating widget) carries each visitor's own CSRF token and submission
keys: private and always whole. A change outdates exactly the pages whose content it changes.
"""

import pytest
from django.urls import reverse

from catalog.models import Publication
from tests import factories
from tests.catalog.public_data import build

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_a_page_without_forms_is_public_for_the_proxy_and_revalidated_by_the_browser(client, settings):
    settings.PROXY_MAX_AGE = 60
    c = build(5)
    response = client.get(reverse("catalog:division", args=[c.township.code]))
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=0", "s-maxage=60"}
    assert response.headers["ETag"].startswith('"') and response.headers["Last-Modified"].endswith("GMT")
    assert "Set-Cookie" not in response.headers  # nothing personal: the proxy may store it


def test_the_same_page_asked_for_with_its_etag_answers_304_without_a_body(client):
    c = build(5)
    url = reverse("catalog:division", args=[c.township.code])
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert "public" in directives(again)
    since = client.get(url, headers={"if-modified-since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_the_first_rendering_also_answers_304_to_a_proxy_revalidating_after_a_change_elsewhere(client):
    c = build(5)
    url = reverse("catalog:entry", args=[c.top.pk])
    etag = client.get(url).headers["ETag"]
    factories.publication(division=factories.township(c.county, segment="300", name="别的镇"))  # bumps the version
    response = client.get(url, headers={"if-none-match": etag})  # rendered afresh: same content, same tag
    assert response.status_code == 304


def test_a_publication_outdates_exactly_the_pages_whose_content_it_changes(client):
    c = build(5)
    other = factories.township(c.county, segment="300", name="河口镇")
    here_url = reverse("catalog:division", args=[c.township.code])
    there_url = reverse("catalog:division", args=[other.code])
    here, there = client.get(here_url), client.get(there_url)

    Publication.objects.create(
        entry=c.leaf, department=c.township_government, division=c.township, title="新一期低保名单",
        formed_on=c.policy.formed_on, status=Publication.Status.PUBLISHED, published_at=c.policy.published_at,
    )

    changed = client.get(here_url, headers={"if-none-match": here.headers["ETag"]})
    assert changed.status_code == 200 and "新一期低保名单" in changed.content.decode()
    assert changed.headers["ETag"] != here.headers["ETag"]
    unchanged = client.get(there_url, headers={"if-none-match": there.headers["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.headers["Last-Modified"] == there.headers["Last-Modified"]  # not modified: the same date


def test_a_display_preference_is_another_page_with_another_tag(client):
    c = build(5)
    url = reverse("catalog:division", args=[c.township.code])
    plain = client.get(url)
    client.cookies["a11y"] = "large"
    large = client.get(url, headers={"if-none-match": plain.headers["ETag"]})
    assert large.status_code == 200 and large.headers["ETag"] != plain.headers["ETag"]


def test_a_page_with_a_rating_form_is_private_and_always_sent_whole(client):
    c = build(5)
    url = reverse("catalog:publication", args=[c.policy.pk])
    first = client.get(url)
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert {"private", "no-cache"} <= directives(first) and "public" not in directives(first)
    assert "ETag" not in first.headers
    later = "Sun, 29 Nov 2099 00:00:00 GMT"
    again = client.get(url, headers={"if-none-match": '"anything"', "if-modified-since": later})
    assert again.status_code == 200 and "private" in directives(again)


def test_a_signed_in_user_gets_a_private_page(client, clerk):
    c = build(5)
    client.force_login(clerk)
    response = client.get(reverse("catalog:division", args=[c.township.code]))
    assert response.status_code == 200
    assert "private" in directives(response) and "ETag" not in response.headers


def test_proxy_max_age_zero_keeps_the_proxy_from_serving_without_asking(client, settings):
    settings.PROXY_MAX_AGE = 0
    c = build(5)
    response = client.get(reverse("catalog:division", args=[c.township.code]))
    assert "s-maxage=0" in directives(response)
