"""The supervisors' dashboard: five charts over the county, each from one grouped query."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from applications.models import REPLIED_ON_TIME
from catalog.models import Publication
from portal.localdates import local_day_bounds
from portal.reports import charts, sources
from portal.reports.assessment import rate
from portal.reports.links import changelist

MONTHS = 12
TOP_DEPARTMENTS = 12


def month_starts(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, ending with today's month."""
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_key(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def requests_per_month(today: dt.date) -> charts.Chart:
    months = month_starts(today)
    counts = {
        _month_key(item["month"]): item["n"]
        for item in sources.applications().received_between(months[0], today)
        .annotate(month=TruncMonth("received_on")).values("month").annotate(n=Count("pk")).order_by()
    }
    labels = [f"{m.month}月" for m in months]
    return charts.over_time("每月收到依申请公开申请数", labels,
                            [charts.Series("申请数", [counts.get(m, 0) for m in months])], unit="件")


def on_time_by_department(today: dt.date) -> charts.Chart:
    """This year's replies, the departments with most replies first."""
    start = dt.date(today.year, 1, 1)
    rows = list(
        sources.applications().filter(replied_on__gte=start, replied_on__lte=today)
        .values("department", "department__name", "department__short_name")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=REPLIED_ON_TIME))
        .order_by("-n", "department")[:TOP_DEPARTMENTS]
    )
    labels = [row["department__short_name"] or row["department__name"] for row in rows]
    values = [rate(row["on_time"], row["n"]) for row in rows]
    return charts.bars(f"{today.year}年各单位依申请按时答复率", labels,
                       [charts.Series("按时答复率", values)], is_percent=True)


def satisfaction_trend(today: dt.date) -> charts.Chart:
    months = month_starts(today)
    rated = sources.ratings().counted().between(months[0], today)

    def per_month(queryset) -> dict:
        grouped = queryset.annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk"))
        return {_month_key(item["month"]): item["n"] for item in grouped.order_by()}

    totals, good = per_month(rated), per_month(rated.satisfied())
    found = {month: rate(good.get(month, 0), n) for month, n in totals.items()}
    labels = [f"{m.month}月" for m in months]
    return charts.over_time("每月好差评满意率", labels,
                            [charts.Series("满意率", [found.get(m) for m in months])], kind="line", is_percent=True)


def open_cases(today: dt.date) -> charts.Chart:
    """Bad-rating cases still open, and how many of them are overdue, by department."""
    cases = sources.callbacks().open()
    overdue_ids = cases.overdue(on=today).values("pk")
    rows = list(
        cases.values("department", "department__name", "department__short_name")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(pk__in=overdue_ids)))
        .order_by("-n", "department")[:TOP_DEPARTMENTS]
    )
    labels = [row["department__short_name"] or row["department__name"] for row in rows]
    return charts.bars("差评整改未办结件数（含逾期）", labels, [
        charts.Series("未办结", [row["n"] for row in rows], "series-a"),
        charts.Series("其中逾期", [row["late"] for row in rows], "series-b"),
    ], unit="件")


def timeliness_by_domain(today: dt.date) -> charts.Chart:
    low, high = local_day_bounds(dt.date(today.year, 1, 1), today)
    rows = list(
        Publication.objects.public().filter(published_at__gte=low, published_at__lt=high)
        .values("entry__domain", "entry__domain__name")
        .annotate(n=Count("pk"), timely=Count("pk", filter=Q(is_timely=True)))
        .order_by("entry__domain__order", "entry__domain")
    )
    return charts.bars(f"{today.year}年各领域按时公开率", [row["entry__domain__name"] for row in rows],
                       [charts.Series("按时公开率", [rate(row["timely"], row["n"]) for row in rows])],
                       is_percent=True)


def unowned_alarm() -> list[dict]:
    """无人处理: open cases and unanswered messages of departments nobody can act for, each with its admin list."""
    return [
        {"label": "无人处理的差评回访", "count": sources.callbacks().unowned().count(),
         "url": changelist("feedback.callback", unowned="yes")},
        {"label": "无人处理的留言", "count": sources.messages().unowned().count(),
         "url": changelist("feedback.message", unowned="yes")},
    ]


def requests_avoided(today: dt.date) -> list[dict]:
    """Search before you ask: suggestions opened from the request form, and the requests they avoided (opened,
    then the form not submitted), over the last 30 days and since the start of the year."""
    periods = [("近30天", today - dt.timedelta(days=29)), (f"{today.year}年以来", dt.date(today.year, 1, 1))]
    totals = sources.suggestion_days().totals_over([(start, today) for _label, start in periods])
    return [{"label": label, **figures} for (label, _start), figures in zip(periods, totals, strict=True)]


def build(today: dt.date) -> list[charts.Chart]:
    return [
        requests_per_month(today),
        on_time_by_department(today),
        satisfaction_trend(today),
        open_cases(today),
        timeliness_by_domain(today),
    ]
