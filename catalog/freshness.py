"""Whether the items published under an entry are up to date (最近更新 / 即将到期 / 待更新).

An entry's update cycle (Entry.update_cycle, read from its 公开时限 on import) says when the next update is due
after the latest one:
- 每月 / 每季度 / 每年: the information of a period is formed at the latest at the end of the period in which the
  latest item was published; it must then be published within the entry's 公开时限 in working days. So the next
  update is due `add_workdays(end of that month / quarter / year, time_limit_workdays)`.
- 实时: at least one update every `time_limit_workdays` working days: due `add_workdays(latest, N)`.
- 信息形成或变更后按公开时限 (the default): updates follow events nobody can see in advance, so no due date and no
  freshness state; the page still shows the latest update.
A due date is "due soon" from DUE_SOON_WORKDAYS working days before it, and "overdue" (待更新) the day after it.
Freshness is judged per place: per division on the public site, per publishing department for staff and the
quarterly sheet. Entries with nothing published in that place have no state (that is the coverage figure's job).
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Max, TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Entry, Publication
from portal import workdays
from portal.localdates import local_day_bounds

DUE_SOON_WORKDAYS = 5
PERIODIC = [cycle for cycle in Entry.UpdateCycle if cycle != Entry.UpdateCycle.ON_CHANGE]


class Freshness(TextChoices):
    UP_TO_DATE = "up_to_date", _("已更新")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("待更新")


def period_end(day: dt.date, cycle: str) -> dt.date:
    """The last day of the month, quarter or year containing `day`."""
    if cycle == Entry.UpdateCycle.YEARLY:
        return dt.date(day.year, 12, 31)
    last_month = day.month if cycle == Entry.UpdateCycle.MONTHLY else (day.month - 1) // 3 * 3 + 3
    following = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def update_due_on(cycle: str, last_update: dt.date, limit_workdays: int) -> dt.date | None:
    """The day by which the next update must be published, or None for entries updated as events happen."""
    if cycle == Entry.UpdateCycle.ON_CHANGE:
        return None
    if cycle == Entry.UpdateCycle.REALTIME:
        return workdays.add_workdays(last_update, limit_workdays)
    return workdays.add_workdays(period_end(last_update, cycle), limit_workdays)


def state(due_on: dt.date | None, today: dt.date) -> str | None:
    if due_on is None:
        return None
    if today > due_on:
        return Freshness.OVERDUE
    if workdays.workdays_between(today, due_on) <= DUE_SOON_WORKDAYS:
        return Freshness.DUE_SOON
    return Freshness.UP_TO_DATE


def entry_state(entry: Entry, last_update: dt.date | None, today: dt.date) -> str | None:
    if last_update is None:
        return None
    return state(update_due_on(entry.update_cycle, last_update, entry.time_limit_workdays), today)


def last_updates(publications, by: str) -> dict[tuple[int, int], dt.date]:
    """(entry id, `by` id) → the local date of the newest public item, in one grouped query."""
    rows = publications.public().order_by().values_list("entry", by).annotate(last=Max("published_at"))
    return {(entry_id, other): timezone.localdate(last) for entry_id, other, last in rows}


def required_by_department(departments) -> dict[int, set[int]]:
    """Department id → the ids of the directory items it must publish (EntryQuerySet.required_of for each), from
    one list of the leaves: the quarterly sheet's rule, for many departments in one query."""
    from catalog.models.directory import is_publisher_of

    leaves = list(Entry.objects.items().values_list("pk", "publisher_text", *Entry.LEVEL_FIELDS.values()))
    flag_index = {level: 2 + n for n, level in enumerate(Entry.LEVEL_FIELDS)}
    return {
        department.pk: {leaf[0] for leaf in leaves
                        if leaf[flag_index[department.division.level]] and is_publisher_of(leaf[1], department)}
        for department in departments
    }


def overdue_by_department(required: dict[int, set[int]], on: dt.date) -> dict[int, set[int]]:
    """Department id → the ids of its `required` entries that are 待更新 at the end of `on`.

    The one rule behind the quarterly sheet's 待更新事项, its drill-down (EntryQuerySet.overdue_for) and the
    clerk's list of entries to update: items published by the end of `on` count, in three queries at most.
    """
    wanted = set().union(*required.values()) if required else set()
    periodic = {
        pk: (cycle, limit) for pk, cycle, limit in Entry.objects.filter(pk__in=wanted, update_cycle__in=PERIODIC)
        .values_list("pk", "update_cycle", "time_limit_workdays")
    }
    overdue: dict[int, set[int]] = {department_id: set() for department_id in required}
    if not periodic:
        return overdue
    _start, end = local_day_bounds(on, on)
    published = Publication.objects.filter(department__in=list(required), entry__in=list(periodic),
                                           published_at__lt=end)
    for (entry_id, department_id), last in last_updates(published, "department").items():
        cycle, limit = periodic[entry_id]
        if entry_id in required[department_id] and state(update_due_on(cycle, last, limit), on) == Freshness.OVERDUE:
            overdue[department_id].add(entry_id)
    return overdue


def overdue_entries_for(user, *, today: dt.date | None = None):
    """The entries 待更新 today for the departments `user` acts for, each with `overdue_departments` (names)."""
    from catalog.models import Department

    today = today or timezone.localdate()
    departments = list(Department.objects.acted_for_by(user).select_related("division"))
    required = {department.pk: set(Entry.objects.required_of(department).values_list("pk", flat=True))
                for department in departments}
    overdue = overdue_by_department(required, today)
    names = {}
    for department in departments:
        for entry_id in overdue[department.pk]:
            names.setdefault(entry_id, []).append(department.display_name)
    entries = list(Entry.objects.filter(pk__in=names).select_related("domain").order_by("domain__order", "tree_id",
                                                                                         "lft"))
    for entry in entries:
        entry.overdue_departments = names[entry.pk]
    return entries


def overdue_changelist_url(department, on: dt.date | None = None) -> str:
    """The admin list of `department`'s entries 待更新 (today unless `on` is given), as OverdueForFilter reads it."""
    value = f"{department.pk}..{on.isoformat()}" if on else str(department.pk)
    return f"{reverse('admin:catalog_entry_changelist')}?{urlencode({'overdue_for': value})}"
