"""意见征集 step by step: an office publishes a draft for comment, the public comments (`submit_comment`), and once
the period is over the office publishes how it dealt with the comments (采纳情况).

The consultation's steps are one table (`STEPS`, portal.steps); comments have their own (feedback.comments).
"""

from django.db import transaction
from django.utils import timezone

from catalog.access import acts_for, is_signed_in
from feedback.errors import FeedbackError
from feedback.models import Comment, Consultation
from feedback.models.consultations import period_problem
from portal import steps
from portal.steps import Step

C = Consultation.Status
PERMISSION = "feedback.change_consultation"
BODY_MAX_CHARS = 2000

STEPS = {step.name: step for step in [
    Step("publish", "发布征求意见", frozenset({C.DRAFT}), C.PUBLISHED, PERMISSION),
    Step("publish_feedback", "公布意见采纳情况", frozenset({C.PUBLISHED}), C.CONCLUDED, PERMISSION),
]}


def check(step_name: str, consultation: Consultation, *, by, on=None) -> Step:
    step = STEPS[step_name]
    if not is_signed_in(by):
        raise FeedbackError("请先登录。")
    if not step.allows(consultation.status):
        raise FeedbackError(f"“{consultation}”当前为“{consultation.get_status_display()}”，不能{step.label}。")
    if not (by.has_perm(step.permission) and acts_for(by, consultation.department_id)):
        raise FeedbackError(f"只有“{consultation.department}”的工作人员可以{step.label}。")
    on = on or timezone.localdate()
    if step_name == "publish":
        problem = period_problem(consultation.opens_on, consultation.closes_on, consultation.shortened_reason)
        if problem:
            raise FeedbackError(problem)
    if step_name == "publish_feedback":
        if not consultation.has_closed(on):
            raise FeedbackError(f"征求意见至{consultation.closes_on:%Y年%m月%d日}截止，截止后才能公布采纳情况。")
        waiting = consultation.comments.pending().count()
        if waiting:
            raise FeedbackError(f"还有{waiting}条意见未审核，请先审核全部意见。")
        undecided = consultation.comments.shown().filter(adoption="").count()
        if undecided:
            raise FeedbackError(f"还有{undecided}条公开的意见未填写采纳情况。")
        unexplained = (consultation.comments.shown().exclude(adoption=Comment.Adoption.ADOPTED)
                       .filter(adoption_note="").count())
        if unexplained:
            raise FeedbackError(f"还有{unexplained}条部分采纳或未采纳的意见未说明理由。")
        if not consultation.feedback_summary.strip():
            raise FeedbackError("请填写意见采纳情况说明。")
    return step


def allowed_steps(consultation: Consultation, user) -> list[Step]:
    return steps.allowed(STEPS, check, consultation, user)


def _perform(step_name: str, consultation: Consultation, *, by, on=None) -> Consultation:
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        step = check(step_name, locked, by=by, on=on)
        locked.status = step.target
        if step_name == "publish":
            locked.published_at = timezone.now()
        else:
            locked.feedback_published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "feedback_published_at"])
    consultation.refresh_from_db()
    return consultation


def publish(consultation: Consultation, *, by, note: str = "", on=None) -> Consultation:
    return _perform("publish", consultation, by=by, on=on)


def publish_feedback(consultation: Consultation, *, by, note: str = "", on=None) -> Consultation:
    return _perform("publish_feedback", consultation, by=by, on=on)


def submit_comment(consultation: Consultation, *, body: str, name: str = "", phone: str = "",
                   wants_reply: bool = False, show_name: bool = False, ip_hash: str = "",
                   submission_key: str | None = None, on=None) -> Comment:
    """Store a citizen's comment, pending moderation. A commenter who wants a reply gives a name and a phone."""
    body, name, phone = (body or "").strip(), (name or "").strip(), (phone or "").strip()
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not locked.is_open(on or timezone.localdate()):
            raise FeedbackError("该征求意见不在意见提交时间内。")
        if not body:
            raise FeedbackError("请填写意见内容。")
        if len(body) > BODY_MAX_CHARS:
            raise FeedbackError(f"意见内容不能超过{BODY_MAX_CHARS}字。")
        if wants_reply and not (name and phone):
            raise FeedbackError("需要回复的，请填写称呼和联系电话。")
        if show_name and not name:
            raise FeedbackError("请填写要公开的称呼，或不勾选“公开我的称呼”。")
        return Comment.objects.create(consultation=locked, body=body, name=name, phone=phone,
                                      wants_reply=wants_reply, show_name=show_name, ip_hash=ip_hash,
                                      submission_key=submission_key)
