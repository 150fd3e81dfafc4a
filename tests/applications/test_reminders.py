"""The daily reminder command: one digest per department per day, plus the county-wide one."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from applications.models import ReminderLog
from catalog.models import Level
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
# Requests received Mon 2 Mar 2026 are due Mon 30 Mar; on Tue 24 Mar that is 4 working days away.
DAY = "2026-03-24"


@pytest.fixture
def office():
    """The county's disclosure office, whose one staff member gets the county-wide digest."""
    county = f.county()
    department = f.department(division=county, name="县政府办公室", is_disclosure_office=True)
    department.staff.add(f.user(email="office@example.gov.cn"))
    assert county.level == Level.COUNTY
    return department


@pytest.fixture
def clerk_with_email(department):
    """The department's clerk, with the address its digest goes to."""
    return f.clerk(department, email="clerk@example.gov.cn")


def test_department_clerks_and_office_get_a_digest(department, clerk_with_email, office):
    application = af.application(department)
    call_command("send_request_reminders", date=DAY)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["clerk@example.gov.cn", "office@example.gov.cn"]
    assert all(application.tracking_number in message.body for message in mail.outbox)
    assert ReminderLog.objects.get(department=department).due_soon_count == 1


def test_running_twice_a_day_sends_once(department, clerk_with_email, office):
    af.application(department)
    call_command("send_request_reminders", date=DAY)
    call_command("send_request_reminders", date=DAY)
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2


def test_next_day_sends_again(department, clerk_with_email, office):
    af.application(department)
    call_command("send_request_reminders", date=DAY)
    call_command("send_request_reminders", date="2026-03-25")
    assert len(mail.outbox) == 4


def test_overdue_requests_are_in_the_digest(department, clerk_with_email, office):
    af.application(department)
    call_command("send_request_reminders", date="2026-03-31")
    log = ReminderLog.objects.get(department=department)
    assert (log.overdue_count, log.due_soon_count) == (1, 0)
    assert "已逾期（1件）" in mail.outbox[0].body


def test_nothing_due_sends_nothing(department, clerk_with_email, office):
    af.application(department)
    call_command("send_request_reminders", date="2026-03-03")
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_no_digest_on_a_holiday(department, clerk_with_email, office):
    af.application(department)
    call_command("send_request_reminders", date="2026-03-28")  # a Saturday
    assert mail.outbox == []


def test_supervisors_get_the_county_digest_while_the_office_has_no_staff(department, clerk_with_email):
    f.supervisor(email="boss@example.gov.cn")
    af.application(department)
    call_command("send_request_reminders", date=DAY)
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@example.gov.cn", "clerk@example.gov.cn"]
