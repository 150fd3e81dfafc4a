"""Factories for satisfaction surveys."""

import datetime as dt

from feedback.models import Question, Survey
from tests import factories


def survey(department=None, *, opens_on=dt.date(2026, 3, 2), closes_on=dt.date(2026, 3, 31), is_published=True,
           **fields):
    return Survey.objects.create(
        department=department or factories.department(), title=fields.pop("title", "政务公开满意度调查"),
        opens_on=opens_on, closes_on=closes_on, is_published=is_published, **fields,
    )


def question(survey_, order, text="您对政务公开工作是否满意？", kind=Question.Kind.RATING, options="",
             is_required=True):
    return Question.objects.create(survey=survey_, order=order, text=text, kind=kind, options=options,
                                   is_required=is_required)


def standard_survey(department=None, **fields):
    """Four questions: 1 rating (required), 2 single choice (required), 3 multiple choice (optional),
    4 text (optional)."""
    made = survey(department, **fields)
    question(made, 1)
    question(made, 2, "您主要通过什么渠道了解政务公开信息？", Question.Kind.SINGLE, "政府网站\n公开栏\n微信公众号")
    question(made, 3, "您最关注哪些信息？", Question.Kind.MULTIPLE, "社会救助\n教育\n医疗\n就业", is_required=False)
    question(made, 4, "您的意见建议", Question.Kind.TEXT, is_required=False)
    return made


def answers(made, rating=None, single=None, multiple=None, text=None) -> dict:
    """The answers dict for `standard_survey`, by question order."""
    by_order = {q.order: q.pk for q in made.questions.all()}
    found = {}
    for order, value in ((1, rating), (2, single), (3, multiple), (4, text)):
        if value is not None:
            found[by_order[order]] = value if isinstance(value, (list, str)) else [value]
    return found
