"""One deadline badge: the admin lists and the public status page word a deadline the same way."""

import datetime as dt

import pytest
from django.contrib import admin
from django.template import Context, Template

from applications.models import Application
from feedback.models import Message
from portal import badges
from tests import factories as f
from tests.applications import factories as af
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date


def public_badge(application, today):
    template = Template("{% load applications_tags %}{% deadline_badge application today %}")
    return template.render(Context({"application": application, "today": today}))


def test_admin_list_and_public_page_render_the_same_badge(monkeypatch):
    # Received Mon 2 Mar 2026, due Mon 30 Mar (20 working days); on Wed 1 Apr it is 2 working days late (31, 1).
    application = af.application(f.department(), received_on=D(2026, 3, 2))
    assert application.due_on == D(2026, 3, 30)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: D(2026, 4, 1))
    in_admin = admin.site._registry[Application].due_display(application)
    assert in_admin == public_badge(application, D(2026, 4, 1))
    assert "2026年3月30日 已逾期 2 个工作日" in in_admin
    assert "gk-deadline-overdue" in in_admin


def test_badge_counts_working_days_left_in_the_same_words():
    # Due Mon 30 Mar; on Mon 23 Mar five working days are left (24, 25, 26, 27, 30).
    html = badges.render_deadline(D(2026, 3, 30), "soon", left=5)
    assert "剩余 5 个工作日" in html and "gk-deadline-soon" in html


def test_provisional_mark_is_dropped_once_done():
    assert "（暂定）" in badges.render_deadline(D(2027, 3, 30), "normal", left=3, is_provisional=True)
    assert "（暂定）" not in badges.render_deadline(D(2027, 3, 30), "done", is_provisional=True)


def test_message_admin_marks_an_unanswered_late_message_overdue_with_the_badge():
    department = f.department()
    late = rf.message(department, on=D(2026, 3, 2), due_on=D(2026, 3, 9))
    answered = rf.message(department, on=D(2026, 3, 2), due_on=D(2026, 3, 9), answered_on=D(2026, 3, 5))
    message_admin = admin.site._registry[Message]
    assert "已逾期" in message_admin.due(late) and "gk-deadline-overdue" in message_admin.due(late)
    assert "已答复" in message_admin.due(answered)
