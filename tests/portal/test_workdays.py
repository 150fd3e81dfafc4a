"""The working-day calendar on real 2025 and 2026 schedules, overrides and unknown years (DESIGN §3)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal import workdays
from portal.models import CalendarOverride, CalendarYear
from portal.workdays import WorkCalendar, build_schedule

D = dt.date


def package_calendar(overrides=None):
    """A calendar over chinese_calendar alone (no database), for property tests."""
    return WorkCalendar(lambda year: build_schedule(year, overrides or {}))


def test_add_workdays_does_not_count_the_first_day():
    # Mon 2 Mar 2026 + 20 workdays: 3–6 Mar (4), 9–13 (5), 16–20 (5), 23–27 (5), 30 Mar (1) = 20.
    assert package_calendar().add_workdays(D(2026, 3, 2), 20) == D(2026, 3, 30)


def test_national_day_2025_is_skipped_and_make_up_saturday_counts():
    cal = package_calendar()
    # 国庆+中秋 2025: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct are make-up workdays.
    assert not cal.is_workday(D(2025, 10, 1))
    assert not cal.is_workday(D(2025, 10, 8))
    assert cal.is_workday(D(2025, 9, 28))
    assert cal.is_workday(D(2025, 10, 11))
    # From Fri 26 Sep: Sun 28 (1), Mon 29 (2), Tue 30 (3), Thu 9 Oct (4), Fri 10 (5).
    assert cal.add_workdays(D(2025, 9, 26), 5) == D(2025, 10, 10)


def test_spring_festival_2026_is_skipped_and_make_up_days_count():
    cal = package_calendar()
    # 春节 2026: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are make-up workdays.
    assert cal.is_workday(D(2026, 2, 14))
    assert not cal.is_workday(D(2026, 2, 16))
    assert not cal.is_workday(D(2026, 2, 23))
    assert cal.is_workday(D(2026, 2, 28))
    # From Fri 13 Feb: Sat 14 (1), Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5), Sat 28 (6).
    assert cal.add_workdays(D(2026, 2, 13), 6) == D(2026, 2, 28)


def test_national_day_2026_request_due_date():
    cal = package_calendar()
    # 国庆 2026: 1–7 Oct off; Sun 20 Sep and Sat 10 Oct work. From Wed 30 Sep, 20 workdays:
    # Thu 8 (1), Fri 9 (2), Sat 10 (3), 12–16 (8), 19–23 (13), 26–30 (18), Mon 2 Nov (19), Tue 3 Nov (20).
    assert cal.add_workdays(D(2026, 9, 30), 20) == D(2026, 11, 3)


def test_workdays_between_counts_after_start_up_to_and_including_end():
    cal = package_calendar()
    assert cal.workdays_between(D(2026, 3, 2), D(2026, 3, 30)) == 20
    assert cal.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert cal.workdays_between(D(2026, 3, 30), D(2026, 3, 2)) == -20


def test_year_outside_the_package_falls_back_to_monday_to_friday_and_is_provisional():
    cal = package_calendar()
    assert cal.is_provisional(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 1))  # a Friday; New Year unknown until entered
    assert not cal.is_workday(D(2027, 1, 2))
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.any_provisional(D(2026, 12, 20), D(2027, 1, 20))


@pytest.mark.django_db
def test_database_override_turns_a_weekday_into_a_holiday_and_a_saturday_into_a_workday():
    CalendarOverride.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    CalendarOverride.objects.create(date=D(2027, 1, 9), is_workday=True, note="调休上班")
    assert not workdays.is_workday(D(2027, 1, 1))
    assert workdays.is_workday(D(2027, 1, 9))
    # From Thu 31 Dec 2026: Mon 4 (1) … Fri 8 (5), Sat 9 (6).
    assert workdays.add_workdays(D(2026, 12, 31), 6) == D(2027, 1, 9)


@pytest.mark.django_db
def test_override_can_correct_a_year_the_package_knows():
    CalendarOverride.objects.create(date=D(2026, 10, 9), is_workday=False, note="本县调整")
    assert not workdays.is_workday(D(2026, 10, 9))


@pytest.mark.django_db
def test_saving_an_override_is_seen_at_once():
    assert workdays.is_workday(D(2027, 2, 8))
    CalendarOverride.objects.create(date=D(2027, 2, 8), is_workday=False)
    assert not workdays.is_workday(D(2027, 2, 8))


@pytest.mark.django_db
def test_confirmed_year_is_no_longer_provisional():
    assert workdays.is_provisional(D(2027, 5, 1))
    CalendarYear.objects.create(year=2027, is_confirmed=True)
    assert not workdays.is_provisional(D(2027, 5, 1))
    assert CalendarYear.years_needing_schedule(D(2026, 11, 22)) == []


@pytest.mark.django_db
def test_years_needing_schedule_lists_next_year_when_unknown():
    assert CalendarYear.years_needing_schedule(D(2026, 11, 22)) == [2027]


@given(start=st.dates(D(2005, 1, 1), D(2026, 6, 30)), n=st.integers(0, 60))
def test_workdays_between_inverts_add_workdays(start, n):
    cal = package_calendar()
    end = cal.add_workdays(start, n)
    assert cal.workdays_between(start, end) == n
    assert n == 0 or cal.is_workday(end)


@given(start=st.dates(D(2005, 1, 1), D(2026, 6, 30)), n=st.integers(0, 40))
def test_add_workdays_never_moves_earlier_when_n_grows(start, n):
    cal = package_calendar()
    assert cal.add_workdays(start, n + 1) > cal.add_workdays(start, n)
