"""When a government new-media account is overdue (逾期未更新): the one rule, as pure functions on dates.

An account's update-frequency rule is the longest gap allowed, in calendar days: 7 (weekly), 14 (every two weeks,
the national inspection's floor: no update in the two weeks before the check) or 30 (monthly). Calendar days, not
working days: accounts publish on any day, and the national checks count calendar weeks.

On a cut-off day D an account is overdue when it is in operation that day and the later of its opening day and
its last update on or before D lies more than the allowed number of days before D. Updated exactly `days` days
before D is still in time; one day more is overdue. An account closed (关停) or cancelled (注销) on or before D is
never overdue on D. `NewMediaAccountQuerySet.overdue(on=D)` applies this rule in SQL; the tests hold the two
together.
"""

import datetime as dt


def update_due_on(*, opened_on: dt.date, last_updated_on: dt.date | None, frequency_days: int) -> dt.date:
    """The last day by which the account must be updated again (still in time on that day)."""
    reference = max(opened_on, last_updated_on) if last_updated_on else opened_on
    return reference + dt.timedelta(days=frequency_days)


def is_in_operation(*, opened_on: dt.date, closed_on: dt.date | None, on: dt.date) -> bool:
    return opened_on <= on and (closed_on is None or closed_on > on)


def is_overdue(*, opened_on: dt.date, closed_on: dt.date | None, last_updated_on: dt.date | None,
               frequency_days: int, on: dt.date) -> bool:
    """Whether the account is overdue on `on`; `last_updated_on` is its last update on or before `on`."""
    if not is_in_operation(opened_on=opened_on, closed_on=closed_on, on=on):
        return False
    return on > update_due_on(opened_on=opened_on, last_updated_on=last_updated_on, frequency_days=frequency_days)


def account_is_overdue(account, *, last_updated_on: dt.date | None, on: dt.date) -> bool:
    """`is_overdue` for a NewMediaAccount."""
    return is_overdue(opened_on=account.opened_on, closed_on=account.closed_on, last_updated_on=last_updated_on,
                      frequency_days=account.update_frequency, on=on)
