"""Freshness of an entry's items (最近更新 / 即将到期 / 待更新): the date rule, the staff list, the public pages.

November 2026 has no holidays; Saturday 31 October 2026 is a rest day.
"""

import datetime as dt

import pytest
from django.urls import reverse

from catalog import freshness
from catalog.excel.elements import parse_update_cycle
from catalog.freshness import Freshness
from catalog.models import Entry, Publication
from tests import factories as f
from tests.portal import reports_factories as rf

D = dt.date
Cycle = Entry.UpdateCycle


@pytest.mark.parametrize(
    ("day", "cycle", "end"),
    [
        (D(2026, 2, 10), Cycle.MONTHLY, D(2026, 2, 28)),
        (D(2026, 12, 3), Cycle.MONTHLY, D(2026, 12, 31)),
        (D(2026, 5, 15), Cycle.QUARTERLY, D(2026, 6, 30)),
        (D(2026, 10, 1), Cycle.QUARTERLY, D(2026, 12, 31)),
        (D(2026, 1, 1), Cycle.QUARTERLY, D(2026, 3, 31)),
        (D(2026, 7, 9), Cycle.YEARLY, D(2026, 12, 31)),
    ],
)
def test_period_end_is_the_last_day_of_the_month_quarter_or_year(day, cycle, end):
    assert freshness.period_end(day, cycle) == end


@pytest.mark.django_db
def test_monthly_entry_is_due_the_limit_in_working_days_after_the_month_ends():
    # Updated Tue 20 Oct 2026; October ends Sat 31 Oct. 20 working days after it: Nov 2–6 (5), 9–13 (10),
    # 16–20 (15), 23–27 (20) → Fri 27 Nov.
    assert freshness.update_due_on(Cycle.MONTHLY, D(2026, 10, 20), 20) == D(2026, 11, 27)


@pytest.mark.django_db
def test_quarterly_entry_is_due_after_the_quarter_ends():
    # Updated Mon 2 Nov 2026; the quarter ends Thu 31 Dec 2026; 2027 falls back to the statutory holidays:
    # 1 Jan off; 10 working days after 31 Dec: Jan 4–8 (5), 11–15 (10) → Fri 15 Jan 2027.
    assert freshness.update_due_on(Cycle.QUARTERLY, D(2026, 11, 2), 10) == D(2027, 1, 15)


@pytest.mark.django_db
def test_realtime_entry_is_due_the_limit_after_the_latest_update():
    # 5 working days after Mon 2 Nov 2026: 3, 4, 5, 6, Mon 9 Nov.
    assert freshness.update_due_on(Cycle.REALTIME, D(2026, 11, 2), 5) == D(2026, 11, 9)


def test_entry_updated_as_events_happen_has_no_due_date():
    assert freshness.update_due_on(Cycle.ON_CHANGE, D(2026, 11, 2), 20) is None
    assert freshness.state(None, D(2030, 1, 1)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 19), Freshness.UP_TO_DATE),  # 6 working days before Fri 27 Nov: 20, 23, 24, 25, 26, 27
        (D(2026, 11, 20), Freshness.DUE_SOON),  # 5 working days before: 23, 24, 25, 26, 27
        (D(2026, 11, 27), Freshness.DUE_SOON),  # the due day itself
        (D(2026, 11, 28), Freshness.OVERDUE),  # the day after
    ],
)
def test_state_from_the_due_date(today, expected):
    assert freshness.state(D(2026, 11, 27), today) == expected


@pytest.mark.parametrize(
    ("text", "cycle"),
    [
        ("每月10日前公开上月数据", Cycle.MONTHLY),
        ("每季度结束后10个工作日内", Cycle.QUARTERLY),
        ("每年1月31日前公开上一年度情况", Cycle.YEARLY),
        ("实时更新", Cycle.REALTIME),
        ("自信息形成或者变更之日起20个工作日内", Cycle.ON_CHANGE),
        ("", Cycle.ON_CHANGE),
    ],
)
def test_update_cycle_read_from_the_time_limit(text, cycle):
    assert parse_update_cycle(text) == cycle


