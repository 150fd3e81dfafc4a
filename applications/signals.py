"""Recompute stored due dates when the working-day calendar changes (see applications.recalculation)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from applications.recalculation import schedule_recompute
from portal.models import CalendarOverride, CalendarYear


@receiver([post_save, post_delete], sender=CalendarOverride)
def override_changed(instance, **kwargs):
    schedule_recompute(instance.date.year)


@receiver([post_save, post_delete], sender=CalendarYear)
def year_changed(instance, **kwargs):
    schedule_recompute(instance.year)
