"""Each guard of the workflow's steps, tested so that deleting it fails a test (tests/MUTATION.md).

Dates are hand-worked on the 2026 schedule: March 2026 has no holiday, so its working days are Monday–Friday.
"""

import datetime as dt

import pytest

from applications import workflow
from applications.classification import Outcome, Reason
from applications.models import Application, ApplicationEvent, ClockPause, EventKind, Notice, Status
from applications.workflow import WorkflowError
from tests import factories as f
from tests.applications import factories as af
from tests.applications.test_workflow import _valid_kwargs

pytestmark = pytest.mark.django_db
D = dt.date
E = EventKind


def _reply(application, by, **kwargs):
    fields = {"outcome": Outcome.DISCLOSED, "reply_text": "予以公开", "delivered_by": "online",
              "replied_on": D(2026, 3, 20), "today": D(2026, 3, 20)}
    fields.update(kwargs)
    return workflow.reply(application, by=by, **fields)


def _stored(application):
    return Application.objects.get(pk=application.pk)


# Register ---------------------------------------------------------------------------------------------------------

def _new(department, **fields):
    # Online: received the day the organ confirms receipt (Art. 31), which the clerk types in and is checked.
    return Application(department=department, channel="online", **af.applicant_fields(**fields))


def test_register_refuses_a_receipt_date_in_the_future(department, clerk):
    made = _new(department, submitted_on=D(2026, 3, 2), received_on=D(2026, 3, 3))
    with pytest.raises(WorkflowError, match="确认收到日期不能晚于今天"):
        workflow.register(made, by=clerk, today=D(2026, 3, 2))
    assert not Application.objects.exists()


def test_register_refuses_a_receipt_date_before_submission(department, clerk):
    made = _new(department, submitted_on=D(2026, 3, 3), received_on=D(2026, 3, 2))
    with pytest.raises(WorkflowError, match="确认收到日期不能早于2026年03月03日"):
        workflow.register(made, by=clerk, today=D(2026, 3, 4))
    assert not Application.objects.exists()


def test_register_accepts_receipt_on_the_day_of_submission_and_today(department, clerk):
    made = _new(department, submitted_on=D(2026, 3, 4), received_on=D(2026, 3, 4))
    event = workflow.register(made, by=clerk, today=D(2026, 3, 4), note="窗口受理")
    assert (made.status, made.due_on) == (Status.REGISTERED, D(2026, 4, 1))  # 5–6, 9–13, 16–20, 23–27, 30–31 Mar, 1 Apr
    assert (event.kind, event.actor, event.note, event.on, event.payload) == (
        E.REGISTER, clerk, "窗口受理", D(2026, 3, 4), {"channel": "online"})
    assert made.notices.get().kind == Notice.Kind.RECEIPT


def test_register_without_receipt_date_waits_for_confirmation_and_issues_no_receipt(department, clerk):
    made = _new(department, submitted_on=D(2026, 3, 4))
    made.channel = "ordinary_post"
    workflow.register(made, by=clerk, today=D(2026, 3, 4))
    assert (made.status, made.due_on) == (Status.SUBMITTED, None)
    assert not made.notices.exists()


def test_register_twice_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^该申请已登记。$"):
        workflow.register(application, by=clerk, today=D(2026, 3, 3))
    assert application.events.filter(kind=E.REGISTER).count() == 1


def test_online_submission_is_stored_without_receipt(department):
    made = Application(department=department, channel="in_person", received_on=D(2026, 3, 1),
                       **af.applicant_fields())
    event = workflow.submit_online(made, today=D(2026, 3, 4), note="网上提交")
    stored = _stored(made)
    assert (stored.channel, stored.status, stored.submitted_on, stored.received_on) == (
        "online", Status.SUBMITTED, D(2026, 3, 4), None)
    assert (event.kind, event.on, event.note, event.status_after) == (E.SUBMIT, D(2026, 3, 4), "网上提交",
                                                                       Status.SUBMITTED)


def test_confirmation_before_submission_is_refused(department, clerk):
    application = af.submitted_online(department, on=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="确认收到日期不能早于2026年03月04日"):
        workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 3), today=D(2026, 3, 5))


