"""The statutory deadlines and fees of a request for disclosure, as pure functions (DESIGN §4).

Dates in, dates out: no ORM, no clock. Working days come from `portal.workdays` (a calendar object with
`add_workdays` and `workdays_between` may be passed instead, for tests).

Clock pauses (consultation, fee notice → payment) are intervals `(start, end)`. The working days a pause
adds back are `workdays_between(start, end)`: the working days d with start < d <= end, i.e. the day the
consultation or fee notice goes out still counts toward the reply period, the day the answer or payment comes
in does not, and the clock runs again from the next working day. Overlapping pauses are merged first, so a
day is never added back twice. A pause still open (`end` is None) counts until `open_until` (default: its
own start, adding nothing yet); the workflow passes the day it acts on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from portal import workdays

REPLY_WORKDAYS = 20  # Art. 33
MAX_EXTENSION_WORKDAYS = 20  # Art. 33
CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
CONSULTATION_WORKDAYS = 15  # Art. 32, 34
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号

Pause = tuple[dt.date, dt.date | None]


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


def merge_pauses(pauses: Iterable[Pause], *, open_until: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    """Closed, sorted, non-overlapping intervals; an open pause ends on `open_until` (or its own start)."""
    closed = []
    for start, end in pauses:
        if end is None:
            end = max(open_until or start, start)
        if end > start:
            closed.append((start, end))
    closed.sort()
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in closed:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def paused_workdays(
    pauses: Iterable[Pause], *, since: dt.date | None = None, open_until: dt.date | None = None, calendar=workdays
) -> int:
    """Working days the pauses add back, counting only time after `since` (the start of the current period)."""
    total = 0
    for start, end in merge_pauses(pauses, open_until=open_until):
        if since is not None:
            start = max(start, since)
        if end > start:
            total += calendar.workdays_between(start, end)
    return total


def due_date(
    received_on: dt.date,
    *,
    restarted_on: dt.date | None = None,
    extension_workdays: int = 0,
    deferral_workdays: int = 0,
    pauses: Iterable[Pause] = (),
    open_until: dt.date | None = None,
    calendar=workdays,
) -> dt.date:
    """The reply deadline: 20 working days after receipt (Art. 33) or, once corrected, after the day the corrected
    request was received (Art. 30), plus the extension (Art. 33), the later deadline set for an excessive request
    (Art. 35, `deferral_workdays`, no statutory cap) and the working days the clock was paused."""
    if not 0 <= extension_workdays <= MAX_EXTENSION_WORKDAYS:
        raise ValueError(f"extension must be 0..{MAX_EXTENSION_WORKDAYS} working days")
    if deferral_workdays < 0:
        raise ValueError("a later deadline cannot be earlier")
    start = restarted_on or received_on
    added = paused_workdays(pauses, since=start, open_until=open_until, calendar=calendar)
    return calendar.add_workdays(start, REPLY_WORKDAYS + extension_workdays + deferral_workdays + added)


def correction_deadline(received_on: dt.date, *, calendar=workdays) -> dt.date:
    """The last day a correction notice may go out (Art. 30: within 7 working days of receipt)."""
    return calendar.add_workdays(received_on, CORRECTION_NOTICE_WORKDAYS)


def consultation_deadline(sent_on: dt.date, *, calendar=workdays) -> dt.date:
    """The day a consulted third party or organ must answer by (Art. 32, 34: 15 working days)."""
    return calendar.add_workdays(sent_on, CONSULTATION_WORKDAYS)


def fee_payment_deadline(notice_on: dt.date, *, calendar=workdays) -> dt.date:
    """The last day to pay an information-processing fee (20 working days after the notice)."""
    return calendar.add_workdays(notice_on, FEE_PAYMENT_WORKDAYS)


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
