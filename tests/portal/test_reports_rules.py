"""Assessment rules: validation, grade thresholds, periods and the SVG charts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portal.reports import assessment, charts
from portal.reports.models import AssessmentRule
from portal.reports.scope import Period, ReportScopeError


def rule(**fields):
    return AssessmentRule(year=2026, **fields)


def test_weights_must_add_up_to_100():
    with pytest.raises(ValidationError, match="权重之和应为100"):
        rule(weight_messages=10).clean()


def test_green_threshold_must_be_above_yellow():
    with pytest.raises(ValidationError) as error:
        rule(green_min=Decimal("70"), yellow_min=Decimal("70")).clean()
    assert "green_min" in error.value.message_dict


def test_default_rule_is_valid():
    rule().clean()


@pytest.mark.parametrize(("score", "grade"), [
    (Decimal("100"), "green"), (Decimal("90.0"), "green"), (Decimal("89.9"), "yellow"),
    (Decimal("75.0"), "yellow"), (Decimal("74.9"), "red"), (Decimal("0"), "red"), (None, ""),
])
def test_grade_thresholds_include_their_lower_bound(score, grade):
    assert assessment.grade(score, rule()) == grade


def test_score_never_falls_below_zero():
    row = assessment.Row(department=None, entries_required=1, entries_covered=1, requests_overdue=100)
    assert assessment.score(row, rule()) == Decimal("0.0")


def test_score_is_none_when_no_rate_applies():
    assert assessment.score(assessment.Row(department=None), rule()) is None


def test_quarter_bounds():
    assert (Period(2026, 1).start, Period(2026, 1).end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert (Period(2026, 4).start, Period(2026, 4).end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_quarter_of_a_day_and_the_one_before():
    assert Period.quarter_of(dt.date(2026, 11, 22)) == Period(2026, 4)
    assert Period(2026, 1).previous() == Period(2025, 4)


@pytest.mark.parametrize(("year", "quarter"), [("abc", 1), ("2026", "5"), ("1999", 1), (None, None)])
def test_junk_periods_are_refused_with_a_message(year, quarter):
    with pytest.raises(ReportScopeError):
        Period.parse(year, quarter)


def test_bar_chart_scales_percentages_to_the_full_width():
    chart = charts.bars("按时率", ["甲", "乙"], [charts.Series("率", [Decimal("1"), Decimal("0.5")])], is_percent=True)
    full, half = chart.shapes
    assert half["width"] * 2 == pytest.approx(full["width"], abs=0.2)
    assert chart.table_rows == [{"category": "甲", "values": ["100.0%"]}, {"category": "乙", "values": ["50.0%"]}]


def test_line_chart_skips_months_without_data():
    chart = charts.over_time("满意率", ["1月", "2月", "3月"], [charts.Series("率", [Decimal("0.8"), None, 1])],
                             kind="line", is_percent=True)
    assert len(chart.polylines[0]["points"].split()) == 2
    assert chart.table_rows[1]["values"] == ["—"]


def test_chart_with_only_zeros_is_empty():
    assert charts.over_time("申请", ["1月"], [charts.Series("件", [0])]).is_empty
