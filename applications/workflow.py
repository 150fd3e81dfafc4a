"""The statutory workflow of a request (DESIGN §4): one function per step, each atomic, each writing an event.

Every step locks the request row (select_for_update), checks it with `check` (the acting user's department
through catalog.access, the state against `STEPS`), an optional `expected_version` (two clerks acting at once:
the second is told it changed) and the step's own legal rules; then changes the request, recomputes the stored
due date, bumps `version` and appends an `ApplicationEvent`. A refused step raises `WorkflowError`
(portal.errors.StepRefused) with a Chinese message shown as-is.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from applications import deadlines, notices
from applications.classification import WITHHELD_PART_REASONS, Outcome, Reason, legal_basis, reason_is_valid
from applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    Channel,
    ClockPause,
    Document,
    EventKind,
    Notice,
    RequestSettings,
    Status,
    Transfer,
    WithheldPart,
)
from catalog.access import acts_for
from catalog.models import Department
from catalog.roles import is_reviewer
from portal.errors import StepRefused
from portal.steps import Step

S = Status
E = EventKind
ACTIVE = {S.REGISTERED, S.PROCESSING}

FORMS = "applications.forms"


def _step(kind: str, sources, target: str | None, form: str = "StepForm", admin: bool = True,
          note_label: str = "") -> Step:  # pragma: no mutate block
    return Step(kind, EventKind(kind).label, frozenset(sources), target, form=f"{FORMS}.{form}" if admin else "",
                admin=admin, note_label=note_label)


# The transition table: the state each step may start from and the state it leads to (None keeps the state),
# in the order the admin shows its buttons. Tests iterate over it; portal.admin_steps builds the buttons.
STEPS: dict[str, Step] = {step.name: step for step in [
    _step(E.CONFIRM_RECEIPT, {S.SUBMITTED}, S.REGISTERED, "ConfirmReceiptForm"),
    _step(E.ACCEPT, {S.REGISTERED}, S.PROCESSING),
    _step(E.REQUEST_CORRECTION, ACTIVE, S.CORRECTION, "RequestCorrectionForm"),
    _step(E.SUBMIT_CORRECTION, {S.CORRECTION}, None, admin=False),  # the applicant, on the status page
    _step(E.RECORD_CORRECTION, {S.CORRECTION}, S.PROCESSING, "RecordCorrectionForm"),
    _step(E.DEEM_WITHDRAWN, {S.CORRECTION}, S.DEEMED_WITHDRAWN),
    _step(E.START_CONSULTATION, ACTIVE | {S.CONSULTING}, S.CONSULTING, "StartConsultationForm"),
    _step(E.END_CONSULTATION, {S.CONSULTING}, S.PROCESSING, "EndConsultationForm"),
    _step(E.RECORD_DELIVERY, {S.CONSULTING, S.AWAITING_FEE}, None, "RecordDeliveryForm"),
    _step(E.FEE_NOTICE, ACTIVE, S.AWAITING_FEE, "FeeNoticeForm"),
    _step(E.FEE_PAID, {S.AWAITING_FEE}, S.PROCESSING, "FeePaidForm"),
    _step(E.FEE_LAPSED, {S.AWAITING_FEE}, S.FEE_LAPSED),
    _step(E.EXTEND, ACTIVE | {S.CONSULTING, S.AWAITING_FEE}, None, "ExtendForm"),
    _step(E.PROPOSE_DEFERRAL, ACTIVE | {S.CONSULTING, S.AWAITING_FEE}, None, "ProposeDeferralForm"),
    _step(E.APPROVE_DEFERRAL, ACTIVE | {S.CONSULTING, S.AWAITING_FEE}, None),
    _step(E.REJECT_DEFERRAL, ACTIVE | {S.CONSULTING, S.AWAITING_FEE}, None, note_label="不批准的理由"),
    _step(E.TRANSFER, OPEN_STATUSES, None, "TransferForm"),
    _step(E.REPLY, ACTIVE, S.REPLIED, "ReplyForm"),
    _step(E.CLOSE, {S.REPLIED}, S.CLOSED),
    _step(E.WITHDRAW, OPEN_STATUSES, S.WITHDRAWN),
]}

# A reviewer decides on the later deadline a clerk proposed for an excessive request (Art. 35).
DEFERRAL_DECISIONS = (E.APPROVE_DEFERRAL, E.REJECT_DEFERRAL)

# The steps a clerk takes from the admin, in the order the buttons appear.
CLERK_STEPS = [name for name, step in STEPS.items() if step.admin]

CHANGED_MESSAGE = ("该申请刚刚已被他人更新（可能是另一位工作人员同时在办理），您的操作未保存。"
                   "请查看最新办理情况后再决定是否重新提交，您填写的内容已保留。")


class WorkflowError(StepRefused):
    """A step the law or the request's state does not allow; the message is shown to the user as-is."""


def is_allowed(step: str, status: str) -> bool:
    return STEPS[step].allows(status)


