"""The statutory deadlines and fees of a request for disclosure, as pure functions (DESIGN §4).

Dates in, dates out: no ORM, no clock. Working days come from `portal.workdays` (a calendar object with
`add_workdays` and `workdays_between` may be passed instead, for tests).

The reply clock (DESIGN §4) counts the working days that have run while it was not paused. A pause is an
interval `(start, end)`: the day the consultation letter or fee notice goes out still counts toward the reply
period, the days after it up to and including the day the answer or payment comes in do not, and the clock runs
again from the next working day. Overlapping pauses are merged first, so a day is never added back twice. A
pause ends at the latest on the last day of its own window (`latest_end`: the consulted party's 15 working days,
Art. 32, 34; the applicant's 20 working days to pay); a pause still open runs until `open_until` (the day a step
is judged), or to that last day when the stored due date is computed. A pause that starts after the period has
run out stops nothing and cannot revive it. `reckon` does the count once, step by step, so that the due date and
the explanation a citizen reads on the status page come from the same arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from portal import workdays

REPLY_WORKDAYS = 20  # Art. 33
MAX_EXTENSION_WORKDAYS = 20  # Art. 33
CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
CONSULTATION_WORKDAYS = 15  # Art. 32, 34
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号



class Pause(NamedTuple):
    """A stop of the clock: from `start` (still counted) to `end` (None while open), at the latest `latest_end`."""

    start: dt.date
    end: dt.date | None
    latest_end: dt.date | None = None
    kind: str = ""
    latest_end_is_estimated: bool = False


class Channel:
    """How a request arrived; each has its own receipt rule (Art. 31)."""

    ONLINE = "online"
    IN_PERSON = "in_person"
    REGISTERED_POST = "registered_post"
    ORDINARY_POST = "ordinary_post"
    FAX = "fax"
    EMAIL = "email"


# Art. 31: which date establishes receipt for each channel.
RECEIPT_RULE = {
    Channel.IN_PERSON: "submitted_on",
    Channel.REGISTERED_POST: "signed_on",
    Channel.ORDINARY_POST: "confirmed_on",
    Channel.ONLINE: "confirmed_on",
    Channel.FAX: "confirmed_on",
    Channel.EMAIL: "confirmed_on",
}


def receipt_date(
    channel: str,
    *,
    submitted_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> dt.date | None:
    """The receipt date (Art. 31): in person the day submitted; registered post the day the organ signs for it;
    ordinary post, online, fax and e-mail the day the organ confirms receipt with the applicant.
    None while that date is not yet known."""
    found = {"submitted_on": submitted_on, "signed_on": signed_on, "confirmed_on": confirmed_on}
    return found[RECEIPT_RULE[channel]]


def _as_pause(pause) -> Pause:
    return pause if isinstance(pause, Pause) else Pause(*pause)


def pause_end(pause: Pause, *, open_until: dt.date | None = None) -> dt.date:
    """The last day a pause stops the clock: its end, or while open `open_until` (default: the last day of its
    window, else its own start); never after the last day of its window (Art. 32, 34: the consulted party's 15
    working days; the applicant's 20 working days to pay)."""
    end = pause.end
    if end is None:
        end = open_until or pause.latest_end or pause.start
    if pause.latest_end is not None:
        end = min(end, pause.latest_end)
    return max(end, pause.start)


@dataclass(frozen=True)
class Stop:
    """Merged pauses as the clock sees them: the working days in (start, end] are not counted."""

    start: dt.date
    end: dt.date
    kinds: tuple[str, ...]
    is_open: bool
    is_estimated: bool
    workdays: int = 0


def merge_pauses(pauses: Iterable, *, open_until: dt.date | None = None, calendar=workdays) -> list[Stop]:
    """Sorted, non-overlapping stops; an open pause runs as `pause_end` says."""
    found = []
    for pause in map(_as_pause, pauses):
        end = pause_end(pause, open_until=open_until)
        if end > pause.start:
            found.append((pause.start, end, pause))
    found.sort(key=lambda item: (item[0], item[1]))
    merged: list[list] = []
    for start, end, pause in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(pause)
        else:
            merged.append([start, end, [pause]])
    return [Stop(start, end, tuple(dict.fromkeys(p.kind for p in group if p.kind)),
                 is_open=any(p.end is None for p in group),
                 is_estimated=any(p.end is None and p.latest_end_is_estimated for p in group),
                 workdays=calendar.workdays_between(start, end))
            for start, end, group in merged]


@dataclass(frozen=True)
class Reckoning:
    """The reply period counted step by step (Art. 30, 33; DESIGN §4): where it starts, the working days it has,
    the stops that held the clock (each adding back its working days), the pauses that came too late to stop it,
    and the due date; the status page prints it line by line, so the explanation and the figure cannot differ."""

    received_on: dt.date
    start: dt.date
    restarted: bool
    base_workdays: int
    base_due: dt.date
    extension_workdays: int
    deferral_workdays: int = 0
    stops: list[Stop] = field(default_factory=list)
    late: list[Stop] = field(default_factory=list)
    due: dt.date | None = None

    @property
    def paused_workdays(self) -> int:
        return sum(stop.workdays for stop in self.stops)

    @property
    def total_workdays(self) -> int:
        return self.base_workdays + self.extension_workdays + self.deferral_workdays + self.paused_workdays

    @property
    def is_estimated(self) -> bool:
        return any(stop.is_open and stop.is_estimated for stop in self.stops)


def reckon(
    received_on: dt.date,
    *,
    restarted_on: dt.date | None = None,
    extension_workdays: int = 0,
    deferral_workdays: int = 0,
    pauses: Iterable = (),
    open_until: dt.date | None = None,
    workdays_allowed: int = REPLY_WORKDAYS,
    calendar=workdays,
) -> Reckoning:
    """Count the period: `workdays_allowed` working days after receipt (Art. 33) or, once corrected, after the day
    the corrected request was received (Art. 30), plus the extension (Art. 33), plus the later deadline set for a
    clearly excessive request (Art. 35, `deferral_workdays`, no statutory cap), plus the working days of each stop
    that began while the period was still running (Art. 32, 34, 42). A pause before the start does not count; one
    that starts after the period has run out (the clock already at zero) stops nothing."""
    if not 0 <= extension_workdays <= MAX_EXTENSION_WORKDAYS:
        raise ValueError(f"extension must be 0..{MAX_EXTENSION_WORKDAYS} working days")
    if deferral_workdays < 0:
        raise ValueError("a later deadline cannot be earlier")
    start = restarted_on or received_on
    counted = workdays_allowed + extension_workdays + deferral_workdays
    due = calendar.add_workdays(start, counted)
    stops, late = [], []
    for stop in merge_pauses(pauses, open_until=open_until, calendar=calendar):
        if stop.end <= start:
            continue
        if stop.start < start:
            stop = Stop(start, stop.end, stop.kinds, stop.is_open, stop.is_estimated,
                        calendar.workdays_between(start, stop.end))
        if stop.start > due:  # the period had already run out: nothing left to stop
            late.append(stop)
            continue
        if stop.workdays:
            stops.append(stop)
            counted += stop.workdays
            due = calendar.add_workdays(start, counted)
    return Reckoning(received_on=received_on, start=start, restarted=restarted_on is not None,
                     base_workdays=workdays_allowed, base_due=calendar.add_workdays(start, workdays_allowed),
                     extension_workdays=extension_workdays, deferral_workdays=deferral_workdays, stops=stops,
                     late=late, due=due)


def paused_workdays(
    pauses: Iterable, *, since: dt.date | None = None, open_until: dt.date | None = None, calendar=workdays
) -> int:
    """Working days the pauses add back, counting only time after `since` (the start of the current period)."""
    total = 0
    for stop in merge_pauses(pauses, open_until=open_until, calendar=calendar):
        start = max(stop.start, since) if since is not None else stop.start
        if stop.end > start:
            total += calendar.workdays_between(start, stop.end)
    return total


def due_date(
    received_on: dt.date,
    *,
    restarted_on: dt.date | None = None,
    extension_workdays: int = 0,
    deferral_workdays: int = 0,
    pauses: Iterable = (),
    open_until: dt.date | None = None,
    calendar=workdays,
) -> dt.date:
    """The reply deadline (`reckon`): 20 working days after receipt or the corrected request, plus the extension,
    the later deadline set for an excessive request (Art. 35) and the working days the clock stood still."""
    return reckon(received_on, restarted_on=restarted_on, extension_workdays=extension_workdays,
                  deferral_workdays=deferral_workdays, pauses=pauses, open_until=open_until, calendar=calendar).due


def is_within_period(day: dt.date, received_on: dt.date, *, restarted_on: dt.date | None = None,
                     extension_workdays: int = 0, deferral_workdays: int = 0, pauses: Iterable = (),
                     workdays_allowed: int = REPLY_WORKDAYS, calendar=workdays) -> bool:
    """Whether a step taken on `day` is "within the period" (Art. 30 correction notice, Art. 33 extension, the fee
    notice): judged by the running clock on that day, so a day the clock stands still does not use the period up.
    Open pauses count until `day`."""
    found = reckon(received_on, restarted_on=restarted_on, extension_workdays=extension_workdays,
                   deferral_workdays=deferral_workdays, pauses=pauses, open_until=day,
                   workdays_allowed=workdays_allowed, calendar=calendar)
    return day <= found.due


def correction_deadline(received_on: dt.date, *, calendar=workdays) -> dt.date:
    """The last day a correction notice may go out (Art. 30: within 7 working days of receipt)."""
    return calendar.add_workdays(received_on, CORRECTION_NOTICE_WORKDAYS)


def consultation_deadline(received_on: dt.date, *, calendar=workdays) -> dt.date:
    """The day a consulted third party or organ must answer by: 15 working days counted from the day it receives
    the consultation letter (Art. 32, 34)."""
    return calendar.add_workdays(received_on, CONSULTATION_WORKDAYS)


def fee_payment_deadline(received_on: dt.date, *, calendar=workdays) -> dt.date:
    """The last day to pay an information-processing fee: 20 working days from the day after the applicant
    receives the fee notice (国办函〔2020〕109号)."""
    return calendar.add_workdays(received_on, FEE_PAYMENT_WORKDAYS)


class Delivery:
    """How a consultation letter or a fee notice was sent."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    POST = "post"


# In person and online the letter is received the day it is sent; by post only the return receipt tells.
SAME_DAY_DELIVERY = frozenset({Delivery.IN_PERSON, Delivery.ONLINE})


def delivered_on(sent_on: dt.date, delivery: str) -> dt.date | None:
    """The day the addressee received a letter, where the channel fixes it (in person, online: the day sent);
    None by post until the return receipt is recorded."""
    return sent_on if delivery in SAME_DAY_DELIVERY else None


def window_end(rule, sent_on: dt.date, received_on: dt.date | None, *, calendar=workdays) -> tuple[dt.date, bool]:
    """The last day of a consultation's or a payment's window (`rule`: consultation_deadline or
    fee_payment_deadline) and whether it is estimated: while the day of receipt is unknown it is counted from the
    day sent, the earliest it can be, so reminders come early rather than late."""
    if received_on is not None:
        return rule(received_on, calendar=calendar), False
    return rule(sent_on, calendar=calendar), True


def is_confirmed_late(arrived_on: dt.date | None, confirmed_on: dt.date | None) -> bool:
    """Art. 31: a request sent by ordinary post is received the day the organ confirms it with the applicant, who
    must be asked the day the letter arrives; a later confirmation is flagged."""
    return arrived_on is not None and confirmed_on is not None and confirmed_on > arrived_on


def granted_workdays(start: dt.date, deadline: dt.date, *, calendar=workdays) -> int:
    """The working days from `start` to a deadline set as a date, as the calendar counts them now. A deadline on a
    rest day runs to the next working day (Civil Code Art. 203), so it counts as that day."""
    while not calendar.is_workday(deadline):
        deadline += dt.timedelta(days=1)
    return calendar.workdays_between(start, deadline)


def is_provisional(*days: dt.date | None, calendar=workdays) -> bool:
    """Whether any of the dates lies in a year whose holiday schedule is not confirmed (DESIGN §3)."""
    known = [day for day in days if day is not None]
    return bool(known) and calendar.any_provisional(min(known), max(known))


# Fees (Art. 42; 国办函〔2020〕109号), in whole yuan. One scheme per request, never both.
FREE_ITEMS_PER_MONTH = 10
FREE_PAGES = 30
VOLUME_BANDS = [(100, 10), (200, 20), (None, 40)]  # (last page of band, yuan per page), after the free pages


def per_item_fee(nth_this_month: int) -> int:
    """按件计收: the fee for the applicant's n-th request this calendar month. 1–10 free, 11–30 100 yuan each,
    then 100 yuan more per band of 10 (31–40: 200, 41–50: 300, …)."""
    if nth_this_month < 1:
        raise ValueError("requests are counted from 1")
    if nth_this_month <= FREE_ITEMS_PER_MONTH:
        return 0
    if nth_this_month <= 30:
        return 100
    return 100 * (2 + (nth_this_month - 31) // 10)


def per_volume_fee(pages: int) -> int:
    """按量计收, progressive per request: pages 1–30 free, 31–100 at 10 yuan, 101–200 at 20, 201 and up at 40."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total = 0
    lower = FREE_PAGES
    for upper, price in VOLUME_BANDS:
        if pages <= lower:
            break
        top = pages if upper is None else min(pages, upper)
        total += (top - lower) * price
        if upper is None:
            break
        lower = upper
    return total
