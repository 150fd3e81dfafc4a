"""Keep this process's working-day cache in step with the calendar tables, and tell the apps which years changed.

`calendar_changed` is sent (with `years`, a set of ints) whenever an override or a year's confirmation is saved or
deleted; the apps that store due dates listen to it and recompute the dates computed across those years.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from portal import workdays
from portal.models import CalendarOverride, CalendarYear

calendar_changed = Signal()


@receiver(pre_save, sender=CalendarOverride)
def remember_previous_date(instance, raw=False, **kwargs):
    """An override moved to another date changes the year it leaves as well as the one it enters."""
    previous = None
    if instance.pk is not None and not raw:
        previous = CalendarOverride.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
    instance._previous_date = previous


@receiver([post_save, post_delete], sender=CalendarOverride)
def override_changed(instance, raw=False, **kwargs):
    workdays.calendar.clear()
    if raw:  # loaddata: the stored dates come with the fixture
        return
    previous = getattr(instance, "_previous_date", None)
    years = {instance.date.year} | ({previous.year} if previous else set())
    calendar_changed.send(sender=CalendarOverride, years=years)


@receiver([post_save, post_delete], sender=CalendarYear)
def year_changed(instance, raw=False, **kwargs):
    workdays.calendar.clear()
    if raw:
        return
    calendar_changed.send(sender=CalendarYear, years={instance.year})
