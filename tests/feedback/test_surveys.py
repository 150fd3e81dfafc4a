"""Satisfaction surveys: the validity rule, the figures as counties report them, and storing questionnaires."""

import datetime as dt
from decimal import Decimal

import pytest

from feedback import surveys
from feedback.errors import FeedbackError
from feedback.models import Answer, Question, Survey, SurveyResponse
from feedback.models.surveys import SurveyFigures
from tests import factories
from tests.feedback import survey_factories as sf

pytestmark = pytest.mark.django_db

ONLINE, OFFLINE = SurveyResponse.Channel.ONLINE, SurveyResponse.Channel.OFFLINE
IN_MARCH = dt.date(2026, 3, 10)


def test_xuhui_figures_are_reported_as_the_county_printed_them():
    # Xuhui's pilot: 54 online + 716 on paper = 770 returned; 38 paper questionnaires missed a required answer,
    # so 770 - 38 = 732 valid; 732 / 770 = 0.950649… → 95.1 %.
    survey = sf.survey(issued_count=800)
    rows = [SurveyResponse(survey=survey, channel=ONLINE, is_valid=True) for _n in range(54)]
    rows += [SurveyResponse(survey=survey, channel=OFFLINE, is_valid=n >= 38) for n in range(716)]
    SurveyResponse.objects.bulk_create(rows)
    figures = survey.figures()
    assert (figures.issued, figures.online, figures.offline) == (800, 54, 716)
    assert (figures.returned, figures.valid, figures.invalid) == (770, 732, 38)
    assert figures.valid_rate == Decimal("95.1")
    assert figures.return_rate == Decimal("96.3")  # 770 / 800 = 0.9625 → 96.3 (half up)


def test_rates_round_half_up_and_are_none_without_a_denominator():
    assert SurveyFigures(issued=0, online=0, offline=8, valid=7).valid_rate == Decimal("87.5")
    assert SurveyFigures(issued=0, online=0, offline=8, valid=7).return_rate is None
    assert SurveyFigures(issued=10, online=0, offline=0, valid=0).valid_rate is None


def test_missing_required_answer_is_stored_returned_and_invalid(clerk, department):
    survey = sf.standard_survey(department)
    response = surveys.submit_response(survey, sf.answers(survey, rating=2, text="很好"), channel=OFFLINE, by=clerk)
    assert not response.is_valid
    assert response.missing == "2"
    assert response.answers.count() == 2
    figures = survey.figures()
    assert (figures.returned, figures.offline, figures.valid) == (1, 1, 0)


def test_complete_questionnaire_is_valid_without_optional_answers(clerk, department):
    survey = sf.standard_survey(department)
    response = surveys.submit_response(survey, sf.answers(survey, rating=1, single=3), channel=OFFLINE, by=clerk)
    assert response.is_valid and response.missing == ""


def test_blank_text_does_not_answer_a_required_text_question(clerk, department):
    survey = sf.survey(department)
    sf.question(survey, 1, "意见", Question.Kind.TEXT)
    response = surveys.submit_response(survey, {survey.questions.get().pk: "   "}, channel=OFFLINE, by=clerk)
    assert not response.is_valid


@pytest.mark.parametrize("bad, message", [
    ({"single": [4]}, "第2题只有3个选项"),
    ({"single": [1, 2]}, "第2题是单选题"),
    ({"rating": [6]}, "第1题只有5个选项"),
    ({"multiple": [1, 1]}, "第3题有重复的选项"),
    ({"text": "字" * 1001}, "第4题的文字不能超过1000字"),
])
def test_impossible_answers_are_refused_and_nothing_is_stored(clerk, department, bad, message):
    survey = sf.standard_survey(department)
    with pytest.raises(FeedbackError, match=message):
        surveys.submit_response(survey, sf.answers(survey, **{"rating": 1, "single": 1, **bad}), channel=OFFLINE,
                                by=clerk)
    assert not SurveyResponse.objects.exists() and not Answer.objects.exists()


