"""In chromium, without any network but the portal: the open-data API's page renders its endpoints from our own
files under the site's Content-Security-Policy, and an Atom feed loads."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.catalog.public_data import build
from tests.e2e.test_csp_browser import LISTEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: The API's operations (GET each): divisions, domains, entries, publications (list and one of each), attachments
#: and annual reports (list and one).
OPERATIONS = 11


def portal_only(page, live_server) -> list[str]:
    """Refuse every request that leaves the portal, and return the list they are recorded in."""
    portal = urlsplit(live_server.url).netloc
    outside = []

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == portal:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return outside


def test_the_api_page_renders_every_endpoint_offline_under_the_policy(live_server, page):
    build(3)
    outside = portal_only(page, live_server)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + reverse("api_docs"))
    operations = page.locator("#swagger-ui .opblock-summary-path")
    operations.nth(OPERATIONS - 1).wait_for()
    page.steps.shot("api docs")
    paths = set(operations.all_inner_texts())
    assert len(paths) == OPERATIONS
    assert {"/api/v1/publications/", "/api/v1/annual-reports/", "/api/v1/attachments/"} <= {
        path.replace("\u200b", "") for path in paths}
    assert page.evaluate("window.__cspViolations") == []
    assert outside == []


def test_an_atom_feed_loads_in_the_browser(live_server, page):
    c = build(3)
    outside = portal_only(page, live_server)
    response = page.goto(live_server.url + reverse("division_feed", args=[c.county.code]))
    page.steps.shot("feed")
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    assert c.policy.title in page.content()
    assert outside == []
