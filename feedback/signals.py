"""Recompute stored callback and message deadlines when the working-day calendar changes."""

from django.dispatch import receiver

from feedback.recalculation import schedule_recompute
from portal.signals import calendar_changed


@receiver(calendar_changed)
def calendar_years_changed(years, **kwargs):
    for year in sorted(years):
        schedule_recompute(year)
