"""The public form, the applicant's status page and downloads: validation, spam guards, no personal data."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import workflow
from applications.models import Application, Document, EventKind, Status
from applications.verification import session_key
from tests import factories as f
from tests.applications import factories as af
from tests.factories import FOOTER_QUERIES

pytestmark = pytest.mark.django_db
D = dt.date


def form_data(department, **overrides):
    data = af.applicant_fields(department=department.pk)
    data.update(overrides)
    return data


def test_form_page_renders_without_inline_script_or_style(client, department):
    response = client.get("/apply/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "style=" not in html
    assert not re.search(r"<script>|<script [^>]*>[^<]", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert 'for="id_applicant_name"' in html


def test_form_page_queries_stay_constant_with_many_departments(client, django_assert_max_num_queries):
    for _ in range(40):
        f.department()
    with django_assert_max_num_queries(4):
        client.get("/apply/")


def test_valid_request_is_saved_awaiting_confirmation_and_tracking_number_shown(client, department):
    response = client.post("/apply/", form_data(department), follow=True)
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.received_on is None and application.submitted_on is not None
    assert application.tracking_number in response.content.decode()
    assert client.session[session_key(application.tracking_number)] is True


def test_attachments_are_saved_with_the_request(client, department):
    attachment = SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 id", content_type="application/pdf")
    client.post("/apply/", {**form_data(department), "files": [attachment]})
    assert Application.objects.get().documents.get().kind == Document.Kind.APPLICANT


def test_disguised_attachment_is_refused_and_nothing_saved(client, department):
    fake = SimpleUploadedFile("身份证明.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post("/apply/", {**form_data(department), "files": [fake]})
    assert "文件内容与扩展名" in response.content.decode()
    assert not Application.objects.exists()


def test_tracking_number_is_emailed_when_an_address_is_given(client, department):
    client.post("/apply/", form_data(department, email="applicant@example.com"))
    application = Application.objects.get()
    assert len(mail.outbox) == 1
    assert application.tracking_number in mail.outbox[0].body
    assert application.applicant_name not in mail.outbox[0].body


def test_wrong_resident_id_is_explained_and_input_kept(client, department):
    response = client.post("/apply/", form_data(department, id_number="110105194912310021"))
    html = response.content.decode()
    assert "校验位不正确" in html
    assert "2025年度城关镇最低生活保障对象名单" in html
    assert not Application.objects.exists()


def test_organisation_needs_a_valid_credit_code(client, department):
    data = form_data(department, applicant_kind="business", applicant_name="某公司", id_type="", id_number="",
                     credit_code="91350100M000100Y44", contact_name="李经理")
    response = client.post("/apply/", data)
    assert "统一社会信用代码校验位不正确" in response.content.decode()


def test_organisation_with_valid_credit_code_is_saved(client, department):
    data = form_data(department, applicant_kind="business", applicant_name="某公司", id_type="", id_number="",
                     credit_code=af.CREDIT_CODE, contact_name="李经理")
    client.post("/apply/", data)
    assert Application.objects.get().applicant_kind == "business"


def test_email_delivery_needs_an_address(client, department):
    response = client.post("/apply/", form_data(department, obtain_method="email", email=""))
    assert "请填写电子邮箱" in response.content.decode()


def test_honeypot_filled_in_saves_nothing(client, department):
    response = client.post("/apply/", form_data(department, website="http://spam.example"))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_too_many_submissions_from_one_client_are_refused_keeping_the_input(client, department):
    for _ in range(5):
        client.post("/apply/", form_data(department))
    response = client.post("/apply/", form_data(department, description="第六次申请的内容"))
    assert response.status_code == 429
    assert "第六次申请的内容" in response.content.decode()
    assert Application.objects.count() == 5


def test_submitted_page_without_a_submission_goes_to_the_form(client):
    assert client.get("/apply/submitted/").url == "/apply/"


# Status page -------------------------------------------------------------------------------------------------

def lookup(client, tracking_number, last4):
    return client.post("/apply/status/", {"tracking_number": tracking_number, "phone_last4": last4})


def test_lookup_with_tracking_number_and_phone_digits_opens_the_status_page(client, department):
    application = af.application(department)
    response = lookup(client, application.tracking_number.lower(), "5678")
    assert response.url == "/apply/status/progress/"


def test_wrong_digits_and_unknown_number_get_the_same_answer(client, department):
    application = af.application(department)
    wrong_digits = lookup(client, application.tracking_number, "0000").content.decode()
    unknown = lookup(client, "YS23456789X", "0000").content.decode()

    def strip_token(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace(application.tracking_number,
                                                                                      "YS23456789X")

    assert "未找到" in wrong_digits
    assert strip_token(wrong_digits) == strip_token(unknown)


def test_wrong_guesses_are_rate_limited_even_for_the_right_answer(client, department):
    application = af.application(department)
    for _ in range(10):
        lookup(client, application.tracking_number, "0000")
    response = lookup(client, application.tracking_number, "5678")
    assert response.status_code == 429
    assert session_key(application.tracking_number) not in client.session


def test_status_page_needs_the_lookup_first(client, department):
    af.application(department)
    assert client.get("/apply/status/progress/").url == "/apply/status/"


def test_no_url_names_a_tracking_number(client, department):
    """Addresses end up in the proxy's and the server's access logs: the look-up is posted and the status page,
    the correction and the downloads are reached without the number."""
    application = af.application(department)
    response = lookup(client, application.tracking_number, "5678")
    assert application.tracking_number not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert application.tracking_number in page
    assert f"/{application.tracking_number}/" not in page
    assert client.get(f"/apply/status/{application.tracking_number}/").status_code == 404


def test_status_page_shows_progress_but_no_personal_data(client, department):
    application = af.application(department, applicant_name="欧阳秀英", address="示范县幸福路88号",
                                 email="private@example.com")
    workflow.start_consultation(application, by=None, kind="third_party", party="恒通建材公司", today=D(2026, 3, 9))
    lookup(client, application.tracking_number, "5678")
    html = client.get("/apply/status/progress/").content.decode()
    assert "征求意见中" in html and "县民政局" in html
    for private in ("欧阳秀英", "13812345678", af.RESIDENT_ID, "幸福路88号", "private@example.com", "恒通建材公司"):
        assert private not in html


def test_public_pages_have_no_inline_style_script_or_handlers(client, department):
    application = _in_correction(department)
    client.post("/apply/", form_data(department))
    lookup(client, application.tracking_number, "5678")
    for url in ("/apply/status/", "/apply/submitted/", "/apply/status/progress/"):
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert not re.search(r"<script>|<script [^>]*>[^<]", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_status_page_queries_stay_constant_with_a_long_history(client, department, django_assert_max_num_queries):
    application = af.application(department)
    for day in range(3, 10):
        workflow.start_consultation(application, by=None, kind="other_organ", party="县财政局", today=D(2026, 3, day))
        workflow.end_consultation(application, by=None, today=D(2026, 3, day))
    lookup(client, application.tracking_number, "5678")
    with django_assert_max_num_queries(8 + FOOTER_QUERIES):
        response = client.get("/apply/status/progress/")
    assert response.status_code == 200


def _in_correction(department):
    application = af.application(department)
    workflow.request_correction(application, by=None, instructions="请写明文件文号", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 25))
    return application


def test_applicant_submits_the_correction_with_an_attachment(client, department):
    application = _in_correction(department)
    lookup(client, application.tracking_number, "5678")
    page = client.get("/apply/status/progress/").content.decode()
    assert "请写明文件文号" in page
    attachment = SimpleUploadedFile("补正说明.pdf", b"%PDF-1.4 correction", content_type="application/pdf")
    client.post("/apply/status/progress/correction/",
                {"text": "文号为示民〔2025〕12号", "files": [attachment]})
    assert application.events.last().kind == EventKind.SUBMIT_CORRECTION
    assert application.documents.get().kind == Document.Kind.CORRECTION
    assert Application.objects.get(pk=application.pk).correction_submitted_at is not None


def test_correction_with_a_disguised_file_is_refused_and_text_kept(client, department):
    application = _in_correction(department)
    lookup(client, application.tracking_number, "5678")
    fake = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/apply/status/progress/correction/",
                           {"text": "我的补正说明", "files": [fake]})
    assert response.status_code == 400
    assert "文件内容与扩展名" in response.content.decode()
    assert "我的补正说明" in response.content.decode()
    assert not application.documents.exists()


def test_correction_without_verification_is_not_accepted(client, department):
    application = _in_correction(department)
    client.post("/apply/status/progress/correction/", {"text": "冒充"})
    assert application.events.last().kind == EventKind.REQUEST_CORRECTION


def _replied_with_document(department):
    application = af.application(department)
    upload = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    workflow.reply(application, by=None, outcome="disclosed", reply_text="予以公开", delivered_by="online",
                   files=[upload], today=D(2026, 3, 20))
    return application, application.documents.get()


def test_verified_applicant_downloads_the_reply_document(client, department):
    application, document = _replied_with_document(department)
    lookup(client, application.tracking_number, "5678")
    page = client.get("/apply/status/progress/").content.decode()
    assert "予以公开" in page
    response = client.get(f"/apply/status/progress/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 reply"


def test_download_without_verification_is_not_found(client, department):
    application, document = _replied_with_document(department)
    response = client.get(f"/apply/status/progress/documents/{document.pk}/")
    assert response.status_code == 404


def test_download_of_another_requests_document_is_not_found(client, department):
    _, document = _replied_with_document(department)
    mine = af.application(department)
    lookup(client, mine.tracking_number, "5678")
    assert client.get(f"/apply/status/progress/documents/{document.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/apply/?page=%ff%00", "/apply/status/%E4%B8%AD/", "/apply/status/x/documents/9/",
                                 "/apply/status/?tracking_number=%00"])
def test_junk_urls_never_fail(client, url):
    assert client.get(url).status_code in (200, 302, 404)


def test_junk_lookup_input_gets_a_message(client):
    response = client.post("/apply/status/", {"tracking_number": "\x00" * 5, "phone_last4": "12ab"})
    assert response.status_code == 200
    assert "最后4位数字" in response.content.decode()
