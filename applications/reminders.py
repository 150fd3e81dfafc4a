"""Daily reminder digests of requests due soon or overdue (DESIGN §4): one per department to its clerks, and a
county-wide one to the disclosure office. Each digest is sent at most once a day (ReminderLog)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from applications.models import Application, ReminderLog
from catalog.models import Department
from catalog.roles import SUPERVISOR


def _recipients(department: Department) -> list[str]:
    return sorted({user.email for user in department.staff.all() if user.email and user.is_active})


def _send(department: Department | None, recipients: list[str], soon: list, overdue: list, today: dt.date):
    if not recipients or not (soon or overdue):
        return None
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                department=department, sent_on=today, recipients=", ".join(recipients),
                due_soon_count=len(soon), overdue_count=len(overdue),
            )
    except IntegrityError:
        return None  # already sent today, by an earlier run
    scope = department.name if department else "全县"
    body = render_to_string("applications/email/reminder.txt", {
        "scope": scope, "soon": soon, "overdue": overdue, "today": today, "within": settings.REMINDER_WITHIN_WORKDAYS,
        "PORTAL_TITLE": settings.PORTAL_TITLE,
    })
    subject = f"【依申请公开到期提醒】{scope}：{len(overdue)}件已逾期，{len(soon)}件即将到期"
    send_mail(subject, body, None, recipients)
    return log


def send_reminders(today: dt.date, *, within: int | None = None) -> list[ReminderLog]:
    """Send today's digests that have not been sent yet; returns the logs of those sent now."""
    within = settings.REMINDER_WITHIN_WORKDAYS if within is None else within
    base = Application.objects.select_related("department").order_by("due_on", "id")
    soon = list(base.due_within(within, on=today))
    overdue = list(base.overdue(on=today))
    by_department: dict[int, tuple[list, list]] = {}
    for application in soon:
        by_department.setdefault(application.department_id, ([], []))[0].append(application)
    for application in overdue:
        by_department.setdefault(application.department_id, ([], []))[1].append(application)
    already = set(ReminderLog.objects.filter(sent_on=today, department__isnull=False)
                  .values_list("department_id", flat=True))
    departments = Department.objects.filter(pk__in=set(by_department) - already).prefetch_related("staff")
    sent = []
    for department in departments:
        dept_soon, dept_overdue = by_department[department.pk]
        log = _send(department, _recipients(department), dept_soon, dept_overdue, today)
        if log:
            sent.append(log)
    log = _send(None, county_recipients(), soon, overdue, today)
    if log:
        sent.append(log)
    return sent


def county_recipients() -> list[str]:
    """The county disclosure office's staff; while it has none with e-mail, the supervisors."""
    office = Department.objects.county_disclosure_office().prefetch_related("staff").first()
    found = _recipients(office) if office is not None else []
    if found:
        return found
    supervisors = get_user_model().objects.filter(groups__name=SUPERVISOR, is_active=True).exclude(email="")
    return sorted(set(supervisors.values_list("email", flat=True)))
