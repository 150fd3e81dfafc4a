"""Keep this process's working-day cache in step with the calendar tables."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal import workdays
from portal.models import CalendarOverride, CalendarYear


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=CalendarYear)
def forget_cached_schedules(**kwargs):
    workdays.calendar.clear()
