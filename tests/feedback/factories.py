"""Factories for the feedback app's tests: each makes one valid object with sensible defaults."""

import datetime as dt

from catalog.models import ReviewPoint, ReviewPointVisit
from feedback import inbox, ratings
from feedback.models import Channel, Level
from tests import factories

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime at local (Asia/Shanghai) time on `day`."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def review_point(division=None, department=None, name=None, **fields):
    department = department or factories.department(division=division)
    fields.setdefault("address", "测试路1号")
    fields.setdefault("opening_hours", "工作日 8:30—17:30")
    fields.setdefault("contact_person", "张三")
    fields.setdefault("contact_phone", "0579-88888888")
    return ReviewPoint.objects.create(
        division=division or department.division, department=department, name=name or f"查阅点{department.pk}",
        **fields,
    )


def visit(point, day, visitors=10, enquiries=2):
    return ReviewPointVisit.objects.create(point=point, visited_on=day, visitors=visitors, enquiries=enquiries)


def rating(target=None, level=Level.SATISFIED, on=None, **fields):
    """A rating made through the service (so bad ones open their case); `on` is the local day it was made."""
    target = target or factories.department()
    if on is not None:
        fields["created_at"] = at(on)
    fields.setdefault("channel", Channel.WEBSITE)
    return ratings.submit_rating(target, level=level, **fields)


def bad_rating(target=None, on=None, **fields):
    fields.setdefault("phone", "13905790000")
    fields.setdefault("comment", "电话没人接。")
    return rating(target, level=Level.DISSATISFIED, on=on, **fields)


def message(department=None, on=None, **fields):
    fields.setdefault("kind", "question")
    fields.setdefault("subject", "低保申请材料")
    fields.setdefault("body", "请问需要哪些材料？")
    if on is not None:
        fields["created_at"] = at(on)
    return inbox.submit_message(department=department or factories.department(), **fields)
