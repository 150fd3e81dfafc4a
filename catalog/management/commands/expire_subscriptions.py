"""Delete e-mail subscriptions never confirmed within their link's validity. Safe to run from cron, any time."""

from django.conf import settings
from django.core.management.base import BaseCommand

from catalog import subscriptions


class Command(BaseCommand):
    help = "删除超过确认期限（SUBSCRIPTION_CONFIRM_DAYS）仍未确认的邮件订阅及其邮箱地址。"

    def handle(self, *args, **options):
        deleted = subscriptions.expire_pending()
        self.stdout.write(self.style.SUCCESS(
            f"已删除 {deleted} 项超过 {settings.SUBSCRIPTION_CONFIRM_DAYS} 天未确认的邮件订阅。"))