def available_steps(application: Application, user=None) -> list[str]:
    """The clerk steps the request's state allows now (each may still refuse on its own rules)."""
    steps = [step for step in CLERK_STEPS if is_allowed(step, application.status)]
    if (application.extension_workdays or not _may_extend(user)) and E.EXTEND in steps:
        steps.remove(E.EXTEND)
    if application.correction_requested_on and E.REQUEST_CORRECTION in steps:
        steps.remove(E.REQUEST_CORRECTION)
    if E.RECORD_DELIVERY in steps and not application.pauses.filter(ended_on__isnull=True,
                                                                      received_on__isnull=True).exists():
        steps.remove(E.RECORD_DELIVERY)
    if application.deferral_approved_on and E.PROPOSE_DEFERRAL in steps:
        steps.remove(E.PROPOSE_DEFERRAL)
    if not (application.deferral_is_pending and _may_extend(user)):
        steps = [step for step in steps if step not in DEFERRAL_DECISIONS]
    return steps


def allowed_steps(application: Application, user) -> list[Step]:
    """The clerk steps `user` may take on the request now, for the admin's buttons."""
    if not acts_for(user, application.department_id):
        return []
    return [STEPS[name] for name in available_steps(application, user)]


def _may_extend(user) -> bool:
    """Art. 33: an extension is approved by a reviewer (the system administrator may stand in)."""
    return user is None or user.is_superuser or is_reviewer(user)


def check(step: str, application: Application, *, by) -> Step:
    """Raise WorkflowError unless `by` (None: the applicant or the system) may start `step` on the request now;
    the step's own legal rules are checked when it is taken."""
    if by is not None and not acts_for(by, application.department_id):
        raise WorkflowError("您无权办理其他单位的申请。")
    if not is_allowed(step, application.status):
        raise WorkflowError(
            f"该申请当前状态为“{Status(application.status).label}”，不能进行“{EventKind(step).label}”。"
        )
    if step == E.EXTEND and not _may_extend(by):
        raise WorkflowError("延期答复须经本单位审核员批准，请由审核员办理。")
    if step in DEFERRAL_DECISIONS and not _may_extend(by):
        raise WorkflowError("延迟答复期限须经本单位审核员批准，请由审核员办理。")
    return STEPS[step]


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _lock(application: Application, step: str, *, by, expected_version: int | None) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if expected_version is not None and locked.version != expected_version:
        raise WorkflowError(CHANGED_MESSAGE)
    check(step, locked, by=by)
    locked.status_before = locked.status
    return locked


def _finish(locked: Application, application: Application, step: str, *, by, today: dt.date, note: str = "",
            payload: dict | None = None, status: str | None = None,
            submission_key: str | None = None) -> ApplicationEvent:
    locked.status = status or STEPS[step].target or locked.status
    locked.refresh_due()
    locked.version += 1
    locked.save()
    event = ApplicationEvent.objects.create(
        application=locked, kind=step, on=today, actor=by, status_before=locked.status_before,
        status_after=locked.status, note=note, payload=payload or {}, submission_key=submission_key,
    )
    for field in Application._meta.concrete_fields:
        setattr(application, field.attname, getattr(locked, field.attname))
    getattr(application, "_prefetched_objects_cache", {}).clear()
    return event


def _conclude(locked: Application, on: dt.date, outcome: str, reason: str) -> None:
    locked.outcome = outcome
    locked.reason = reason
    locked.legal_basis = RequestSettings.current().basis_for(outcome, reason)
    locked.concluded_on = on
    locked.pauses.filter(ended_on__isnull=True).update(ended_on=on)


def _check_date(value: dt.date, *, today: dt.date, not_before: dt.date | None, what: str) -> None:
    if value > today:
        raise WorkflowError(f"{what}不能晚于今天。")
    if not_before is not None and value < not_before:
        raise WorkflowError(f"{what}不能早于{not_before:%Y年%m月%d日}。")


# Receipt (Art. 31) ----------------------------------------------------------------------------------------------

def _check_receipt(application: Application, received_on: dt.date | None, *, today: dt.date) -> None:
    check_receipt(application.channel, submitted_on=application.submitted_on, arrived_on=application.arrived_on,
                  received_on=received_on, today=today)


def check_receipt(channel: str, *, submitted_on: dt.date | None, arrived_on: dt.date | None,
                  received_on: dt.date | None, today: dt.date) -> None:
    """Art. 31: in person the receipt date is the day submitted (never a later day a clerk types in); ordinary post
    is received the day receipt is confirmed with the applicant, which cannot precede the letter's arrival.
    Shared by the registration form, so the admin shows the message on the form instead of failing."""
    if channel == Channel.IN_PERSON and received_on is not None:
        if submitted_on is None:
            raise WorkflowError("当面提交的申请，请填写提交日期。")
        if received_on != submitted_on:
            raise WorkflowError(
                f"当面提交的申请，以提交之日（{submitted_on:%Y年%m月%d日}）为收到申请之日（《条例》第三十一条），"
                "收到日期不能另填。"
            )
    if arrived_on is not None:
        _check_date(arrived_on, today=today, not_before=submitted_on, what="信件到达日期")
    if channel == Channel.ORDINARY_POST and received_on is not None and arrived_on is None:
        raise WorkflowError("平信申请请填写信件到达日期，以便核对是否当日与申请人确认收到（《条例》第三十一条）。")
    if received_on is not None:
        what = "确认收到日期" if channel != Channel.IN_PERSON else "收到申请日期"
        _check_date(received_on, today=today, not_before=arrived_on or submitted_on, what=what)


