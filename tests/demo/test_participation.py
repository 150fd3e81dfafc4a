"""The demo's participation: every kind of rated target (replied requests too), callbacks and appeals in every
state, messages, 随手拍 reports in every state."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Application
from catalog.models import Level as DivisionLevel
from catalog.models import ReviewPoint, ReviewPointVisit
from feedback import demo_snapshots, ratings
from feedback.models import Appeal, Callback, Channel, IssueReport, IssueStatus, Message, Rating

pytestmark = pytest.mark.django_db


def rows(queryset):
    return sorted(map(str, queryset))


def snapshot():
    return {
        "ratings": rows(Rating.objects.values_list("level", "department__code", "review_point__name", "created_at",
                                                     "phone", "is_removed", "application__tracking_number",
                                                     "channel")),
        "cases": rows(Callback.objects.values_list("rating__created_at", "status", "callback_due_on",
                                                     "first_called_at", "rectified_at")),
        "appeals": rows(Appeal.objects.values_list("rating__created_at", "status")),
        "messages": rows(Message.objects.values_list("tracking_number", "answered_at", "is_published",
                                                       "answer_level")),
        "visits": rows(ReviewPointVisit.objects.values_list("point__name", "visited_on", "visitors")),
        "issue_reports": rows(IssueReport.objects.values_list("tracking_number", "status", "phone")),
    }


def test_demo_has_review_points_at_three_levels_with_visits():
    assert ReviewPoint.objects.count() >= 6
    assert set(ReviewPoint.objects.values_list("division__level", flat=True)) == set(DivisionLevel.values)
    assert all(point.visits.exists() for point in ReviewPoint.objects.all())


def test_demo_has_ratings_over_eighteen_months_mostly_good():
    ratings = Rating.objects.all()
    oldest = timezone.localdate(ratings.order_by("created_at").first().created_at)
    assert (timezone.localdate() - oldest).days > 500
    assert ratings.satisfied().count() > 5 * ratings.bad().count() > 0
    assert ratings.filter(review_point__isnull=False).exists()
    assert ratings.filter(review_point__isnull=True, publication__isnull=True).exists()


def test_demo_has_callbacks_in_every_state_and_appeals():
    cases = Callback.objects.all()
    assert set(cases.values_list("status", flat=True)) == set(Callback.Status.values)
    assert cases.overdue(on=timezone.localdate()).exists()
    assert set(Appeal.objects.values_list("status", flat=True)) == set(Appeal.Status.values)


def test_demo_has_messages_answered_pending_and_published():
    assert Message.objects.pending().exists()
    assert Message.objects.published().exists()
    assert Message.objects.filter(kind=Message.Kind.CORRECTION).exists()


def test_demo_rates_published_items():
    assert Rating.objects.filter(publication__isnull=False).exists()


def test_demo_has_a_village_case_called_back_by_township_staff():
    from catalog.access import acts_for

    cases = Callback.objects.filter(department__division__level=DivisionLevel.VILLAGE,
                                    attempts__called_by__username="clerk").distinct()
    assert cases.exists()
    for case in cases.select_related("department"):
        caller = case.attempts.filter(called_by__isnull=False).first().called_by
        assert case.department.handled_by in caller.departments.all() and acts_for(caller, case.department)
        assert case.department not in caller.departments.all()


def test_demo_has_bad_ratings_that_cannot_be_called_back_and_no_case_for_them():
    unreachable = Rating.objects.cannot_call_back()
    assert unreachable.exists()
    assert not Callback.objects.filter(rating__in=unreachable).exists()


def test_demo_has_spot_checked_cases_one_reopened():
    from feedback.models import CallbackEvent

    checked = Callback.objects.spot_checked()
    assert checked.count() == 3
    assert CallbackEvent.objects.filter(kind=CallbackEvent.Kind.SPOT_CHECK, is_confirmed=False).count() == 1
    reopened = Callback.objects.get(events__kind=CallbackEvent.Kind.REOPEN)
    assert reopened.is_open


def test_demo_rates_some_replied_requests_once_each_on_the_website():
    rated = Rating.objects.filter(application__isnull=False).select_related("application")
    assert 0 < rated.count() < Application.objects.filter(replied_on__isnull=False).count()
    assert all(ratings.application_is_rateable(rating.application) for rating in rated)
    assert all(rating.department_id == rating.application.department_id for rating in rated)
    assert set(rated.values_list("channel", flat=True)) == {Channel.WEBSITE}
    assert all(rating.rated_on >= rating.application.replied_on for rating in rated)


def test_the_demo_has_issue_reports_in_every_state():
    demo = IssueReport.objects.filter(tracking_number__startswith="SPDEMO")
    assert demo.count() == len(demo_snapshots.REPORTS)
    assert set(demo.values_list("status", flat=True)) == set(IssueStatus.values)
    assert demo.public().count() >= 4
    assert demo.overdue(on=dt.date.today()).exists()
    assert all(report.phone.startswith("1380000") for report in demo)
