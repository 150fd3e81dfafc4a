"""Answering a survey: the validity rule and the one function that stores a questionnaire, online or from paper.

A questionnaire missing an answer to a required question is invalid (无效问卷): it is stored and counted as
returned, never as valid. Paper questionnaires are entered as they were filled in, so an invalid one is normal;
the online form asks for the missing answers instead (`require_complete`). An answer that cannot be right (an
option number the question does not have, two options on a single-choice question) refuses the whole
questionnaire with a Chinese message, and nothing is stored.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from catalog.access import acts_for, is_signed_in
from feedback.errors import FeedbackError
from feedback.models import Answer, Question, Survey, SurveyResponse

TEXT_MAX_CHARS = 1000
PAPER_PERMISSION = "feedback.enter_paper_responses"


def missing_required(questions, answers: dict) -> list:
    """The required questions `answers` (question pk → list of numbers, or text) leaves unanswered, in order."""
    return [q for q in questions if q.is_required and not _is_answered(answers.get(q.pk))]


def _is_answered(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def check_answers(questions, answers: dict) -> None:
    """Refuse answers that no questionnaire could carry (FeedbackError naming the question)."""
    known = {q.pk for q in questions}
    if set(answers) - known:
        raise FeedbackError("答卷中有不属于本问卷的题目，请刷新页面后重新填写。")
    for q in questions:
        value = answers.get(q.pk)
        if value is None:
            continue
        if q.kind == Question.Kind.TEXT:
            if not isinstance(value, str):
                raise FeedbackError(f"第{q.order}题应填写文字。")
            if len(value) > TEXT_MAX_CHARS:
                raise FeedbackError(f"第{q.order}题的文字不能超过{TEXT_MAX_CHARS}字。")
            continue
        if isinstance(value, str) or any(not isinstance(n, int) for n in value):
            raise FeedbackError(f"第{q.order}题应选择选项。")
        count = len(q.option_list)
        if any(not 1 <= n <= count for n in value):
            raise FeedbackError(f"第{q.order}题只有{count}个选项，请填写1到{count}之间的数字。")
        if len(set(value)) != len(value):
            raise FeedbackError(f"第{q.order}题有重复的选项。")
        if q.kind != Question.Kind.MULTIPLE and len(value) > 1:
            raise FeedbackError(f"第{q.order}题是单选题，只能选一项。")


def check_can_enter_paper(survey: Survey, *, by) -> None:
    if not (is_signed_in(by) and by.has_perm(PAPER_PERMISSION) and acts_for(by, survey.department_id)):
        raise FeedbackError(f"只有“{survey.department}”的工作人员可以录入“{survey}”的纸质问卷。")


def submit_response(survey: Survey, answers: dict, *, channel: str, by=None, paper_number: str = "",
                    require_complete: bool = False, respondent: str = "", ip_hash: str = "",
                    submission_key: str | None = None, on=None) -> SurveyResponse:
    """Store one questionnaire with its answers, all or nothing, and return it.

    Online (`channel` online): the survey must be open on `on` (today); offline: `by` must be entitled to enter the
    survey's paper questionnaires, on any day (paper comes back after the closing date too).
    """
    paper_number = (paper_number or "").strip()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if channel == SurveyResponse.Channel.ONLINE:
            if not survey.is_open(on or timezone.localdate()):
                raise FeedbackError(
                    f"“{survey}”不在填写时间内（{survey.opens_on:%Y-%m-%d}至{survey.closes_on:%Y-%m-%d}）。")
        else:
            check_can_enter_paper(survey, by=by)
            if paper_number and survey.responses.filter(paper_number=paper_number).exists():
                raise FeedbackError(f"编号为“{paper_number}”的纸质问卷已经录入过。")
        questions = list(survey.questions.all())
        answers = {pk: value for pk, value in answers.items() if _is_answered(value)}
        check_answers(questions, answers)
        missing = missing_required(questions, answers)
        if missing and require_complete:
            raise FeedbackError("请回答第" + "、".join(str(q.order) for q in missing) + "题（必答题）。")
        response = SurveyResponse.objects.create(
            survey=survey, channel=channel, is_valid=not missing,
            missing="、".join(str(q.order) for q in missing), paper_number=paper_number,
            entered_by=by if channel == SurveyResponse.Channel.OFFLINE else None,
            respondent=respondent, ip_hash=ip_hash, submission_key=submission_key,
        )
        rows = []
        for q in questions:
            value = answers.get(q.pk)
            if value is None:
                continue
            if isinstance(value, str):
                rows.append(Answer(response=response, question=q, text=value.strip()))
            else:
                rows.extend(Answer(response=response, question=q, number=n) for n in sorted(value))
        Answer.objects.bulk_create(rows)
    return response


def results(survey: Survey) -> list[dict]:
    """Per question of `survey`, over its valid questionnaires: how many answered it and, per option, how many
    chose it (three queries whatever the number of questionnaires)."""
    questions = list(survey.questions.all())
    valid = Answer.objects.filter(response__survey=survey, response__is_valid=True)
    counts = {(row["question_id"], row["number"]): row["n"] for row in (
        valid.filter(number__isnull=False).values("question_id", "number").annotate(n=Count("pk")))}
    answered = {row["question_id"]: row["n"] for row in (
        valid.values("question_id").annotate(n=Count("response_id", distinct=True)))}
    found = []
    for q in questions:
        options = [{"number": i, "label": label, "count": counts.get((q.pk, i), 0)}
                   for i, label in enumerate(q.option_list, start=1)]
        found.append({"question": q, "options": options, "answered": answered.get(q.pk, 0)})
    return found
