"""The working-day calendar every statutory deadline is counted in (DESIGN §3).

Official holidays and make-up workdays (调休) come from the chinese_calendar package, overlaid by the
admin-editable overrides in portal.models.CalendarOverride. A year the package does not know falls back to
Monday–Friday minus the holidays that 《全国年节及纪念日放假办法》 (2024 revision) fixes by date, lunar dates and
清明 taken from the lunar_python package; only the make-up swaps (调休) stay unknown, so the year's dates are
*provisional* until an admin confirms that year's schedule.

`add_workdays(d, n)` is the n-th working day after d: the first day is not counted (Civil Code Art. 201).
`workdays_between(a, b)` counts the working days d with a < d <= b, so that
`workdays_between(a, add_workdays(a, n)) == n`.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import chinese_calendar
from lunar_python import Lunar, Solar

ONE_DAY = dt.timedelta(days=1)


def _by_year(days: Iterable[dt.date]) -> dict[int, frozenset[dt.date]]:
    grouped: dict[int, set[dt.date]] = defaultdict(set)
    for day in days:
        grouped[day.year].add(day)
    return {year: frozenset(found) for year, found in grouped.items()}


_PACKAGE_HOLIDAYS = _by_year(chinese_calendar.holidays)
_PACKAGE_WORKDAYS = _by_year(chinese_calendar.workdays)
PACKAGE_YEARS = frozenset(_PACKAGE_HOLIDAYS)


@functools.cache
def statutory_holidays(year: int) -> frozenset[dt.date]:
    """The holidays 《全国年节及纪念日放假办法》 (2024 revision, Art. 2) fixes by date for `year`, whatever the
    weekday: 元旦 1 Jan; 春节 农历除夕 to 正月初三; 清明 (the solar-term day); 劳动节 1–2 May; 端午 (5/5 lunar);
    中秋 (15/8 lunar); 国庆 1–3 Oct. The State Council's yearly notice adds the make-up swaps (调休) around them."""
    new_year = Lunar.fromYmd(year, 1, 1).getSolar()
    spring_festival = dt.date(new_year.getYear(), new_year.getMonth(), new_year.getDay())
    # 除夕 is the eve of 正月初一, whether the 12th lunar month has 29 or 30 days.
    days = {spring_festival + dt.timedelta(days=offset) for offset in range(-1, 3)}
    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    days.add(dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay()))
    for month, day in ((5, 5), (8, 15)):
        solar = Lunar.fromYmd(year, month, day).getSolar()
        days.add(dt.date(solar.getYear(), solar.getMonth(), solar.getDay()))
    days |= {dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 5, 2)}
    days |= {dt.date(year, 10, day) for day in (1, 2, 3)}
    return frozenset(days)


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to the Monday–Friday week."""

    year: int
    days_off: frozenset[dt.date]  # Monday–Friday dates that are not working days
    extra_workdays: frozenset[dt.date]  # Saturdays and Sundays that are working days (调休)
    is_provisional: bool

    def is_workday(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5


def build_schedule(year: int, overrides: dict[dt.date, bool], *, is_confirmed: bool = False) -> YearSchedule:
    """Combine the package's schedule for `year` (or, for a year it does not know, the statutory holidays fixed by
    date) with overrides (date -> is it a working day)."""
    is_covered = year in PACKAGE_YEARS
    known_holidays = _PACKAGE_HOLIDAYS[year] if is_covered else statutory_holidays(year)
    days_off = {d for d in known_holidays if d.weekday() < 5}
    extra_workdays = {d for d in _PACKAGE_WORKDAYS.get(year, ()) if d.weekday() >= 5}
    for day, is_work in overrides.items():
        if day.year != year:
            continue
        days_off.discard(day)
        extra_workdays.discard(day)
        if is_work and day.weekday() >= 5:
            extra_workdays.add(day)
        elif not is_work and day.weekday() < 5:
            days_off.add(day)
    return YearSchedule(
        year=year,
        days_off=frozenset(days_off),
        extra_workdays=frozenset(extra_workdays),
        is_provisional=not (is_covered or is_confirmed),
    )


class WorkCalendar:
    """Working-day arithmetic over year schedules fetched from `loader` and kept for `ttl` seconds."""

    def __init__(self, loader: Callable[[int], YearSchedule], ttl: float | None = None):
        self._loader = loader
        self._ttl = ttl
        self._years: dict[int, tuple[YearSchedule, float]] = {}

    def clear(self) -> None:
        self._years.clear()

    def schedule(self, year: int) -> YearSchedule:
        cached = self._years.get(year)
        now = time.monotonic()
        if cached is not None and (self._ttl is None or now - cached[1] < self._ttl):
            return cached[0]
        found = self._loader(year)
        self._years[year] = (found, now)
        return found

    def is_workday(self, day: dt.date) -> bool:
        return self.schedule(day.year).is_workday(day)

    def is_provisional(self, day: dt.date) -> bool:
        return self.schedule(day.year).is_provisional

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (before it when n < 0); `start` itself is never counted."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d <= b (negative, counted the same way, when b is before a)."""
        if b < a:
            return -self.workdays_between(b, a)
        count = 0
        day = a
        while day < b:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def any_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether any year from start to end has no confirmed schedule."""
        low, high = sorted((start, end))
        return any(self.schedule(year).is_provisional for year in range(low.year, high.year + 1))


def _load_from_database(year: int) -> YearSchedule:
    from portal.models import CalendarOverride, CalendarYear

    overrides = dict(
        CalendarOverride.objects.filter(date__year=year).values_list("date", "is_workday")
    )
    is_confirmed = CalendarYear.objects.filter(year=year, is_confirmed=True).exists()
    return build_schedule(year, overrides, is_confirmed=is_confirmed)


# The calendar the portal uses. Overrides change a few times a year; each process re-reads a year's
# schedule at most once a minute, and at once after an override is saved in that process.
calendar = WorkCalendar(_load_from_database, ttl=60.0)

is_workday = calendar.is_workday
is_provisional = calendar.is_provisional
add_workdays = calendar.add_workdays
workdays_between = calendar.workdays_between
any_provisional = calendar.any_provisional
