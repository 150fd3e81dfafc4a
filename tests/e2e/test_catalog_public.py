"""In a real browser: the read-aloud button appears where speech synthesis exists, and pages fit 360 px."""

import pytest

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
    assert page.locator("ol.search-results mark").first.inner_text() == "低保"
    assert no_horizontal_scroll(page)
