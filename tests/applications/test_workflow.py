"""The statutory workflow: every transition allowed and refused, each step's legal rules, concurrency."""

import datetime as dt

import pytest

from applications import workflow
from applications.classification import Outcome, Reason
from applications.models import Application, ApplicationEvent, ClockPause, EventKind, Notice, Status, Transfer
from applications.workflow import STEPS, WorkflowError
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
E = EventKind


def _in_status(status, department):
    made = af.application(department)
    Application.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


def _valid_kwargs(step, other_department):
    return {
        E.CONFIRM_RECEIPT: {"received_on": D(2026, 3, 3)},
        E.REQUEST_CORRECTION: {"instructions": "请写明文号", "correction_due_on": D(2026, 3, 20)},
        E.SUBMIT_CORRECTION: {"text": "文号为示民〔2025〕12号"},
        E.RECORD_CORRECTION: {"corrected_on": D(2026, 3, 4)},
        E.START_CONSULTATION: {"kind": ClockPause.Kind.THIRD_PARTY, "party": "示范县恒通建材有限公司"},
        E.RECORD_DELIVERY: {"received_on": D(2026, 3, 4)},
        E.FEE_NOTICE: {"amount": 100, "scheme": "item"},
        E.EXTEND: {"workdays": 10, "reason": "需调取档案"},
        E.PROPOSE_DEFERRAL: {"proposed_due_on": D(2026, 4, 27), "reason": "申请数量明显超过合理范围"},
        E.REJECT_DEFERRAL: {"note": "期限过长"},
        E.TRANSFER: {"to_department": other_department},
        E.REPLY: {"outcome": Outcome.DISCLOSED, "reply_text": "予以公开", "delivered_by": "online",
                  "replied_on": D(2026, 3, 4)},
    }.get(step, {})


def _call(step, application, reviewer, other_department):
    kwargs = _valid_kwargs(step, other_department)
    if step != E.SUBMIT_CORRECTION:
        kwargs["by"] = reviewer
    return workflow.STEP_FUNCTIONS[step](application, today=D(2026, 3, 4), **kwargs)


REFUSED = [(name, status) for name, step in STEPS.items() for status in Status.values if not step.allows(status)]
ALLOWED = [(name, status) for name, step in STEPS.items() for status in sorted(step.sources)]


@pytest.mark.parametrize(("step", "status"), REFUSED)
def test_step_refused_in_a_state_that_does_not_allow_it(step, status, department, reviewer):
    application = _in_status(status, department)
    with pytest.raises(WorkflowError, match="当前状态为"):
        _call(step, application, reviewer, f.department())
    assert Application.objects.get(pk=application.pk).status == status


@pytest.mark.parametrize(("step", "status"), ALLOWED)
def test_step_passes_the_state_check_in_a_state_that_allows_it(step, status, department, reviewer):
    application = _in_status(status, department)
    try:
        _call(step, application, reviewer, f.department())
    except WorkflowError as error:  # a rule of the step itself may still refuse, but never the state
        assert "当前状态为" not in error.message
    else:
        event = application.events.last()
        assert event.kind == step
        # Who took the step is on record (the citizen's own correction has no staff actor), and no note was given.
        assert event.actor == (None if step == E.SUBMIT_CORRECTION else reviewer)
        given = {E.SUBMIT_CORRECTION: "文号为示民〔2025〕12号"}  # the citizen's correction is its event's note
        assert event.note == given.get(step, _valid_kwargs(step, None).get("note", ""))


def _takes_a_note(step) -> bool:
    import inspect

    return "note" in inspect.signature(workflow.STEP_FUNCTIONS[step]).parameters


# Steps that need an earlier step first (a deferral proposed, a consultation or a fee notice sent, an online
# submission, a correction period run out): not from the bare state this test sets.
NEEDS_AN_EARLIER_STEP = {E.APPROVE_DEFERRAL, E.REJECT_DEFERRAL, E.CONFIRM_RECEIPT, E.DEEM_WITHDRAWN,
                         E.END_CONSULTATION, E.FEE_PAID, E.FEE_LAPSED, E.RECORD_DELIVERY}
FIRST_ALLOWED = {name: status for name, status in reversed(ALLOWED)
                 if _takes_a_note(name) and name not in NEEDS_AN_EARLIER_STEP}


@pytest.mark.parametrize(("step", "status"), sorted(FIRST_ALLOWED.items()))
def test_each_step_records_the_note_it_was_given(step, status, department, reviewer):
    application = _in_status(status, department)
    kwargs = {**_valid_kwargs(step, f.department()), "note": "经办人备注：已电话告知"}
    if step != E.SUBMIT_CORRECTION:
        kwargs["by"] = reviewer
    workflow.STEP_FUNCTIONS[step](application, today=D(2026, 3, 4), **kwargs)
    assert application.events.last().note == "经办人备注：已电话告知"


