"""Appeals against ratings (申诉复核, DESIGN §5): a department appeals, a supervisor upholds or dismisses.

An upheld appeal removes the rating from the department's figures (`Rating.objects.counted()`) and closes its
open callback case; the rating itself is never deleted.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.access import acts_for, is_signed_in
from catalog.roles import is_supervisor
from feedback.errors import FeedbackError
from feedback.models import Appeal, Callback, Rating
from portal import steps
from portal.steps import Step


def check_can_file(rating: Rating, *, by, reason: str) -> None:
    if rating.is_removed:
        raise FeedbackError(_("该评价已因申诉成立不计入统计。"))
    if not acts_for(by, rating.department_id):
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


PENDING = frozenset({Appeal.Status.PENDING})
DECISION_FORM = "feedback.admin.DecisionForm"

# A department files an appeal (the admin's add form); a supervisor, and no department, decides it.
STEPS = {step.name: step for step in [
    Step("uphold", "申诉成立", PENDING, Appeal.Status.UPHELD, form=DECISION_FORM, note_label="复核意见"),
    Step("dismiss", "驳回申诉", PENDING, Appeal.Status.DISMISSED, form=DECISION_FORM),
]}


def check(step_name: str, appeal: Appeal, *, by) -> Step:
    check_can_decide(appeal, by=by)
    return STEPS[step_name]


def allowed_steps(appeal: Appeal, user) -> list[Step]:
    return steps.allowed(STEPS, check, appeal, user)


def uphold(appeal: Appeal, *, by, note: str, at=None) -> Appeal:
    """The rating was mistaken or untrue: it leaves the department's figures (the note says why)."""
    return decide_appeal(appeal, by=by, uphold=True, note=note, at=at)


def dismiss(appeal: Appeal, *, by, note: str = "", at=None) -> Appeal:
    return decide_appeal(appeal, by=by, uphold=False, note=note, at=at)


def check_can_decide(appeal: Appeal, *, by) -> None:
    if not (is_signed_in(by) and is_supervisor(by)):
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
