"""Keep stored due dates true to the working-day calendar when a holiday schedule is entered or corrected.

Due dates are stored (DESIGN §8: lists must not loop over working days), so when the disclosure office enters
a year's schedule (DESIGN §3) the open requests whose period runs through that year are recomputed, and their
"provisional" flag cleared once the year is confirmed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from applications.models import Application
from portal import workdays


def recompute_open_due_dates(year: int, *, today: dt.date | None = None) -> int:
    """Recompute the due date of open requests received by the end of `year` and due in or after it."""
    today = today or timezone.localdate()
    workdays.calendar.clear()
    affected = (
        Application.objects.open().filter(received_on__year__lte=year)
        .filter(Q(due_on__year__gte=year) | Q(due_is_provisional=True))
        .prefetch_related("pauses")
    )
    changed = 0
    for application in affected:
        before = (application.due_on, application.due_is_provisional)
        application.refresh_due(today)
        if (application.due_on, application.due_is_provisional) != before:
            application.save(update_fields=["due_on", "due_is_provisional", "updated_at"])
            changed += 1
    return changed


def schedule_recompute(year: int) -> None:
    transaction.on_commit(lambda: recompute_open_due_dates(year))
