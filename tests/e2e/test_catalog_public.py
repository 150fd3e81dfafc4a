"""In a real browser: the read-aloud button appears where speech synthesis exists, and pages fit 360 px."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import Publication
from tests import factories
from tests.catalog.public_data import build
from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 360, "height": 800}


def test_publication_page_shows_read_aloud_and_fits_a_phone(live_server, page):
    c = build(10)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/publications/{c.policy.pk}/")
    page.steps.shot("publication")
    has_speech = page.evaluate("'speechSynthesis' in window")
    assert page.locator("[data-read-aloud]").is_visible() == has_speech
    assert no_horizontal_scroll(page)


def test_search_page_fits_a_phone_and_highlights(live_server, page):
    build(10)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search/?q=低保")
    page.steps.shot("search")
    assert {"低保", "最低生活保障"} <= set(page.locator("ol.search-results mark").all_inner_texts())
    assert no_horizontal_scroll(page)


def test_searching_an_everyday_word_finds_items_in_the_official_term(live_server, page):
    build(10)
    official = factories.publication(
        title="桃源镇2026年3月城乡最低生活保障新增对象公示", status=Publication.Status.PUBLISHED,
        published_at=timezone.now() + dt.timedelta(minutes=1),
    )
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("关键词").fill("低保")
    page.get_by_role("button", name="搜索").click()
    page.steps.shot("results")
    first = page.locator("ol.search-results li").first
    assert first.locator("h3 a").inner_text() == official.title
    assert first.locator("mark").first.inner_text() == "最低生活保障"
    assert "同时检索了意思相同的词：低保（最低生活保障" in page.locator(".search-synonyms").inner_text()


def test_a_search_that_finds_nothing_suggests_words_entries_and_the_request_form(live_server, page):
    build(10)
    page.goto(f"{live_server.url}/search/?q=低保金标准")
    page.steps.shot("suggestions")
    page.get_by_role("link", name="最低生活保障", exact=True).first.click()
    page.steps.shot("suggested search")
    assert page.locator("ol.search-results li").count() > 0
    page.go_back()
    page.get_by_role("link", name="在线申请政府信息公开").click()
    assert page.url.endswith("/apply/")
