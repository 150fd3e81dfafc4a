"""Appeals against ratings (申诉复核, DESIGN §5): a department appeals, a supervisor upholds or dismisses.

An upheld appeal removes the rating from the department's figures (`Rating.objects.counted()`) and closes its
open callback case; the rating itself is never deleted.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Department
from catalog.roles import is_supervisor
from feedback.errors import FeedbackError
from feedback.models import Appeal, Callback, Rating


def check_can_file(rating: Rating, *, by, reason: str) -> None:
    if rating.is_removed:
        raise FeedbackError(_("该评价已因申诉成立不计入统计。"))
    if not Department.objects.for_user(by).filter(pk=rating.department_id).exists():
        raise FeedbackError(_("只能对本单位收到的评价提出申诉。"))
    if rating.appeals.pending().exists():
        raise FeedbackError(_("该评价已有待复核的申诉。"))
    if not reason.strip():
        raise FeedbackError(_("请填写申诉理由。"))


def file_appeal(rating: Rating, *, by, reason: str) -> Appeal:
    with transaction.atomic():
        rating = Rating.objects.select_for_update().get(pk=rating.pk)
        check_can_file(rating, by=by, reason=reason)
        return Appeal.objects.create(rating=rating, department_id=rating.department_id, reason=reason.strip(),
                                     filed_by=by, filed_at=timezone.now())


def check_can_decide(appeal: Appeal, *, by) -> None:
    if not is_supervisor(by):
        raise FeedbackError(_("只有督查员可以复核申诉。"))
    if appeal.status != Appeal.Status.PENDING:
        raise FeedbackError(_("该申诉已复核。"))


def decide_appeal(appeal: Appeal, *, by, uphold: bool, note: str = "", at=None) -> Appeal:
    at = at or timezone.now()
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        check_can_decide(appeal, by=by)
        if uphold and not note.strip():
            raise FeedbackError(_("申诉成立须填写复核意见。"))
        appeal.status = Appeal.Status.UPHELD if uphold else Appeal.Status.DISMISSED
        appeal.decided_by, appeal.decided_at, appeal.decision_note = by, at, note.strip()
        appeal.save()
        if uphold:
            Rating.objects.filter(pk=appeal.rating_id).update(is_removed=True)
            Callback.objects.open().filter(rating_id=appeal.rating_id).update(
                status=Callback.Status.CLOSED_BY_SUPERVISOR, closed_at=at, closed_by=by,
                close_reason=_("申诉成立：%(note)s") % {"note": note.strip()},
            )
    return appeal
