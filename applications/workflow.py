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
from applications.classification import Outcome, Reason, reason_is_valid
from applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    ClockPause,
    Document,
    EventKind,
    Notice,
    RequestSettings,
    Status,
    Transfer,
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


def _step(kind: str, sources, target: str | None, form: str = "StepForm", admin: bool = True) -> Step:
    return Step(kind, EventKind(kind).label, frozenset(sources), target, form=f"{FORMS}.{form}" if admin else "",
                admin=admin)


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
    _step(E.FEE_NOTICE, ACTIVE, S.AWAITING_FEE, "FeeNoticeForm"),
    _step(E.FEE_PAID, {S.AWAITING_FEE}, S.PROCESSING, "FeePaidForm"),
    _step(E.FEE_LAPSED, {S.AWAITING_FEE}, S.FEE_LAPSED),
    _step(E.EXTEND, ACTIVE | {S.CONSULTING, S.AWAITING_FEE}, None, "ExtendForm"),
    _step(E.TRANSFER, OPEN_STATUSES, None, "TransferForm"),
    _step(E.REPLY, ACTIVE, S.REPLIED, "ReplyForm"),
    _step(E.CLOSE, {S.REPLIED}, S.CLOSED),
    _step(E.WITHDRAW, OPEN_STATUSES, S.WITHDRAWN),
]}

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
    locked.refresh_due(today)
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


# Receipt --------------------------------------------------------------------------------------------------------

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
    if application.received_on is not None:
        _check_date(application.received_on, today=today, not_before=application.submitted_on,
                    what="收到申请日期")
        application.status = Status.REGISTERED
    else:
        application.status = Status.SUBMITTED
    application.refresh_due(today)
    application.save()
    event = ApplicationEvent.objects.create(
        application=application, kind=E.REGISTER, on=today, actor=by, status_after=application.status,
        note=note, payload={"channel": application.channel},
    )
    if application.received_on is not None:
        notices.issue(application, Notice.Kind.RECEIPT, on=today, by=by)
    return event


@transaction.atomic
def confirm_receipt(application, *, by, received_on: dt.date, today=None, note="", expected_version=None):
    """Record the day the organ confirmed receipt with the applicant (Art. 31); the reply clock starts."""
    today = _today(today)
    locked = _lock(application, E.CONFIRM_RECEIPT, by=by, expected_version=expected_version)
    _check_date(received_on, today=today, not_before=locked.submitted_on, what="确认收到日期")
    locked.received_on = received_on
    event = _finish(locked, application, E.CONFIRM_RECEIPT, by=by, today=today, note=note,
                    payload={"received_on": received_on.isoformat()})
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
    last_day = deadlines.correction_deadline(locked.received_on)
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


@transaction.atomic
def start_consultation(application, *, by, kind: str, party: str, today=None, note="", expected_version=None):
    """Consult a third party or a co-producing organ; they have 15 working days and the clock stops meanwhile."""
    today = _today(today)
    locked = _lock(application, E.START_CONSULTATION, by=by, expected_version=expected_version)
    if kind not in CONSULTATION_KINDS:
        raise WorkflowError("请选择征求第三方意见或征求其他机关意见。")
    if not party.strip():
        raise WorkflowError("请填写征求意见的对象。")
    if locked.pauses.filter(kind=kind, ended_on__isnull=True).exists():
        raise WorkflowError(f"已有一项“{ClockPause.Kind(kind).label}”尚未结束。")
    pause = ClockPause.objects.create(
        application=locked, kind=kind, party=party.strip(), started_on=today,
        answer_due_on=deadlines.consultation_deadline(today), note=note,
    )
    event = _finish(locked, application, E.START_CONSULTATION, by=by, today=today, note=note,
                    payload={"pause": pause.pk, "kind": kind, "party": pause.party})
    notices.issue(locked, Notice.Kind.CONSULTATION, on=today, by=by, pause=pause)
    return event


@transaction.atomic
def end_consultation(application, *, by, ended_on: dt.date | None = None, kind: str | None = None, today=None,
                     note="", expected_version=None):
    """The consulted party answered (or its 15 working days passed): the clock runs again from the next day."""
    today = _today(today)
    ended_on = ended_on or today
    locked = _lock(application, E.END_CONSULTATION, by=by, expected_version=expected_version)
    open_pauses = locked.pauses.filter(kind__in=[kind] if kind else CONSULTATION_KINDS, ended_on__isnull=True)
    pause = open_pauses.order_by("started_on", "id").first()
    if pause is None:
        raise WorkflowError("没有正在进行的征求意见。")
    _check_date(ended_on, today=today, not_before=pause.started_on, what="收到意见日期")
    pause.ended_on = ended_on
    pause.save(update_fields=["ended_on"])
    still_open = locked.pauses.filter(ended_on__isnull=True).exists()
    return _finish(locked, application, E.END_CONSULTATION, by=by, today=today, note=note,
                   payload={"pause": pause.pk, "ended_on": ended_on.isoformat()},
                   status=Status.CONSULTING if still_open else Status.PROCESSING)


