"""The application form in a real browser: the identity fields follow the applicant kind, and it fits a phone."""

import os

import pytest

from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_page(viewport={"width": 360, "height": 800})
        browser.close()


@pytest.fixture
def department():
    return f.department(name="县民政局")


# `department` comes first: the database is set up before the browser's event loop starts.
def test_identity_fields_follow_the_applicant_kind_on_a_phone(department, page, live_server):
    page.goto(f"{live_server.url}/apply/")
    assert page.is_visible("#id_id_number") and not page.is_visible("#id_credit_code")
    page.check("#id_applicant_kind_1")
    assert page.is_visible("#id_credit_code") and not page.is_visible("#id_id_number")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