def _receipt_payload(application: Application) -> dict:
    if application.arrived_on is None:
        return {}
    return {"arrived_on": application.arrived_on.isoformat(), "confirmed_late": application.is_confirmed_late}


@transaction.atomic
def submit_online(application: Application, *, today: dt.date | None = None, note: str = "",
                  files=()) -> ApplicationEvent:
    """Save a request the applicant filed on the public site; receipt waits for a clerk's confirmation."""
    today = _today(today)
    _check_recipient(application.department)
    application.channel = "online"
    application.status = Status.SUBMITTED
    application.submitted_on = today
    application.received_on = None
    application.save()
    for upload in files:
        Document.objects.create(application=application, kind=Document.Kind.APPLICANT, file=upload,
                                name=upload.name[:120])
    return ApplicationEvent.objects.create(
        application=application, kind=E.SUBMIT, on=today, status_after=application.status, note=note
    )


def _check_recipient(department: Department) -> None:
    """Only organs that receive requests may hold one (Art. 54): a village's affairs go to its township."""
    if not department.receives_requests:
        raise WorkflowError(f"{department.name}不受理政府信息公开申请。涉及村（社区）事务的申请，"
                            "请由所在乡镇人民政府（街道办事处）受理。")


@transaction.atomic
def register(application: Application, *, by, today: dt.date | None = None, note: str = "") -> ApplicationEvent:
    """Register a request that came in person, by post, fax or e-mail. With a receipt date (Art. 31) the clock
    starts; without one (ordinary post, fax, e-mail not yet confirmed) it waits for confirm_receipt."""
    today = _today(today)
    if application.pk is not None:
        raise WorkflowError("该申请已登记。")
    _check_recipient(application.department)
    _check_receipt(application, application.received_on, today=today)
    if application.received_on is not None:
        application.status = Status.REGISTERED
    else:
        application.status = Status.SUBMITTED
    application.refresh_due()
    application.save()
    event = ApplicationEvent.objects.create(
        application=application, kind=E.REGISTER, on=today, actor=by, status_after=application.status,
        note=note, payload={"channel": application.channel, **_receipt_payload(application)},
    )
    if application.received_on is not None:
        notices.issue(application, Notice.Kind.RECEIPT, on=today, by=by)
    return event


@transaction.atomic
def confirm_receipt(application, *, by, received_on: dt.date, arrived_on: dt.date | None = None, today=None, note="",
                    expected_version=None):
    """Record the day the organ confirmed receipt with the applicant (Art. 31); the reply clock starts. For
    ordinary post the day the letter arrived is recorded too, and a later confirmation is flagged."""
    today = _today(today)
    locked = _lock(application, E.CONFIRM_RECEIPT, by=by, expected_version=expected_version)
    if arrived_on is not None:
        locked.arrived_on = arrived_on
    _check_receipt(locked, received_on, today=today)
    locked.received_on = received_on
    event = _finish(locked, application, E.CONFIRM_RECEIPT, by=by, today=today, note=note,
                    payload={"received_on": received_on.isoformat(), **_receipt_payload(locked)})
    notices.issue(locked, Notice.Kind.RECEIPT, on=today, by=by)
    return event


@transaction.atomic
def accept(application, *, by, today=None, note="", expected_version=None):
    today = _today(today)
    locked = _lock(application, E.ACCEPT, by=by, expected_version=expected_version)
    return _finish(locked, application, E.ACCEPT, by=by, today=today, note=note)


# Correction (Art. 30) ---------------------------------------------------------------------------------------

