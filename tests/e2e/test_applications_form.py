"""The application form in a real browser: the identity fields follow the applicant kind, and it fits a phone."""

import pytest

from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_identity_fields_follow_the_applicant_kind_on_a_phone(department, page, live_server):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/apply/")
    page.steps.shot("person")
    assert page.is_visible("#id_id_number") and not page.is_visible("#id_credit_code")
    page.check("#id_applicant_kind_1")
    page.steps.shot("business")
    assert page.is_visible("#id_credit_code") and not page.is_visible("#id_id_number")
    assert no_horizontal_scroll(page)
