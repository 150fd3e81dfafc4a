"""The other apps' models, imported where used so that `portal` (imported first) never imports them at load time."""

import datetime as dt

from django.utils import timezone


def applications():
    from applications.models import Application

    return Application.objects


def ratings():
    from feedback.models import Rating

    return Rating.objects


def callbacks():
    from feedback.models import Callback

    return Callback.objects


def messages():
    from feedback.models import Message

    return Message.objects


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes [start 00:00, the day after end 00:00) in local time, for indexed datetime ranges."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )
