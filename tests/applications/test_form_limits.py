"""The request form's limits come from settings (REQUEST_MAX_FILES, REQUEST_TEXT_MAX_CHARS)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from applications.forms import ApplicationForm, CorrectionForm
from applications.models import Application
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db


def pdf(name="证明.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 id", content_type="application/pdf")


@override_settings(REQUEST_MAX_FILES=1)
def test_more_files_than_the_setting_allows_are_refused_with_the_limit(client):
    department = f.department()
    response = client.post("/apply/", {**af.applicant_fields(department=department.pk), "files": [pdf(), pdf()]})
    assert "一次最多上传1个文件。" in response.content.decode()
    assert not Application.objects.exists()


@override_settings(REQUEST_TEXT_MAX_CHARS=10)
def test_description_longer_than_the_setting_is_refused():
    department = f.department()
    form = ApplicationForm(data=af.applicant_fields(department=department.pk, description="最低生活保障对象名单公开"))
    assert not form.is_valid()
    assert "description" in form.errors
    assert form.fields["description"].widget.attrs["maxlength"] == "10"


@override_settings(REQUEST_TEXT_MAX_CHARS=5, REQUEST_MAX_FILES=3)
def test_correction_form_takes_both_limits_from_settings():
    form = CorrectionForm(data={"text": "补正说明超过五个字"})
    assert not form.is_valid() and "text" in form.errors
    assert "最多3个文件" in str(form.fields["files"].label)
