"""Every public form speaks plain Chinese: none of Django's generic messages, one message per problem, a summary of
the errors at the top linking to each field, required fields marked, and the 纠错 form naming the page by its title."""

import re
from html import unescape

import pytest
from django.utils import timezone

from applications.forms import ApplicationForm, CorrectionForm, StatusLookupForm
from catalog.models import Publication
from catalog.views.subscriptions import SubscriptionForm
from feedback import pages
from feedback.forms import AnswerRatingForm, DepartmentChoiceForm, MessageForm, RatingForm, TrackForm
from tests import factories as f
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = ["这个字段是必填项", "输入一个有效的", "确保该值", "该变量", "Email", "Enter a valid",
                   "This field is required", "选择一个有效的选项", "Ensure this value", "Null characters"]

APPLY_JUNK = {
    "applicant_kind": "person", "applicant_name": "李" * 150, "id_type": "resident_id", "id_number": "12345",
    "phone": "12345", "email": "not-an-email", "postcode": "3210", "department": "999999",
    "description": "a\x00b", "delivery_form": "scroll", "obtain_method": "pigeon", "submission_key": "zz",
}


def summary_items(html: str) -> list[str]:
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert box, "a failed form shows the error summary"
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", box.group(0))]


def assert_plain(html: str):
    for default in DJANGO_DEFAULTS:
        assert default not in html, default
    items = summary_items(html)
    assert items and len(items) == len(set(items)), items
    for message in items:
        # Once in the summary, at most once more beside its field.
        assert unescape(html).count(message) <= 2, message


def public_posts(department):
    point = ff.review_point()
    return [
        # A browser posts every field, empty ones as "": an empty POST would be the blank form.
        ("post", "/apply/", {"phone": ""}),
        ("post", "/apply/", APPLY_JUNK),
        ("post", "/apply/status/", {"tracking_number": "", "phone_last4": ""}),
        ("post", "/apply/status/", {"tracking_number": "\x00" * 40, "phone_last4": "12ab"}),
        ("post", "/feedback/messages/new/", {"subject": "", "body": ""}),
        ("post", "/feedback/messages/new/", {"kind": "rant", "department": "x", "subject": "标" * 200,
                                             "body": "", "phone": "abc", "page_url": "https://example.com/"}),
        ("post", "/feedback/messages/track/", {"number": ""}),
        ("post", "/feedback/messages/track/", {"number": "\x00" * 40}),
        ("get", "/feedback/rate/department/", {"department": ""}),
        ("get", "/feedback/rate/department/", {"department": "abc"}),
        ("post", "/feedback/rate/", {"target_kind": "review_point", "target_id": point.pk}),
        ("post", "/feedback/rate/", {"target_kind": "review_point", "target_id": point.pk, "level": "meh",
                                     "comment": "意" * 600, "name": "\x00", "phone": "12"}),
        ("post", f"/divisions/{department.division.code}/subscribe/", {"email": ""}),
        ("post", f"/divisions/{department.division.code}/subscribe/", {"email": "zhang@\x00" + "a" * 300}),
    ]


def test_every_public_form_submitted_empty_or_with_junk_answers_in_plain_chinese_once(client, department):
    for method, url, data in public_posts(department):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 400), (url, data)
        try:
            assert_plain(response.content.decode())
        except AssertionError as error:
            raise AssertionError(f"{method} {url} {data!r}: {error}") from error


def test_a_message_rating_without_a_level_answers_in_plain_chinese(client, department):
    message = ff.message(department=department)
    message.answer, message.answered_at = "请携带身份证到窗口办理。", timezone.now()
    message.save()
    client.post("/feedback/messages/track/", {"number": message.tracking_number})
    response = client.post("/feedback/messages/answer/rate/", {"level": ""})
    assert response.status_code == 400
    assert_plain(response.content.decode())
    assert "请选择满意程度。" in response.content.decode()


@pytest.mark.parametrize("form_class", [ApplicationForm, StatusLookupForm, CorrectionForm, RatingForm, MessageForm,
                                        DepartmentChoiceForm, TrackForm, AnswerRatingForm, SubscriptionForm])
def test_no_field_keeps_a_django_message(form_class):
    for name, field in form_class().fields.items():
        for code, message in field.error_messages.items():
            assert not any(default in str(message) for default in DJANGO_DEFAULTS), (name, code, message)


def test_empty_request_names_each_missing_field(client, department):
    html = client.post("/apply/", {"phone": ""}).content.decode()
    for message in ["请填写联系电话。", "请填写姓名或名称。", "请选择向哪个机关申请。", "请写明您需要的政府信息。",
                    "请选择申请人类型。"]:
        assert message in html


