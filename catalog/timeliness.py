"""Keep the stored timeliness of publications (deadline_on, is_timely) in step with the working-day calendar.

Deadlines are stored so that reports need no working-day arithmetic (DESIGN §8). When the disclosure office
enters or corrects a year's holiday schedule (DESIGN §3), the deadlines whose counting crossed that year are
computed again.
"""

import datetime as dt

from django.db import transaction
from django.dispatch import receiver

from catalog.models import Publication
from portal import workdays
from portal.signals import calendar_changed

BATCH = 1000


def refresh_for_year(year: int) -> int:
    """Recompute deadline and timeliness of published items whose counting touched `year`; return how many."""
    workdays.calendar.clear()
    affected = (
        Publication.objects.filter(published_at__isnull=False, formed_on__lte=dt.date(year, 12, 31))
        .filter(deadline_on__gte=dt.date(year, 1, 1))
        .select_related("entry")
        .only("id", "entry", "formed_on", "published_at", "deadline_on", "is_timely", "entry__time_limit_workdays")
        .order_by("id")
    )
    changed = []
    for publication in affected.iterator(chunk_size=BATCH):
        before = (publication.deadline_on, publication.is_timely)
        publication.refresh_timeliness()
        if (publication.deadline_on, publication.is_timely) != before:
            changed.append(publication)
    Publication.objects.bulk_update(changed, ["deadline_on", "is_timely"], batch_size=BATCH)
    return len(changed)


@receiver(calendar_changed)
def _calendar_changed(years, **kwargs):
    for year in sorted(years):
        transaction.on_commit(lambda year=year: refresh_for_year(year))
