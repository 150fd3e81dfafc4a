"""Receiving a rating (好差评): one function the public widget, the admin and the demo all call.

Targets: a department, a public item, an open review point, and a finished request (依申请公开). A request is
"finished" for rating once it received a reply: `replied_on` set and the request replied or closed. Requests
that ended without a reply (applicant withdrew, deemed withdrawn, fee lapsed) cannot be rated: nothing was
delivered to judge. Each request is rated at most once (a unique constraint; a second attempt is refused).
Who may rate a request (only the applicant verified on its status page) is the caller's check: see
`resolve_target(..., request=...)`.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from applications.models import Application, Status, normalise_tracking_number
from applications.verification import is_verified
from catalog.models import Department, Publication, ReviewPoint
from feedback import callbacks
from feedback.errors import FeedbackError
from feedback.models import Channel, Level, Rating
from portal import idempotency

RATEABLE_APPLICATION_STATUSES = (Status.REPLIED, Status.CLOSED)


def application_is_rateable(application: Application) -> bool:
    """A request may be rated once it received a reply (replied, or closed after the reply)."""
    return application.replied_on is not None and application.status in RATEABLE_APPLICATION_STATUSES


def rating_of(application: Application) -> Rating | None:
    """The request's rating, if it has one (at most one query, none while the request cannot be rated)."""
    if not application_is_rateable(application):
        return None
    return Rating.objects.filter(application=application).only("pk", "level", "application").first()


def applicant_may_rate(request, application: Application, rating: Rating | None) -> bool:
    """Whether the status page shows the widget: this session proved it is the applicant, the request is
    finished and not yet rated (`rating` is `rating_of(application)`)."""
    return (
        rating is None
        and application_is_rateable(application)
        and is_verified(request, application.tracking_number)
    )


def resolve_target(kind: str, pk, *, request=None) -> Department | Publication | ReviewPoint | Application:
    """The public object a citizen may rate, or FeedbackError when it is unknown or not public.

    A request is a target only for a browser `request` whose session is verified for its tracking number;
    to anyone else it is "unknown", so its existence is not revealed.
    """
    if kind == Rating.Target.APPLICATION:
        return _verified_application(pk, request)
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


def _verified_application(pk, request) -> Application:
    unknown = FeedbackError(_("评价对象不存在或已不公开。"))
    if request is None:
        raise unknown
    try:
        application = Application.objects.select_related("department").get(pk=int(pk))
    except (TypeError, ValueError, OverflowError, Application.DoesNotExist) as error:
        raise unknown from error
    if not is_verified(request, normalise_tracking_number(application.tracking_number)):
        raise unknown
    return application


def submit_rating(
    target, *, level: str, channel: str = Channel.WEBSITE, comment: str = "", name: str = "", phone: str = "",
    ip_hash: str = "", created_at=None, submission_key: str | None = None,
) -> Rating:
    """Record a rating of `target` (a Department, Publication, ReviewPoint or finished Application); a bad one
    with contact details opens a callback case (one without is 无法回访). A request not yet replied to, or already
    rated, is refused with FeedbackError.
    `submission_key`: see portal.idempotency."""
    if level not in Level.values:
        raise FeedbackError(_("请选择满意程度。"))
    if channel not in Channel.values:
        raise FeedbackError(_("评价渠道不正确。"))
    rating = Rating(level=level, channel=channel, comment=comment.strip(), name=name.strip(),
                    phone=phone.strip(), ip_hash=ip_hash, submission_key=submission_key)
    if isinstance(target, Department):
        rating.department = target
    elif isinstance(target, Publication):
        rating.publication, rating.department_id = target, target.department_id
    elif isinstance(target, ReviewPoint):
        rating.review_point, rating.department_id = target, target.department_id
    elif isinstance(target, Application):
        if not application_is_rateable(target):
            raise FeedbackError(_("收到答复后才能评价本次申请的办理。"))
        if Rating.objects.filter(application=target).exists():
            raise FeedbackError(_("该申请已评价。"))
        rating.application, rating.department_id = target, target.department_id
    else:
        raise FeedbackError(_("评价对象不存在。"))
    if created_at is not None:
        rating.created_at = created_at
    try:
        with transaction.atomic():
            rating.save()
            if rating.is_bad and rating.can_be_called_back:
                callbacks.open_case(rating)
    except IntegrityError as error:
        if idempotency.is_taken(Rating, submission_key):
            raise  # the same form was stored meanwhile: idempotency.create_once answers with that rating
        if rating.application_id and Rating.objects.filter(application_id=rating.application_id).exists():
            raise FeedbackError(_("该申请已评价。")) from error
        raise
    return rating
