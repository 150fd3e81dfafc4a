"""Search before you ask, in a real browser on a 375 px phone: typing the description shows the matching published
item (normal and large-font mode), and opening it is counted as a request avoided."""

import pytest
from django.utils import timezone

from applications.models import SuggestionDay
from catalog.models import Publication
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
TITLE = "关于示范县城关镇2026年第三季度城乡居民最低生活保障对象名单的公示"


@pytest.fixture
def dibao():
    department = factories.department(factories.county(name="示范县"), name="县民政局")
    return factories.publication(None, department, title=TITLE, status=Publication.Status.PUBLISHED,
                                 published_at=timezone.now())


@pytest.mark.parametrize("large_font", [False, True])
def test_typing_the_description_on_a_phone_shows_a_published_item(dibao, page, live_server, large_font):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/apply/")
    if large_font:
        page.get_by_role("button", name="大字版").click()
        page.get_by_role("button", name="标准字号").wait_for()
    assert not page.is_visible("button[name=_suggest]")  # with JavaScript the look-up needs no button
    page.locator("#id_description").press_sequentially("城关镇的低保对象名单", delay=30)
    suggestion = page.locator("#suggestions a", has_text="最低生活保障对象名单")
    suggestion.wait_for(timeout=10_000)
    page.steps.shot("suggested-large" if large_font else "suggested")
    assert suggestion.is_visible()
    assert no_horizontal_scroll(page)
    suggestion.click()
    page.wait_for_url(f"**/publications/{dibao.pk}/")
    assert TITLE in page.inner_text("h1")
    assert SuggestionDay.objects.get().followed == 1
