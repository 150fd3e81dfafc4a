"""The forms of a survey: the citizen's questionnaire online and the clerk's keyboard-only paper entry.

Both clean to the answers `feedback.surveys.submit_response` takes: question pk → list of option numbers, or text.
"""

import re

from django import forms

from feedback.forms import HoneypotMixin
from feedback.models import Question
from feedback.surveys import TEXT_MAX_CHARS
from portal.idempotency import SubmissionKeyMixin
from portal.plain_messages import PlainMessagesMixin

ANSWER_MISSING = "请回答本题。"


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class SurveyForm(PlainMessagesMixin, SubmissionKeyMixin, HoneypotMixin):
    """The questionnaire online: radio buttons, check boxes and text areas; required questions must be answered."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            choices = [(str(i), label) for i, label in enumerate(q.option_list, start=1)]
            label = f"{q.order}. {q.text}"
            if q.kind == Question.Kind.TEXT:
                field = forms.CharField(label=label, required=False, max_length=TEXT_MAX_CHARS,
                                        widget=forms.Textarea(attrs={"rows": 4}))
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(label=label + "（可多选）", required=False, choices=choices,
                                                  widget=forms.CheckboxSelectMultiple)
            else:
                field = forms.ChoiceField(label=label, required=False, choices=choices, widget=forms.RadioSelect)
            field.question = q
            field.is_answer_required = q.is_required
            self.fields[field_name(q)] = field

    def answer_fields(self):
        return [self[field_name(q)] for q in self.questions]

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            name = field_name(q)
            if q.is_required and name not in self.errors and not cleaned.get(name):
                self.add_error(name, ANSWER_MISSING)
        return cleaned

    def answers(self) -> dict:
        found = {}
        for q in self.questions:
            value = self.cleaned_data.get(field_name(q))
            if not value:
                continue
            if q.kind == Question.Kind.TEXT:
                found[q.pk] = value
            elif isinstance(value, list):
                found[q.pk] = [int(v) for v in value]
            else:
                found[q.pk] = [int(value)]
        return found


DIGITS = re.compile(r"[\s,，、]+")


class PaperForm(PlainMessagesMixin, forms.Form):
    """One paper questionnaire, typed in: a digit per chosen option (several digits for a multiple-choice
    question, e.g. 134), the rating's level as a digit (1 = 非常满意 … 5 = 非常不满意), the text as written; a blank
    is an unanswered question. The fields follow the paper's order, so Tab goes through them in order."""

    paper_number = forms.CharField(label="问卷编号（可选）", required=False, max_length=30)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            options = q.option_list
            if q.kind == Question.Kind.TEXT:
                field = forms.CharField(label=f"{q.order}. {q.text}", required=False, max_length=TEXT_MAX_CHARS,
                                        widget=forms.Textarea(attrs={"rows": 2}))
            else:
                hint = "  ".join(f"{i} {label}" for i, label in enumerate(options, start=1))
                many = "，多选连续输入数字，如 13" if q.kind == Question.Kind.MULTIPLE else ""
                field = forms.CharField(
                    label=f"{q.order}. {q.text}", required=False, max_length=20, help_text=hint + many,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
                )
            field.question = q
            self.fields[field_name(q)] = field
        first = self.fields[field_name(self.questions[0])] if self.questions else self.fields["paper_number"]
        first.widget.attrs["autofocus"] = True

    def _clean_digits(self, q: Question, raw: str) -> list[int]:
        text = DIGITS.sub("", raw or "")
        count = len(q.option_list)
        if not text:
            return []
        if not text.isdigit() or any(not 1 <= int(c) <= count for c in text):
            raise forms.ValidationError(f"请填写1到{count}之间的数字。")
        numbers = [int(c) for c in text]
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError("同一选项输入了两次。")
        if q.kind != Question.Kind.MULTIPLE and len(numbers) > 1:
            raise forms.ValidationError("单选题只能填一个数字。")
        return numbers

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            name = field_name(q)
            if name in self.errors or q.kind == Question.Kind.TEXT:
                continue
            try:
                cleaned[name] = self._clean_digits(q, cleaned.get(name, ""))
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def answers(self) -> dict:
        found = {}
        for q in self.questions:
            value = self.cleaned_data.get(field_name(q))
            if value:
                found[q.pk] = value.strip() if isinstance(value, str) else value
        return found
