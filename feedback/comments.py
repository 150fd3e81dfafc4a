"""Moderating comments on a draft (意见征集): each comment waits until staff show it, or keep it off the public page
with a reason (abuse, advertising, personal data, nothing to do with the draft). A hidden comment still counts
among the comments received."""

from django.db import transaction
from django.utils import timezone

from catalog.access import acts_for, is_signed_in
from feedback.errors import FeedbackError
from feedback.models import Comment, Consultation
from portal import steps
from portal.steps import Step

M = Comment.Status
PERMISSION = "feedback.change_comment"

STEPS = {step.name: step for step in [
    Step("show", "审核通过并公开", frozenset({M.PENDING}), M.SHOWN, PERMISSION),
    Step("hide", "不予公开", frozenset({M.PENDING, M.SHOWN}), M.HIDDEN, PERMISSION, "portal.admin_steps.ReasonForm",
         "不予公开的原因"),
]}


def check(step_name: str, comment: Comment, *, by, reason: str | None = None) -> Step:
    step = STEPS[step_name]
    consultation = comment.consultation
    if not is_signed_in(by):
        raise FeedbackError("请先登录。")
    if not step.allows(comment.status):
        raise FeedbackError(f"该意见当前为“{comment.get_status_display()}”，不能{step.label}。")
    if not (by.has_perm(step.permission) and acts_for(by, consultation.department_id)):
        raise FeedbackError(f"只有“{consultation.department}”的工作人员可以审核意见。")
    if consultation.status == Consultation.Status.CONCLUDED:
        raise FeedbackError("采纳情况已公布，意见不能再改变公开状态。")
    if reason is not None and step.needs_note and not reason.strip():
        raise FeedbackError(f"请填写{step.note_label}。")
    return step


def allowed_steps(comment: Comment, user) -> list[Step]:
    return steps.allowed(STEPS, check, comment, user)


def _perform(step_name: str, comment: Comment, *, by, reason: str = "") -> Comment:
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        step = check(step_name, locked, by=by, reason=reason)
        locked.status = step.target
        locked.moderated_by, locked.moderated_at = by, timezone.now()
        locked.hidden_reason = reason.strip() if step_name == "hide" else ""
        locked.save(update_fields=["status", "moderated_by", "moderated_at", "hidden_reason"])
    comment.refresh_from_db()
    return comment


def show(comment: Comment, *, by, note: str = "") -> Comment:
    return _perform("show", comment, by=by)


def hide(comment: Comment, *, by, reason: str) -> Comment:
    return _perform("hide", comment, by=by, reason=reason)
