"""Ratings: targets, the department they count for, and the querysets the supervision reports use."""

import datetime as dt

import pytest

from catalog.models import Publication
from feedback import appeals, ratings
from feedback.errors import FeedbackError
from feedback.models import Level, Rating
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


def test_department_rating_counts_for_that_department():
    department = factories.department()
    assert ff.rating(department).department == department


def test_review_point_rating_counts_for_the_managing_department():
    point = ff.review_point()
    rating = ff.rating(point)
    assert rating.review_point == point
    assert rating.department == point.department
    assert rating.target_kind == Rating.Target.REVIEW_POINT


def test_publication_rating_counts_for_the_publishing_department():
    publication = factories.publication(status=Publication.Status.PUBLISHED)
    rating = ff.rating(publication)
    assert rating.department == publication.department
    assert rating.target == publication


def test_unknown_level_is_refused():
    with pytest.raises(FeedbackError, match="满意程度"):
        ratings.submit_rating(factories.department(), level="great")


def test_resolve_target_refuses_an_unpublished_item():
    draft = factories.publication()
    with pytest.raises(FeedbackError):
        ratings.resolve_target(Rating.Target.PUBLICATION, draft.pk)


def test_resolve_target_refuses_junk_ids():
    with pytest.raises(FeedbackError):
        ratings.resolve_target(Rating.Target.DEPARTMENT, "abc")


def test_bad_and_satisfied_split_the_five_levels():
    for level in Level.values:
        ff.rating(level=level)
    assert set(Rating.objects.bad().values_list("level", flat=True)) == {"dissatisfied", "very_dissatisfied"}
    assert set(Rating.objects.satisfied().values_list("level", flat=True)) == {"very_satisfied", "satisfied", "basic"}


def test_between_uses_local_dates_inclusive():
    department = factories.department()
    ff.rating(department, created_at=dt.datetime(2026, 2, 28, 16, 30, tzinfo=dt.UTC))  # 1 March 00:30 local
    ff.rating(department, created_at=ff.at(dt.date(2026, 3, 31), 23, 59))
    ff.rating(department, created_at=ff.at(dt.date(2026, 4, 1), 0, 1))
    ff.rating(department, created_at=ff.at(dt.date(2026, 2, 28), 23, 59))
    assert Rating.objects.between(dt.date(2026, 3, 1), dt.date(2026, 3, 31)).count() == 2


def test_for_user_limits_a_clerk_to_their_departments():
    mine, theirs = factories.department(), factories.department()
    kept = ff.rating(mine)
    ff.rating(theirs)
    assert list(Rating.objects.for_user(factories.clerk(mine))) == [kept]
    assert Rating.objects.for_user(factories.supervisor()).count() == 2


def test_upheld_appeal_removes_the_rating_from_counted_but_keeps_it():
    department = factories.department()
    rating = ff.bad_rating(department)
    appeal = appeals.file_appeal(rating, by=factories.clerk(department), reason="不属于本单位职责")
    appeals.decide_appeal(appeal, by=factories.supervisor(), uphold=True, note="核实成立")
    assert Rating.objects.filter(pk=rating.pk).exists()
    assert not Rating.objects.counted().filter(pk=rating.pk).exists()
