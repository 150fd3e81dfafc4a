"""Visitors per day per review point."""

import datetime as dt

import pytest

from catalog.models import ReviewPoint
from feedback.reports import visitors_per_day
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


def test_visitors_per_day_lists_every_day_with_zero_for_days_not_logged():
    point = ff.review_point()
    ff.visit(point, dt.date(2026, 3, 2), visitors=12, enquiries=3)
    ff.visit(point, dt.date(2026, 3, 4), visitors=6, enquiries=1)
    [row] = visitors_per_day(dt.date(2026, 3, 2), dt.date(2026, 3, 4), points=ReviewPoint.objects.all())
    assert row.days == [(dt.date(2026, 3, 2), 12, 3), (dt.date(2026, 3, 3), 0, 0), (dt.date(2026, 3, 4), 6, 1)]


def test_visitors_per_day_mean_is_over_every_day_of_the_period():
    point = ff.review_point()
    ff.visit(point, dt.date(2026, 3, 2), visitors=12)
    ff.visit(point, dt.date(2026, 3, 4), visitors=6)
    [row] = visitors_per_day(dt.date(2026, 3, 1), dt.date(2026, 3, 4), points=ReviewPoint.objects.all())
    assert row.visitors == 18
    assert row.visitors_per_day == 4.5  # 18 visitors over 4 days


def test_visitors_per_day_keeps_points_apart_and_ignores_days_outside():
    first, second = ff.review_point(), ff.review_point()
    ff.visit(first, dt.date(2026, 3, 2), visitors=5)
    ff.visit(second, dt.date(2026, 3, 2), visitors=7)
    ff.visit(second, dt.date(2026, 3, 5), visitors=100)
    rows = visitors_per_day(dt.date(2026, 3, 2), dt.date(2026, 3, 2), points=ReviewPoint.objects.order_by("pk"))
    assert [(row.point, row.visitors) for row in rows] == [(first, 5), (second, 7)]


def test_visitors_per_day_runs_two_queries_for_many_points(django_assert_num_queries):
    for _n in range(5):
        point = ff.review_point()
        ff.visit(point, dt.date(2026, 3, 2))
    with django_assert_num_queries(2):
        visitors_per_day(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
