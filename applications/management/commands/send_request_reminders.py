"""E-mail the daily digests of requests due soon and overdue. Safe to run from cron every day, more than once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applications.reminders import send_reminders
from portal import workdays


class Command(BaseCommand):
    help = "向各单位办事员发送依申请公开即将到期和已逾期提醒，并向政府信息公开工作机构发送全县汇总（每天至多一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）发送，默认今天")
        parser.add_argument("--within", type=int,
                            help="提醒多少个工作日内到期的申请，默认取设置 REMINDER_WITHIN_WORKDAYS")
        parser.add_argument("--even-on-holidays", action="store_true", help="节假日也发送")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from error
        if not workdays.is_workday(today) and not options["even_on_holidays"]:
            self.stdout.write(f"{today} 不是工作日，不发送提醒。")
            return
        sent = send_reminders(today, within=options["within"])
        self.stdout.write(self.style.SUCCESS(f"{today} 已发送 {len(sent)} 份提醒。"))
