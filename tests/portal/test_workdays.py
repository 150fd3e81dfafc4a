"""The working-day calendar on real 2025 and 2026 schedules, overrides and unknown years (DESIGN §3)."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal import workdays
from portal.models import CalendarOverride, CalendarYear
from portal.workdays import WorkCalendar, build_schedule, statutory_holidays

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


def test_year_outside_the_package_falls_back_to_statutory_holidays_and_is_provisional():
    cal = package_calendar()
    assert cal.is_provisional(D(2027, 1, 1))
    assert not cal.is_workday(D(2027, 1, 1))  # Fri 元旦, fixed by date in the 2024 holiday rules
    assert cal.is_workday(D(2027, 1, 4))
    assert not cal.is_workday(D(2027, 1, 2))
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.any_provisional(D(2026, 12, 20), D(2027, 1, 20))


@pytest.mark.parametrize(
    ("year", "spring_festival", "qingming", "dragon_boat", "mid_autumn"),
    [
        (2027, D(2027, 2, 6), D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15)),
        (2028, D(2028, 1, 26), D(2028, 4, 4), D(2028, 5, 28), D(2028, 10, 3)),
    ],
)
def test_statutory_holidays_follow_the_lunar_calendar_and_solar_terms(
    year, spring_festival, qingming, dragon_boat, mid_autumn
):
    holidays = statutory_holidays(year)
    eve = spring_festival - dt.timedelta(days=1)  # 除夕, whether the 12th month has 29 or 30 days
    spring = {eve + dt.timedelta(days=n) for n in range(4)}  # 除夕, 初一, 初二, 初三
    fixed = {D(year, 1, 1), D(year, 5, 1), D(year, 5, 2), D(year, 10, 1), D(year, 10, 2), D(year, 10, 3)}
    assert holidays == spring | fixed | {qingming, dragon_boat, mid_autumn}


def test_spring_festival_2027_falls_back_to_friday_to_monday_off():
    cal = package_calendar()
    # 除夕 Fri 5 Feb, 初一 Sat 6, 初二 Sun 7, 初三 Mon 8 Feb 2027: two weekdays off.
    assert [cal.is_workday(D(2027, 2, day)) for day in range(4, 10)] == [True, False, False, False, False, True]


def test_request_received_before_spring_festival_2027_is_due_19_february():
    cal = package_calendar()
    # Received Wed 20 Jan 2027, 20 working days, the first day not counted:
    # Thu 21 (1), Fri 22 (2), 25–29 Jan (7), 1–4 Feb (11); Fri 5 除夕 and Mon 8 初三 are off;
    # 9–12 Feb (15), 15–19 Feb (20). Due Fri 19 Feb 2027 until the State Council's 调休 for 2027 is entered.
    assert cal.add_workdays(D(2027, 1, 20), 20) == D(2027, 2, 19)
    assert cal.is_provisional(D(2027, 2, 19))


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_are_official_holidays_in_years_the_package_knows(year):
    # 2025 and 2026 were published under the 2024 rules: every day the rules fix is an official holiday,
    # the official schedule only adds days around them.
    official = {day for day in chinese_calendar.holidays if day.year == year}
    assert statutory_holidays(year) <= official


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
    assert workdays.is_workday(D(2027, 2, 10))
    CalendarOverride.objects.create(date=D(2027, 2, 10), is_workday=False)
    assert not workdays.is_workday(D(2027, 2, 10))


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
