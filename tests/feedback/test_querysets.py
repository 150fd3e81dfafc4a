"""Feedback query names: overdue messages, and the callback cases of a period's bad ratings."""

import datetime as dt

import pytest

from feedback.models import Callback, Message
from tests import factories as f
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date


def test_message_is_overdue_only_when_unanswered_past_its_due_date():
    department = f.department()
    late = rf.message(department, on=D(2026, 3, 2), due_on=D(2026, 3, 9))
    answered_late = rf.message(department, on=D(2026, 3, 2), due_on=D(2026, 3, 9), answered_on=D(2026, 3, 12))
    due_today = rf.message(department, on=D(2026, 3, 3), due_on=D(2026, 3, 10))
    on = D(2026, 3, 10)
    assert (late.is_overdue(on), answered_late.is_overdue(on), due_today.is_overdue(on)) == (True, False, False)
    assert due_today.is_overdue(D(2026, 3, 11))


def test_message_queryset_overdue_agrees_with_is_overdue():
    department = f.department()
    messages = [rf.message(department, on=D(2026, 3, 2), due_on=D(2026, 3, day), answered_on=answered)
                for day, answered in ((6, None), (9, None), (10, None), (6, D(2026, 3, 5)), (6, D(2026, 3, 12)))]
    on = D(2026, 3, 10)
    assert set(Message.objects.overdue(on=on)) == {m for m in messages if m.is_overdue(on)}
    assert len(set(Message.objects.overdue(on=on))) == 2


def test_of_bad_ratings_keeps_cases_of_counted_bad_ratings_made_in_the_period():
    department = f.department()
    inside = rf.callback(rf.rating(department, level="dissatisfied", on=D(2026, 3, 2)),
                         callback_due_on=D(2026, 3, 3), rectification_due_on=D(2026, 3, 23))
    appealed = rf.rating(department, level="very_dissatisfied", on=D(2026, 3, 2), is_removed=True)
    rf.callback(appealed, callback_due_on=D(2026, 3, 3), rectification_due_on=D(2026, 3, 23))
    later = rf.rating(department, level="dissatisfied", on=D(2026, 4, 1))
    rf.callback(later, callback_due_on=D(2026, 4, 2), rectification_due_on=D(2026, 4, 22))
    good_with_comment = rf.rating(department, level="basic", on=D(2026, 3, 2), comment="窗口太少", phone="13800000000")
    rf.callback(good_with_comment, callback_due_on=D(2026, 3, 3), rectification_due_on=D(2026, 3, 23))
    assert list(Callback.objects.of_bad_ratings(D(2026, 1, 1), D(2026, 3, 31))) == [inside]
