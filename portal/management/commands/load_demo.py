"""Load (or refresh) the demo county 示范县. Idempotent: running it twice leaves the same data."""

import importlib
import importlib.util
import os

from django.core.management.base import BaseCommand
from django.db import transaction

# Each demo module contributes `load(out)`, in this order: later ones build on earlier ones.
DEMO_MODULES = ["catalog.demo", "catalog.demo_map", "applications.demo", "feedback.demo", "feedback.demo_snapshots",
                "portal.reports.demo"]


class Command(BaseCommand):
    help = "载入示范县演示数据（可重复运行）。"

    def handle(self, *args, **options):
        logins = []
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            module = importlib.import_module(name)
            self.stdout.write(f"载入 {name} 演示数据…")
            with transaction.atomic():
                logins += module.load(self.stdout) or []
        self.stdout.write(self.style.SUCCESS("示范县演示数据已就绪。"))
        if logins:
            # `make run` passes the address it serves (HOST) so that the printed link is the one that works.
            host = os.environ.get("HOST") or "127.0.0.1:8000"
            self.stdout.write(f"\n演示账号（后台 http://{host}/admin/ ）：")
            for username, password, what in logins:
                self.stdout.write(f"  {username:<12} 密码 {password:<14} {what}")
