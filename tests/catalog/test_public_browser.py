"""In a real browser: the read-aloud button appears where speech synthesis exists, and pages fit 360 px."""

import os
import shutil

import pytest

from tests.catalog.public_data import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread; the test's own ORM calls are still synchronous.
    # Restore what was there before: tests/e2e/conftest.py sets it for the whole run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def test_publication_page_shows_read_aloud_and_fits_a_phone(live_server, browser):
    c = build(10)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{live_server.url}/publications/{c.policy.pk}/")
    has_speech = page.evaluate("'speechSynthesis' in window")
    assert page.locator("[data-read-aloud]").is_visible() == has_speech
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_search_page_fits_a_phone_and_highlights(live_server, browser):
    build(10)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{live_server.url}/search/?q=低保")
    assert page.locator("ol.search-results mark").first.inner_text() == "低保"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
