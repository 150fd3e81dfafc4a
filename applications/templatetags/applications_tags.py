"""Template filters for requests: Chinese dates and the coloured working-days-left badge."""

import datetime as dt

from django import template
from django.utils import timezone

from portal import badges

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2026年3月2日."""
    if not value:
        return "——"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def next_day(value: dt.date) -> dt.date:
    return value + dt.timedelta(days=1)


@register.filter
def pause_kinds(kinds) -> str:
    """征求第三方意见、缴纳信息处理费: the kinds of the pauses a stop of the clock merges."""
    from applications.models import ClockPause

    return "、".join(str(ClockPause.Kind(kind).label) for kind in kinds) or "暂停计时"


@register.inclusion_tag(badges.TEMPLATE)
def deadline_badge(application, today=None):
    return badges.deadline_context(**application_deadline(application, today or timezone.localdate()))


def application_deadline(application, today) -> dict:
    """The arguments of the deadline badge for a request (the public status page and the admin list)."""
    state = application.deadline_state(today)
    return {
        "due_on": application.due_on,
        "state": state,
        "left": application.workdays_left(today) if state in ("overdue", "soon", "normal") else None,
        "is_provisional": application.due_is_provisional,
        "label": application.get_status_display() if state == "waiting" else "",
    }