def test_confirmation_records_the_day_and_issues_a_receipt(department, clerk):
    application = af.submitted_online(department, on=D(2026, 3, 4))
    event = workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 4), today=D(2026, 3, 5))
    assert event.payload == {"received_on": "2026-03-04"}
    assert _stored(application).received_on == D(2026, 3, 4)
    assert application.notices.get().kind == Notice.Kind.RECEIPT


# Correction ---------------------------------------------------------------------------------------------------------

def test_correction_before_receipt_is_refused(department, clerk):
    application = af.submitted_online(department)
    Application.objects.filter(pk=application.pk).update(status=Status.REGISTERED)
    with pytest.raises(WorkflowError, match=r"^尚未确认收到申请，不能告知补正。$"):
        workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 3),
                                    correction_due_on=D(2026, 3, 13))


def test_correction_needs_instructions(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^请写明需要补正的事项。$"):
        workflow.request_correction(application, by=clerk, instructions="  ", today=D(2026, 3, 3),
                                    correction_due_on=D(2026, 3, 13))


@pytest.mark.parametrize("due", [D(2026, 3, 3), D(2026, 3, 2)])
def test_correction_due_today_or_earlier_is_refused(department, clerk, due):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^补正期限应晚于今天，请给申请人留出合理的时间。$"):
        workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 3),
                                    correction_due_on=due)


def test_correction_notice_stores_the_granted_working_days_and_a_notice(department, clerk):
    application = af.application(department)
    event = workflow.request_correction(application, by=clerk, instructions=" 请写明年度 ", today=D(2026, 3, 3),
                                        correction_due_on=D(2026, 3, 13))
    stored = _stored(application)
    # Tue 3 Mar → Fri 13 Mar: 4–6 (3), 9–13 (5) = 8 working days.
    assert (stored.correction_requested_on, stored.correction_due_on, stored.correction_workdays) == (
        D(2026, 3, 3), D(2026, 3, 13), 8)
    assert stored.correction_instructions == "请写明年度"
    assert event.payload == {"correction_due_on": "2026-03-13"}
    assert application.notices.filter(kind=Notice.Kind.CORRECTION).exists()


def _in_correction(department, clerk):
    application = af.application(department)
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 20))
    return application


def test_applicant_correction_needs_text_or_files(department, clerk):
    application = _in_correction(department, clerk)
    with pytest.raises(WorkflowError, match=r"^请填写补正内容或上传补正材料。$"):
        workflow.submit_correction(application, text="  ", today=D(2026, 3, 5))


def test_applicant_correction_is_recorded_as_written(department, clerk):
    application = _in_correction(department, clerk)
    event = workflow.submit_correction(application, text=" 文号为示民〔2025〕12号 ", today=D(2026, 3, 5))
    assert (event.note, event.payload, event.actor) == ("文号为示民〔2025〕12号", {"files": 0}, None)
    assert _stored(application).correction_submitted_at is not None
    assert _stored(application).status == Status.CORRECTION


def test_recorded_correction_cannot_be_in_the_future(department, clerk):
    application = _in_correction(department, clerk)
    with pytest.raises(WorkflowError, match="收到补正日期不能晚于今天"):
        workflow.record_correction(application, by=clerk, corrected_on=D(2026, 3, 6), today=D(2026, 3, 5))


def test_recorded_correction_cannot_precede_the_notice(department, clerk):
    application = _in_correction(department, clerk)
    with pytest.raises(WorkflowError, match="收到补正日期不能早于2026年03月04日"):
        workflow.record_correction(application, by=clerk, corrected_on=D(2026, 3, 3), today=D(2026, 3, 5))


def test_recorded_correction_is_stored(department, clerk):
    application = _in_correction(department, clerk)
    event = workflow.record_correction(application, by=clerk, corrected_on=D(2026, 3, 4), today=D(2026, 3, 5))
    assert _stored(application).corrected_on == D(2026, 3, 4)
    assert event.payload == {"corrected_on": "2026-03-04"}
    # 20 working days from Wed 4 Mar: 1 Apr (as for a request received that day).
    assert _stored(application).due_on == D(2026, 4, 1)


