"""Small makers for the new-media registry's tests: accounts as an approved filing leaves them, and update days."""

import datetime as dt

from catalog.models import NewMediaAccount, NewMediaFiling, NewMediaUpdate
from catalog.models.newmedia import AccountStatus, FilingKind, Platform, UpdateFrequency

_names = iter(range(1, 10_000))


def account(department, *, name=None, platform=Platform.WECHAT, opened_on=dt.date(2026, 3, 1),
            frequency=UpdateFrequency.WEEKLY, status=AccountStatus.IN_OPERATION, closed_on=None,
            updates=(), **fields) -> NewMediaAccount:
    made = NewMediaAccount.objects.create(
        department=department, platform=platform, name=name or f"测试账号{next(_names)}", opened_on=opened_on,
        update_frequency=frequency, status=status, closed_on=closed_on, **fields)
    NewMediaUpdate.objects.bulk_create(NewMediaUpdate(account=made, updated_on=day) for day in updates)
    return made


def filing(department, *, kind=FilingKind.OPEN, account_=None, by=None, **fields) -> NewMediaFiling:
    """A pending filing as a clerk's add form leaves it (not yet checked: catalog.newmedia_filings.propose)."""
    if kind in (FilingKind.OPEN, FilingKind.CHANGE):
        fields.setdefault("platform", Platform.WECHAT)
        fields.setdefault("name", f"新账号{next(_names)}")
        fields.setdefault("update_frequency", UpdateFrequency.WEEKLY)
    else:
        fields.setdefault("reason", "账号整合。")
    return NewMediaFiling(kind=kind, department=department, account=account_, **fields)
