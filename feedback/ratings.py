"""Receiving a rating (好差评): one function the public widget, the admin and the demo all call.

Targets today: a department, a public item, an open review point. A finished request (applications app) is
to be added as a fourth: a nullable `Rating.application` FK unique when set, a branch below that checks the
request is finished, and a view on the request's status page that only its applicant reaches.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Department, Publication, ReviewPoint
from feedback import callbacks
from feedback.errors import FeedbackError
from feedback.models import Channel, Level, Rating


def resolve_target(kind: str, pk) -> Department | Publication | ReviewPoint:
    """The public object a citizen may rate, or FeedbackError when it is unknown or not public."""
    queryset = {
        Rating.Target.DEPARTMENT: Department.objects.active(),
        Rating.Target.PUBLICATION: Publication.objects.public(),
        Rating.Target.REVIEW_POINT: ReviewPoint.objects.active(),
    }.get(kind)
    if queryset is None:
        raise FeedbackError(_("评价对象不存在。"))
    try:
        return queryset.get(pk=int(pk))
    except (TypeError, ValueError, OverflowError, queryset.model.DoesNotExist) as error:
        raise FeedbackError(_("评价对象不存在或已不公开。")) from error


def submit_rating(
    target, *, level: str, channel: str = Channel.WEBSITE, comment: str = "", name: str = "", phone: str = "",
    ip_hash: str = "", created_at=None,
) -> Rating:
    """Record a rating of `target` (a Department, Publication or ReviewPoint); a bad one opens a callback case."""
    if level not in Level.values:
        raise FeedbackError(_("请选择满意程度。"))
    if channel not in Channel.values:
        raise FeedbackError(_("评价渠道不正确。"))
    rating = Rating(level=level, channel=channel, comment=comment.strip(), name=name.strip(),
                    phone=phone.strip(), ip_hash=ip_hash)
    if isinstance(target, Department):
        rating.department = target
    elif isinstance(target, Publication):
        rating.publication, rating.department_id = target, target.department_id
    elif isinstance(target, ReviewPoint):
        rating.review_point, rating.department_id = target, target.department_id
    else:
        raise FeedbackError(_("评价对象不存在。"))
    if created_at is not None:
        rating.created_at = created_at
    with transaction.atomic():
        rating.save()
        if rating.is_bad:
            callbacks.open_case(rating)
    return rating