def test_deemed_withdrawn_without_a_correction_deadline_is_refused(department, clerk):
    application = af.application(department)
    Application.objects.filter(pk=application.pk).update(status=Status.CORRECTION)
    with pytest.raises(WorkflowError, match="补正期限（未设定）尚未届满"):
        workflow.deem_withdrawn(application, by=clerk, today=D(2026, 6, 1))


def test_deemed_withdrawn_on_the_day_after_the_deadline(department, clerk):
    application = _in_correction(department, clerk)
    with pytest.raises(WorkflowError, match="补正期限（2026年03月20日）尚未届满"):
        workflow.deem_withdrawn(application, by=clerk, today=D(2026, 3, 20))
    workflow.deem_withdrawn(application, by=clerk, today=D(2026, 3, 21))
    assert _stored(application).status == Status.DEEMED_WITHDRAWN


# Consultation ------------------------------------------------------------------------------------------------------

def test_consultation_of_an_unknown_kind_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^请选择征求第三方意见或征求其他机关意见。$"):
        workflow.start_consultation(application, by=clerk, kind=ClockPause.Kind.FEE, party="某公司",
                                    today=D(2026, 3, 9))
    assert not application.pauses.exists()


def test_consultation_needs_a_party(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^请填写征求意见的对象。$"):
        workflow.start_consultation(application, by=clerk, kind="third_party", party=" ", today=D(2026, 3, 9))


def test_second_open_consultation_of_the_same_kind_is_refused(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", today=D(2026, 3, 9))
    with pytest.raises(WorkflowError, match="已有一项“征求第三方意见”尚未结束"):
        workflow.start_consultation(application, by=clerk, kind="third_party", party="另一公司",
                                    today=D(2026, 3, 10))
    assert application.pauses.count() == 1


def test_consultation_is_stored_with_its_party_and_answer_date(department, clerk):
    application = af.application(department)
    event = workflow.start_consultation(application, by=clerk, kind="other_organ", party=" 县财政局 ",
                                        today=D(2026, 3, 9), note="共同制作")
    pause = application.pauses.get()
    # Mon 9 Mar + 15 working days: 10–13 (4), 16–20 (9), 23–27 (14), Mon 30 Mar (15).
    assert (pause.kind, pause.party, pause.started_on, pause.answer_due_on, pause.note) == (
        "other_organ", "县财政局", D(2026, 3, 9), D(2026, 3, 30), "共同制作")
    assert event.payload == {"pause": pause.pk, "kind": "other_organ", "party": "县财政局", "delivery": "in_person"}
    assert application.notices.filter(kind=Notice.Kind.CONSULTATION).exists()


def test_end_of_consultation_without_one_open_is_refused(department, clerk):
    application = af.application(department)
    Application.objects.filter(pk=application.pk).update(status=Status.CONSULTING)
    with pytest.raises(WorkflowError, match=r"^没有正在进行的征求意见。$"):
        workflow.end_consultation(application, by=clerk, today=D(2026, 3, 13))


def _consulting(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", today=D(2026, 3, 9))
    return application


def test_end_of_consultation_in_the_future_is_refused(department, clerk):
    application = _consulting(department, clerk)
    with pytest.raises(WorkflowError, match="收到意见日期不能晚于今天"):
        workflow.end_consultation(application, by=clerk, ended_on=D(2026, 3, 14), today=D(2026, 3, 13))
    assert application.pauses.get().ended_on is None


def test_end_of_consultation_before_it_started_is_refused(department, clerk):
    application = _consulting(department, clerk)
    with pytest.raises(WorkflowError, match="收到意见日期不能早于2026年03月09日"):
        workflow.end_consultation(application, by=clerk, ended_on=D(2026, 3, 6), today=D(2026, 3, 13))


def test_end_of_consultation_defaults_to_today_and_ends_only_the_kind_named(department, clerk):
    application = _consulting(department, clerk)
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 10))
    event = workflow.end_consultation(application, by=clerk, kind="other_organ", today=D(2026, 3, 12))
    organ = application.pauses.get(kind="other_organ")
    assert organ.ended_on == D(2026, 3, 12)
    assert application.pauses.get(kind="third_party").ended_on is None
    assert event.payload == {"pause": organ.pk, "ended_on": "2026-03-12", "outcome": "answered"}
    assert _stored(application).status == Status.CONSULTING


def test_end_of_consultation_without_a_kind_ends_the_oldest(department, clerk):
    application = _consulting(department, clerk)
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 10))
    workflow.end_consultation(application, by=clerk, today=D(2026, 3, 12))
    assert application.pauses.get(kind="third_party").ended_on == D(2026, 3, 12)
    assert application.pauses.get(kind="other_organ").ended_on is None


