"""随手拍 on the quarterly sheet: each unit's replied, on-time and overdue reports and their ratings; the weight is
0 by default (scores as before) and weighs in once the supervisor sets it."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from feedback import snapshots
from feedback.models import IssueReport, Level
from portal.reports import assessment
from portal.reports.scope import Period
from tests import factories
from tests.feedback.factories import at
from tests.feedback.snapshot_factories import Place, report
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
Q1 = Period(2026, 1)


@pytest.fixture(autouse=True)
def photo_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _dispatched(place, handler, on: dt.date, workdays: int) -> IssueReport:
    with time_machine.travel(at(on, 9), tick=False):
        made = report(place)
        snapshots.dispatch(made, by=place.township_clerk, department=handler, workdays=workdays)
    return IssueReport.objects.get(pk=made.pk)


@pytest.fixture
def quarter():
    """县民政局 gets three reports in Q1 2026, each due 5 working days after dispatch:
    - dispatched Monday 2 March (due Monday 9 March), replied 6 March: on time, rated 非常满意;
    - dispatched Monday 9 March (due Monday 16 March), replied 20 March: late, rated 不满意;
    - dispatched Monday 16 March (due Monday 23 March), not replied by the end of the quarter: overdue."""
    place = Place()
    handler = factories.department(name="县民政局")
    clerk = factories.clerk(handler)
    first = _dispatched(place, handler, dt.date(2026, 3, 2), 5)
    second = _dispatched(place, handler, dt.date(2026, 3, 9), 5)
    _dispatched(place, handler, dt.date(2026, 3, 16), 5)
    for made, replied_on, level in ((first, dt.date(2026, 3, 6), Level.VERY_SATISFIED),
                                    (second, dt.date(2026, 3, 20), Level.DISSATISFIED)):
        snapshots.reply(made, by=clerk, text="已处理。", at=at(replied_on, 15))
        snapshots.rate(made, level=level, at=at(replied_on, 20))
    return {"county": factories.county(), "handler": handler}


def _row(sheet, department):
    return next(row for row in sheet.rows if row.department == department)


def test_the_sheet_counts_each_units_reports(quarter):
    row = _row(assessment.build(quarter["county"], Q1, dt.date(2026, 4, 15)), quarter["handler"])
    assert (row.issues_replied, row.issues_on_time, row.issues_overdue) == (2, 1, 1)
    assert row.issue_rate == Decimal("0.5000")
    assert (row.issue_ratings, row.issue_satisfaction_rate) == (2, Decimal("0.5000"))
    assert row.ratings == 2  # the same ratings count among the unit's ratings


def test_the_default_weight_is_zero_so_scores_do_not_change(quarter):
    row = _row(assessment.build(quarter["county"], Q1, dt.date(2026, 4, 15)), quarter["handler"])
    # Only the satisfaction rate applies to this unit (no entries, publications, requests or messages):
    # satisfaction 15 × 0.5; callbacks 10 × 0 (the bad rating was not called back); rectification 10 × 0
    # = 7.5 ÷ 35 = 21.4. The 随手拍 rate, weight 0, is left out.
    assert row.score == Decimal("21.4")


def test_the_weight_the_supervisor_sets_counts(quarter):
    rf.assessment_rule(2026, weight_messages=0, weight_issues=5)
    row = _row(assessment.build(quarter["county"], Q1, dt.date(2026, 4, 15)), quarter["handler"])
    # satisfaction 15 × 0.5 + callbacks 10 × 0 + rectification 10 × 0 + 随手拍 5 × 0.5 = 10 ÷ 40 = 25.0.
    assert row.score == Decimal("25.0")


def test_a_unit_without_reports_shows_the_rate_as_not_applicable(quarter):
    other = factories.department(name="县教育局")
    row = _row(assessment.build(quarter["county"], Q1, dt.date(2026, 4, 15)), other)
    assert row.issue_rate is None
