"""Keep stored due dates true to the working-day calendar when a holiday schedule is entered or corrected.

Due dates are stored (DESIGN §8: lists must not loop over working days), so when the disclosure office enters or
changes a year's schedule (DESIGN §3), every date of an open request that was counted across that year is
recomputed from its own start and rule: the reply due date, the applicant's correction deadline, and the answer
and payment deadlines of its consultations and fee notices (counted from the day the letter or notice was
received, or estimated from the day sent). Each date that moves is recorded as an event on the
request. A date counted entirely outside the year cannot change and is not touched; nor are concluded requests,
whose dates are the ones they were judged by.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ClockPause, EventKind, Status
from portal import workdays

logger = logging.getLogger(__name__)

FIELD_LABELS = {"due_on": "答复期限", "correction_due_on": "补正期限"}


def _spans(start_field: str, end_field: str, year: int) -> Q:
    """A date counted from `start_field` to `end_field` ran through `year`."""
    return Q(**{f"{start_field}__year__lte": year, f"{end_field}__year__gte": year})


def affected_applications(year: int):
    """Open requests with a stored date counted across `year`, or a due date still marked provisional."""
    pauses = ClockPause.objects.filter(ended_on__isnull=True).filter(_spans("started_on", "answer_due_on", year))
    return Application.objects.open().filter(
        (Q(received_on__year__lte=year) & (Q(due_on__year__gte=year) | Q(due_is_provisional=True)))
        | (Q(status=Status.CORRECTION, correction_workdays__isnull=False)
           & _spans("correction_requested_on", "correction_due_on", year))
        | Q(pk__in=pauses.values("application_id"))
    )


def recompute_application(application: Application, year: int, today: dt.date) -> int:
    """Recompute one request's dates under the calendar as it is now; returns how many dates moved."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        changes = []
        for pause in locked.pauses.filter(ended_on__isnull=True):
            if not pause.started_on.year <= year <= pause.answer_due_on.year:
                continue
            new, _estimated = pause.window()
            if new != pause.answer_due_on:
                where = {"field": "answer_due_on", "pause": pause.pk}
                changes.append((f"{pause.get_kind_display()}期限", pause.answer_due_on, new, where))
                pause.answer_due_on = new
                pause.save(update_fields=["answer_due_on"])
        fields = ["due_is_provisional"]
        if (locked.status == Status.CORRECTION and locked.correction_workdays is not None
                and locked.correction_requested_on.year <= year <= locked.correction_due_on.year):
            new = workdays.add_workdays(locked.correction_requested_on, locked.correction_workdays)
            if new != locked.correction_due_on:
                changes.append((FIELD_LABELS["correction_due_on"], locked.correction_due_on, new,
                                {"field": "correction_due_on"}))
                locked.correction_due_on = new
                fields.append("correction_due_on")
        before = (locked.due_on, locked.due_is_provisional)
        locked.refresh_due()
        if locked.due_on != before[0]:
            changes.append((FIELD_LABELS["due_on"], before[0], locked.due_on, {"field": "due_on"}))
            fields.append("due_on")
        if changes or locked.due_is_provisional != before[1]:
            locked.save(update_fields=[*fields, "updated_at"])
        for label, old, new, where in changes:
            ApplicationEvent.objects.create(
                application=locked, kind=EventKind.RECALCULATE, on=today, actor=None,
                status_before=locked.status, status_after=locked.status,
                note=f"{year}年节假日安排调整：{label}由{old:%Y年%m月%d日}改为{new:%Y年%m月%d日}。",
                payload={**where, "year": year, "old": old.isoformat(), "new": new.isoformat()},
            )
    return len(changes)


def recompute_open_due_dates(year: int, *, today: dt.date | None = None) -> int:
    """Recompute every stored date of open requests counted across `year`; returns how many dates moved."""
    today = today or timezone.localdate()
    workdays.calendar.clear()
    moved = sum(recompute_application(application, year, today) for application in affected_applications(year))
    logger.info("calendar %s changed: %s dates of requests moved", year, moved)
    return moved


def schedule_recompute(year: int) -> None:
    transaction.on_commit(lambda: recompute_open_due_dates(year))