def test_answer_to_another_surveys_question_is_refused(clerk, department):
    survey, other = sf.standard_survey(department), sf.standard_survey(department)
    with pytest.raises(FeedbackError, match="不属于本问卷"):
        surveys.submit_response(survey, sf.answers(other, rating=1), channel=OFFLINE, by=clerk)
    assert not SurveyResponse.objects.exists()


def test_online_questionnaire_must_be_complete_and_in_time(department):
    survey = sf.standard_survey(department)
    with pytest.raises(FeedbackError, match="请回答第2题"):
        surveys.submit_response(survey, sf.answers(survey, rating=1), channel=ONLINE, require_complete=True,
                                on=IN_MARCH)
    with pytest.raises(FeedbackError, match="不在填写时间内"):
        surveys.submit_response(survey, sf.answers(survey, rating=1, single=1), channel=ONLINE,
                                on=dt.date(2026, 4, 1))
    assert not SurveyResponse.objects.exists()
    assert surveys.submit_response(survey, sf.answers(survey, rating=1, single=1), channel=ONLINE,
                                   on=dt.date(2026, 3, 31)).is_valid  # the closing day still counts


def test_unpublished_survey_takes_no_online_answers(department):
    survey = sf.standard_survey(department, is_published=False)
    with pytest.raises(FeedbackError):
        surveys.submit_response(survey, sf.answers(survey, rating=1, single=1), channel=ONLINE, on=IN_MARCH)


def test_paper_entry_needs_a_clerk_of_the_department_and_works_after_closing(department, other_department):
    survey = sf.standard_survey(department)
    outsider = factories.clerk(other_department)
    with pytest.raises(FeedbackError, match="只有"):
        surveys.submit_response(survey, {}, channel=OFFLINE, by=outsider)
    with pytest.raises(FeedbackError):
        surveys.submit_response(survey, {}, channel=OFFLINE, by=None)
    insider = factories.clerk(department)
    assert surveys.submit_response(survey, sf.answers(survey, rating=1, single=1), channel=OFFLINE, by=insider,
                                   on=dt.date(2026, 5, 1)).is_valid


def test_a_paper_number_is_entered_once(clerk, department):
    survey = sf.standard_survey(department)
    surveys.submit_response(survey, {}, channel=OFFLINE, by=clerk, paper_number="A-001")
    with pytest.raises(FeedbackError, match="A-001"):
        surveys.submit_response(survey, {}, channel=OFFLINE, by=clerk, paper_number=" A-001 ")
    assert SurveyResponse.objects.count() == 1


def test_results_count_valid_questionnaires_only(clerk, department):
    survey = sf.standard_survey(department)
    surveys.submit_response(survey, sf.answers(survey, rating=1, single=2, multiple=[1, 3]), channel=OFFLINE,
                            by=clerk)
    surveys.submit_response(survey, sf.answers(survey, rating=1, single=2, multiple=[3]), channel=OFFLINE, by=clerk)
    surveys.submit_response(survey, sf.answers(survey, rating=5), channel=OFFLINE, by=clerk)  # invalid: no 2
    rows = {row["question"].order: row for row in surveys.results(survey)}
    assert [o["count"] for o in rows[1]["options"]] == [2, 0, 0, 0, 0]
    assert [o["count"] for o in rows[2]["options"]] == [0, 2, 0]
    assert [o["count"] for o in rows[3]["options"]] == [1, 0, 2, 0]
    assert rows[3]["answered"] == 2  # respondents, not ticks
    assert rows[4]["options"] == []


@pytest.mark.parametrize("kind, options, message", [
    (Question.Kind.SINGLE, "只有一个", "至少要有两个选项"),
    (Question.Kind.MULTIPLE, "甲\n甲", "不能重复"),
    (Question.Kind.SINGLE, "\n".join("一二三四五六七八九十"), "最多九个"),
    (Question.Kind.RATING, "满意\n不满意", "不需要填写选项"),
])
def test_question_options_are_checked(kind, options, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        Question(survey=Survey(), order=1, text="题目", kind=kind, options=options).clean()


def test_closing_before_opening_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="截止日期不能早于开始日期"):
        Survey(title="t", opens_on=dt.date(2026, 3, 2), closes_on=dt.date(2026, 3, 1)).clean()
