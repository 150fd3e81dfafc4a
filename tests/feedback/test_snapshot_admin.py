"""随手拍 in the admin: scoped lists, the step pages (dispatch with a working-day deadline, reply with photos,
approval for the board with the faces-and-plates caution), the 督办 filter and the work page, and the demo."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from feedback.models import IssuePhoto, IssueReport, IssueStatus
from tests.feedback.factories import at
from tests.feedback.snapshot_factories import Place, in_state, report, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def photo_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def place(db):
    return Place()


def _client(user):
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


def _step_url(made, step):
    return reverse("admin:feedback_issuereport_step", args=[made.pk, step])


def test_the_township_clerk_sees_the_villages_reports_and_other_clerks_do_not(place, clerk):
    made = report(place, photos=1)
    changelist = reverse("admin:feedback_issuereport_changelist")
    assert made.tracking_number in _client(place.township_clerk).get(changelist).content.decode()
    change = _client(place.township_clerk).get(reverse("admin:feedback_issuereport_change", args=[made.pk]))
    assert change.status_code == 200
    assert "交办" in change.content.decode() and "群众反映" in change.content.decode()
    assert made.tracking_number not in _client(clerk).get(changelist).content.decode()
    assert _client(clerk).get(reverse("admin:feedback_issuereport_change", args=[made.pk])).status_code == 302


@time_machine.travel(at(dt.date(2026, 3, 2), 9), tick=False)
def test_dispatch_from_the_step_page_sets_the_working_day_deadline(place, department):
    made = report(place)
    signed_in = _client(place.township_clerk)
    page = signed_in.get(_step_url(made, "dispatch")).content.decode()
    assert "办理期限（工作日）" in page
    response = signed_in.post(_step_url(made, "dispatch"), {"department": department.pk, "workdays": "5",
                                                              "note": "请尽快处理"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.department, made.due_on) == (IssueStatus.DISPATCHED, department, dt.date(2026, 3, 9))


def test_a_bad_deadline_gets_a_chinese_message_and_changes_nothing(place, department):
    made = report(place)
    response = _client(place.township_clerk).post(_step_url(made, "dispatch"),
                                                  {"department": department.pk, "workdays": "0"})
    assert "办理期限至少1个工作日。" in response.content.decode()
    assert IssueReport.objects.get(pk=made.pk).status == IssueStatus.RECEIVED


def test_reply_with_a_photo_from_the_step_page(place, department, clerk):
    made = in_state(place, IssueStatus.DISPATCHED, department)
    response = _client(clerk).post(_step_url(made, "reply"), {"text": "已清运。", "photos": [upload()]})
    assert response.status_code == 302
    assert IssuePhoto.objects.get(report=made, kind=IssuePhoto.Kind.RESULT)
    assert IssueReport.objects.get(pk=made.pk).status == IssueStatus.REPLIED


def test_the_approval_page_warns_about_faces_and_plates(place):
    made = report(place, photos=1)
    page = _client(place.township_reviewer).get(_step_url(made, "approve_public")).content.decode()
    assert "人脸" in page and "车牌" in page
    assert "13905791234" not in page.split("公开的问题描述")[1].split("</textarea>")[0]


def test_overdue_reports_are_on_the_supervisors_work_page_and_filter(place, department, supervisor_client):
    made = in_state(place, IssueStatus.DISPATCHED, department)
    IssueReport.objects.filter(pk=made.pk).update(due_on=dt.date(2020, 1, 6))
    html = supervisor_client.get(reverse("admin:index")).content.decode()
    assert "逾期督办" in html
    listed = supervisor_client.get(reverse("admin:feedback_issuereport_changelist"), {"overdue": "yes"})
    assert made.tracking_number in listed.content.decode()
