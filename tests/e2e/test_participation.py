"""On a 375 px phone: a citizen answers a satisfaction survey, and comments on a draft policy, then reads the
published feedback (采纳情况) once the period has closed and the office has answered."""

import datetime as dt

import pytest
from django.utils import timezone

from feedback import comments, consultations
from feedback.models import Comment, Consultation, Question, SurveyResponse
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll
from tests.feedback import consultation_factories as cf
from tests.feedback import survey_factories as sf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}


def test_citizen_answers_a_survey_on_a_phone(page, live_server):
    today = timezone.localdate()
    survey = sf.standard_survey(factories.department(name="县政府办公室"), title="政务公开群众满意度调查",
                                opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10))
    steps = page.steps
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/feedback/")
    page.get_by_role("link", name="满意度调查").first.click()
    page.get_by_role("link", name="政务公开群众满意度调查").click()
    steps.shot("questionnaire")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="提交问卷").click()
    steps.shot("required-questions-missing")
    assert page.get_by_text("请回答本题。").first.is_visible()
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("公开栏").check()
    page.get_by_label("教育").check()
    page.get_by_label("医疗").check()
    page.get_by_label("4. 您的意见建议").fill("希望村里的公开栏也能扫码看。")
    page.get_by_role("button", name="提交问卷").click()
    steps.shot("thanks")
    assert page.get_by_text("问卷已提交").is_visible()
    stored = SurveyResponse.objects.get()
    assert stored.is_valid and stored.channel == SurveyResponse.Channel.ONLINE
    rating = stored.answers.get(question__kind=Question.Kind.RATING)
    assert rating.number == 2  # 满意, the second of the five levels
    page.goto(f"{live_server.url}/feedback/surveys/{survey.pk}/")
    steps.shot("answered-already")
    assert page.get_by_text("您已经填写过本问卷").is_visible()


def test_citizen_comments_on_a_draft_and_reads_the_feedback_after_it_closes(page, live_server, department, clerk):
    today = timezone.localdate()
    item = cf.consultation(department, title="示范县临时救助实施办法（征求意见稿）",
                           opens_on=today - dt.timedelta(days=5), closes_on=today + dt.timedelta(days=24))
    steps = page.steps
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/feedback/consultations/")
    page.get_by_role("link", name="示范县临时救助实施办法（征求意见稿）").click()
    steps.shot("draft")
    assert no_horizontal_scroll(page)
    page.get_by_label("您的意见").fill("建议把申请材料列成清单，一次告知。")
    page.get_by_label("需要工作人员联系我").check()
    page.get_by_role("button", name="提交意见").click()
    steps.shot("reply-needs-contact")
    assert page.get_by_text("需要答复的，请填写联系电话。").first.is_visible()
    page.locator("#id_name").fill("王女士")
    page.locator("#id_phone").fill("13800001234")
    page.get_by_label("公开我的称呼").check()
    page.get_by_role("button", name="提交意见").click()
    steps.shot("submitted")
    assert page.get_by_text("经工作人员审核后公开显示").first.is_visible()
    assert page.get_by_text("建议把申请材料列成清单").count() == 0  # not shown before moderation

    # The office moderates and answers it; the period ends; the office publishes the feedback.
    comment = Comment.objects.get()
    comments.show(comment, by=clerk)
    Comment.objects.filter(pk=comment.pk).update(adoption=Comment.Adoption.ADOPTED)
    Consultation.objects.filter(pk=item.pk).update(opens_on=today - dt.timedelta(days=40),
                                                   closes_on=today - dt.timedelta(days=1),
                                                   feedback_summary="共收到意见1条，已全部采纳。")
    consultations.publish_feedback(item, by=clerk)

    page.reload()
    steps.shot("feedback")
    assert page.get_by_role("heading", name="意见采纳情况").is_visible()
    assert page.get_by_text("共收到意见1条，已全部采纳。").is_visible()
    assert page.get_by_text("王女士").is_visible()
    assert page.get_by_text("13800001234").count() == 0
    assert no_horizontal_scroll(page)