@transaction.atomic
def request_correction(application, *, by, instructions: str, correction_due_on: dt.date, today=None, note="",
                       expected_version=None):
    """Ask the applicant, once and within 7 working days of receipt, to make the request clear."""
    today = _today(today)
    locked = _lock(application, E.REQUEST_CORRECTION, by=by, expected_version=expected_version)
    if locked.correction_requested_on is not None:
        raise WorkflowError("补正只能告知一次（《条例》第三十条），该申请已告知过补正。")
    if locked.received_on is None:
        raise WorkflowError("尚未确认收到申请，不能告知补正。")
    # Art. 30: within 7 working days of receipt, on the running clock (days a consultation held it do not count).
    correction_clock = deadlines.reckon(locked.received_on, pauses=locked.pause_intervals(), open_until=today,
                                        workdays_allowed=deadlines.CORRECTION_NOTICE_WORKDAYS)
    last_day = correction_clock.due
    if today > last_day:
        raise WorkflowError(
            f"补正告知应在收到申请之日起7个工作日内发出（本申请最迟为{last_day:%Y年%m月%d日}），"
            "现已超过期限，不能再要求补正，请按现有申请内容办理。"
        )
    if not instructions.strip():
        raise WorkflowError("请写明需要补正的事项。")
    if correction_due_on <= today:
        raise WorkflowError("补正期限应晚于今天，请给申请人留出合理的时间。")
    locked.correction_requested_on = today
    locked.correction_due_on = correction_due_on
    locked.correction_workdays = deadlines.granted_workdays(today, correction_due_on)
    locked.correction_instructions = instructions.strip()
    event = _finish(locked, application, E.REQUEST_CORRECTION, by=by, today=today, note=note,
                    payload={"correction_due_on": correction_due_on.isoformat()})
    notices.issue(locked, Notice.Kind.CORRECTION, on=today, by=by)
    return event


@transaction.atomic
def submit_correction(application, *, text: str, files=(), today=None, expected_version=None,
                      submission_key: str | None = None):
    """The applicant hands in the correction on the status page; the clerk then records its receipt.

    `submission_key` (portal.idempotency) is stored on the event, which is written before the files are, so a
    resubmission that loses the race on the key fails before anything reaches the storage.
    """
    today = _today(today)
    locked = _lock(application, E.SUBMIT_CORRECTION, by=None, expected_version=expected_version)
    if not text.strip() and not files:
        raise WorkflowError("请填写补正内容或上传补正材料。")
    locked.correction_submitted_at = timezone.now()
    event = _finish(locked, application, E.SUBMIT_CORRECTION, by=None, today=today, note=text.strip(),
                    payload={"files": len(files)}, submission_key=submission_key)
    for upload in files:
        Document.objects.create(application=locked, kind=Document.Kind.CORRECTION, file=upload,
                                name=upload.name[:120])
    return event


@transaction.atomic
def record_correction(application, *, by, corrected_on: dt.date, today=None, note="", expected_version=None):
    """The corrected request was received: the 20 working days run afresh from that day (Art. 30)."""
    today = _today(today)
    locked = _lock(application, E.RECORD_CORRECTION, by=by, expected_version=expected_version)
    _check_date(corrected_on, today=today, not_before=locked.correction_requested_on, what="收到补正日期")
    locked.corrected_on = corrected_on
    return _finish(locked, application, E.RECORD_CORRECTION, by=by, today=today, note=note,
                   payload={"corrected_on": corrected_on.isoformat()})


@transaction.atomic
def deem_withdrawn(application, *, by, today=None, note="", expected_version=None):
    """No correction by the deadline: the request is deemed withdrawn and no longer processed (Art. 30)."""
    today = _today(today)
    locked = _lock(application, E.DEEM_WITHDRAWN, by=by, expected_version=expected_version)
    if locked.correction_due_on is None or today <= locked.correction_due_on:
        shown = f"{locked.correction_due_on:%Y年%m月%d日}" if locked.correction_due_on else "未设定"
        raise WorkflowError(f"补正期限（{shown}）尚未届满，不能视为放弃申请。")
    _conclude(locked, today, Outcome.OTHER, Reason.NO_CORRECTION)
    return _finish(locked, application, E.DEEM_WITHDRAWN, by=by, today=today, note=note)


# Clock pauses: consultation (Art. 32, 34) and fees (Art. 42) ------------------------------------------------

CONSULTATION_KINDS = (ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.OTHER_ORGAN)


def _new_pause(locked: Application, kind: str, *, today: dt.date, delivery: str, party: str = "",
               note: str = "") -> ClockPause:
    """A stop of the clock from today; its window runs from the day the addressee receives the letter or notice
    (in person and online: today; by post: when the return receipt is recorded, estimated from today until then)."""
    if delivery not in ClockPause.Delivery.values:
        raise WorkflowError("请选择送达方式：当面送达、网上或电子送达、邮寄送达。")
    pause = ClockPause(application=locked, kind=kind, party=party, started_on=today, delivery=delivery,
                       received_on=deadlines.delivered_on(today, delivery), note=note)
    pause.answer_due_on, _estimated = pause.window()
    pause.save()
    return pause


def _out_of_period(locked: Application, today: dt.date, what: str) -> WorkflowError:
    """The refusal of a step the law requires within the reply period, once the running clock has run out."""
    last_day = locked.period_end_as_of(today)
    return WorkflowError(f"已超过答复期限（{last_day:%Y年%m月%d日}），不能再{what}。{what}应在答复期限届满前办理。")


