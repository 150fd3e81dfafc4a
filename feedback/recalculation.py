"""Keep the stored deadlines of callbacks and messages true to the working-day calendar (DESIGN §3).

When a year's holiday schedule is entered or changed, every open callback case and every unanswered message whose
deadline was counted across that year is recomputed from its own start (the day the case opened, the day the
message came in) and rule (settings.CALLBACK_DUE_WORKDAYS, RECTIFICATION_DUE_WORKDAYS, MESSAGE_DUE_WORKDAYS); each
deadline that moves is recorded as a `DeadlineChange`. Closed cases and answered messages keep the deadlines they
were judged by.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from feedback import callbacks
from feedback.models import Callback, DeadlineChange, Message
from portal import workdays

logger = logging.getLogger(__name__)


def _reason(year: int) -> str:
    return f"{year}年节假日安排录入或调整，按新的工作日历重算"


def _year_start(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 1, 1))


def recompute_callbacks(year: int) -> int:
    """Recompute open callback cases opened by the end of `year` with a deadline in or after it."""
    affected = Callback.objects.open().filter(opened_on__year__lte=year).filter(
        Q(callback_due_on__year__gte=year) | Q(rectification_due_on__year__gte=year)
    )
    moved = 0
    for pk in affected.values_list("pk", flat=True):
        with transaction.atomic():
            case = Callback.objects.select_for_update().get(pk=pk)
            callback_due_on, rectification_due_on = callbacks.due_dates(case.opened_on)
            changes = [
                (DeadlineChange.Field.CALLBACK_DUE_ON, case.callback_due_on, callback_due_on),
                (DeadlineChange.Field.RECTIFICATION_DUE_ON, case.rectification_due_on, rectification_due_on),
            ]
            changes = [change for change in changes if change[1] != change[2]]
            provisional = workdays.any_provisional(case.opened_on, rectification_due_on)
            if not changes and provisional == case.due_dates_provisional:
                continue
            case.callback_due_on, case.rectification_due_on = callback_due_on, rectification_due_on
            case.due_dates_provisional = provisional
            case.next_due_on = callback_due_on if case.first_called_at is None else rectification_due_on
            case.save(update_fields=["callback_due_on", "rectification_due_on", "due_dates_provisional",
                                     "next_due_on"])
            for field, old, new in changes:
                DeadlineChange.objects.create(callback=case, field=field, old_on=old, new_on=new,
                                              reason=_reason(year))
            moved += len(changes)
    return moved


def recompute_messages(year: int) -> int:
    """Recompute unanswered messages received by the end of `year` and due in or after it."""
    affected = Message.objects.pending().filter(created_at__lt=_year_start(year + 1), due_on__year__gte=year)
    moved = 0
    for pk in affected.values_list("pk", flat=True):
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=pk)
            received_on = timezone.localdate(message.created_at)
            due_on = workdays.add_workdays(received_on, settings.MESSAGE_DUE_WORKDAYS)
            provisional = workdays.any_provisional(received_on, due_on)
            if (due_on, provisional) == (message.due_on, message.due_is_provisional):
                continue
            old = message.due_on
            message.due_on, message.due_is_provisional = due_on, provisional
            message.save(update_fields=["due_on", "due_is_provisional"])
            if due_on != old:
                DeadlineChange.objects.create(message=message, field=DeadlineChange.Field.REPLY_DUE_ON, old_on=old,
                                              new_on=due_on, reason=_reason(year))
                moved += 1
    return moved


def recompute_deadlines(year: int) -> int:
    """Recompute the callback, rectification and message deadlines counted across `year`; how many moved."""
    workdays.calendar.clear()
    moved = recompute_callbacks(year) + recompute_messages(year)
    logger.info("calendar %s changed: %s deadlines of callbacks and messages moved", year, moved)
    return moved


def schedule_recompute(year: int) -> None:
    transaction.on_commit(lambda: recompute_deadlines(year))
