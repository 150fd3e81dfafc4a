"""按件计收 counts an applicant's requests in the order they were received that month (国办函〔2020〕109号):
eleven requests received on one day are the 1st to the 11th, and only the 11th costs 100 yuan."""

import datetime as dt

import pytest

from applications import deadlines, workflow
from applications.forms import FeeNoticeForm
from applications.workflow import STEPS
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_eleven_requests_received_the_same_day_are_the_first_to_the_eleventh(department):
    made = [af.application(department, received_on=D(2026, 3, 2), description=f"第{n}件申请") for n in range(1, 12)]
    counts = [application.nth_request_this_month() for application in made]
    assert counts == list(range(1, 12))  # registered one after another: 1st, 2nd, …, 11th
    fees = [deadlines.per_item_fee(n) for n in counts]
    assert fees == [0] * 10 + [100]  # 1–10 free, the 11th 100 yuan: 100 yuan in all, not 11 × 100


def test_earlier_days_count_first_and_other_months_not_at_all(department):
    af.application(department, received_on=D(2026, 2, 27))  # February: its own month
    march_9 = [af.application(department, received_on=D(2026, 3, 9)) for _ in range(2)]
    march_2 = af.application(department, received_on=D(2026, 3, 2))  # registered last, received first
    af.application(department, received_on=D(2026, 4, 1))  # April: its own month
    # March in receipt order: 2 Mar (1st), then the two of 9 Mar in registration order (2nd, 3rd).
    assert march_2.nth_request_this_month() == 1
    assert [application.nth_request_this_month() for application in march_9] == [2, 3]


def test_same_day_requests_count_in_the_order_their_receipt_was_confirmed(department, clerk, time_machine):
    first_filed = af.submitted_online(department, on=D(2026, 3, 2))
    second_filed = af.submitted_online(department, on=D(2026, 3, 2))
    time_machine.move_to(dt.datetime(2026, 3, 3, 9, tzinfo=BEIJING))
    workflow.confirm_receipt(second_filed, by=clerk, received_on=D(2026, 3, 3), today=D(2026, 3, 3))
    time_machine.move_to(dt.datetime(2026, 3, 3, 15, tzinfo=BEIJING))
    workflow.confirm_receipt(first_filed, by=clerk, received_on=D(2026, 3, 3), today=D(2026, 3, 3))
    # Both received 3 Mar; the one confirmed at 09:00 is the 1st, the one confirmed at 15:00 the 2nd.
    assert (second_filed.nth_request_this_month(), first_filed.nth_request_this_month()) == (1, 2)


def test_a_request_withdrawn_before_receipt_is_not_counted(department, clerk):
    never_received = af.submitted_online(department, on=D(2026, 3, 2))
    workflow.withdraw(never_received, by=clerk, today=D(2026, 3, 2))
    received = af.application(department, received_on=D(2026, 3, 3))
    assert received.nth_request_this_month() == 1


def test_other_applicants_are_counted_apart(department):
    af.application(department, received_on=D(2026, 3, 2), id_number="110105194912310029")
    mine = af.application(department, received_on=D(2026, 3, 2))
    assert mine.nth_request_this_month() == 1


def test_the_fee_form_proposes_the_count_in_receipt_order(department):
    made = [af.application(department, received_on=D(2026, 3, 2)) for _ in range(11)]
    eleventh = FeeNoticeForm(obj=made[-1], step=STEPS["fee_notice"])
    tenth = FeeNoticeForm(obj=made[-2], step=STEPS["fee_notice"])
    assert (eleventh.fields["nth_this_month"].initial, tenth.fields["nth_this_month"].initial) == (11, 10)
