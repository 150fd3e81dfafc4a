"""The query names the supervision reports rely on."""

import datetime as dt

import pytest

from applications import workflow
from applications.models import Application
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date


def test_received_between_includes_both_ends(department):
    inside = af.application(department, received_on=D(2026, 3, 2))
    af.application(department, received_on=D(2026, 4, 1))
    assert list(Application.objects.received_between(D(2026, 3, 1), D(2026, 3, 2))) == [inside]


def test_concluded_between(department):
    concluded = af.application(department)
    workflow.withdraw(concluded, by=None, today=D(2026, 3, 10))
    af.application(department)
    assert list(Application.objects.concluded_between(D(2026, 3, 1), D(2026, 3, 31))) == [concluded]


def test_open_on_counts_carry_over_at_year_end(department):
    carried = af.application(department, received_on=D(2025, 12, 22))
    workflow.reply(carried, by=None, outcome="disclosed", reply_text="公开", delivered_by="post",
                   replied_on=D(2026, 1, 8), today=D(2026, 1, 8))
    finished = af.application(department, received_on=D(2025, 12, 1))
    workflow.withdraw(finished, by=None, today=D(2025, 12, 5))
    assert list(Application.objects.open_on(D(2025, 12, 31))) == [carried]


def test_online_request_not_yet_received_is_not_open_on_any_day(department):
    af.submitted_online(department)
    assert not Application.objects.open_on(D(2026, 3, 31)).exists()


def test_overdue_on_a_day(department):
    late = af.application(department)  # due 30 Mar 2026
    assert list(Application.objects.overdue(on=D(2026, 3, 31))) == [late]
    assert not Application.objects.overdue(on=D(2026, 3, 30)).exists()


def test_paused_request_is_not_overdue(department):
    application = af.application(department)
    workflow.start_consultation(application, by=None, kind="third_party", party="某公司", today=D(2026, 3, 27))
    assert not Application.objects.overdue(on=D(2026, 4, 10)).exists()


def test_due_within_working_days(department):
    application = af.application(department)  # due Mon 30 Mar 2026
    # From Mon 23 Mar, 5 working days reach Mon 30 Mar.
    assert list(Application.objects.due_within(5, on=D(2026, 3, 23))) == [application]
    assert not Application.objects.due_within(4, on=D(2026, 3, 23)).exists()


def test_for_user_scopes_to_the_clerks_departments(department):
    mine = af.application(department)
    af.application(f.department())
    assert list(Application.objects.for_user(f.clerk(department))) == [mine]


def test_for_user_gives_supervisors_everything(department):
    af.application(department)
    af.application(f.department())
    assert Application.objects.for_user(f.supervisor()).count() == 2


def test_workdays_left_and_colour(department):
    application = af.application(department)  # due Mon 30 Mar 2026
    assert application.workdays_left(D(2026, 3, 23)) == 5
    assert application.deadline_state(D(2026, 3, 23)) == "soon"
    assert application.deadline_state(D(2026, 3, 20)) == "normal"
    assert application.deadline_state(D(2026, 3, 31)) == "overdue"
    assert application.workdays_left(D(2026, 3, 31)) == -1


def test_overdue_as_of_today_is_the_overdue_rule(department):
    # Received Mon 2 Mar 2026, due Mon 30 Mar (20 working days).
    late = af.application(department, received_on=D(2026, 3, 2))
    af.application(department, received_on=D(2026, 3, 20))
    today = D(2026, 4, 1)
    assert list(Application.objects.overdue_as_of(today, today=today)) == list(Application.objects.overdue(on=today))
    assert list(Application.objects.overdue_as_of(today, today=today)) == [late]


def test_overdue_as_of_a_past_day_counts_requests_answered_only_later(department):
    from tests.portal import reports_factories as rf

    # Due Mon 9 Mar, answered 10 April: overdue at the end of March, not any more.
    answered_late = rf.concluded(department, received_on=D(2026, 2, 3), due_on=D(2026, 3, 9),
                                 replied_on=D(2026, 4, 10), concluded_on=D(2026, 4, 10), outcome="disclosed")
    rf.concluded(department, received_on=D(2026, 2, 3), due_on=D(2026, 3, 9), replied_on=D(2026, 3, 9),
                 concluded_on=D(2026, 3, 9), outcome="disclosed")
    today = D(2026, 4, 15)
    assert list(Application.objects.overdue_as_of(D(2026, 3, 31), today=today)) == [answered_late]
    assert not Application.objects.overdue(on=today).exists()
