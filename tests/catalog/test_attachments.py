"""Attachment validation: type by extension and content, size limit from settings, safe stored names."""

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Attachment
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]


def checked(file):
    attachment = Attachment(publication=f.publication(), file=file)
    attachment.full_clean()
    return attachment


def test_pdf_attachment_is_accepted_and_keeps_its_name_and_size():
    attachment = checked(f.uploaded("实施方案.pdf"))
    attachment.save()
    assert attachment.name == "实施方案.pdf"
    assert attachment.size == len(f.PDF_BYTES)


def test_executable_is_refused():
    with pytest.raises(ValidationError, match="不支持的文件类型"):
        checked(f.uploaded("setup.exe", b"MZ\x90\x00" + b"\x00" * 60))


def test_file_whose_content_is_not_what_its_extension_says_is_refused():
    with pytest.raises(ValidationError, match="文件内容与扩展名"):
        checked(f.uploaded("假文件.pdf", b"<html><script>alert(1)</script></html>"))


def test_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 20
    with pytest.raises(ValidationError, match="文件过大"):
        checked(f.uploaded("大文件.pdf", f.PDF_BYTES))


def test_stored_file_name_is_made_safe():
    attachment = checked(f.uploaded("../../etc/通知 (定稿)<1>.pdf"))
    attachment.save()
    stored = attachment.file.name
    assert stored.startswith("attachments/")
    assert ".." not in stored and " " not in stored and "<" not in stored
    assert stored.endswith(".pdf")
