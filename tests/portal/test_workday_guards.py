"""The edges of the working-day calendar that the hand-worked cases in test_workdays.py do not reach."""

import datetime as dt

import pytest

from portal import workdays
from portal.models import CalendarOverride, CalendarYear
from portal.workdays import WorkCalendar, YearSchedule, build_schedule, statutory_holidays

D = dt.date
PACKAGE = WorkCalendar(lambda year: build_schedule(year, {}))


def test_add_workdays_backwards_counts_make_up_days_and_skips_holidays():
    # 春节 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb are make-up working days.
    assert PACKAGE.add_workdays(D(2026, 3, 2), -1) == D(2026, 2, 28)
    assert PACKAGE.add_workdays(D(2026, 3, 2), -2) == D(2026, 2, 27)
    # From Tue 24 Feb: Mon 23 Feb … Sun 15 Feb are off, Sat 14 Feb is the first working day back.
    assert PACKAGE.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)


def test_add_no_working_days_is_the_same_day_even_on_a_holiday():
    assert PACKAGE.add_workdays(D(2026, 2, 17), 0) == D(2026, 2, 17)


def test_workdays_between_backwards_is_negative():
    # 27 Feb < d <= 2 Mar: Sat 28 Feb (调休) and Mon 2 Mar.
    assert PACKAGE.workdays_between(D(2026, 2, 27), D(2026, 3, 2)) == 2
    assert PACKAGE.workdays_between(D(2026, 3, 2), D(2026, 2, 27)) == -2
    assert PACKAGE.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_statutory_holidays_of_2027_by_hand():
    # 元旦 Fri 1 Jan; 除夕 5 Feb to 初三 8 Feb (正月初一 is Sat 6 Feb 2027); 清明 Mon 5 Apr; 1–2 May;
    # 端午 Wed 9 Jun; 中秋 Wed 15 Sep; 国庆 1–3 Oct.
    assert statutory_holidays(2027) == {
        D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8), D(2027, 4, 5), D(2027, 5, 1),
        D(2027, 5, 2), D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)}


def test_fallback_year_keeps_only_weekday_holidays_as_days_off():
    schedule = build_schedule(2027, {})
    # Of the 13 dates above, Sat 6 Feb, Sun 7 Feb, Sat 1 May, Sun 2 May, Sat 2 Oct and Sun 3 Oct are weekend days.
    assert schedule.days_off == {D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 4, 5), D(2027, 6, 9),
                                 D(2027, 9, 15), D(2027, 10, 1)}
    assert schedule.extra_workdays == frozenset()
    assert schedule.is_provisional and schedule.year == 2027


def test_package_year_takes_its_make_up_weekend_days_only():
    schedule = build_schedule(2026, {})
    assert D(2026, 2, 14) in schedule.extra_workdays and D(2026, 2, 28) in schedule.extra_workdays
    assert all(day.weekday() >= 5 for day in schedule.extra_workdays)
    assert all(day.weekday() < 5 for day in schedule.days_off)
    assert D(2026, 2, 16) in schedule.days_off and not schedule.is_provisional


def test_override_reverses_the_packages_schedule_both_ways():
    schedule = build_schedule(2026, {D(2026, 2, 16): True, D(2026, 2, 14): False})
    assert schedule.is_workday(D(2026, 2, 16))  # a Monday of the Spring Festival, made a working day
    assert not schedule.is_workday(D(2026, 2, 14))  # the make-up Saturday, made a rest day
    assert D(2026, 2, 16) not in schedule.days_off and D(2026, 2, 14) not in schedule.extra_workdays


def test_override_that_agrees_with_the_week_changes_nothing():
    schedule = build_schedule(2026, {D(2026, 3, 4): True, D(2026, 3, 7): False})
    assert schedule == build_schedule(2026, {})


def test_override_of_another_year_is_ignored():
    assert build_schedule(2026, {D(2027, 3, 3): False, D(2027, 3, 6): True}) == build_schedule(2026, {})