@transaction.atomic
def start_consultation(application, *, by, kind: str, party: str, delivery: str = ClockPause.Delivery.IN_PERSON,
                       today=None, note="", expected_version=None):
    """Consult a third party (Art. 32) or a co-producing organ (Art. 34): it has 15 working days from the day it
    receives the letter, and the reply clock stops meanwhile, at the latest until those days have run."""
    today = _today(today)
    locked = _lock(application, E.START_CONSULTATION, by=by, expected_version=expected_version)
    if kind not in CONSULTATION_KINDS:
        raise WorkflowError("请选择征求第三方意见或征求其他机关意见。")
    if not party.strip():
        raise WorkflowError("请填写征求意见的对象。")
    if locked.pauses.filter(kind=kind, ended_on__isnull=True).exists():
        raise WorkflowError(f"已有一项“{ClockPause.Kind(kind).label}”尚未结束。")
    pause = _new_pause(locked, kind, today=today, delivery=delivery, party=party.strip(), note=note)
    event = _finish(locked, application, E.START_CONSULTATION, by=by, today=today, note=note,
                    payload={"pause": pause.pk, "kind": kind, "party": pause.party, "delivery": delivery})
    notices.issue(locked, Notice.Kind.CONSULTATION, on=today, by=by, pause=pause)
    return event


def _open_pause(locked: Application, kinds, missing: str) -> ClockPause:
    pause = locked.pauses.filter(kind__in=kinds, ended_on__isnull=True).order_by("started_on", "id").first()
    if pause is None:
        raise WorkflowError(missing)
    return pause


@transaction.atomic
def record_delivery(application, *, by, received_on: dt.date, kind: str | None = None, today=None, note="",
                    expected_version=None):
    """Record the day the consulted party received the consultation letter (Art. 32, 34) or the applicant the fee
    notice: its window (15 or 20 working days) is counted from that day instead of estimated."""
    today = _today(today)
    locked = _lock(application, E.RECORD_DELIVERY, by=by, expected_version=expected_version)
    kinds = [kind] if kind else list(ClockPause.Kind.values)
    pause = locked.pauses.filter(kind__in=kinds, ended_on__isnull=True, received_on__isnull=True).first()
    if pause is None:
        raise WorkflowError("没有等待登记送达日期的征求意见书或收费通知；已登记的送达日期不能重复登记。")
    _check_date(received_on, today=today, not_before=pause.started_on, what="对方收到日期")
    old_due = pause.answer_due_on
    pause.received_on = received_on
    pause.answer_due_on, _estimated = pause.window()
    pause.save(update_fields=["received_on", "answer_due_on"])
    return _finish(locked, application, E.RECORD_DELIVERY, by=by, today=today, note=note,
                   payload={"pause": pause.pk, "received_on": received_on.isoformat(),
                            "old_answer_due_on": old_due.isoformat(), "answer_due_on": pause.answer_due_on.isoformat()})


@transaction.atomic
def end_consultation(application, *, by, ended_on: dt.date | None = None, kind: str | None = None,
                     outcome: str = ClockPause.Outcome.ANSWERED, today=None, note="", expected_version=None):
    """Record the consulted party's answer, or that none came within its 15 working days: another organ's
    silence is consent (Art. 34), a third party's leaves the decision to this organ (Art. 32). The clock runs
    again from the day after the answer, at the latest from the day after the window's last day."""
    today = _today(today)
    locked = _lock(application, E.END_CONSULTATION, by=by, expected_version=expected_version)
    pause = _open_pause(locked, [kind] if kind else CONSULTATION_KINDS, "没有正在进行的征求意见。")
    if outcome == ClockPause.Outcome.NO_ANSWER:
        if pause.answer_due_is_estimated:
            raise WorkflowError("尚未登记对方收到征求意见书的日期，无法确定答复期限是否届满；请先办理“登记送达日期”。")
        if today <= pause.answer_due_on:
            raise WorkflowError(f"征求意见的答复期限（{pause.answer_due_on:%Y年%m月%d日}）尚未届满，"
                                "不能登记为期限内未回复。")
        ended_on = pause.answer_due_on
    elif outcome == ClockPause.Outcome.ANSWERED:
        ended_on = ended_on or today
        _check_date(ended_on, today=today, not_before=pause.started_on, what="收到意见日期")
    else:
        raise WorkflowError("请选择征求意见的结果：已回复意见或期限内未回复。")
    pause.ended_on = ended_on
    pause.outcome = outcome
    pause.save(update_fields=["ended_on", "outcome"])
    still_open = locked.pauses.filter(ended_on__isnull=True).exists()
    return _finish(locked, application, E.END_CONSULTATION, by=by, today=today, note=note or pause.outcome_text,
                   payload={"pause": pause.pk, "ended_on": ended_on.isoformat(), "outcome": outcome},
                   status=Status.CONSULTING if still_open else Status.PROCESSING)


