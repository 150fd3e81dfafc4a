"""Recompute the stored deadlines counted across the given years under the working-day calendar as it is now.

The calendar's own changes (an override or a year's confirmation saved in the admin) do this by themselves
(portal.signals.calendar_changed); this command is for a change the database did not see, such as a new release
of chinese-calendar or of the portal's fallback rules for unknown years.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.signals import calendar_changed


class Command(BaseCommand):
    help = "按当前工作日历重算跨越指定年份的各类期限（默认今年和明年），并记录每项调整。"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="年份，例如 2027；不填则为今年和明年")

    def handle(self, *args, years, **options):
        this_year = timezone.localdate().year
        years = sorted(set(years or [this_year, this_year + 1]))
        if any(not 1990 <= year <= 2100 for year in years):
            raise CommandError("年份应在1990至2100之间。")
        with transaction.atomic():
            calendar_changed.send(sender=self.__class__, years=set(years))
        self.stdout.write(self.style.SUCCESS(f"已按当前工作日历重算跨越{'、'.join(map(str, years))}年的期限。"))
