"""Records for the reports' hand-built data sets, made straight through the ORM with exact dates.

The workflows of the other apps are tested there; here each record is placed where a figure must count it.
"""

import datetime as dt
import itertools

from django.utils import timezone

from applications.classification import ApplicantKind
from applications.models import Application, Status, Transfer
from feedback.models import Callback, Message, Rating
from portal.reports.models import AnnualReportInput, AssessmentRule, ReviewCase

_seq = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """An aware local datetime on `day`."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def application(department, *, received_on, kind=ApplicantKind.NATURAL_PERSON, status=Status.PROCESSING,
                **fields):
    n = next(_seq)
    return Application.objects.create(
        department=department, applicant_kind=kind, applicant_name=f"申请人{n}", phone="13800000000",
        description="请公开本单位2025年度部门预算。", received_on=received_on, status=status,
        tracking_number=f"T{n:010d}", **fields,
    )


def concluded(department, *, received_on, concluded_on, outcome, reason="", replied_on=None, due_on=None,
              status=Status.REPLIED, **fields):
    return application(
        department, received_on=received_on, status=status, outcome=outcome, reason=reason,
        concluded_on=concluded_on, replied_on=replied_on, due_on=due_on, **fields,
    )


def transfer(application_, to_department, on):
    Transfer.objects.create(application=application_, from_department=application_.department,
                            to_department=to_department, on=on)
    application_.department = to_department
    application_.save(update_fields=["department"])
    return application_


def rating(department, *, level, on: dt.date, is_removed=False, **fields):
    return Rating.objects.create(department=department, level=level, created_at=at(on), is_removed=is_removed,
                                 **fields)


def callback(rating_, *, callback_due_on, rectification_due_on, first_called_on=None, rectified_on=None,
             status=Callback.Status.OPEN):
    return Callback.objects.create(
        rating=rating_, department=rating_.department, opened_on=timezone.localdate(rating_.created_at),
        callback_due_on=callback_due_on, rectification_due_on=rectification_due_on, next_due_on=callback_due_on,
        first_called_at=at(first_called_on) if first_called_on else None,
        rectified_at=at(rectified_on) if rectified_on else None, status=status,
    )


def message(department, *, on: dt.date, due_on: dt.date, answered_on: dt.date | None = None):
    n = next(_seq)
    return Message.objects.create(
        tracking_number=f"M{n:010d}", department=department, subject="咨询低保申请材料", body="请问需要哪些材料？",
        created_at=at(on), due_on=due_on, answered_at=at(answered_on) if answered_on else None,
        answer="已答复。" if answered_on else "",
    )


def assessment_rule(year, **fields):
    return AssessmentRule.objects.create(year=year, **fields)


def annual_input(division, year, **fields):
    return AnnualReportInput.objects.create(division=division, year=year, **fields)


def review_case(report, kind, result, **fields):
    return ReviewCase.objects.create(report=report, kind=kind, result=result, **fields)