@transaction.atomic
def fee_notice(application, *, by, amount: int, scheme: str, basis: str = "",
               delivery: str = ClockPause.Delivery.IN_PERSON, today=None, note="", expected_version=None):
    """Notify a fee (按件 or 按量, one scheme; Art. 42, 国办函〔2020〕109号) within the reply period. The clock stops
    until payment; the applicant pays within 20 working days from the day after receiving the notice."""
    today = _today(today)
    locked = _lock(application, E.FEE_NOTICE, by=by, expected_version=expected_version)
    if amount <= 0:
        raise WorkflowError("收费金额应大于0元；不收费的申请无需发出收费通知。")
    if scheme not in ("item", "volume"):
        raise WorkflowError("请选择按件计收或按量计收（二者只能选其一）。")
    if not locked.is_within_period(today):
        raise _out_of_period(locked, today, "发出收费通知")
    pause = _new_pause(locked, ClockPause.Kind.FEE, today=today, delivery=delivery, note=basis)
    locked.fee_amount = amount
    event = _finish(locked, application, E.FEE_NOTICE, by=by, today=today, note=note,
                    payload={"pause": pause.pk, "amount": amount, "scheme": scheme, "basis": basis,
                             "delivery": delivery})
    notices.issue(locked, Notice.Kind.FEE, on=today, by=by, pause=pause, scheme=scheme, basis=basis)
    return event


def _open_fee_pause(locked: Application) -> ClockPause:
    return _open_pause(locked, [ClockPause.Kind.FEE], "没有待缴纳的费用。")


@transaction.atomic
def fee_paid(application, *, by, paid_on: dt.date | None = None, today=None, note="", expected_version=None):
    today = _today(today)
    paid_on = paid_on or today
    locked = _lock(application, E.FEE_PAID, by=by, expected_version=expected_version)
    pause = _open_fee_pause(locked)
    _check_date(paid_on, today=today, not_before=pause.started_on, what="缴费日期")
    if paid_on > pause.answer_due_on:
        raise WorkflowError(
            f"缴费日期已超过缴费期限（{pause.answer_due_on:%Y年%m月%d日}），请办理“逾期未缴费，不再处理”。"
        )
    pause.ended_on = paid_on
    pause.save(update_fields=["ended_on"])
    return _finish(locked, application, E.FEE_PAID, by=by, today=today, note=note,
                   payload={"paid_on": paid_on.isoformat()})


@transaction.atomic
def fee_lapsed(application, *, by, today=None, note="", expected_version=None):
    """Not paid within 20 working days of receiving the notice: the request is no longer processed (table 三
    (六)2). The day of receipt must be known, or the window's end is only estimated."""
    today = _today(today)
    locked = _lock(application, E.FEE_LAPSED, by=by, expected_version=expected_version)
    pause = _open_fee_pause(locked)
    if pause.answer_due_is_estimated:
        raise WorkflowError("尚未登记申请人收到收费通知的日期，无法确定缴费期限是否届满；请先办理“登记送达日期”。")
    if today <= pause.answer_due_on:
        raise WorkflowError(f"缴费期限（{pause.answer_due_on:%Y年%m月%d日}）尚未届满。")
    _conclude(locked, today, Outcome.OTHER, Reason.FEE_UNPAID)
    return _finish(locked, application, E.FEE_LAPSED, by=by, today=today, note=note)


# Extension, transfer --------------------------------------------------------------------------------------------

@transaction.atomic
def extend(application, *, by, workdays: int, reason: str, today=None, note="", expected_version=None):
    """One extension of at most 20 working days, approved by a reviewer of the department, before the period has
    run out on the running clock (Art. 33): a day a consultation or fee notice held the clock does not use it up."""
    today = _today(today)
    locked = _lock(application, E.EXTEND, by=by, expected_version=expected_version)
    if by is None:
        raise WorkflowError("延期答复须经本单位审核员批准，请由审核员办理。")
    if locked.extension_workdays:
        raise WorkflowError("延期答复只能一次，该申请已延期。")
    if not 1 <= workdays <= deadlines.MAX_EXTENSION_WORKDAYS:
        raise WorkflowError("延长的期限为1至20个工作日。")
    if not reason.strip():
        raise WorkflowError("请写明延期的理由。")
    if not locked.is_within_period(today):  # judged by the running clock on the day (DESIGN §4)
        raise _out_of_period(locked, today, "延期")
    old_due = locked.due_on
    locked.extension_workdays = workdays
    locked.extended_on = today
    locked.extension_reason = reason.strip()
    locked.extension_approved_by = by
    event = _finish(locked, application, E.EXTEND, by=by, today=today, note=note,
                    payload={"workdays": workdays, "old_due_on": old_due.isoformat() if old_due else None})
    notices.issue(locked, Notice.Kind.EXTENSION, on=today, by=by, old_due_on=old_due)
    return event


# Excessive requests (Art. 35) ---------------------------------------------------------------------------------

def _refuse_after_due(locked: Application, today: dt.date, what: str) -> None:
    """Judged by the running clock on `today`, like the extension: days a consultation or fee held it do not count."""
    if locked.due_on is not None and not locked.is_within_period(today):
        last_day = locked.period_end_as_of(today)
        raise WorkflowError(f"已超过答复期限（{last_day:%Y年%m月%d日}），不能再{what}。"
                            "延迟答复期限应在答复期限届满前确定并告知申请人。")


