"""Smaller hardening: the submission key proves nothing alone, applicant pages are never cached, oversized bodies
are refused unread, passwords are not the user name plus digits, and admin imports confirm only this session's own
upload with Chinese messages for sheets that cannot be imported."""

import re

import openpyxl
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from applications import workflow
from applications.models import Application, Document
from catalog.models import Publication
from portal import idempotency, imports
from tests import factories as f
from tests.applications import factories as af
from tests.catalog import sheets as book

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_site(isolated_site):
    """No cache, media or mail shared with other tests (tests/conftest.py)."""


@pytest.fixture
def department():
    return f.department(name="县民政局")


def apply_data(department, key, **fields):
    return {**af.applicant_fields(department=department.pk, **fields), "submission_key": key}


# ---- the submission key -------------------------------------------------------------------------------------

def test_a_submission_key_posted_from_another_browser_does_not_open_the_status_page(department):
    key = idempotency.new_key()
    Client().post("/apply/", apply_data(department, key))
    application = Application.objects.get()
    stranger = Client()
    answer = stranger.post("/apply/", apply_data(department, key, phone="13900000000"))
    assert answer.status_code == 400
    assert "该表单已经提交过" in answer.content.decode()
    assert application.tracking_number not in answer.content.decode()
    status = stranger.get(reverse("applications:status_detail"))
    assert status.status_code == 302 and status["Location"] == reverse("applications:status")


def test_the_same_form_sent_again_with_its_phone_is_answered_as_the_first_time(department):
    key = idempotency.new_key()
    Client().post("/apply/", apply_data(department, key))
    again = Client()
    assert again.post("/apply/", apply_data(department, key)).status_code == 302
    tracking_number = Application.objects.get().tracking_number
    status = again.get(reverse("applications:status_detail"))
    assert status.status_code == 200 and tracking_number in status.content.decode()


# ---- applicant pages are not cached ---------------------------------------------------------------------------

def test_applicant_pages_are_private_and_never_stored(department, settings, tmp_path):
    application = af.application(department)
    document = Document.objects.create(application=application, kind=Document.Kind.REPLY, name="答复.pdf",
                                       file=f.uploaded("答复.pdf"))
    client = Client()
    pages = [client.get("/apply/"), client.get("/apply/status/"),
             client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})]
    pages += [client.get(reverse("applications:status_detail")),
              client.get(reverse("applications:download", args=[document.pk]))]
    for page in pages:
        assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"], page.wsgi_request.path


# ---- request size ---------------------------------------------------------------------------------------------

def test_a_body_larger_than_the_upload_limit_is_refused_before_it_is_read(department, settings, monkeypatch):
    read = []
    monkeypatch.setattr(workflow, "submit_online", lambda *args, **kwargs: read.append(1))
    response = Client().post("/apply/", apply_data(department, idempotency.new_key()),
                             CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1))
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert not read


def test_a_body_within_the_limit_is_read(department):
    assert Client().post("/apply/", apply_data(department, idempotency.new_key())).status_code == 302


# ---- passwords --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["zhangsan20260101", "ZhangSan@2026-01", "2026!!zhangsan99"])
def test_a_password_that_is_the_user_name_plus_digits_is_refused_in_chinese(password):
    user = f.user(username="zhangsan")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert "密码不能是用户名加上数字或符号" in " ".join(refused.value.messages)


def test_a_password_unrelated_to_the_user_name_is_accepted():
    validate_password("Qingshan-Lvshui-2026", f.user(username="zhangsan"))


# ---- admin imports ------------------------------------------------------------------------------------------

def _sheet(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    return book.save(workbook)


def _import_preview(client, content):
    return client.post(reverse("admin:catalog_publication_import"),
                       {"import_file": f.uploaded("信息.xlsx", content), "format": "0"})


@pytest.fixture
def clerk_client(department):
    client = Client()
    client.force_login(f.clerk(department))
    return client


def _good_sheet(department):
    entry = f.entry(name="办事指南")
    return _sheet(["索引号", "标题", "公开领域", "公开事项", "发布机构", "成文日期"],
                  [None, "新导入的信息", entry.domain.name, "办事指南", department.name, "2026-04-01"])


def test_the_confirmation_page_shows_no_temporary_path(clerk_client, department):
    preview = _import_preview(clerk_client, _good_sheet(department))
    name = preview.context["confirm_form"].initial["import_file_name"]
    assert re.fullmatch(r"[0-9a-f]{32}", name)
    assert "/tmp" not in preview.content.decode() and str(imports.UPLOAD_DIR) not in preview.content.decode()


def test_a_posted_file_name_that_this_session_did_not_upload_is_refused(clerk_client, department, tmp_path):
    secret = tmp_path / "secret.xlsx"
    secret.write_bytes(_good_sheet(department))
    preview = _import_preview(clerk_client, _good_sheet(department))
    forged = {**preview.context["confirm_form"].initial, "import_file_name": str(secret)}
    response = clerk_client.post(reverse("admin:catalog_publication_process_import"), forged, follow=True)
    assert "导入文件已过期或无效" in response.content.decode()
    assert secret.exists()
    assert not Publication.objects.filter(title="新导入的信息").exists()


def test_another_sessions_upload_cannot_be_confirmed(department):
    owner, other = Client(), Client()
    owner.force_login(f.clerk(department))
    other.force_login(f.clerk(department))
    preview = _import_preview(owner, _good_sheet(department))
    response = other.post(reverse("admin:catalog_publication_process_import"),
                          preview.context["confirm_form"].initial, follow=True)
    assert "导入文件已过期或无效" in response.content.decode()


def test_the_confirmed_upload_is_imported_and_removed(clerk_client, department):
    preview = _import_preview(clerk_client, _good_sheet(department))
    initial = preview.context["confirm_form"].initial
    clerk_client.post(reverse("admin:catalog_publication_process_import"), initial)
    assert Publication.objects.filter(title="新导入的信息").exists()
    assert not (imports.UPLOAD_DIR / initial["import_file_name"]).exists()


def test_unconfirmed_uploads_are_removed_after_a_while(clerk_client, department):
    preview = _import_preview(clerk_client, _good_sheet(department))
    upload = imports.UPLOAD_DIR / preview.context["confirm_form"].initial["import_file_name"]
    assert upload.exists()
    later = upload.stat().st_mtime + imports.UPLOAD_MAX_AGE.total_seconds() + 1
    assert imports.remove_stale_uploads(now=later) >= 1
    assert not upload.exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00" * 64, "无法读取该文件"),
    ("标题,成文日期\n".encode("gbk") + b"\xff\xfe\xfd", "无法读取该文件"),
    (_sheet(["索引号", "标题", "公开领域", "公开事项", "发布机构", "成文日期"]), "表格只有表头"),
    (_sheet(["甲", "乙"], ["1", "2"]), "表头不符"),
])
def test_sheets_that_cannot_be_imported_are_explained_in_chinese(clerk_client, content, message):
    page = _import_preview(clerk_client, content).content.decode()
    assert message in page
    assert "No valid data" not in page and "Errors" not in page

