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


def test_failed_request_on_a_phone_focuses_the_error_summary_and_its_links_reach_the_fields(
        department, page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/apply/")
    page.fill("#id_applicant_name", "张三")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "110105194912310021")  # check digit should be 2
    page.fill("#id_phone", "12345")
    page.fill("#id_postcode", "3210")
    page.select_option("#id_department", str(department.pk))
    page.fill("#id_description", "2026年城乡低保标准的文件")
    page.click(".application-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    page.steps.shot("summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = page.locator("#error-summary").bounding_box()
    assert 0 <= box["y"] < 740 and box["y"] + 40 < 740  # on screen, not above or below the phone's view
    summary = page.inner_text("#error-summary")
    assert "居民身份证号码校验位不正确" in summary
    assert "手机号码应为11位数字" in summary and "邮政编码应为6位数字" in summary
    page.click("#error-summary a[href='#id_postcode']")
    page.steps.shot("postcode")
    assert page.evaluate("document.activeElement.id") == "id_postcode"
    assert page.input_value("#id_applicant_name") == "张三"
    assert no_horizontal_scroll(page)