@transaction.atomic
def fee_notice(application, *, by, amount: int, scheme: str, basis: str = "", today=None, note="",
               expected_version=None):
    """Notify a fee (按件 or 按量, one scheme); the clock stops until payment, due within 20 working days."""
    today = _today(today)
    locked = _lock(application, E.FEE_NOTICE, by=by, expected_version=expected_version)
    if amount <= 0:
        raise WorkflowError("收费金额应大于0元；不收费的申请无需发出收费通知。")
    if scheme not in ("item", "volume"):
        raise WorkflowError("请选择按件计收或按量计收（二者只能选其一）。")
    pause = ClockPause.objects.create(
        application=locked, kind=ClockPause.Kind.FEE, started_on=today,
        answer_due_on=deadlines.fee_payment_deadline(today), note=basis,
    )
    locked.fee_amount = amount
    event = _finish(locked, application, E.FEE_NOTICE, by=by, today=today, note=note,
                    payload={"pause": pause.pk, "amount": amount, "scheme": scheme, "basis": basis})
    notices.issue(locked, Notice.Kind.FEE, on=today, by=by, pause=pause, scheme=scheme, basis=basis)
    return event


def _open_fee_pause(locked: Application) -> ClockPause:
    pause = locked.pauses.filter(kind=ClockPause.Kind.FEE, ended_on__isnull=True).first()
    if pause is None:
        raise WorkflowError("没有待缴纳的费用。")
    return pause


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
    """Not paid within 20 working days of the notice: the request is no longer processed (table 三 (六)2)."""
    today = _today(today)
    locked = _lock(application, E.FEE_LAPSED, by=by, expected_version=expected_version)
    pause = _open_fee_pause(locked)
    if today <= pause.answer_due_on:
        raise WorkflowError(f"缴费期限（{pause.answer_due_on:%Y年%m月%d日}）尚未届满。")
    _conclude(locked, today, Outcome.OTHER, Reason.FEE_UNPAID)
    return _finish(locked, application, E.FEE_LAPSED, by=by, today=today, note=note)


# Extension, transfer --------------------------------------------------------------------------------------------

@transaction.atomic
def extend(application, *, by, workdays: int, reason: str, today=None, note="", expected_version=None):
    """One extension of at most 20 working days, approved by a reviewer of the department, before the current
    due date (Art. 33)."""
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
    if locked.due_on is not None and today > locked.due_on:
        raise WorkflowError(f"已超过答复期限（{locked.due_on:%Y年%m月%d日}），不能再延期。延期应在答复期限届满前办理。")
    old_due = locked.due_on
    locked.extension_workdays = workdays
    locked.extended_on = today
    locked.extension_reason = reason.strip()
    locked.extension_approved_by = by
    event = _finish(locked, application, E.EXTEND, by=by, today=today, note=note,
                    payload={"workdays": workdays, "old_due_on": old_due.isoformat() if old_due else None})
    notices.issue(locked, Notice.Kind.EXTENSION, on=today, by=by, old_due_on=old_due)
    return event


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

@transaction.atomic
def reply(application, *, by, outcome: str, reason: str = "", reply_text: str, delivered_by: str,
          replied_on: dt.date | None = None, files=(), today=None, note="", expected_version=None):
    """Reply with the classification the annual report counts (Art. 36–39), its legal basis and documents."""
    today = _today(today)
    replied_on = replied_on or today
    locked = _lock(application, E.REPLY, by=by, expected_version=expected_version)
    if outcome == Outcome.OTHER and reason in (Reason.NO_CORRECTION, Reason.FEE_UNPAID):
        raise WorkflowError("逾期未补正、逾期未缴费请使用对应的办理步骤，不作为答复登记。")
    if not reason_is_valid(outcome, reason):
        raise WorkflowError("办理结果与具体情形不匹配：予以公开、部分公开无需选择情形，其他结果须选择一项情形。")
    if not reply_text.strip():
        raise WorkflowError("请填写答复内容。")
    _check_date(replied_on, today=today, not_before=locked.received_on, what="答复日期")
    _conclude(locked, replied_on, outcome, reason)
    locked.replied_on = replied_on
    locked.reply_text = reply_text.strip()
    locked.delivered_by = delivered_by
    for upload in files:
        Document.objects.create(application=locked, kind=Document.Kind.REPLY, file=upload, name=upload.name[:120])
    event = _finish(locked, application, E.REPLY, by=by, today=today, note=note,
                    payload={"outcome": outcome, "reason": reason, "replied_on": replied_on.isoformat()})
    notices.issue(locked, Notice.Kind.REPLY, on=replied_on, by=by)
    return event


@transaction.atomic
def close(application, *, by, today=None, note="", expected_version=None):
    today = _today(today)
    locked = _lock(application, E.CLOSE, by=by, expected_version=expected_version)
    return _finish(locked, application, E.CLOSE, by=by, today=today, note=note)


@transaction.atomic
def withdraw(application, *, by, today=None, note="", expected_version=None):
    """The applicant withdrew the request (counted under 其他处理 3.其他)."""
    today = _today(today)
    locked = _lock(application, E.WITHDRAW, by=by, expected_version=expected_version)
    _conclude(locked, today, Outcome.OTHER, Reason.OTHER)
    return _finish(locked, application, E.WITHDRAW, by=by, today=today, note=note)


STEP_FUNCTIONS = {name: globals()[name] for name in STEPS}
