"""Recompute stored due dates when the working-day calendar changes (see applications.recalculation)."""

from django.dispatch import receiver

from applications.recalculation import schedule_recompute
from portal.signals import calendar_changed


@receiver(calendar_changed)
def calendar_years_changed(years, **kwargs):
    for year in sorted(years):
        schedule_recompute(year)
