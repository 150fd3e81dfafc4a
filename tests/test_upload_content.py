"""Uploads are checked by content, not only by extension, on every upload path: a file whose
bytes are not what its extension says is refused with the Chinese message and nothing is stored."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications import workflow
from applications.models import Application, Document, EventKind
from catalog.models import Attachment, ReviewPointPhoto
from portal.uploads import DOCUMENTS, IMAGE, FileCheck
from tests import factories as f
from tests.applications import factories as af
from tests.feedback import factories as ff

pytestmark = pytest.mark.usefixtures("isolated_site")
REFUSED = "文件内容与扩展名"
HTML = b"<html><body><script>alert(1)</script></body></html>"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PLAIN_ZIP = zip_bytes({"readme.txt": b"hello"})
REAL_DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

FAKES = {
    "HTML renamed .pdf": ("通知.pdf", HTML),
    "zip renamed .docx": ("答复.docx", PLAIN_ZIP),
    "Windows program renamed .doc": ("表格.doc", b"MZ\x90\x00" + b"\x00" * 60),
    "HTML renamed .jpg": ("照片.jpg", HTML),
    "PNG renamed .jpg": ("照片.jpg", PNG),
    "binary renamed .txt": ("说明.txt", b"\x00\xff\xfe\x00binary"),
}


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("case", list(FAKES))
def test_file_check_refuses_content_that_does_not_match_the_extension(case):
    name, content = FAKES[case]
    with pytest.raises(ValidationError) as refused:
        FileCheck(DOCUMENTS)(upload(name, content))
    assert REFUSED in refused.value.messages[0]


@pytest.mark.parametrize("name, content", [("答复.docx", REAL_DOCX), ("通知.pdf", f.PDF_BYTES), ("图.png", PNG)])
def test_file_check_accepts_real_files(name, content):
    FileCheck(DOCUMENTS)(upload(name, content))


def test_admin_publication_attachment_refuses_html_named_pdf(department, clerk_client):
    publication = f.publication(department_=department)
    data = {"entry": publication.entry_id, "division": publication.division_id, "department": department.pk,
            "title": publication.title, "formed_on": "2026-03-02", "document_type": publication.document_type,
            "validity": publication.validity, "body": "正文",
            "attachments-TOTAL_FORMS": 1, "attachments-INITIAL_FORMS": 0, "attachments-0-order": 0,
            "attachments-0-name": "", "attachments-0-file": upload("通知.pdf", HTML)}
    response = clerk_client.post(reverse("admin:catalog_publication_change", args=[publication.pk]), data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Attachment.objects.count() == 0


def test_admin_review_point_photo_refuses_html_named_jpg(department, clerk_client):
    point = ff.review_point(department=department)
    data = {"name": point.name, "division": point.division_id, "department": department.pk,
            "address": point.address, "opening_hours": point.opening_hours, "is_active": "on", "order": 0,
            "contact_person": "张三", "contact_phone": "0579-88888888", "description": "", "latitude": "",
            "longitude": "", "photos-TOTAL_FORMS": 1, "photos-INITIAL_FORMS": 0, "photos-0-order": 0,
            "photos-0-caption": "门口", "photos-0-image": upload("门口.jpg", HTML)}
    response = clerk_client.post(reverse("admin:catalog_reviewpoint_change", args=[point.pk]), data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert ReviewPointPhoto.objects.count() == 0


def test_admin_reply_documents_refuse_zip_named_docx(department, clerk_client):
    application = af.application(department, received_on=dt.date(2026, 3, 2))
    data = {"version": application.version, "outcome": "disclosed", "reply_text": "同意公开。",
            "delivered_by": "online", "replied_on": "2026-03-03", "files": [upload("答复.docx", PLAIN_ZIP)]}
    url = reverse("admin:applications_application_step", args=[application.pk, EventKind.REPLY])
    response = clerk_client.post(url, data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Document.objects.count() == 0
    assert not application.events.filter(kind=EventKind.REPLY).exists()


def test_apply_form_refuses_zip_named_docx(department):
    before = Application.objects.count()
    data = {**af.applicant_fields(), "department": department.pk, "files": [upload("身份证.docx", PLAIN_ZIP)]}
    response = Client().post("/apply/", data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Application.objects.count() == before
    assert Document.objects.count() == 0


def test_apply_form_keeps_a_real_docx(department):
    data = {**af.applicant_fields(), "department": department.pk, "files": [upload("身份证.docx", REAL_DOCX)]}
    response = Client().post("/apply/", data)
    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_correction_refuses_html_named_pdf(department):
    application = af.application(department, received_on=dt.date(2026, 3, 2))
    workflow.request_correction(application, by=None, instructions="请写明文件名称",
                                correction_due_on=dt.date(2026, 3, 20), today=dt.date(2026, 3, 3))
    client = Client()
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    url = "/apply/status/progress/correction/"
    response = client.post(url, {"text": "补正", "files": [upload("补正.pdf", HTML)]})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert Document.objects.count() == 0


def test_photos_accept_only_images():
    with pytest.raises(ValidationError):
        FileCheck(IMAGE)(upload("通知.pdf", f.PDF_BYTES))
