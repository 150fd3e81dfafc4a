"""Cached directory fragments (catalog.fragments) never show stale counts after a change through the ORM."""

import re

import pytest
from django.urls import reverse

from catalog.models import Publication
from tests.catalog.public_data import add_publications, build

pytestmark = pytest.mark.django_db


def domain_count(client, c) -> int:
    page = client.get(reverse("catalog:division", args=[c.township.code])).content.decode()
    return int(re.search(r"<strong>社会救助</strong> <span class=\"count\">(\d+) 条", page).group(1))


def test_division_page_is_served_from_the_cached_fragment_the_second_time(client, django_assert_max_num_queries):
    c = build(10)
    first = client.get(reverse("catalog:division", args=[c.township.code])).content
    with django_assert_max_num_queries(9):  # without the directory's own entry, count and domain queries
        second = client.get(reverse("catalog:division", args=[c.township.code])).content
    assert second == first


def test_division_counts_follow_a_newly_published_item(client):
    c = build(10)
    before = domain_count(client, c)
    Publication.objects.create(
        entry=c.leaf, department=c.township_government, division=c.township, title="新一期低保名单",
        formed_on=c.policy.formed_on, status=Publication.Status.PUBLISHED, published_at=c.policy.published_at,
    )
    assert domain_count(client, c) == before + 1


def test_division_counts_follow_a_bulk_creation(client):
    c = build(10)
    before = domain_count(client, c)
    add_publications(c, 30)  # a third of them in the township
    assert domain_count(client, c) == before + 10


def test_division_counts_follow_a_withdrawal(client):
    c = build(10)
    item = Publication.objects.public().filter(division=c.township).first()
    before = domain_count(client, c)
    item.status = Publication.Status.WITHDRAWN
    item.save()
    assert domain_count(client, c) == before - 1


def test_a_visitor_without_cookies_gets_the_cached_page_in_two_queries(client, django_assert_max_num_queries):
    c = build(10)
    url = reverse("catalog:entry", args=[c.top.pk])
    first = client.get(url).content
    with django_assert_max_num_queries(2):  # the version and the page
        assert client.get(url).content == first


def test_a_visitor_with_a_display_preference_gets_a_freshly_rendered_page(client):
    c = build(10)
    url = reverse("catalog:division", args=[c.township.code])
    client.get(url)
    client.cookies["a11y"] = "large"
    assert 'class="a11y-large' in client.get(url).content.decode()


def test_a_page_rendering_a_csrf_token_is_never_stored(rf):
    from django.middleware.csrf import get_token
    from django.test.utils import override_settings

    from catalog import fragments

    calls = []

    @fragments.anonymous_page
    def form_page(request):
        calls.append(1)
        from django.http import HttpResponse

        return HttpResponse(get_token(request))

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        form_page(rf.get("/form/"))
        form_page(rf.get("/form/"))
    assert len(calls) == 2
