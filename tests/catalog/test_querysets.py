"""The catalogue's query names: review queue, list loading, validity at a day, required and covered entries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Department, Division, Entry, Publication
from tests import factories as f
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date
S = Publication.Status


@pytest.fixture
def bureau():
    return f.department(f.county(), name="县民政局", short_name="民政局")


def pending(department, **fields):
    return f.publication(department_=department, status=S.PENDING, **fields)


def test_awaiting_review_by_lists_pending_items_of_the_reviewers_departments_not_their_own(bureau):
    reviewer = f.reviewer(bureau)
    colleague = f.clerk(bureau)
    theirs = pending(bureau, created_by=colleague, submitted_by=colleague)
    pending(bureau, created_by=reviewer, submitted_by=colleague)  # drafted by the reviewer
    pending(bureau, created_by=colleague, submitted_by=reviewer)  # submitted by the reviewer
    f.publication(department_=bureau, status=S.DRAFT, created_by=colleague)
    pending(f.department(), created_by=colleague, submitted_by=colleague)  # another department's
    assert list(Publication.objects.awaiting_review_by(reviewer)) == [theirs]


def test_awaiting_review_by_is_empty_for_clerks_and_everything_pending_for_superusers(bureau):
    clerk = f.clerk(bureau)
    elsewhere = pending(f.department())
    mine = pending(bureau)
    assert not Publication.objects.awaiting_review_by(clerk).exists()
    superuser = f.user(is_superuser=True, is_staff=True)
    assert set(Publication.objects.awaiting_review_by(superuser)) == {elsewhere, mine}


def test_for_lists_loads_names_in_one_query_without_the_body(bureau):
    f.publication(department_=bureau, status=S.PUBLISHED, body="<p>正文</p>")
    with CaptureQueriesContext(connection) as queries:
        rows = list(Publication.objects.public().for_lists())
        names = [(row.department.name, row.division.name) for row in rows]
    assert len(queries) == 1 and names == [("县民政局", "测试县")]
    assert "body" in rows[0].get_deferred_fields()


def test_valid_on_keeps_items_valid_at_the_end_of_the_day(bureau):
    entry = f.entry()
    valid = f.publication(entry, bureau, status=S.PUBLISHED, published_at=rf.at(D(2026, 3, 31), 23))
    repealed_later = f.publication(entry, bureau, status=S.PUBLISHED, published_at=rf.at(D(2026, 1, 5)),
                                   validity=Publication.Validity.REPEALED, validity_changed_on=D(2026, 4, 1))
    f.publication(entry, bureau, status=S.PUBLISHED, published_at=rf.at(D(2026, 1, 5)),
                  validity=Publication.Validity.EXPIRED, validity_changed_on=D(2026, 3, 31))
    f.publication(entry, bureau, status=S.PUBLISHED, published_at=rf.at(D(2026, 4, 1), 0))
    f.publication(entry, bureau, status=S.WITHDRAWN, published_at=rf.at(D(2026, 1, 5)))
    assert set(Publication.objects.valid_on(D(2026, 3, 31))) == {valid, repealed_later}


def test_required_of_keeps_the_leaves_of_the_level_that_name_the_department_or_nobody(bureau):
    domain = f.domain()
    top = f.entry(domain, name="社会救助")
    named = f.entry(domain, parent=top, publisher_text="县民政局")
    unnamed = f.entry(domain, parent=top)
    f.entry(domain, parent=top, publisher_text="县教育局")
    f.entry(domain, name="村务", is_county_level=False, is_township_level=False, is_village_level=True)
    assert set(Entry.objects.required_of(bureau)) == {named, unnamed}


def test_covered_by_counts_required_entries_with_a_publication_valid_that_day(bureau):
    domain = f.domain()
    top = f.entry(domain)
    covered, uncovered, later = (f.entry(domain, parent=top) for _n in range(3))
    f.publication(covered, bureau, status=S.PUBLISHED, published_at=rf.at(D(2026, 3, 2)))
    f.publication(uncovered, f.department(), status=S.PUBLISHED, published_at=rf.at(D(2026, 3, 2)))
    f.publication(later, bureau, status=S.PUBLISHED, published_at=rf.at(D(2026, 4, 2)))
    assert list(Entry.objects.covered_by(bureau, on=D(2026, 3, 31))) == [covered]


def test_governments_are_the_county_and_townships_and_the_county_office_is_found():
    county = f.county()
    town = f.township(county)
    f.village(town)
    assert set(Division.objects.governments()) == {county, town}
    assert list(Division.objects.county()) == [county]
    office = f.department(county, is_disclosure_office=True)
    f.department(town, is_disclosure_office=True)
    assert list(Department.objects.county_disclosure_office()) == [office]
