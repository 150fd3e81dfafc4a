"""Local calendar days as aware datetime ranges, so date filters on datetime columns use their indexes."""

import datetime as dt

from django.utils import timezone


def local_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes [start 00:00, the day after end 00:00) in the portal's time zone."""
    zone = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return low, high