@transaction.atomic
def propose_deferral(application, *, by, proposed_due_on: dt.date, reason: str, today=None, note="",
                     expected_version=None):
    """Art. 35: where the number or frequency of an applicant's requests is clearly beyond reason and the organ,
    having heard the applicant's reasons, finds them reasonable but cannot reply within the Art. 33 period, it may
    set a reasonable later deadline and tell the applicant. The clerk records the reasons and the proposed date;
    a reviewer decides (`approve_deferral`, `reject_deferral`). A new proposal replaces a pending one."""
    today = _today(today)
    locked = _lock(application, E.PROPOSE_DEFERRAL, by=by, expected_version=expected_version)
    if locked.deferral_approved_on is not None:
        raise WorkflowError("该申请已确定延迟答复期限，不能再次确定。")
    if locked.due_on is None:
        raise WorkflowError("尚未确认收到申请，没有答复期限可以延迟。")
    _refuse_after_due(locked, today, "确定延迟答复期限")
    if not reason.strip():
        raise WorkflowError("请写明申请数量、频次明显超过合理范围的情况，以及无法在法定期限内答复的理由。")
    if proposed_due_on <= locked.due_on:
        raise WorkflowError(f"延迟答复期限应晚于现行答复期限（{locked.due_on:%Y年%m月%d日}）。")
    locked.deferral_proposed_due_on = proposed_due_on
    locked.deferral_reason = reason.strip()
    return _finish(locked, application, E.PROPOSE_DEFERRAL, by=by, today=today, note=note,
                   payload={"proposed_due_on": proposed_due_on.isoformat(), "reason": reason.strip(),
                            "due_on": locked.due_on.isoformat()})


def _pending_deferral(locked: Application) -> None:
    if not locked.deferral_is_pending:
        raise WorkflowError("没有待批准的延迟答复期限。")


@transaction.atomic
def approve_deferral(application, *, by, today=None, note="", expected_version=None):
    """A reviewer approves the proposed later deadline (Art. 35): it becomes the reply deadline, kept as the working
    days it adds (so later pauses and a change of the holiday schedule move it as they move any due date), and a
    notice tells the applicant."""
    today = _today(today)
    locked = _lock(application, E.APPROVE_DEFERRAL, by=by, expected_version=expected_version)
    if by is None:
        raise WorkflowError("延迟答复期限须经本单位审核员批准，请由审核员办理。")
    _pending_deferral(locked)
    _refuse_after_due(locked, today, "批准延迟答复期限")
    # The period as the running clock stands today (an open consultation counted until today): the working days
    # granted are added to the count, so a pause that goes on after today still moves the deadline.
    old_due = locked.period_end_as_of(today)
    if locked.deferral_proposed_due_on <= old_due:
        raise WorkflowError(f"拟定的延迟答复期限（{locked.deferral_proposed_due_on:%Y年%m月%d日}）不晚于现行答复期限"
                            f"（{old_due:%Y年%m月%d日}），请退回重新拟定。")
    locked.deferral_workdays = deadlines.granted_workdays(old_due, locked.deferral_proposed_due_on)
    locked.deferral_approved_on = today
    locked.deferral_approved_by = by
    event = _finish(locked, application, E.APPROVE_DEFERRAL, by=by, today=today, note=note,
                    payload={"workdays": locked.deferral_workdays, "old_due_on": old_due.isoformat(),
                             "proposed_due_on": locked.deferral_proposed_due_on.isoformat()})
    notices.issue(locked, Notice.Kind.DEFERRAL, on=today, by=by, old_due_on=old_due)
    return event


@transaction.atomic
def reject_deferral(application, *, by, today=None, note="", expected_version=None):
    """A reviewer does not approve the proposed later deadline; the reply deadline stays, the proposal is kept in
    the event log, and the clerk may propose again."""
    today = _today(today)
    locked = _lock(application, E.REJECT_DEFERRAL, by=by, expected_version=expected_version)
    _pending_deferral(locked)
    if not note.strip():
        raise WorkflowError("请写明不批准的理由，以便经办人重新拟定。")
    proposed = locked.deferral_proposed_due_on
    locked.deferral_proposed_due_on = None
    return _finish(locked, application, E.REJECT_DEFERRAL, by=by, today=today, note=note,
                   payload={"proposed_due_on": proposed.isoformat(), "reason": locked.deferral_reason})


