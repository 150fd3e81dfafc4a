"""Layout in a real browser: a 375 px phone without horizontal scrolling, and the large-font mode."""

import pytest

from tests import factories
from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def small_county():
    township = factories.township(name="青山镇")
    for n in range(12):
        factories.village(township, name=f"石门{n}村")


def test_home_fits_a_375_px_phone(page, live_server, small_county):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    page.steps.shot("home-375")
    assert page.get_by_role("heading", name="青山镇").is_visible()
    assert no_horizontal_scroll(page)


def test_large_font_mode_is_remembered_across_pages(page, live_server, small_county):
    page.goto(live_server.url + "/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="大字版").click()
    page.steps.shot("large-font")
    page.goto(live_server.url + "/")
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large > normal * 1.2
    assert page.get_by_role("button", name="标准字号").is_visible()
    page.set_viewport_size({"width": 375, "height": 740})
    assert no_horizontal_scroll(page)


def test_skip_link_moves_focus_to_the_main_content(page, live_server, small_county):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