# Fees -------------------------------------------------------------------------------------------------------------

def test_fee_notice_needs_one_scheme(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^请选择按件计收或按量计收（二者只能选其一）。$"):
        workflow.fee_notice(application, by=clerk, amount=100, scheme="both", today=D(2026, 3, 9))
    assert not application.pauses.exists()


def test_fee_of_one_yuan_is_accepted(department, clerk):
    application = af.application(department)
    event = workflow.fee_notice(application, by=clerk, amount=1, scheme="item", basis="第11件", today=D(2026, 3, 9))
    pause = application.pauses.get()
    # Mon 9 Mar + 20 working days: 10–13 (4), 16–20 (9), 23–27 (14), 30 Mar–3 Apr (19), Tue 7 Apr (清明 6 Apr).
    assert (pause.kind, pause.started_on, pause.answer_due_on, pause.note) == (
        ClockPause.Kind.FEE, D(2026, 3, 9), D(2026, 4, 7), "第11件")
    assert _stored(application).fee_amount == 1
    assert event.payload == {"pause": pause.pk, "amount": 1, "scheme": "item", "basis": "第11件",
                             "delivery": "in_person"}
    assert application.notices.filter(kind=Notice.Kind.FEE).exists()


def _awaiting_fee(department, clerk):
    application = af.application(department)
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 3, 9))
    return application


def test_payment_ends_the_pause_on_the_day_paid(department, clerk):
    application = _awaiting_fee(department, clerk)
    event = workflow.fee_paid(application, by=clerk, paid_on=D(2026, 3, 11), today=D(2026, 3, 13))
    assert application.pauses.get().ended_on == D(2026, 3, 11)
    assert event.payload == {"paid_on": "2026-03-11"}
    # Due 30 Mar + the 2 working days paused (10, 11 Mar) = 1 Apr, and it stays so on any later day.
    stored = _stored(application)
    stored.refresh_due()
    assert stored.due_on == D(2026, 4, 1)


def test_payment_defaults_to_today(department, clerk):
    application = _awaiting_fee(department, clerk)
    workflow.fee_paid(application, by=clerk, today=D(2026, 3, 12))
    assert application.pauses.get().ended_on == D(2026, 3, 12)


def test_payment_without_a_fee_notice_is_refused(department, clerk):
    application = af.application(department)
    Application.objects.filter(pk=application.pk).update(status=Status.AWAITING_FEE)
    with pytest.raises(WorkflowError, match=r"^没有待缴纳的费用。$"):
        workflow.fee_paid(application, by=clerk, today=D(2026, 3, 12))


def test_payment_in_the_future_is_refused(department, clerk):
    application = _awaiting_fee(department, clerk)
    with pytest.raises(WorkflowError, match="缴费日期不能晚于今天"):
        workflow.fee_paid(application, by=clerk, paid_on=D(2026, 3, 13), today=D(2026, 3, 12))


def test_payment_before_the_notice_is_refused(department, clerk):
    application = _awaiting_fee(department, clerk)
    with pytest.raises(WorkflowError, match="缴费日期不能早于2026年03月09日"):
        workflow.fee_paid(application, by=clerk, paid_on=D(2026, 3, 6), today=D(2026, 3, 12))


