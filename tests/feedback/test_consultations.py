"""意见征集: the comment period rule, both step tables (every step from every state), comments and their
moderation, and the feedback (采纳情况) published after the period."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from feedback import comments, consultations
from feedback.errors import FeedbackError
from feedback.models import Comment, Consultation
from feedback.models.consultations import comment_days, period_problem
from tests import factories
from tests.feedback import consultation_factories as cf

pytestmark = pytest.mark.django_db
C, M = Consultation.Status, Comment.Status
IN_MARCH, AFTER = dt.date(2026, 3, 10), dt.date(2026, 4, 1)


# ---- the comment period -----------------------------------------------------------------------------------


def test_comment_days_count_both_ends():
    assert comment_days(dt.date(2026, 3, 2), dt.date(2026, 3, 31)) == 30  # 2 … 31 March
    assert comment_days(dt.date(2026, 3, 2), dt.date(2026, 3, 2)) == 1


def test_thirty_days_need_no_reason_and_twenty_nine_do():
    assert period_problem(dt.date(2026, 3, 2), dt.date(2026, 3, 31), "") == ""
    assert "29日，少于30日" in period_problem(dt.date(2026, 3, 2), dt.date(2026, 3, 30), "")
    assert period_problem(dt.date(2026, 3, 2), dt.date(2026, 3, 16), "涉及汛期安全，需尽快出台") == ""


def test_closing_before_opening_is_refused_on_the_form():
    item = Consultation(title="t", explanation="e", draft_text="d", opens_on=dt.date(2026, 3, 2),
                        closes_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="截止日期不能早于开始日期"):
        item.clean()


def test_publishing_a_short_period_without_reason_is_refused(department, clerk):
    item = cf.consultation(department, status=C.DRAFT, closes_on=dt.date(2026, 3, 20))
    with pytest.raises(FeedbackError, match="请填写缩短期限的理由"):
        consultations.publish(item, by=clerk)
    item.refresh_from_db()
    assert item.status == C.DRAFT and item.published_at is None


# ---- the consultation's step table --------------------------------------------------------------------------


def _ready_for_feedback(item):
    cf.comment(item, status=M.SHOWN, adoption=Comment.Adoption.ADOPTED)
    Consultation.objects.filter(pk=item.pk).update(feedback_summary="共收到意见1条，已采纳。")
    item.refresh_from_db()


@pytest.mark.parametrize("name", list(consultations.STEPS))
def test_each_consultation_step_is_allowed_exactly_from_its_source_states(name, department, clerk):
    step = consultations.STEPS[name]
    for status in C.values:
        item = cf.consultation(department, status=status)
        _ready_for_feedback(item)
        if step.allows(status):
            getattr(consultations, name)(item, by=clerk, on=AFTER)
            assert Consultation.objects.get(pk=item.pk).status == step.target
        else:
            with pytest.raises(FeedbackError, match="不能"):
                getattr(consultations, name)(item, by=clerk, on=AFTER)
            assert Consultation.objects.get(pk=item.pk).status == status


def test_only_the_departments_staff_take_the_steps(department, other_department):
    item = cf.consultation(department, status=C.DRAFT)
    with pytest.raises(FeedbackError, match="工作人员"):
        consultations.publish(item, by=factories.clerk(other_department))
    with pytest.raises(FeedbackError, match="工作人员"):
        consultations.publish(item, by=factories.supervisor())
    assert consultations.allowed_steps(item, factories.clerk(department))[0].name == "publish"


def test_feedback_waits_for_the_closing_date(department, clerk):
    item = cf.consultation(department)
    _ready_for_feedback(item)
    with pytest.raises(FeedbackError, match="截止后才能公布"):
        consultations.publish_feedback(item, by=clerk, on=dt.date(2026, 3, 31))
    consultations.publish_feedback(item, by=clerk, on=AFTER)
    assert item.status == C.CONCLUDED and item.feedback_published_at


@pytest.mark.parametrize("comment_fields, message", [
    ({"status": M.PENDING}, "1条意见未审核"),
    ({"status": M.SHOWN}, "1条公开的意见未填写采纳情况"),
    ({"status": M.SHOWN, "adoption": Comment.Adoption.NOT_ADOPTED}, "未说明理由"),
    ({"status": M.SHOWN, "adoption": Comment.Adoption.PARTLY}, "未说明理由"),
])
def test_feedback_needs_every_comment_moderated_and_answered(department, clerk, comment_fields, message):
    item = cf.consultation(department, feedback_summary="总体情况")
    cf.comment(item, **comment_fields)
    with pytest.raises(FeedbackError, match=message):
        consultations.publish_feedback(item, by=clerk, on=AFTER)
    assert Consultation.objects.get(pk=item.pk).status == C.PUBLISHED


def test_feedback_needs_a_summary_but_not_answers_to_hidden_comments(department, clerk):
    item = cf.consultation(department)
    cf.comment(item, status=M.HIDDEN, hidden_reason="广告")
    with pytest.raises(FeedbackError, match="采纳情况说明"):
        consultations.publish_feedback(item, by=clerk, on=AFTER)
    Consultation.objects.filter(pk=item.pk).update(feedback_summary="未收到与本文件有关的意见。")
    consultations.publish_feedback(item, by=clerk, on=AFTER)
    assert Consultation.objects.get(pk=item.pk).status == C.CONCLUDED


# ---- comments and moderation --------------------------------------------------------------------------------


def test_a_comment_is_stored_pending(department):
    item = cf.consultation(department)
    stored = consultations.submit_comment(item, body="  建议增加办理时限。 ", on=IN_MARCH)
    assert stored.status == M.PENDING and stored.body == "建议增加办理时限。"


@pytest.mark.parametrize("fields, message", [
    ({"body": "   "}, "请填写意见内容"),
    ({"body": "字" * 2001}, "不能超过2000字"),
    ({"wants_reply": True, "name": "王先生"}, "称呼和联系电话"),
    ({"wants_reply": True, "phone": "13800000000"}, "称呼和联系电话"),
    ({"show_name": True}, "要公开的称呼"),
])
def test_bad_comments_are_refused_and_nothing_stored(department, fields, message):
    item = cf.consultation(department)
    with pytest.raises(FeedbackError, match=message):
        consultations.submit_comment(item, **{"body": "意见", **fields}, on=IN_MARCH)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("status, on", [(C.DRAFT, IN_MARCH), (C.PUBLISHED, dt.date(2026, 3, 1)),
                                        (C.PUBLISHED, AFTER), (C.CONCLUDED, IN_MARCH)])
def test_comments_only_while_open(department, status, on):
    item = cf.consultation(department, status=status)
    with pytest.raises(FeedbackError, match="不在意见提交时间内"):
        consultations.submit_comment(item, body="意见", on=on)
    assert consultations.submit_comment(cf.consultation(department), body="意见", on=dt.date(2026, 3, 31))


@pytest.mark.parametrize("name", list(comments.STEPS))
def test_each_moderation_step_is_allowed_exactly_from_its_source_states(name, department, clerk):
    step = comments.STEPS[name]
    item = cf.consultation(department)
    kwargs = {"reason": "含有广告"} if name == "hide" else {}
    for status in M.values:
        comment = cf.comment(item, status=status)
        if step.allows(status):
            getattr(comments, name)(comment, by=clerk, **kwargs)
            assert Comment.objects.get(pk=comment.pk).status == step.target
        else:
            with pytest.raises(FeedbackError, match="不能"):
                getattr(comments, name)(comment, by=clerk, **kwargs)
            assert Comment.objects.get(pk=comment.pk).status == status


def test_hiding_needs_a_reason_and_records_it(department, clerk):
    comment = cf.comment(cf.consultation(department))
    with pytest.raises(FeedbackError, match="不予公开的原因"):
        comments.hide(comment, by=clerk, reason=" ")
    comments.hide(comment, by=clerk, reason="与本文件无关")
    assert comment.status == M.HIDDEN and comment.hidden_reason == "与本文件无关" and comment.moderated_by == clerk


def test_moderation_stops_once_the_feedback_is_published(department, clerk):
    comment = cf.comment(cf.consultation(department, status=C.CONCLUDED), status=M.SHOWN)
    with pytest.raises(FeedbackError, match="采纳情况已公布"):
        comments.hide(comment, by=clerk, reason="迟到的隐藏")


def test_moderation_is_for_the_departments_staff(department, other_department):
    comment = cf.comment(cf.consultation(department))
    with pytest.raises(FeedbackError, match="工作人员"):
        comments.show(comment, by=factories.clerk(other_department))
    assert Comment.objects.get(pk=comment.pk).status == M.PENDING