def test_every_step_has_a_function_and_every_clerk_step_a_form():
    from django.utils.module_loading import import_string

    from applications.forms import StepForm

    assert all(callable(getattr(workflow, name)) for name in STEPS)
    assert all(issubclass(import_string(STEPS[name].form), StepForm) for name in workflow.CLERK_STEPS)


def test_register_with_receipt_date_starts_the_clock_and_issues_a_receipt(department, clerk):
    application = af.application(department, by=clerk)
    assert application.status == Status.REGISTERED
    assert application.due_on == D(2026, 3, 30)
    assert application.notices.get().kind == Notice.Kind.RECEIPT


def test_online_request_has_no_receipt_date_until_confirmed(department, clerk):
    application = af.submitted_online(department)
    assert application.received_on is None and application.due_on is None
    workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 3), today=D(2026, 3, 4))
    # Confirmed Tue 3 Mar 2026: 20 working days -> Tue 31 Mar.
    assert (application.received_on, application.due_on) == (D(2026, 3, 3), D(2026, 3, 31))


def test_confirmed_receipt_cannot_be_in_the_future(department, clerk):
    application = af.submitted_online(department)
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 9), today=D(2026, 3, 4))


def test_correction_notice_on_the_seventh_working_day_is_allowed(department, clerk):
    application = af.application(department, received_on=D(2026, 2, 10))
    # 7 working days after Tue 10 Feb 2026 across 春节 (14 Feb is a 调休 workday): 26 Feb.
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 2, 26),
                                correction_due_on=D(2026, 3, 13))
    assert application.status == Status.CORRECTION
    assert application.due_on is None


def test_correction_notice_after_seven_workdays_is_refused(department, clerk):
    application = af.application(department, received_on=D(2026, 2, 10))
    with pytest.raises(WorkflowError, match="7个工作日内") as refused:
        workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 2, 27),
                                    correction_due_on=D(2026, 3, 13))
    assert "2026年02月26日" in refused.value.message
    assert Application.objects.get(pk=application.pk).status == Status.REGISTERED


def test_correction_may_be_requested_only_once(department, clerk):
    application = af.application(department)
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 3),
                                correction_due_on=D(2026, 3, 13))
    workflow.record_correction(application, by=clerk, corrected_on=D(2026, 3, 5), today=D(2026, 3, 5))
    with pytest.raises(WorkflowError, match="只能告知一次"):
        workflow.request_correction(application, by=clerk, instructions="再补", today=D(2026, 3, 6),
                                    correction_due_on=D(2026, 3, 20))


def test_recorded_correction_restarts_the_reply_period(department, clerk):
    application = af.application(department)
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 20))
    workflow.record_correction(application, by=clerk, corrected_on=D(2026, 3, 16), today=D(2026, 3, 16))
    # 20 working days from Mon 16 Mar 2026, with 清明 4–6 Apr off: Tue 14 Apr.
    assert application.due_on == D(2026, 4, 14)
    assert application.status == Status.PROCESSING


def test_deemed_withdrawn_refused_before_the_correction_deadline(department, clerk):
    application = af.application(department)
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 20))
    with pytest.raises(WorkflowError, match="尚未届满"):
        workflow.deem_withdrawn(application, by=clerk, today=D(2026, 3, 20))


def test_deemed_withdrawn_after_the_deadline_concludes_as_no_correction(department, clerk):
    application = af.application(department)
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 20))
    workflow.deem_withdrawn(application, by=clerk, today=D(2026, 3, 23))
    assert (application.status, application.outcome, application.reason) == (
        Status.DEEMED_WITHDRAWN, Outcome.OTHER, Reason.NO_CORRECTION)
    assert application.concluded_on == D(2026, 3, 23)


def test_consultation_pauses_the_clock(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind=ClockPause.Kind.THIRD_PARTY, party="某公司",
                                today=D(2026, 3, 9))
    assert application.status == Status.CONSULTING
    assert application.pauses.get().answer_due_on == D(2026, 3, 30)  # 15 working days after 9 Mar
    workflow.end_consultation(application, by=clerk, ended_on=D(2026, 3, 13), today=D(2026, 3, 13))
    # 4 working days (10–13 Mar) added back to 30 Mar: 3 Apr.
    assert (application.status, application.due_on) == (Status.PROCESSING, D(2026, 4, 3))