def test_payment_after_the_fee_deadline_is_refused_and_on_it_accepted(department, clerk):
    application = _awaiting_fee(department, clerk)  # payment due 7 Apr 2026 (see above)
    with pytest.raises(WorkflowError, match="已超过缴费期限（2026年04月07日）"):
        workflow.fee_paid(application, by=clerk, paid_on=D(2026, 4, 8), today=D(2026, 4, 8))
    assert application.pauses.get().ended_on is None
    workflow.fee_paid(application, by=clerk, paid_on=D(2026, 4, 7), today=D(2026, 4, 8))
    assert _stored(application).status == Status.PROCESSING


def test_fee_lapse_without_a_fee_notice_is_refused(department, clerk):
    application = af.application(department)
    Application.objects.filter(pk=application.pk).update(status=Status.AWAITING_FEE)
    with pytest.raises(WorkflowError, match=r"^没有待缴纳的费用。$"):
        workflow.fee_lapsed(application, by=clerk, today=D(2026, 5, 12))


# Extension ----------------------------------------------------------------------------------------------------------

def test_extension_by_the_system_is_refused(department):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^延期答复须经本单位审核员批准，请由审核员办理。$"):
        workflow.extend(application, by=None, workdays=5, reason="需调取档案", today=D(2026, 3, 10))


@pytest.mark.parametrize("workdays", [0, -1])
def test_extension_of_no_working_days_is_refused(department, reviewer, workdays):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^延长的期限为1至20个工作日。$"):
        workflow.extend(application, by=reviewer, workdays=workdays, reason="需调取档案", today=D(2026, 3, 10))


@pytest.mark.parametrize(("workdays", "due"), [(1, D(2026, 3, 31)), (20, D(2026, 4, 28))])
def test_extension_bounds_are_accepted(department, reviewer, workdays, due):
    # Due Mon 30 Mar; +1 → Tue 31 Mar; +20 → 31 Mar–3 Apr (4), 7–10 (8, 清明 6 Apr), 13–17 (13), 20–24 (18),
    # 27–28 Apr (20).
    application = af.application(department)
    event = workflow.extend(application, by=reviewer, workdays=workdays, reason=" 需调取档案 ", today=D(2026, 3, 30))
    stored = _stored(application)
    assert (stored.due_on, stored.extension_workdays, stored.extended_on, stored.extension_reason) == (
        due, workdays, D(2026, 3, 30), "需调取档案")
    assert event.payload == {"workdays": workdays, "old_due_on": "2026-03-30"}


# Transfer -----------------------------------------------------------------------------------------------------------

def test_transfer_to_a_deactivated_department_is_refused(department, clerk):
    application = af.application(department)
    closed = f.department(name="县原粮食局", is_active=False)
    with pytest.raises(WorkflowError, match=r"^所选单位已停用，不能转办。$"):
        workflow.transfer(application, by=clerk, to_department=closed, today=D(2026, 3, 5))
    assert _stored(application).department == department


def test_transfer_event_names_both_departments(department, clerk):
    application = af.application(department)
    other = f.department(name="县财政局")
    event = workflow.transfer(application, by=clerk, to_department=other, today=D(2026, 3, 5))
    assert event.payload == {"from": department.pk, "to": other.pk, "from_name": department.name,
                             "to_name": "县财政局"}


# Reply ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   "])
def test_empty_reply_is_refused(department, clerk, text):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^请填写答复内容。$"):
        _reply(application, clerk, reply_text=text)
    assert _stored(application).status == Status.REGISTERED


def test_reply_in_the_future_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="答复日期不能晚于今天"):
        _reply(application, clerk, replied_on=D(2026, 3, 21), today=D(2026, 3, 20))


def test_reply_before_receipt_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="答复日期不能早于2026年03月02日"):
        _reply(application, clerk, replied_on=D(2026, 3, 1))


