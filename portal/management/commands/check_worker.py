"""`manage.py check_worker`: is a task worker (`manage.py db_worker`) running? Enqueues a task that does nothing and
waits for a worker to finish it; exits 1 when none did within --timeout seconds. For operators after a deployment,
and for CI after `make run`."""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.tasks import ping


class Command(BaseCommand):
    help = "检查后台任务进程（db_worker）是否在运行：提交一个空任务并等待其完成。"

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30, help="最多等待的秒数（默认 30）")

    def handle(self, *args, timeout, **options):
        result = ping.enqueue()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result.refresh()
            if result.is_finished:
                break
            time.sleep(0.2)
        if not result.is_finished:
            raise CommandError(f"{timeout:g} 秒内没有后台任务进程处理任务：请运行 manage.py db_worker。")
        if result.status != "SUCCESSFUL":
            raise CommandError(f"后台任务进程处理测试任务失败（{result.status}）。")
        self.stdout.write(f"后台任务进程正常：测试任务在 {result.finished_at - result.enqueued_at} 内完成。")