@transaction.atomic
def transfer(application, *, by, to_department: Department, today=None, note="", expected_version=None):
    """Hand the request to another department; recorded, and the clock is not reset (DESIGN §4)."""
    today = _today(today)
    locked = _lock(application, E.TRANSFER, by=by, expected_version=expected_version)
    if to_department.pk == locked.department_id:
        raise WorkflowError("请选择另一个单位；不能转给当前办理单位。")
    if not to_department.is_active:
        raise WorkflowError("所选单位已停用，不能转办。")
    _check_recipient(to_department)
    from_department = locked.department
    Transfer.objects.create(application=locked, from_department=from_department, to_department=to_department,
                            on=today, by=by, note=note)
    locked.department = to_department
    return _finish(locked, application, E.TRANSFER, by=by, today=today, note=note,
                   payload={"from": from_department.pk, "to": to_department.pk,
                            "from_name": from_department.name, "to_name": to_department.name})


# Reply and afterwards ---------------------------------------------------------------------------------------

def _withheld_parts(outcome: str, parts) -> list[tuple[str, str]]:
    """The withheld parts of a reply as (description, reason): required for 部分公开 (Art. 37), refused otherwise."""
    cleaned = [((description or "").strip(), reason or "") for description, reason in parts]
    cleaned = [(description, reason) for description, reason in cleaned if description or reason]
    if outcome != Outcome.PARTIAL:
        if cleaned:
            raise WorkflowError("只有“部分公开”才登记不予公开的部分。")
        return []
    if not cleaned:
        raise WorkflowError("部分公开须逐项写明不予公开的部分及其理由（《条例》第三十七条），请至少填写一项。")
    for number, (description, reason) in enumerate(cleaned, start=1):
        if not description:
            raise WorkflowError(f"第{number}项不予公开的部分：请写明是哪一部分内容。")
        if reason not in WITHHELD_PART_REASONS:
            raise WorkflowError(f"第{number}项不予公开的部分：请选择不予公开的理由。")
    return cleaned


@transaction.atomic
def reply(application, *, by, outcome: str, reason: str = "", reply_text: str, delivered_by: str,
          replied_on: dt.date | None = None, files=(), withheld_parts=(), today=None, note="",
          expected_version=None):
    """Reply with the classification the annual report counts (Art. 36–39), its legal basis and documents.

    A 部分公开 reply (Art. 37) lists each part it withholds as (description, reason), the reason taken from the
    不予公开, 无法提供 and 不予处理 rows; each part is stored with the legal basis of its reason and the notice cites
    it. The request is still counted once, under (二) 部分公开."""
    today = _today(today)
    replied_on = replied_on or today
    locked = _lock(application, E.REPLY, by=by, expected_version=expected_version)
    if outcome == Outcome.OTHER and reason in (Reason.NO_CORRECTION, Reason.FEE_UNPAID):
        raise WorkflowError("逾期未补正、逾期未缴费请使用对应的办理步骤，不作为答复登记。")
    if not reason_is_valid(outcome, reason):
        raise WorkflowError("办理结果与具体情形不匹配：予以公开、部分公开无需选择情形，其他结果须选择一项情形。")
    parts = _withheld_parts(outcome, withheld_parts)
    if not reply_text.strip():
        raise WorkflowError("请填写答复内容。")
    _check_date(replied_on, today=today, not_before=locked.received_on, what="答复日期")
    _conclude(locked, replied_on, outcome, reason)
    locked.replied_on = replied_on
    locked.reply_text = reply_text.strip()
    locked.delivered_by = delivered_by
    for upload in files:
        Document.objects.create(application=locked, kind=Document.Kind.REPLY, file=upload, name=upload.name[:120])
    WithheldPart.objects.bulk_create([
        WithheldPart(application=locked, position=number, description=description[:300], reason=part_reason,
                     legal_basis=legal_basis(Outcome.PARTIAL, part_reason))
        for number, (description, part_reason) in enumerate(parts, start=1)
    ])
    event = _finish(locked, application, E.REPLY, by=by, today=today, note=note,
                    payload={"outcome": outcome, "reason": reason, "replied_on": replied_on.isoformat(),
                             "withheld_parts": [[description, part_reason] for description, part_reason in parts]})
    notices.issue(locked, Notice.Kind.REPLY, on=replied_on, by=by, withheld_parts=list(locked.withheld_parts.all()))
    return event


@transaction.atomic
def close(application, *, by, today=None, note="", expected_version=None):
    today = _today(today)
    locked = _lock(application, E.CLOSE, by=by, expected_version=expected_version)
    return _finish(locked, application, E.CLOSE, by=by, today=today, note=note)


@transaction.atomic
def withdraw(application, *, by, today=None, note="", expected_version=None):
    """The applicant withdrew the request (counted under 其他处理 3.其他). Withdrawn before its receipt was
    confirmed (Art. 31), it was never a received request: it is closed without a result, and the annual report
    counts it nowhere (neither 一 nor 三)."""
    today = _today(today)
    locked = _lock(application, E.WITHDRAW, by=by, expected_version=expected_version)
    if locked.received_on is None:
        _conclude(locked, today, "", "")
    else:
        _conclude(locked, today, Outcome.OTHER, Reason.OTHER)
    return _finish(locked, application, E.WITHDRAW, by=by, today=today, note=note)


STEP_FUNCTIONS = {name: globals()[name] for name in STEPS}