def test_reply_cannot_use_the_fee_unpaid_reason(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^逾期未补正、逾期未缴费请使用对应的办理步骤，不作为答复登记。$"):
        _reply(application, clerk, outcome=Outcome.OTHER, reason=Reason.FEE_UNPAID)


def test_reply_on_the_day_of_receipt_is_stored_with_its_notice(department, clerk):
    application = af.application(department)
    event = _reply(application, clerk, reply_text=" 予以公开 ", delivered_by="post", replied_on=D(2026, 3, 2),
                   today=D(2026, 3, 3))
    stored = _stored(application)
    assert (stored.replied_on, stored.concluded_on, stored.reply_text, stored.delivered_by) == (
        D(2026, 3, 2), D(2026, 3, 2), "予以公开", "post")
    assert event.payload == {"outcome": Outcome.DISCLOSED, "reason": "", "replied_on": "2026-03-02",
                             "withheld_parts": []}
    assert event.on == D(2026, 3, 3)
    assert application.notices.get(kind=Notice.Kind.REPLY).issued_on == D(2026, 3, 2)


def test_reply_ends_an_open_pause_on_the_reply_day(department, clerk):
    application = _consulting(department, clerk)
    workflow.end_consultation(application, by=clerk, today=D(2026, 3, 10))
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 3, 11))
    Application.objects.filter(pk=application.pk).update(status=Status.PROCESSING)
    _reply(application, clerk, replied_on=D(2026, 3, 16), today=D(2026, 3, 16))
    assert application.pauses.get(kind=ClockPause.Kind.FEE).ended_on == D(2026, 3, 16)
    assert application.pauses.get(kind="third_party").ended_on == D(2026, 3, 10)


# Close, withdraw, versions -------------------------------------------------------------------------------------------

def test_close_after_reply_records_the_step(department, clerk):
    application = af.application(department)
    _reply(application, clerk)
    event = workflow.close(application, by=clerk, today=D(2026, 3, 23), note="归档")
    assert (_stored(application).status, event.kind, event.note, event.status_before) == (
        Status.CLOSED, E.CLOSE, "归档", Status.REPLIED)


def test_each_step_stores_the_new_version_and_the_event(department, clerk):
    application = af.application(department)
    version = _stored(application).version
    workflow.accept(application, by=clerk, today=D(2026, 3, 3), note="受理", expected_version=version)
    stored = _stored(application)
    assert (stored.version, stored.status) == (version + 1, Status.PROCESSING)
    assert (application.version, application.status) == (version + 1, Status.PROCESSING)
    event = ApplicationEvent.objects.filter(application=application).last()
    assert (event.status_before, event.status_after, event.actor) == (Status.REGISTERED, Status.PROCESSING, clerk)


def test_available_steps_hide_a_second_correction(department, clerk):
    application = _in_correction(department, clerk)
    Application.objects.filter(pk=application.pk).update(status=Status.PROCESSING)
    assert E.REQUEST_CORRECTION not in workflow.available_steps(_stored(application), clerk)
    assert E.REQUEST_CORRECTION in workflow.available_steps(af.application(department), clerk)


def test_allowed_steps_are_none_for_another_department(department, clerk):
    application = af.application(department)
    assert workflow.allowed_steps(application, f.clerk(f.department())) == []
    assert [step.name for step in workflow.allowed_steps(application, clerk)] == workflow.available_steps(
        application, clerk)


# Today ------------------------------------------------------------------------------------------------------------

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_steps_without_a_date_act_on_todays_local_date(department, clerk, time_machine):
    # 20:00 UTC on Tue 3 Mar 2026 is already Wed 4 Mar in Asia/Shanghai.
    time_machine.move_to(dt.datetime(2026, 3, 3, 20, 0, tzinfo=dt.UTC), tick=False)
    application = af.submitted_online(department, on=D(2026, 3, 2))
    workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 3))
    event = workflow.accept(application, by=clerk)
    assert event.on == D(2026, 3, 4)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司")
    assert application.pauses.get().started_on == D(2026, 3, 4)
    workflow.end_consultation(application, by=clerk)
    assert application.pauses.get().ended_on == D(2026, 3, 4)
    _reply(application, clerk, replied_on=None, today=None)
    assert _stored(application).replied_on == D(2026, 3, 4)


