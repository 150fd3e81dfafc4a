"""Template filters for requests: Chinese dates and the coloured working-days-left badge."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2026年3月2日."""
    if not value:
        return "——"
    return f"{value.year}年{value.month}月{value.day}日"


@register.inclusion_tag("applications/includes/deadline_badge.html")
def deadline_badge(application, today=None):
    today = today or timezone.localdate()
    return {
        "application": application,
        "state": application.deadline_state(today),
        "left": application.workdays_left(today),
    }