@pytest.fixture
def monthly(db, department):
    domain = f.domain()
    entry = f.entry(domain, name="低保金发放情况", update_cycle=Cycle.MONTHLY, time_limit_workdays=20,
                    publisher_text=department.name)
    f.publication(entry, department, status=Publication.Status.PUBLISHED, published_at=rf.at(D(2026, 10, 20)))
    return entry


def test_overdue_for_counts_an_entry_only_after_its_due_date(monthly, department):
    assert list(Entry.objects.overdue_for(department, on=D(2026, 11, 27))) == []
    assert list(Entry.objects.overdue_for(department, on=D(2026, 11, 30))) == [monthly]


def test_a_newer_update_makes_the_entry_up_to_date_again(monthly, department):
    f.publication(monthly, department, status=Publication.Status.PUBLISHED, published_at=rf.at(D(2026, 11, 25)))
    assert list(Entry.objects.overdue_for(department, on=D(2026, 11, 30))) == []


def test_a_withdrawn_item_is_no_update(monthly, department):
    f.publication(monthly, department, status=Publication.Status.WITHDRAWN, published_at=rf.at(D(2026, 11, 25)))
    assert list(Entry.objects.overdue_for(department, on=D(2026, 11, 30))) == [monthly]


def test_another_departments_update_does_not_count(monthly, department, other_department):
    f.publication(monthly, other_department, status=Publication.Status.PUBLISHED,
                  published_at=rf.at(D(2026, 11, 25)))
    assert list(Entry.objects.overdue_for(department, on=D(2026, 11, 30))) == [monthly]


def test_overdue_entries_for_a_clerk_are_those_of_their_departments(monthly, clerk, department, other_department,
                                                                   time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0))
    outsider = f.clerk(other_department)
    entries = freshness.overdue_entries_for(clerk)
    assert entries == [monthly] and entries[0].overdue_departments == [department.display_name]
    assert freshness.overdue_entries_for(outsider) == []


def test_admin_list_filtered_to_overdue_entries(monthly, department, admin_client):
    f.entry(monthly.domain, name="按需公开的事项")
    url = freshness.overdue_changelist_url(department, D(2026, 11, 30))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [monthly]
    assert admin_client.get(reverse("admin:catalog_entry_changelist") + "?overdue_for=1..nodate").status_code != 500


def test_entry_page_shows_the_latest_update_and_the_overdue_mark(monthly, department, client, time_machine,
                                                                django_assert_max_num_queries):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0))
    division = department.division
    url = reverse("catalog:entry", args=[monthly.pk]) + f"?division={division.code}"
    with django_assert_max_num_queries(13 + f.FOOTER_QUERIES):  # 13: with the place breadcrumbs
        page = client.get(url).content.decode()
    assert "最近更新：2026年10月20日" in page and "待更新" in page
    county_wide = client.get(reverse("catalog:entry", args=[monthly.pk])).content.decode()
    assert "最近更新：2026年10月20日" in county_wide and "stale-mark" not in county_wide


def test_division_page_marks_overdue_entries_with_constant_queries(department, client, time_machine,
                                                                  django_assert_num_queries,
                                                                  django_assert_max_num_queries):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0))
    domain = f.domain()
    division = department.division

    def add(name, day):
        entry = f.entry(domain, name=name, update_cycle=Cycle.MONTHLY)
        f.publication(entry, department, status=Publication.Status.PUBLISHED, published_at=rf.at(day))

    add("一月一报", D(2026, 10, 20))
    url = reverse("catalog:division", args=[division.code])
    with django_assert_max_num_queries(100) as one:
        page = client.get(url).content.decode()
    assert "最近更新：2026年10月20日" in page and "stale-mark" in page
    for n in range(5):
        add(f"事项{n}", D(2026, 11, 25))
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("stale-mark") == 1 and page.count("最近更新：2026年11月25日") == 5


def test_a_clerk_opens_the_list_of_their_overdue_entries(monthly, department, clerk, client, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0))
    client.force_login(clerk)
    response = client.get(freshness.overdue_changelist_url(department))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [monthly]
