"""Table 三 and its cross-check (一 + 二 = 三（七） + 四) with withdrawn requests: one withdrawn before its receipt was
confirmed was never received (Art. 31) and is counted nowhere; one received last year and withdrawn this year is
carried in and concluded. Each request goes through the real workflow."""

import datetime as dt

import pytest

from applications import workflow
from applications.classification import Outcome, Reason
from applications.models import Status
from portal.reports import annual
from tests import factories as f
from tests.applications import factories as af
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def withdrawals(department, clerk):
    # A: filed online 2 Mar 2026, withdrawn 3 Mar before the clerk confirmed receipt: never received.
    never_received = af.submitted_online(department, on=D(2026, 3, 2))
    workflow.withdraw(never_received, by=clerk, today=D(2026, 3, 3), note="申请人来电撤回")
    # B: received 22 Dec 2025, withdrawn 5 Jan 2026: carried from 2025 into 2026, concluded in 2026.
    carried = af.application(department, received_on=D(2025, 12, 22))
    workflow.withdraw(carried, by=clerk, today=D(2026, 1, 5))
    # C: received 2 Mar 2026, withdrawn 4 Mar 2026 after receipt: received and concluded in 2026.
    received = af.application(department, received_on=D(2026, 3, 2))
    workflow.withdraw(received, by=clerk, today=D(2026, 3, 4))
    # D: received 10 Mar 2026, disclosed 20 Mar 2026.
    disclosed = af.application(department, received_on=D(2026, 3, 10))
    workflow.reply(disclosed, by=clerk, outcome=Outcome.DISCLOSED, reply_text="予以公开", delivered_by="online",
                   replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    # E: received 1 Dec 2026, still open at the year's end: carried on to 2027.
    af.application(department, received_on=D(2026, 12, 1))
    return locals()


def _row(table, label_start):
    return next(row for row in table.rows if row.label.startswith(label_start)).counts["total"]


def test_withdrawal_before_receipt_leaves_no_result(withdrawals):
    never_received = withdrawals["never_received"]
    assert (never_received.status, never_received.received_on) == (Status.WITHDRAWN, None)
    assert (never_received.outcome, never_received.reason) == ("", "")
    assert never_received.concluded_on == D(2026, 3, 3)


def test_withdrawal_after_receipt_is_other_processing(withdrawals):
    assert (withdrawals["received"].outcome, withdrawals["received"].reason) == (Outcome.OTHER, Reason.OTHER)


def test_the_year_with_an_unreceived_withdrawal_adds_up(withdrawals):
    table = annual.build(f.county(), 2026, D(2027, 1, 10)).requests
    # 一 = C, D, E = 3; 二 = B = 1; 三（七） = B, C (（六）3) + D (（一）) = 3; 四 = E = 1; 3 + 1 = 3 + 1. A is nowhere.
    assert _row(table, "一、") == 3
    assert _row(table, "二、") == 1
    assert _row(table, "（一）予以公开") == 1
    assert _row(table, "3.其他") == 2
    assert _row(table, "（六）其他处理") == 2
    assert _row(table, "（七）总计") == 3
    assert _row(table, "四、") == 1
    assert table.is_consistent
    assert table.checks[2].detail == "总计：3 + 1 = 3 + 1"


def test_the_year_before_carries_the_received_request_on(withdrawals):
    table = annual.build(f.county(), 2025, D(2026, 1, 10)).requests
    # 2025: 一 = B = 1; 二 = 0; 三（七） = 0; 四 = B = 1.
    assert (_row(table, "一、"), _row(table, "二、"), _row(table, "（七）总计"), _row(table, "四、")) == (1, 0, 0, 1)
    assert table.is_consistent


def test_an_unreceived_withdrawal_recorded_with_a_result_is_still_not_counted(department):
    # Recorded before unreceived withdrawals were left without a result: 其他处理 3.其他 but never received.
    rf.concluded(department, received_on=None, concluded_on=D(2026, 3, 3), outcome=Outcome.OTHER,
                 reason=Reason.OTHER, status=Status.WITHDRAWN)
    rf.concluded(department, received_on=D(2026, 3, 2), concluded_on=D(2026, 3, 4), outcome=Outcome.OTHER,
                 reason=Reason.OTHER, status=Status.WITHDRAWN)
    table = annual.build(f.county(), 2026, D(2027, 1, 10)).requests
    # 一 = 1, 二 = 0, 三（七） = 1, 四 = 0.
    assert (_row(table, "一、"), _row(table, "（七）总计")) == (1, 1)
    assert table.is_consistent
