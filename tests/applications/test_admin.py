"""Clerks in the admin: register paper requests, act through step forms, see only their departments."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Application, EventKind, Status
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ordinary_working_day(time_machine):
    """The step forms act "today": a fixed ordinary working day, Wed 13 May 2026 10:00 in Beijing, in a year whose
    schedule is known, with the clock running from there."""
    time_machine.move_to(dt.datetime(2026, 5, 13, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def recent(department, **fields):
    """A request received today, so every step's date rules are met by today's actions."""
    return af.application(department, received_on=timezone.localdate(), **fields)


def test_clerk_registers_a_request_handed_in_person(clerk_client, department):
    today = timezone.localdate()
    data = af.applicant_fields(department=department.pk, channel="in_person", submitted_on=today.isoformat(),
                               received_on="")
    response = clerk_client.post("/admin/applications/application/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert (application.status, application.received_on) == (Status.REGISTERED, today)
    assert application.events.get().kind == EventKind.REGISTER


def test_registration_form_explains_a_bad_id_number(clerk_client, department):
    data = af.applicant_fields(department=department.pk, channel="in_person", id_number="123")
    response = clerk_client.post("/admin/applications/application/add/", data)
    assert "居民身份证号码应为18位" in response.content.decode()
    assert not Application.objects.exists()


def test_change_page_shows_the_buttons_the_state_allows(clerk_client, department):
    application = recent(department)
    html = clerk_client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert f"/admin/applications/application/{application.pk}/step/request_correction/" in html
    assert f"/admin/applications/application/{application.pk}/step/reply/" in html
    assert "/step/fee_paid/" not in html
    assert "办理记录（时间线）" in html


def test_step_form_acts_and_returns_to_the_request(clerk_client, department):
    application = recent(department)
    url = f"/admin/applications/application/{application.pk}/step/start_consultation/"
    assert clerk_client.get(url).status_code == 200
    response = clerk_client.post(url, {"version": application.version, "kind": "third_party", "party": "某公司",
                                       "note": ""})
    assert response.url == f"/admin/applications/application/{application.pk}/change/"
    assert Application.objects.get(pk=application.pk).status == Status.CONSULTING


def test_refused_step_shows_the_reason_and_keeps_the_input(clerk_client, department):
    application = recent(department)
    url = f"/admin/applications/application/{application.pk}/step/extend/"
    response = clerk_client.post(url, {"version": application.version, "workdays": 10, "reason": "档案量大"})
    html = response.content.decode()
    assert "审核员" in html
    assert "档案量大" in html
    assert Application.objects.get(pk=application.pk).extension_workdays == 0


def test_second_clerk_with_a_stale_form_is_told_it_changed(client, department):
    application = recent(department)
    stale_version = application.version
    first, second = f.clerk(department), f.clerk(department)
    url = f"/admin/applications/application/{application.pk}/step/withdraw/"
    client.force_login(first)
    client.post(f"/admin/applications/application/{application.pk}/step/accept/",
                {"version": stale_version, "note": "第一位办事员"})
    client.force_login(second)
    response = client.post(url, {"version": stale_version, "note": "第二位办事员的说明"})
    html = response.content.decode()
    assert "已被他人更新" in html
    assert "第二位办事员的说明" in html
    assert Application.objects.get(pk=application.pk).status == Status.PROCESSING


def test_supervisor_sees_the_request_without_step_buttons(client, department):
    application = recent(department)
    client.force_login(f.supervisor(is_staff=True))
    html = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert application.tracking_number in html
    assert "/step/" not in html
    response = client.post(f"/admin/applications/application/{application.pk}/step/withdraw/",
                           {"version": application.version})
    assert response.status_code == 403


def test_clerk_cannot_open_another_departments_request(clerk_client):
    other = recent(f.department())
    assert clerk_client.get(f"/admin/applications/application/{other.pk}/change/").status_code in (302, 403, 404)
    response = clerk_client.post(f"/admin/applications/application/{other.pk}/step/withdraw/",
                                 {"version": other.version})
    assert response.status_code in (403, 404)
    assert Application.objects.get(pk=other.pk).status == Status.REGISTERED


def test_clerk_list_shows_only_own_departments(clerk_client, department):
    mine = recent(department)
    theirs = recent(f.department())
    html = clerk_client.get("/admin/applications/application/").content.decode()
    assert mine.tracking_number in html and theirs.tracking_number not in html


def test_transfer_hands_the_request_to_the_new_departments_clerk(clerk_client, department, client):
    application = recent(department)
    other = f.department(name="县财政局")
    response = clerk_client.post(f"/admin/applications/application/{application.pk}/step/transfer/",
                                 {"version": application.version, "to_department": other.pk, "note": "转办"})
    assert response.url == "/admin/applications/application/"
    new_clerk_client = client.__class__()
    new_clerk_client.force_login(f.clerk(other))
    html = new_clerk_client.get("/admin/applications/application/").content.decode()
    assert application.tracking_number in html


@pytest.mark.parametrize(("deadline", "shown"), [("overdue", "late"), ("soon", "soon"), ("normal", "fresh")])
def test_deadline_filter(clerk_client, department, deadline, shown):
    today = timezone.localdate()
    from portal.workdays import add_workdays

    requests = {
        "late": af.application(department, received_on=add_workdays(today, -25)),
        "soon": af.application(department, received_on=add_workdays(today, -18)),
        "fresh": af.application(department, received_on=add_workdays(today, -1)),
    }
    html = clerk_client.get(f"/admin/applications/application/?deadline={deadline}").content.decode()
    assert [name for name, made in requests.items() if made.tracking_number in html] == [shown]


def test_list_colours_overdue_requests(clerk_client, department):
    from portal.workdays import add_workdays

    af.application(department, received_on=add_workdays(timezone.localdate(), -25))
    html = clerk_client.get("/admin/applications/application/").content.decode()
    assert "gk-deadline-overdue" in html


def test_request_cannot_be_deleted(clerk_client, department):
    application = recent(department)
    response = clerk_client.post(f"/admin/applications/application/{application.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403)
    assert Application.objects.filter(pk=application.pk).exists()


def test_unknown_step_is_not_found(clerk_client, department):
    application = recent(department)
    assert clerk_client.get(f"/admin/applications/application/{application.pk}/step/explode/").status_code == 404


def test_reply_form_with_document(clerk_client, department):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = recent(department)
    upload = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    clerk_client.post(f"/admin/applications/application/{application.pk}/step/reply/", {
        "version": application.version, "outcome": "disclosed", "reason": "", "reply_text": "予以公开",
        "delivered_by": "online", "replied_on": timezone.localdate().isoformat(), "files": [upload],
    })
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    assert application.documents.count() == 1


def test_date_fields_of_step_forms_show_today_for_the_date_picker(clerk_client, department):
    application = af.submitted_online(department, on=timezone.localdate())
    html = clerk_client.get(f"/admin/applications/application/{application.pk}/step/confirm_receipt/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_fee_notice_form_computes_the_per_item_fee(clerk_client, department):
    application = recent(department)
    clerk_client.post(f"/admin/applications/application/{application.pk}/step/fee_notice/", {
        "version": application.version, "scheme": "item", "nth_this_month": 11, "pages": "", "note": "",
    })
    application.refresh_from_db()
    assert (application.status, application.fee_amount) == (Status.AWAITING_FEE, 100)  # 11th this month: 100 yuan


def test_fee_notice_form_computes_the_per_volume_fee(clerk_client, department):
    application = recent(department)
    clerk_client.post(f"/admin/applications/application/{application.pk}/step/fee_notice/", {
        "version": application.version, "scheme": "volume", "nth_this_month": "", "pages": 100, "note": "",
    })
    application.refresh_from_db()
    assert application.fee_amount == 700  # pages 31–100 at 10 yuan


def test_per_item_count_includes_earlier_requests_this_month(department):
    first = af.application(department, received_on=dt.date(2026, 3, 2))
    second = af.application(department, received_on=dt.date(2026, 3, 9))
    af.application(department, received_on=dt.date(2026, 4, 1))
    assert (first.nth_request_this_month(), second.nth_request_this_month()) == (1, 2)