def test_another_years_override_listed_first_does_not_hide_this_years():
    mixed = build_schedule(2026, {D(2025, 12, 31): False, D(2026, 3, 4): False})  # 4 March 2026 is a Wednesday
    assert D(2026, 3, 4) in mixed.days_off


def test_confirmed_schedule_is_not_provisional():
    assert not build_schedule(2027, {}, is_confirmed=True).is_provisional


def test_extra_workday_wins_over_a_day_off():
    schedule = YearSchedule(2030, days_off=frozenset({D(2030, 1, 5)}), extra_workdays=frozenset({D(2030, 1, 5)}),
                            is_provisional=True)
    assert schedule.is_workday(D(2030, 1, 5))


def test_by_year_groups_dates():
    assert workdays._by_year([D(2026, 1, 1), D(2026, 5, 1), D(2027, 1, 1)]) == {
        2026: frozenset({D(2026, 1, 1), D(2026, 5, 1)}), 2027: frozenset({D(2027, 1, 1)})}


class Counting:
    def __init__(self):
        self.loads = []

    def __call__(self, year):
        self.loads.append(year)
        return build_schedule(year, {})


def test_schedules_are_kept_without_a_ttl_until_cleared():
    loader = Counting()
    calendar = WorkCalendar(loader)
    calendar.is_workday(D(2026, 3, 2))
    calendar.is_workday(D(2026, 3, 3))
    assert loader.loads == [2026]
    calendar.clear()
    calendar.is_workday(D(2026, 3, 2))
    assert loader.loads == [2026, 2026]


def test_schedules_are_reloaded_after_the_ttl(monkeypatch):
    loader, now = Counting(), [1000.0]
    monkeypatch.setattr(workdays.time, "monotonic", lambda: now[0])
    calendar = WorkCalendar(loader, ttl=60.0)
    calendar.is_workday(D(2026, 3, 2))
    now[0] = 1059.9
    calendar.is_workday(D(2026, 3, 2))
    assert loader.loads == [2026]
    now[0] = 1060.0
    calendar.is_workday(D(2026, 3, 2))
    assert loader.loads == [2026, 2026]
    now[0] = 1100.0
    calendar.is_workday(D(2026, 3, 2))
    assert loader.loads == [2026, 2026]


def test_any_provisional_spans_every_year_in_either_order():
    assert PACKAGE.any_provisional(D(2026, 5, 1), D(2027, 1, 4))
    assert PACKAGE.any_provisional(D(2027, 1, 4), D(2026, 5, 1))
    assert not PACKAGE.any_provisional(D(2025, 1, 1), D(2026, 12, 31))
    assert PACKAGE.any_provisional(D(2026, 12, 31), D(2028, 1, 1))
    assert not PACKAGE.is_provisional(D(2026, 3, 2)) and PACKAGE.is_provisional(D(2027, 3, 1))


@pytest.mark.django_db
def test_confirming_2027_does_not_confirm_2028():
    CalendarYear.objects.create(year=2027, is_confirmed=True)
    CalendarYear.objects.create(year=2029, is_confirmed=False)
    assert not workdays.is_provisional(D(2027, 3, 1))
    assert workdays.is_provisional(D(2028, 3, 1))
    assert workdays.is_provisional(D(2029, 3, 1))


@pytest.mark.django_db
def test_database_overrides_apply_to_their_own_year():
    CalendarOverride.objects.create(date=D(2027, 2, 9), is_workday=False, note="春节延长")
    CalendarOverride.objects.create(date=D(2027, 2, 20), is_workday=True, note="调休上班")
    CalendarOverride.objects.create(date=D(2026, 2, 16), is_workday=True, note="本县值班")
    assert not workdays.is_workday(D(2027, 2, 9))
    assert workdays.is_workday(D(2027, 2, 20))
    assert workdays.is_workday(D(2026, 2, 16))
    assert workdays.is_workday(D(2027, 2, 10)) and not workdays.is_workday(D(2026, 2, 17))
