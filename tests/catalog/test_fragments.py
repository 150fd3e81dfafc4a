"""Cached directory fragments (catalog.fragments) never show stale counts after a change through the ORM."""

import re

import pytest
from django.urls import reverse

from catalog.models import Publication
from tests import factories
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


def test_a_token_printed_outside_a_form_field_is_never_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test.utils import override_settings

    from catalog import fragments

    calls = []

    @fragments.anonymous_page
    def token_page(request):
        calls.append(1)
        return HttpResponse(f"<p data-token='{get_token(request)}'></p>")

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        token_page(rf.get("/token/"))
        token_page(rf.get("/token/"))
    assert len(calls) == 2


def form_token(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def without_tokens(page: bytes) -> bytes:
    """The page without its per-visitor values (CSRF token, submission keys)."""
    return re.sub(rb'name="(csrfmiddlewaretoken|submission_key)" value="[^"]+"', rb"\1", page)


def submission_key(page: bytes) -> str:
    return re.search(rb'name="submission_key" value="([^"]+)"', page).group(1).decode()


def test_a_cached_form_page_gives_each_visitor_a_token_that_works(django_assert_max_num_queries):
    from django.test import Client

    from feedback.models import Rating

    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    first = Client(enforce_csrf_checks=True)
    first_page = first.get(url).content
    second = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(2):  # the version and the page: served from the cache
        second_page = second.get(url).content
    assert b"\x00" not in second_page
    assert form_token(second_page) != form_token(first_page)
    assert "csrftoken" in second.cookies  # a visitor without one gets a CSRF cookie, as with a fresh page
    assert submission_key(second_page) != submission_key(first_page)
    for visitor, page in ((first, first_page), (second, second_page)):
        answer = visitor.post(reverse("feedback:rate"), {
            "csrfmiddlewaretoken": form_token(page), "submission_key": submission_key(page),
            "target_kind": "publication", "target_id": c.policy.pk, "channel": "website", "next": url,
            "level": "satisfied",
        })
        assert answer.status_code in (200, 302)
    assert Rating.objects.filter(publication=c.policy).count() == 2  # the cached page gave each a key of its own


def test_a_form_key_rendered_another_way_keeps_the_page_out_of_the_cache(rf):
    from django.http import HttpResponse
    from django.test.utils import override_settings

    from catalog import fragments

    calls = []

    @fragments.anonymous_page
    def odd_form(request):
        calls.append(1)
        return HttpResponse('<input value="abcdefghijklmnopqrstuv" name="submission_key">')

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        odd_form(rf.get("/odd/"))
        odd_form(rf.get("/odd/"))
    assert len(calls) == 2


def test_a_visitor_with_a_csrf_cookie_still_gets_the_cached_page(client, django_assert_max_num_queries):
    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    client.get(url)
    assert "csrftoken" in client.cookies
    with django_assert_max_num_queries(2):
        page = client.get(url).content
    assert form_token(page)


def test_a_signed_in_visitor_gets_a_freshly_rendered_page(client):
    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    client.get(url)
    client.force_login(factories.clerk(c.department))
    Publication.objects.filter(pk=c.policy.pk).update(title="改过的标题")  # behind the ORM: no version bump
    assert "改过的标题" in client.get(url).content.decode()


def test_a_citizen_with_a_session_but_no_account_gets_the_cached_page(client, django_assert_max_num_queries):
    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    first = client.get(url).content
    session = client.session
    session["verified_applications"] = [1]  # what the request status page keeps
    session.save()
    client.cookies["sessionid"] = session.session_key
    with django_assert_max_num_queries(4):  # the session (read, and saved on every request), version, page
        page = client.get(url).content
    assert without_tokens(page) == without_tokens(first)


def test_a_citizen_back_on_a_cached_page_after_rating_sees_the_thanks(client):
    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    client.get(url)
    page = client.get(url).content  # from the cache
    answer = client.post(reverse("feedback:rate"), {
        "csrfmiddlewaretoken": form_token(page), "submission_key": submission_key(page), "target_kind": "publication",
        "target_id": c.policy.pk, "channel": "website", "next": url, "level": "satisfied",
    }, follow=True)
    assert answer.redirect_chain[-1][0] == url
    assert 'class="message message-success"' in answer.content.decode()
    again = client.get(url).content.decode()  # the message was shown once; the page is the shared one again
    assert 'class="message' not in again


def test_a_publication_page_follows_a_changed_title(client):
    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    client.get(url)
    c.policy.title = "新的标题"
    c.policy.save()
    assert "新的标题" in client.get(url).content.decode()


def test_the_worker_copy_survives_without_the_shared_cache_and_back(client, django_assert_max_num_queries):
    from catalog import fragments

    c = build(10)
    url = reverse("catalog:entry", args=[c.top.pk])
    first = client.get(url).content
    fragments.local_pages.clear()  # another worker: only the shared cache has the page
    with django_assert_max_num_queries(2):
        assert client.get(url).content == first
    assert fragments.local_pages.size > 0  # and now this worker keeps a copy too


def test_another_workers_change_shows_after_the_recheck_interval(client, monkeypatch):
    from django.core.cache import cache

    from catalog import fragments

    c = build(10)
    url = reverse("catalog:publication", args=[c.policy.pk])
    client.get(url)
    Publication.objects.filter(pk=c.policy.pk).update(title="另一进程改的标题")
    cache.incr(fragments.VERSION_KEY)  # what bump() does in another worker
    assert "另一进程改的标题" not in client.get(url).content.decode()  # within VERSION_RECHECK: this worker's copy
    monkeypatch.setitem(fragments._known, "checked", 0.0)  # the interval has passed
    assert "另一进程改的标题" in client.get(url).content.decode()


def test_pages_in_memory_are_still_served_while_the_shared_cache_is_down(client, monkeypatch):
    from django.db import OperationalError

    from catalog import fragments

    c = build(10)
    url = reverse("catalog:entry", args=[c.top.pk])
    first = client.get(url).content

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(fragments.cache, "get", down)
    monkeypatch.setitem(fragments._known, "checked", 0.0)  # time to re-read the version: it fails
    assert client.get(url).content == first


def test_local_pages_stay_within_their_byte_limit_dropping_the_least_recently_used():
    from catalog.fragments import LocalPages

    pages = LocalPages(limit=100)
    pages.put("a", b"a" * 20, 60)
    pages.put("b", b"b" * 20, 60)
    pages.put("c", b"c" * 20, 60)
    assert pages.get("a") == b"a" * 20  # used: now the most recent
    pages.put("d", b"d" * 25, 60)
    pages.put("e", b"e" * 25, 60)
    assert pages.size <= 100
    assert pages.get("b") is None and pages.get("a") is not None
    pages.put("huge", b"h" * 60, 60)  # more than a quarter of the limit: never kept
    assert pages.get("huge") is None
    pages.put("old", b"o", -1)  # already expired
    assert pages.get("old") is None