def test_two_consultations_at_once_resume_the_clock_only_when_both_end(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", today=D(2026, 3, 9))
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 10))
    workflow.end_consultation(application, by=clerk, kind="third_party", today=D(2026, 3, 11))
    assert application.status == Status.CONSULTING
    workflow.end_consultation(application, by=clerk, today=D(2026, 3, 13))
    assert application.status == Status.PROCESSING


def test_fee_notice_and_payment_pause_the_clock(department, clerk):
    application = af.application(department)
    workflow.fee_notice(application, by=clerk, amount=700, scheme="volume", today=D(2026, 3, 9))
    assert application.status == Status.AWAITING_FEE
    workflow.fee_paid(application, by=clerk, paid_on=D(2026, 3, 13), today=D(2026, 3, 13))
    assert (application.status, application.due_on) == (Status.PROCESSING, D(2026, 4, 3))


def test_fee_of_zero_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="大于0元"):
        workflow.fee_notice(application, by=clerk, amount=0, scheme="item", today=D(2026, 3, 9))


def test_fee_lapse_refused_before_twenty_working_days(department, clerk):
    application = af.application(department)
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 3, 2))
    with pytest.raises(WorkflowError, match="尚未届满"):
        workflow.fee_lapsed(application, by=clerk, today=D(2026, 3, 30))  # the 20th working day


def test_fee_lapse_after_the_deadline_concludes_as_fee_unpaid(department, clerk):
    application = af.application(department)
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 3, 2))
    workflow.fee_lapsed(application, by=clerk, today=D(2026, 3, 31))
    assert (application.status, application.reason) == (Status.FEE_LAPSED, Reason.FEE_UNPAID)
    assert application.pauses.get().ended_on == D(2026, 3, 31)


def test_extension_by_a_reviewer_of_the_department(department, reviewer):
    application = af.application(department, received_on=D(2025, 9, 26))
    workflow.extend(application, by=reviewer, workdays=20, reason="需调取档案", today=D(2025, 10, 30))
    # Due 30 Oct 2025 + 20 working days = 27 Nov 2025.
    assert application.due_on == D(2025, 11, 27)
    assert application.extension_approved_by == reviewer
    assert application.notices.filter(kind=Notice.Kind.EXTENSION).exists()


def test_extension_by_a_clerk_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="审核员"):
        workflow.extend(application, by=clerk, workdays=10, reason="需调取档案", today=D(2026, 3, 10))


def test_extension_by_a_reviewer_of_another_department_is_refused(department):
    application = af.application(department)
    outsider = f.reviewer(f.department())
    with pytest.raises(WorkflowError):
        workflow.extend(application, by=outsider, workdays=10, reason="需调取档案", today=D(2026, 3, 10))


def test_extension_after_the_due_date_is_refused(department, reviewer):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="已超过答复期限"):
        workflow.extend(application, by=reviewer, workdays=10, reason="需调取档案", today=D(2026, 3, 31))


def test_extension_only_once(department, reviewer):
    application = af.application(department)
    workflow.extend(application, by=reviewer, workdays=5, reason="需调取档案", today=D(2026, 3, 10))
    with pytest.raises(WorkflowError, match="只能一次"):
        workflow.extend(application, by=reviewer, workdays=5, reason="再延", today=D(2026, 3, 11))


def test_extension_longer_than_twenty_working_days_is_refused(department, reviewer):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="1至20个工作日"):
        workflow.extend(application, by=reviewer, workdays=21, reason="需调取档案", today=D(2026, 3, 10))


def test_extension_needs_a_reason(department, reviewer):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="理由"):
        workflow.extend(application, by=reviewer, workdays=5, reason=" ", today=D(2026, 3, 10))


def test_transfer_changes_department_keeps_the_clock_and_is_recorded(department, clerk):
    application = af.application(department)
    other = f.department(name="县财政局")
    workflow.transfer(application, by=clerk, to_department=other, today=D(2026, 3, 5), note="信息由财政局保存")
    assert application.department == other
    assert application.due_on == D(2026, 3, 30)
    transfer = Transfer.objects.get()
    assert (transfer.from_department, transfer.to_department) == (department, other)


def test_transfer_to_the_same_department_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="另一个单位"):
        workflow.transfer(application, by=clerk, to_department=department, today=D(2026, 3, 5))


def test_clerk_of_another_department_cannot_act(department):
    application = af.application(department)
    outsider = f.clerk(f.department())
    with pytest.raises(WorkflowError, match="无权"):
        workflow.accept(application, by=outsider, today=D(2026, 3, 3))


