"""The demo county's government new-media accounts: eight registered accounts of a few departments, one of them
overdue, one closed and one cancelled, and a change filing waiting for the demo reviewer. Idempotent."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Department, NewMediaAccount, NewMediaFiling, NewMediaUpdate
from catalog.models.newmedia import AccountStatus, FilingKind, FilingStatus, Platform, UpdateFrequency
from portal import fictional

P, W, S = Platform, UpdateFrequency, AccountStatus
# (department, platform, name, account ID, link, frequency, opened days ago, days since each update, status,
#  closed days ago)
ACCOUNTS = [
    ("县政府办公室", P.WECHAT, "示范县发布", "sfxfabu", "https://mp.example.gov.cn/sfxfabu", W.WEEKLY, 2100,
     (1, 3, 6), S.IN_OPERATION, None),
    ("县政府办公室", P.WEIBO, "示范县发布", "", "https://weibo.example.gov.cn/sfxfabu", W.WEEKLY, 2000,
     (2, 8), S.IN_OPERATION, None),
    ("县政府办公室", P.DOUYIN, "示范县融媒", "sfxrongmei", "", W.WEEKLY, 900, (4,), S.IN_OPERATION, None),
    ("县民政局", P.WECHAT, "示范民政", "sfxminzheng", "https://mp.example.gov.cn/sfxminzheng", W.WEEKLY, 1500,
     (12, 20), S.IN_OPERATION, None),
    ("县教育体育局", P.WECHAT, "示范教育", "sfxjiaoyu", "https://mp.example.gov.cn/sfxjiaoyu", W.FORTNIGHTLY,
     1300, (5, 15), S.IN_OPERATION, None),
    ("县卫生健康局", P.TOUTIAO, "健康示范", "", "https://toutiao.example.gov.cn/jiankangsf", W.MONTHLY, 700,
     (9,), S.IN_OPERATION, None),
    ("城关镇人民政府", P.WEIBO, "城关镇政务", "", "", W.MONTHLY, 2500, (), S.CLOSED, 400),
    ("县民政局", P.MINI_PROGRAM, "示范养老服务", "", "", W.MONTHLY, 1200, (), S.CANCELLED, 200),
]


def load(out, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    User = get_user_model()
    departments = {d.name: d for d in Department.objects.filter(name__in={row[0] for row in ACCOUNTS})}
    for row in ACCOUNTS:
        name_of_department, platform, name, handle, link, frequency, opened, updates, status, closed = row
        department = departments.get(name_of_department)
        if department is None:
            continue
        n = len(name) + len(name_of_department)
        account, created = NewMediaAccount.objects.update_or_create(
            platform=platform, name=name, department=department,
            defaults={"handle": handle, "link": link, "update_frequency": frequency, "status": status,
                      "opened_on": today - dt.timedelta(days=opened),
                      "closed_on": today - dt.timedelta(days=closed) if closed else None,
                      "operator": f"{name_of_department}办公室", "operator_person": "张运营",
                      "operator_phone": fictional.mobile(n)},
        )
        if created:
            NewMediaFiling.objects.create(
                kind=FilingKind.OPEN, status=FilingStatus.APPROVED, department=department, account=account,
                platform=platform, name=name, handle=handle, link=link, update_frequency=frequency,
                effective_on=account.opened_on, reason="开设备案（演示数据）", decision_note="同意开设。",
                decided_at=timezone.now())
            if status != S.IN_OPERATION:
                NewMediaFiling.objects.create(
                    kind=FilingKind.CLOSE if status == S.CLOSED else FilingKind.CANCEL, status=FilingStatus.APPROVED,
                    department=department, account=account, effective_on=account.closed_on,
                    reason="账号功能并入“示范县发布”（演示数据）", decided_at=timezone.now())
        NewMediaUpdate.objects.filter(account=account).delete()
        NewMediaUpdate.objects.bulk_create(
            NewMediaUpdate(account=account, updated_on=today - dt.timedelta(days=days)) for days in updates)
    clerk = User.objects.filter(username="clerk").first()
    overdue = NewMediaAccount.objects.filter(platform=P.WECHAT, name="示范民政").first()
    if clerk and overdue and not overdue.filings.filter(status=FilingStatus.PENDING).exists():
        NewMediaFiling.objects.create(
            kind=FilingKind.CHANGE, department=overdue.department, account=overdue, platform=overdue.platform,
            name=overdue.name, handle=overdue.handle, link=overdue.link, operator="县民政局社会事务股",
            operator_person="李运营", operator_phone=fictional.mobile(77), update_frequency=W.WEEKLY,
            reason="运营责任人调整。", proposed_by=clerk)
    total, in_operation = NewMediaAccount.objects.count(), NewMediaAccount.objects.public().count()
    late = NewMediaAccount.objects.overdue(on=today).count()
    out.write(f"  政务新媒体账号 {total} 个（运营中 {in_operation} 个，逾期未更新 {late} 个）")
