"""The law as pure functions: hand-worked dates across 国庆, 春节 and make-up workdays, fees, and properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications import deadlines
from applications.models import Channel
from portal.workdays import WorkCalendar, build_schedule

D = dt.date
# The package's schedule only (no database), so these tests are pure.
PACKAGE = WorkCalendar(lambda year: build_schedule(year, {}))


def due(received_on, **kwargs):
    return deadlines.due_date(received_on, calendar=PACKAGE, **kwargs)


def test_due_date_on_the_design_example():
    # DESIGN §3: received Monday 2 March 2026 -> 30 March 2026 (4 full weeks of 5 working days).
    assert due(D(2026, 3, 2)) == D(2026, 3, 30)


def test_due_date_across_national_day_counts_make_up_workdays():
    # Received Fri 26 Sep 2025. 1: Sun 28 Sep (调休), 2: 29, 3: 30; 1–8 Oct off; 4: 9, 5: 10, 6: Sat 11 Oct
    # (调休), 7–11: 13–17, 12–16: 20–24, 17–20: 27–30 Oct.
    assert due(D(2025, 9, 26)) == D(2025, 10, 30)


def test_due_date_across_spring_festival():
    # Received Tue 10 Feb 2026. 1–3: 11–13, 4: Sat 14 Feb (调休); 15–23 Feb off; 5–8: 24–27, 9: Sat 28 Feb
    # (调休), 10–14: 2–6 Mar, 15–19: 9–13 Mar, 20: Mon 16 Mar.
    assert due(D(2026, 2, 10)) == D(2026, 3, 16)


def test_extension_adds_working_days_after_the_original_due_date():
    # Due 30 Oct 2025 as above; 20 more: 21: 31 Oct, 22–26: 3–7 Nov, 27–31: 10–14, 32–36: 17–21, 37–40: 24–27.
    assert due(D(2025, 9, 26), extension_workdays=20) == D(2025, 11, 27)


def test_consultation_pause_adds_back_its_working_days():
    # Received Mon 2 Mar 2026, due 30 Mar. Paused 9 Mar -> 13 Mar: working days 10, 11, 12, 13 Mar = 4 added back:
    # 31 Mar, 1, 2, 3 Apr (Fri; 清明 is 4–6 Apr).
    assert due(D(2026, 3, 2), pauses=[(D(2026, 3, 9), D(2026, 3, 13))]) == D(2026, 4, 3)


def test_overlapping_pauses_are_not_added_twice():
    # 9–13 Mar and 11–13 Mar overlap: still the 4 working days 10–13 Mar.
    pauses = [(D(2026, 3, 9), D(2026, 3, 13)), (D(2026, 3, 11), D(2026, 3, 13))]
    assert due(D(2026, 3, 2), pauses=pauses) == D(2026, 4, 3)


def test_open_pause_counts_until_the_day_given():
    # Open since 9 Mar, looked at on 11 Mar: 10 and 11 Mar = 2 working days added: 31 Mar, 1 Apr.
    assert due(D(2026, 3, 2), pauses=[(D(2026, 3, 9), None)], open_until=D(2026, 3, 11)) == D(2026, 4, 1)


def test_correction_restarts_the_twenty_working_days():
    # Corrected request received Mon 16 Mar 2026: 1–4: 17–20 Mar, 5–9: 23–27, 10–14: 30 Mar–3 Apr,
    # 4–6 Apr off (清明), 15–18: 7–10 Apr, 19: 13, 20: Tue 14 Apr.
    assert due(D(2026, 3, 2), restarted_on=D(2026, 3, 16)) == D(2026, 4, 14)


def test_pause_before_a_restart_does_not_count():
    assert due(D(2026, 3, 2), restarted_on=D(2026, 3, 16), pauses=[(D(2026, 3, 3), D(2026, 3, 6))]) == D(2026, 4, 14)


def test_correction_deadline_is_seven_working_days_across_spring_festival():
    # Received Tue 10 Feb 2026: 1–3: 11–13, 4: Sat 14 (调休), 15–23 off, 5–7: 24–26 Feb.
    assert deadlines.correction_deadline(D(2026, 2, 10), calendar=PACKAGE) == D(2026, 2, 26)


def test_consultation_deadline_is_fifteen_working_days():
    # From Mon 2 Mar 2026: 3 weeks of 5 working days -> Mon 23 Mar.
    assert deadlines.consultation_deadline(D(2026, 3, 2), calendar=PACKAGE) == D(2026, 3, 23)


def test_fee_payment_deadline_is_twenty_working_days():
    assert deadlines.fee_payment_deadline(D(2026, 3, 2), calendar=PACKAGE) == D(2026, 3, 30)


def test_extension_beyond_twenty_working_days_is_rejected():
    with pytest.raises(ValueError):
        due(D(2026, 3, 2), extension_workdays=21)


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        (Channel.IN_PERSON, D(2026, 3, 2)),
        (Channel.REGISTERED_POST, D(2026, 3, 4)),
        (Channel.ORDINARY_POST, D(2026, 3, 5)),
        (Channel.ONLINE, D(2026, 3, 5)),
        (Channel.FAX, D(2026, 3, 5)),
        (Channel.EMAIL, D(2026, 3, 5)),
    ],
)
def test_receipt_date_follows_article_31(channel, expected):
    found = deadlines.receipt_date(channel, submitted_on=D(2026, 3, 2), signed_on=D(2026, 3, 4),
                                   confirmed_on=D(2026, 3, 5))
    assert found == expected


def test_every_channel_has_a_receipt_rule():
    assert set(deadlines.RECEIPT_RULE) == set(Channel.values)


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_item_fee_by_monthly_count(nth, fee):
    assert deadlines.per_item_fee(nth) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 pages at 10
        (101, 720),  # 700 + 1 page at 20
        (200, 2700),  # 700 + 100 at 20
        (201, 2740),  # 2700 + 1 page at 40
        (250, 4700),  # 2700 + 50 at 40
    ],
)
def test_per_volume_fee_is_progressive(pages, fee):
    assert deadlines.per_volume_fee(pages) == fee


def test_granted_workdays_counts_a_deadline_set_as_a_date():
    # From Mon 2 Mar 2026 to Fri 20 Mar 2026: 3–6 Mar (4), 9–13 (9), 16–20 (14).
    assert deadlines.granted_workdays(D(2026, 3, 2), D(2026, 3, 20), calendar=PACKAGE) == 14
    # A deadline on Sat 21 Mar runs to Mon 23 Mar (Civil Code Art. 203): 15.
    assert deadlines.granted_workdays(D(2026, 3, 2), D(2026, 3, 21), calendar=PACKAGE) == 15


def test_provisional_when_a_date_falls_in_a_year_without_schedule():
    # 2027's schedule is in neither chinese_calendar nor the overrides (DESIGN §3).
    assert deadlines.is_provisional(D(2026, 12, 10), D(2027, 1, 8), calendar=PACKAGE)


def test_not_provisional_inside_known_years():
    assert not deadlines.is_provisional(D(2026, 3, 2), D(2026, 3, 30), calendar=PACKAGE)


days = st.dates(min_value=D(2015, 1, 1), max_value=D(2026, 10, 31))
pause_lists = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=30)), max_size=4
)


def _pauses(received_on, spec):
    return [(received_on + dt.timedelta(days=start), received_on + dt.timedelta(days=start + length))
            for start, length in spec]


@given(received_on=days, spec=pause_lists, extension=st.integers(min_value=0, max_value=20))
def test_due_date_is_always_a_workday(received_on, spec, extension):
    found = due(received_on, extension_workdays=extension, pauses=_pauses(received_on, spec))
    assert PACKAGE.is_workday(found)


@given(received_on=days, spec=pause_lists, extra=st.tuples(st.integers(0, 60), st.integers(0, 30)))
def test_adding_a_pause_never_moves_the_due_date_earlier(received_on, spec, extra):
    before = due(received_on, pauses=_pauses(received_on, spec))
    after = due(received_on, pauses=_pauses(received_on, [*spec, extra]))
    assert after >= before


@given(received_on=days, spec=pause_lists, extension=st.integers(min_value=1, max_value=20))
def test_an_extension_never_moves_the_due_date_earlier(received_on, spec, extension):
    pauses = _pauses(received_on, spec)
    assert due(received_on, pauses=pauses, extension_workdays=extension) > due(received_on, pauses=pauses)


# The running clock (DESIGN §4) -------------------------------------------------------------------------------------

def reckon(received_on, **kwargs):
    return deadlines.reckon(received_on, calendar=PACKAGE, **kwargs)


def test_a_pause_after_the_period_ran_out_moves_nothing():
    # Due Mon 30 Mar 2026; a consultation from Wed 8 Apr to Thu 16 Apr came too late to stop the clock.
    found = reckon(D(2026, 3, 2), pauses=[(D(2026, 4, 8), D(2026, 4, 16))])
    assert (found.due, found.stops, [stop.start for stop in found.late]) == (D(2026, 3, 30), [], [D(2026, 4, 8)])


def test_a_pause_begun_on_the_last_day_still_stops_the_clock():
    # Begun Mon 30 Mar, the 20th working day, ended Wed 1 Apr: 31 Mar and 1 Apr added back -> Wed 1 Apr.
    assert due(D(2026, 3, 2), pauses=[(D(2026, 3, 30), D(2026, 4, 1))]) == D(2026, 4, 1)


def test_an_open_pause_runs_at_most_to_the_last_day_of_its_window():
    # Open since Wed 25 Mar with its window ending Thu 16 Apr; looked at on Mon 20 Apr it still counts only
    # 26 Mar – 16 Apr (15 working days, 清明 4–6 Apr off): 30 Mar + 15 = 31 Mar, 1–3 Apr (4), 7–10 (8), 13–17 (13),
    # 20–21 (15): Tue 21 Apr.
    pause = deadlines.Pause(D(2026, 3, 25), None, D(2026, 4, 16))
    assert due(D(2026, 3, 2), pauses=[pause], open_until=D(2026, 4, 20)) == D(2026, 4, 21)
    # Without a day to judge on, it runs to that last day: the stored due date.
    assert due(D(2026, 3, 2), pauses=[pause]) == D(2026, 4, 21)
    # A late answer, recorded as ending on 1 May, adds no more than the window either.
    assert due(D(2026, 3, 2), pauses=[pause._replace(end=D(2026, 5, 1))]) == D(2026, 4, 21)


def test_a_step_is_within_the_period_while_a_pause_holds_the_clock():
    pause = deadlines.Pause(D(2026, 3, 25), None, D(2026, 4, 16))
    # On Wed 8 Apr: 3 working days were left when the clock stopped, so the period has not run out.
    assert deadlines.is_within_period(D(2026, 4, 8), D(2026, 3, 2), pauses=[pause], calendar=PACKAGE)
    # Without the pause the period ended on Mon 30 Mar.
    assert deadlines.is_within_period(D(2026, 3, 30), D(2026, 3, 2), calendar=PACKAGE)
    assert not deadlines.is_within_period(D(2026, 3, 31), D(2026, 3, 2), calendar=PACKAGE)
    # A pause begun after the period ran out does not bring it back.
    late = deadlines.Pause(D(2026, 4, 8), None, D(2026, 4, 29))
    assert not deadlines.is_within_period(D(2026, 4, 9), D(2026, 3, 2), pauses=[late], calendar=PACKAGE)


def test_windows_count_from_receipt_and_are_estimated_from_the_day_sent_until_then():
    rule = deadlines.consultation_deadline
    # Sent Wed 4 Mar 2026 by post: estimated 5–6 (2), 9–13 (7), 16–20 (12), 23–25 (15): Wed 25 Mar.
    assert deadlines.window_end(rule, D(2026, 3, 4), None, calendar=PACKAGE) == (D(2026, 3, 25), True)
    # Received Mon 9 Mar: 10–13 (4), 16–20 (9), 23–27 (14), Mon 30 Mar (15).
    assert deadlines.window_end(rule, D(2026, 3, 4), D(2026, 3, 9), calendar=PACKAGE) == (D(2026, 3, 30), False)
    assert deadlines.delivered_on(D(2026, 3, 4), deadlines.Delivery.IN_PERSON) == D(2026, 3, 4)
    assert deadlines.delivered_on(D(2026, 3, 4), deadlines.Delivery.ONLINE) == D(2026, 3, 4)
    assert deadlines.delivered_on(D(2026, 3, 4), deadlines.Delivery.POST) is None


def test_a_confirmation_later_than_arrival_is_flagged():
    assert deadlines.is_confirmed_late(D(2026, 3, 4), D(2026, 3, 5))
    assert not deadlines.is_confirmed_late(D(2026, 3, 4), D(2026, 3, 4))
    assert not deadlines.is_confirmed_late(None, D(2026, 3, 5))


@given(received_on=days, spec=pause_lists, extension=st.integers(min_value=0, max_value=20))
def test_the_explanation_adds_up_to_the_due_date(received_on, spec, extension):
    found = reckon(received_on, extension_workdays=extension, pauses=_pauses(received_on, spec))
    assert found.due == PACKAGE.add_workdays(found.start, found.total_workdays)
    assert found.total_workdays == 20 + extension + sum(stop.workdays for stop in found.stops)


@given(received_on=days, spec=pause_lists, start=st.integers(1, 60), length=st.integers(0, 30))
def test_a_pause_begun_after_the_due_date_never_moves_it(received_on, spec, start, length):
    # (One that begins inside another pause continues that pause's hold instead, so it starts after all of them.)
    pauses = _pauses(received_on, spec)
    before = due(received_on, pauses=pauses)
    later = max([before, *(end for _start, end in pauses)]) + dt.timedelta(days=start)
    assert due(received_on, pauses=[*pauses, (later, later + dt.timedelta(days=length))]) == before