def test_reply_records_outcome_legal_basis_and_conclusion(department, clerk):
    application = af.application(department)
    workflow.reply(application, by=clerk, outcome=Outcome.WITHHELD, reason=Reason.STATE_SECRET,
                   reply_text="属于国家秘密", delivered_by="post", replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    assert (application.status, application.concluded_on, application.replied_on) == (
        Status.REPLIED, D(2026, 3, 20), D(2026, 3, 20))
    assert "第十四条" in application.legal_basis
    assert application.replied_on_time is True
    assert application.workdays_to_reply == 14  # 3–6, 9–13, 16–20 Mar 2026


def test_reply_with_a_reason_that_does_not_fit_the_outcome_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="不匹配"):
        workflow.reply(application, by=clerk, outcome=Outcome.WITHHELD, reason=Reason.NOT_HELD,
                       reply_text="x", delivered_by="post", today=D(2026, 3, 20))


def test_reply_cannot_use_the_no_correction_reason(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="对应的办理步骤"):
        workflow.reply(application, by=clerk, outcome=Outcome.OTHER, reason=Reason.NO_CORRECTION,
                       reply_text="x", delivered_by="post", today=D(2026, 3, 20))


def test_late_reply_is_not_on_time(department, clerk):
    application = af.application(department)
    workflow.reply(application, by=clerk, outcome=Outcome.DISCLOSED, reply_text="公开", delivered_by="online",
                   replied_on=D(2026, 3, 31), today=D(2026, 3, 31))
    assert application.replied_on_time is False


def test_withdrawal_concludes_as_other(department, clerk):
    application = af.application(department)
    workflow.withdraw(application, by=clerk, today=D(2026, 3, 5), note="申请人书面撤回")
    assert (application.status, application.outcome, application.reason, application.concluded_on) == (
        Status.WITHDRAWN, Outcome.OTHER, Reason.OTHER, D(2026, 3, 5))


def test_every_step_appends_an_event_with_actor_and_note(department, clerk):
    application = af.application(department, by=clerk)
    workflow.accept(application, by=clerk, today=D(2026, 3, 3), note="开始办理")
    event = application.events.last()
    assert (event.kind, event.actor, event.note, event.on) == (E.ACCEPT, clerk, "开始办理", D(2026, 3, 3))
    assert (event.status_before, event.status_after) == (Status.REGISTERED, Status.PROCESSING)


def test_events_cannot_be_changed(department):
    application = af.application(department)
    event = application.events.get()
    event.note = "改写"
    with pytest.raises(TypeError):
        event.save()


def test_events_cannot_be_deleted_or_updated_in_bulk(department):
    af.application(department)
    with pytest.raises(TypeError):
        ApplicationEvent.objects.all().delete()
    with pytest.raises(TypeError):
        ApplicationEvent.objects.update(note="x")


def test_stale_version_is_told_it_changed_and_nothing_is_saved(department, clerk):
    application = af.application(department)
    first_clerk_view = Application.objects.get(pk=application.pk)
    second_clerk_view = Application.objects.get(pk=application.pk)
    workflow.accept(first_clerk_view, by=clerk, today=D(2026, 3, 3), expected_version=first_clerk_view.version)
    with pytest.raises(WorkflowError, match="已被他人更新"):
        workflow.withdraw(second_clerk_view, by=clerk, today=D(2026, 3, 3),
                          expected_version=second_clerk_view.version)
    assert Application.objects.get(pk=application.pk).status == Status.PROCESSING
    assert application.events.count() == 2


def test_each_step_bumps_the_version(department, clerk):
    application = af.application(department)
    before = application.version
    workflow.accept(application, by=clerk, today=D(2026, 3, 3))
    assert application.version == before + 1


def test_available_steps_hide_a_second_extension(department, reviewer):
    application = af.application(department)
    workflow.extend(application, by=reviewer, workdays=5, reason="需调取档案", today=D(2026, 3, 10))
    assert E.EXTEND not in workflow.available_steps(application)
    assert E.REPLY in workflow.available_steps(application)


def test_provisional_due_date_in_a_year_without_schedule(department):
    application = af.application(department, received_on=D(2026, 12, 10))
    assert application.due_is_provisional is True


def test_due_date_confirmed_once_the_year_is_entered(department):
    from portal.models import CalendarYear

    CalendarYear.objects.create(year=2027, is_confirmed=True)
    application = af.application(department, received_on=D(2026, 12, 10))
    assert application.due_is_provisional is False


def test_extension_is_offered_only_to_reviewers(department, clerk, reviewer):
    application = af.application(department)
    assert E.EXTEND not in workflow.available_steps(application, clerk)
    assert E.EXTEND in workflow.available_steps(application, reviewer)
