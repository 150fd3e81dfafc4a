"""The callback loop (受理-核实-整改-反馈-回访, DESIGN §5), one function per step.

A bad rating opens a case due for a callback within settings.CALLBACK_DUE_WORKDAYS working days and for
rectification within settings.RECTIFICATION_DUE_WORKDAYS, both counted from the day of the rating. The case
stays open until a callback that reached the citizen records them as satisfied, or a supervisor closes it with
a reason. Only a callback that reached the citizen counts as "called back". A bad rating without contact details
opens no case (无法回访, RatingQuerySet.cannot_call_back). Closing a case as resolved needs the record of what was
fixed (and, where the rated item was corrected, a link to the corrected item).

Supervisors sample closed cases for a spot-check call (CallbackQuerySet.spot_check_sample, `spot_check`) and
may reopen a closed case with a reason (`reopen`); both are written to the case's append-only CallbackEvent log.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.access import acts_for, is_signed_in
from catalog.models import Publication
from catalog.roles import is_supervisor
from feedback.errors import FeedbackError
from feedback.models import Callback, CallbackAttempt, CallbackEvent, Rating
from portal import steps
from portal.steps import Step
from portal.workdays import add_workdays, any_provisional


def due_dates(opened_on: dt.date) -> tuple[dt.date, dt.date]:
    """(callback due, rectification due) for a case opened on `opened_on`; the opening day is not counted."""
    return (
        add_workdays(opened_on, settings.CALLBACK_DUE_WORKDAYS),
        add_workdays(opened_on, settings.RECTIFICATION_DUE_WORKDAYS),
    )


def check_can_open(rating: Rating) -> None:
    if Callback.objects.filter(rating=rating).exists():
        raise FeedbackError(_("该评价已有回访记录。"))
    if rating.cannot_be_called_back:
        raise FeedbackError(_("该差评未留联系方式，无法回访。"))
    if not rating.can_be_called_back:
        raise FeedbackError(_("只有留有联系电话的差评，或留有意见和联系电话的评价，才能发起回访。"))


def open_case(rating: Rating, *, opened_on: dt.date | None = None) -> Callback:
    """Open the callback case of `rating`, its due dates counted from `opened_on` (default: the rating's day)."""
    check_can_open(rating)
    opened_on = opened_on or rating.rated_on
    callback_due_on, rectification_due_on = due_dates(opened_on)
    return Callback.objects.create(
        rating=rating,
        department_id=rating.department_id,
        opened_on=opened_on,
        callback_due_on=callback_due_on,
        rectification_due_on=rectification_due_on,
        due_dates_provisional=any_provisional(opened_on, rectification_due_on),
        next_due_on=callback_due_on,
    )


#: The permission of department staff who call citizens back and record rectification (not supervisors).
RECORD_PERMISSION = "feedback.add_callbackattempt"
OPEN = frozenset({Callback.Status.OPEN})
CLOSED = frozenset({Callback.Status.CLOSED_SATISFIED, Callback.Status.CLOSED_BY_SUPERVISOR})

# The steps of an open case. The department's staff record contacts (the admin's inline of attempts) and
# rectification; closing without the citizen's satisfaction is a supervisor's alone, not a department's work, and
# so are the spot-check call on a closed case and reopening it.
STEPS = {step.name: step for step in [
    Step("record_attempt", "登记回访", OPEN, None, RECORD_PERMISSION, admin=False),
    Step("record_rectification", "登记整改措施", OPEN, None, RECORD_PERMISSION,
         "feedback.admin.RectificationForm"),
    Step("close_by_supervisor", "督查员关闭回访", OPEN, Callback.Status.CLOSED_BY_SUPERVISOR,
         form="portal.admin_steps.ReasonForm", note_label="关闭理由"),
    Step("spot_check", "抽查回访", CLOSED, None, form="feedback.admin.SpotCheckForm", note_label="抽查情况"),
    Step("reopen", "重新打开", CLOSED, Callback.Status.OPEN, form="portal.admin_steps.ReasonForm",
         note_label="重新打开理由"),
]}


def check(step_name: str, case: Callback, *, by) -> Step:
    """Raise FeedbackError unless `by` may take the step on the case now (its text aside)."""
    if step_name == "close_by_supervisor":
        check_can_close(case, by=by, reason=None)
    elif step_name in ("spot_check", "reopen"):
        check_can_supervise_closed(case, by=by, note=None)
    else:
        check_can_record(case, by=by)
    return STEPS[step_name]


def allowed_steps(case: Callback, user) -> list[Step]:
    return steps.allowed(STEPS, check, case, user)


def check_can_record(
    case: Callback, *, by=None, is_reached: bool = True, is_satisfied: bool = False, rectification: str = "",
) -> None:
    """Refuse unless the case is open and `by` (None: the system) acts for the case's department; a satisfied
    citizen closes the case, which needs the record of what was fixed (on the case or in `rectification`)."""
    if by is not None and not (by.has_perm(RECORD_PERMISSION) and acts_for(by, case.department_id)):
        raise FeedbackError(_("只有本单位的工作人员可以登记回访和整改情况。"))
    if not case.is_open:
        raise FeedbackError(_("该回访已办结，不能再登记。"))
    if is_satisfied and not is_reached:
        raise FeedbackError(_("未联系上群众，不能登记为满意。"))
    if is_satisfied and not (case.rectification.strip() or rectification.strip()):
        raise FeedbackError(_("办结前须登记整改措施（整改了什么）。"))


def record_attempt(
    case: Callback, *, by, method: str = CallbackAttempt.Method.PHONE, is_reached: bool = True,
    citizen_said: str = "", rectification: str = "", is_satisfied: bool = False, called_at=None,
) -> CallbackAttempt:
    """Log one contact with the citizen; a reached, satisfied citizen closes the case, anything else keeps it open."""
    called_at = called_at or timezone.now()
    with transaction.atomic():
        case = Callback.objects.select_for_update().get(pk=case.pk)
        check_can_record(case, by=by, is_reached=is_reached, is_satisfied=is_satisfied, rectification=rectification)
        attempt = CallbackAttempt.objects.create(
            callback=case, called_at=called_at, called_by=by, method=method, is_reached=is_reached,
            citizen_said=citizen_said.strip(), rectification=rectification.strip(), is_satisfied=is_satisfied,
        )
        if is_reached and case.first_called_at is None:
            case.first_called_at = called_at
        if attempt.rectification:
            _add_rectification(case, attempt.rectification, called_at)
        if is_satisfied:
            case.status = Callback.Status.CLOSED_SATISFIED
            case.closed_at, case.closed_by = called_at, by
            case.close_reason = attempt.citizen_said or _("群众表示满意。")
        case.next_due_on = case.callback_due_on if case.first_called_at is None else case.rectification_due_on
        case.save()
    return attempt


def record_rectification(
    case: Callback, *, by, rectification: str, corrected_publication: Publication | None = None, at=None,
) -> Callback:
    """Record the rectification taken, and the corrected item when the rated one was put right (a public item of
    the rated department); the case stays open until the citizen is called back on the result."""
    if not rectification.strip():
        raise FeedbackError(_("请填写整改措施。"))
    with transaction.atomic():
        case = Callback.objects.select_for_update().select_related("rating").get(pk=case.pk)
        check_can_record(case, by=by)
        if corrected_publication is not None:
            check_corrected_publication(case, corrected_publication)
            case.corrected_publication = corrected_publication
        _add_rectification(case, rectification.strip(), at or timezone.now())
        case.save()
    return case


def check_corrected_publication(case: Callback, publication: Publication) -> None:
    if not Publication.objects.public().filter(pk=publication.pk, department_id=case.rating.department_id).exists():
        raise FeedbackError(_("整改后的信息应是被评价单位已公开的信息。"))


def _add_rectification(case: Callback, text: str, at) -> None:
    case.rectification = f"{case.rectification}\n{text}".strip() if case.rectification else text
    if case.rectified_at is None:
        case.rectified_at = at


def check_can_close(case: Callback, *, by, reason: str | None) -> None:
    """Refuse unless `by` is a supervisor and the case open; `reason=None` skips the reason check."""
    if not (is_signed_in(by) and is_supervisor(by)):
        raise FeedbackError(_("只有督查员可以关闭回访。"))
    if not case.is_open:
        raise FeedbackError(_("该回访已办结。"))
    if reason is not None and not reason.strip():
        raise FeedbackError(_("关闭回访须填写理由。"))


def close_by_supervisor(case: Callback, *, by, reason: str, at=None) -> Callback:
    """A supervisor closes a case the citizen has not declared resolved, giving the reason."""
    with transaction.atomic():
        case = Callback.objects.select_for_update().get(pk=case.pk)
        check_can_close(case, by=by, reason=reason)
        case.status = Callback.Status.CLOSED_BY_SUPERVISOR
        case.closed_at, case.closed_by, case.close_reason = at or timezone.now(), by, reason.strip()
        case.save()
    return case


def check_can_supervise_closed(case: Callback, *, by, note: str | None) -> None:
    """Refuse unless `by` is a supervisor and the case closed; `note=None` skips the note check."""
    if not (is_signed_in(by) and is_supervisor(by)):
        raise FeedbackError(_("只有督查员可以抽查或重新打开回访。"))
    if case.is_open:
        raise FeedbackError(_("该回访尚未办结。"))
    if note is not None and not note.strip():
        raise FeedbackError(_("请填写说明。"))


def spot_check(case: Callback, *, by, is_confirmed: bool, note: str, at=None) -> CallbackEvent:
    """A supervisor's spot-check call on a closed case: whether the citizen confirms it was put right, and notes.
    A case the citizen does not confirm stays closed until the supervisor reopens it (`reopen`)."""
    with transaction.atomic():
        case = Callback.objects.select_for_update().get(pk=case.pk)
        check_can_supervise_closed(case, by=by, note=note)
        return CallbackEvent.objects.create(callback=case, kind=CallbackEvent.Kind.SPOT_CHECK, by=by,
                                            at=at or timezone.now(), is_confirmed=is_confirmed, note=note.strip())


def reopen(case: Callback, *, by, reason: str, at=None) -> Callback:
    """A supervisor reopens a closed case, giving the reason. The rectification record stays, but the case counts
    as not rectified until the department records it again; its due dates are unchanged (late work shows late)."""
    with transaction.atomic():
        case = Callback.objects.select_for_update().get(pk=case.pk)
        check_can_supervise_closed(case, by=by, note=reason)
        CallbackEvent.objects.create(callback=case, kind=CallbackEvent.Kind.REOPEN, by=by, at=at or timezone.now(),
                                     note=reason.strip())
        case.status = Callback.Status.OPEN
        case.closed_at, case.closed_by, case.close_reason = None, None, ""
        case.rectified_at = None
        case.next_due_on = case.callback_due_on if case.first_called_at is None else case.rectification_due_on
        case.save()
    return case
