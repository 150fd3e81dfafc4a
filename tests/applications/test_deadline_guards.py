"""The edges of the pure deadline functions that the hand-worked cases in test_deadlines.py do not reach."""

import datetime as dt

import pytest

from applications import deadlines
from portal.workdays import WorkCalendar, build_schedule

D = dt.date
PACKAGE = WorkCalendar(lambda year: build_schedule(year, {}))


@pytest.mark.parametrize("extension", [-1, 21])
def test_extension_out_of_range_says_the_range(extension):
    with pytest.raises(ValueError, match=r"^extension must be 0\.\.20 working days$"):
        deadlines.due_date(D(2026, 3, 2), extension_workdays=extension, calendar=PACKAGE)


def test_extension_of_zero_and_twenty_are_accepted():
    # Due Mon 30 Mar 2026; 20 more: 31 Mar–3 Apr (4), 7–10 (8, 清明 6 Apr), 13–17 (13), 20–24 (18), 27–28 (20).
    assert deadlines.due_date(D(2026, 3, 2), extension_workdays=0, calendar=PACKAGE) == D(2026, 3, 30)
    assert deadlines.due_date(D(2026, 3, 2), extension_workdays=20, calendar=PACKAGE) == D(2026, 4, 28)


def test_fee_functions_say_what_is_wrong():
    with pytest.raises(ValueError, match=r"^requests are counted from 1$"):
        deadlines.per_item_fee(0)
    with pytest.raises(ValueError, match=r"^pages cannot be negative$"):
        deadlines.per_volume_fee(-1)


def test_deadline_on_a_sunday_runs_to_monday():
    # From Mon 2 Mar 2026 to Sun 8 Mar, which runs to Mon 9 Mar: 3–6 Mar (4), 9 Mar (5).
    assert deadlines.granted_workdays(D(2026, 3, 2), D(2026, 3, 8), calendar=PACKAGE) == 5


def test_deadline_in_a_holiday_runs_to_the_first_working_day_after():
    # Mon 16 Feb 2026 is in the Spring Festival (15–23 Feb): it runs to Tue 24 Feb. From Fri 13 Feb: Sat 14 Feb
    # (调休, 1), 24 Feb (2).
    assert deadlines.granted_workdays(D(2026, 2, 13), D(2026, 2, 16), calendar=PACKAGE) == 2


def _spans(pauses, **kwargs):
    return [(stop.start, stop.end) for stop in deadlines.merge_pauses(pauses, calendar=PACKAGE, **kwargs)]


def test_touching_pauses_merge_into_one():
    assert _spans([(D(2026, 3, 9), D(2026, 3, 11)), (D(2026, 3, 11), D(2026, 3, 13))]) == [
        (D(2026, 3, 9), D(2026, 3, 13))]


def test_overlapping_pauses_merge_and_the_result_is_sorted():
    pauses = [(D(2026, 3, 16), D(2026, 3, 18)), (D(2026, 3, 9), D(2026, 3, 12)), (D(2026, 3, 10), D(2026, 3, 11))]
    assert _spans(pauses) == [(D(2026, 3, 9), D(2026, 3, 12)), (D(2026, 3, 16), D(2026, 3, 18))]


def test_a_pause_of_no_length_is_dropped():
    assert deadlines.merge_pauses([(D(2026, 3, 9), D(2026, 3, 9))]) == []
    assert deadlines.merge_pauses([(D(2026, 3, 9), None)]) == []
    assert deadlines.merge_pauses([(D(2026, 3, 9), None)], open_until=D(2026, 3, 5)) == []


def test_an_open_pause_runs_to_the_day_given():
    assert _spans([(D(2026, 3, 9), None)], open_until=D(2026, 3, 12)) == [(D(2026, 3, 9), D(2026, 3, 12))]


def test_paused_days_count_only_after_the_start_of_the_period():
    pause = [(D(2026, 3, 2), D(2026, 3, 13))]
    # Restarted Mon 9 Mar: only 10–13 Mar count (4); without a start, 3–6 and 9–13 (9).
    assert deadlines.paused_workdays(pause, since=D(2026, 3, 9), calendar=PACKAGE) == 4
    assert deadlines.paused_workdays(pause, calendar=PACKAGE) == 9
    assert deadlines.paused_workdays(pause, since=D(2026, 3, 16), calendar=PACKAGE) == 0