def test_junk_request_gets_specific_messages_for_id_phone_postcode_and_email(client, department):
    html = client.post("/apply/", APPLY_JUNK).content.decode()
    assert "居民身份证号码应为18位，最后一位可以是X" in html
    assert "手机号码应为11位数字，以1开头；固定电话请带区号，例如0579-86000001。" in html
    assert "邮政编码应为6位数字。" in html
    assert "请填写正确的电子邮箱，例如 name@example.com。" in html
    assert "最多填写100个字，现在是150个字" in html


def test_empty_phone_gets_one_message_not_also_the_format_rule():
    form = ApplicationForm({"applicant_kind": "person", "phone": ""})
    assert form.errors["phone"] == ["请填写联系电话。"]


def test_error_summary_links_to_fields_that_exist(client, department):
    html = client.post("/apply/", APPLY_JUNK).content.decode()
    targets = re.findall(r'<li><a href="#([^"]+)">', html)
    assert targets
    for target in targets:
        assert f'id="{target}"' in html, target


def test_error_summary_takes_focus_from_the_page_script(client, department):
    html = client.post("/apply/", {"phone": ""}).content.decode()
    assert re.search(r'<div class="error-summary" id="error-summary" tabindex="-1" data-error-summary', html)
    assert "js/portal.js" in html


def test_no_error_summary_before_submitting(client, department):
    assert "error-summary" not in client.get("/apply/").content.decode()


def test_required_fields_are_marked_and_required(client, department):
    html = client.get("/apply/").content.decode()
    assert re.search(r'<label for="id_phone">联系电话<span class="required" aria-hidden="true">\*</span>', html)
    assert re.search(r'<input type="text" name="phone"[^>]*required', html)
    # Needed by one kind of applicant only: marked and announced, without blocking the other kind.
    assert re.search(r'<label for="id_id_number">证件号码<span class="required" aria-hidden="true">\*</span>', html)
    assert re.search(r'<input[^>]*name="id_number"[^>]*aria-required="true"', html)
    assert not re.search(r'<label for="id_email">[^<]*<span class="required"', html)


def test_message_form_marks_required_fields_with_a_star(client, department):
    html = client.get("/feedback/messages/new/").content.decode()
    assert "（必填）" not in html
    assert re.search(r'<label for="id_subject">标题<span class="required" aria-hidden="true">\*</span>', html)


def test_correction_form_shows_the_title_of_the_page_it_came_from(client, department):
    item = f.publication(department_=department, title="关于2026年城乡低保标准的通知",
                         status=Publication.Status.PUBLISHED, published_at=timezone.now())
    path = f"/publications/{item.pk}/"
    html = client.get("/feedback/messages/new/", {"kind": "correction", "page": path}).content.decode()
    assert f'您要纠错的页面：<a href="{path}">关于2026年城乡低保标准的通知</a>' in html
    assert f'<input type="hidden" name="page_url" value="{path}"' in html
    assert f">{path}<" not in html


def test_correction_of_a_page_without_title_falls_back_to_its_path_unlinked(client, department):
    html = client.get("/feedback/messages/new/", {"kind": "correction", "page": "/nowhere/?a=1"}).content.decode()
    assert "您要纠错的页面：/nowhere/?a=1" in html


def test_stored_correction_shows_the_page_title(client, department):
    message = ff.message(department=department, kind="correction", page_url=f"/departments/{department.pk}/")
    client.post("/feedback/messages/track/", {"number": message.tracking_number})
    html = client.get("/feedback/messages/answer/").content.decode()
    assert f'<a href="/departments/{department.pk}/">{department.name}</a>' in html


def test_page_title_names_pages_with_and_without_objects(department):
    assert pages.page_title("/") == "首页"
    assert pages.page_title(f"/divisions/{department.division.code}/") == department.division.name
    assert pages.page_title(f"/departments/{department.pk}/?page=2") == department.name


def test_page_title_does_not_reveal_an_unpublished_item(department):
    draft = f.publication(department_=department, title="尚未发布的草稿")
    assert pages.page_title(f"/publications/{draft.pk}/") == ""


@pytest.mark.parametrize("path", ["https://example.com/", "//example.com/", "javascript:alert(1)", ""])
def test_page_title_is_empty_for_what_is_not_a_page_of_this_site(path):
    assert pages.page_title(path) == ""


def test_empty_correction_gets_one_form_wide_message_in_the_summary():
    form = CorrectionForm({"text": "  "})
    assert form.error_summary() == [("", "请填写补正内容或上传补正材料。")]


def test_too_long_correction_names_the_field_and_the_limit(settings):
    settings.REQUEST_TEXT_MAX_CHARS = 10
    form = CorrectionForm({"text": "补" * 12})
    assert form.errors["text"] == ["补正内容最多填写10个字，现在是12个字，请删减。"]