def test_online_submission_is_dated_today(department, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 9, 8, 30, tzinfo=SHANGHAI), tick=False)
    made = Application(department=department, **af.applicant_fields())
    workflow.submit_online(made)
    assert _stored(made).submitted_on == D(2026, 3, 9)


def test_refusals_say_exactly_why(department, clerk, reviewer):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=r"^您无权办理其他单位的申请。$"):
        workflow.accept(application, by=f.clerk(f.department()), today=D(2026, 3, 3))
    with pytest.raises(WorkflowError, match=r"^延期答复须经本单位审核员批准，请由审核员办理。$"):
        workflow.check(E.EXTEND, application, by=clerk)
    with pytest.raises(WorkflowError, match=r"^请写明延期的理由。$"):
        workflow.extend(application, by=reviewer, workdays=5, reason=" ", today=D(2026, 3, 10))
    with pytest.raises(WorkflowError, match=r"^请选择另一个单位；不能转给当前办理单位。$"):
        workflow.transfer(application, by=clerk, to_department=department, today=D(2026, 3, 5))
    with pytest.raises(WorkflowError, match=r"^收费金额应大于0元；不收费的申请无需发出收费通知。$"):
        workflow.fee_notice(application, by=clerk, amount=0, scheme="item", today=D(2026, 3, 9))
    mismatch = r"^办理结果与具体情形不匹配：予以公开、部分公开无需选择情形，其他结果须选择一项情形。$"
    with pytest.raises(WorkflowError, match=mismatch):
        _reply(application, clerk, outcome=Outcome.WITHHELD, reason=Reason.NOT_HELD)
    with pytest.raises(WorkflowError, match=workflow.CHANGED_MESSAGE):
        workflow.accept(application, by=clerk, today=D(2026, 3, 3), expected_version=application.version + 1)
    workflow.extend(application, by=reviewer, workdays=5, reason="需调取档案", today=D(2026, 3, 10))
    with pytest.raises(WorkflowError, match=r"^延期答复只能一次，该申请已延期。$"):
        workflow.extend(application, by=reviewer, workdays=5, reason="再延", today=D(2026, 3, 11))
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 10),
                                correction_due_on=D(2026, 3, 20))
    workflow.record_correction(application, by=clerk, corrected_on=D(2026, 3, 11), today=D(2026, 3, 11))
    with pytest.raises(WorkflowError, match=r"^补正只能告知一次（《条例》第三十条），该申请已告知过补正。$"):
        workflow.request_correction(application, by=clerk, instructions="再补", today=D(2026, 3, 12),
                                    correction_due_on=D(2026, 3, 20))


# Every step: the department check and the version check come first ----------------------------------------------------

def _in_status(department, status):
    application = af.application(department)
    Application.objects.filter(pk=application.pk).update(status=status)
    return _stored(application)


STEP_AND_STATUS = [(name, sorted(step.sources)[0]) for name, step in workflow.STEPS.items()]


@pytest.mark.parametrize(("step", "status"), [pair for pair in STEP_AND_STATUS if pair[0] != E.SUBMIT_CORRECTION])
def test_every_step_refuses_a_clerk_of_another_department(department, step, status):
    application = _in_status(department, status)
    with pytest.raises(WorkflowError, match=r"^您无权办理其他单位的申请。$"):
        workflow.STEP_FUNCTIONS[step](application, by=f.clerk(f.department()), today=D(2026, 3, 4),
                                      **_valid_kwargs(step, f.department()))
    assert _stored(application).status == status


@pytest.mark.parametrize(("step", "status"), STEP_AND_STATUS)
def test_every_step_refuses_a_stale_version(department, clerk, step, status):
    application = _in_status(department, status)
    kwargs = _valid_kwargs(step, f.department())
    if step != E.SUBMIT_CORRECTION:
        kwargs["by"] = clerk
    with pytest.raises(WorkflowError, match=workflow.CHANGED_MESSAGE):
        workflow.STEP_FUNCTIONS[step](application, today=D(2026, 3, 4), expected_version=application.version + 1,
                                      **kwargs)
    assert _stored(application).version == application.version
