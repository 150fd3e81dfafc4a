"""Stored due dates follow the calendar when the disclosure office enters next year's schedule."""

import datetime as dt

import pytest

from applications.models import Application
from portal.models import CalendarOverride, CalendarYear
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date


def test_entering_a_holiday_moves_open_due_dates(django_capture_on_commit_callbacks):
    # Received Thu 10 Dec 2026; 2027 unknown, so Mon–Fri minus 元旦 (Fri 1 Jan): Dec 11 (1), 14–18 (6),
    # 21–25 (11), 28–31 (15), Jan 4–8 (20): due Fri 8 Jan 2027 (provisional).
    application = af.application(f.department(), received_on=D(2026, 12, 10))
    assert (application.due_on, application.due_is_provisional) == (D(2027, 1, 8), True)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarOverride.objects.create(date=D(2027, 1, 4), is_workday=False, note="测试假日")
    # Mon 4 Jan 2027 is now a day off: one working day later, Mon 11 Jan.
    assert Application.objects.get(pk=application.pk).due_on == D(2027, 1, 11)


def test_confirming_the_year_clears_the_provisional_flag(django_capture_on_commit_callbacks):
    application = af.application(f.department(), received_on=D(2026, 12, 10))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarYear.objects.create(year=2027, is_confirmed=True)
    assert Application.objects.get(pk=application.pk).due_is_provisional is False


def test_concluded_requests_keep_their_due_date(django_capture_on_commit_callbacks):
    from applications import workflow

    application = af.application(f.department(), received_on=D(2026, 12, 10))
    workflow.withdraw(application, by=None, today=D(2026, 12, 11))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarOverride.objects.create(date=D(2027, 1, 4), is_workday=False)
    assert Application.objects.get(pk=application.pk).due_on == D(2027, 1, 8)
