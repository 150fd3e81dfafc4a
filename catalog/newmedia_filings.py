"""Opening, changing, closing and cancelling a government new-media account (开设/变更/关停/注销), each a reviewed
step: a clerk of the owner department proposes a filing (`propose`), a reviewer of that department approves it,
which applies it to the registry, or returns it with a reason. Nobody approves a filing they proposed.

One function per step, as catalog.publishing: each locks the filing, checks the state and the acting user
(catalog.access and the step's permission), applies it in one transaction and returns the filing. A refused step
raises FilingError (portal.errors.StepRefused) with a Chinese message the admin shows as-is.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.access import acts_for, is_signed_in
from catalog.models import NewMediaAccount, NewMediaFiling
from catalog.models.newmedia import FILING_SOURCES, PROPOSED_FIELDS, AccountStatus, FilingKind, FilingStatus
from portal import steps
from portal.errors import StepRefused
from portal.steps import Step

F = FilingStatus
CLERK_PERMISSION = "catalog.add_newmediafiling"
REVIEW_PERMISSION = "catalog.review_newmediafiling"
NOTE_FORM = "catalog.admin_newmedia.FilingNoteForm"


class FilingError(StepRefused):
    """A filing step that is not allowed; the message is for the user."""


STEPS = {step.name: step for step in [
    Step("approve", "审核通过", frozenset({F.PENDING}), F.APPROVED, REVIEW_PERMISSION, NOTE_FORM),
    Step("reject", "退回", frozenset({F.PENDING}), F.REJECTED, REVIEW_PERMISSION, NOTE_FORM, "退回意见"),
]}

#: What an approved filing of each kind makes of the account's status.
RESULTING_STATUS = {
    FilingKind.OPEN: AccountStatus.IN_OPERATION,
    FilingKind.CHANGE: AccountStatus.IN_OPERATION,
    FilingKind.CLOSE: AccountStatus.CLOSED,
    FilingKind.CANCEL: AccountStatus.CANCELLED,
}


DECIDED = "该备案已审核，不能修改；如需调整请另行提交。"


def _validate(filing: NewMediaFiling) -> None:
    try:
        filing.full_clean()
    except ValidationError as error:
        raise FilingError("；".join(error.messages)) from error


def check_proposal(filing: NewMediaFiling, *, by) -> None:
    """Refuse (FilingError) what `propose` would refuse, storing nothing: the admin's form asks this first, so that a
    refusal is shown on the form with what the clerk typed, not after a save."""
    if filing.account_id:
        filing.department_id = filing.account.department_id
    if not is_signed_in(by):
        raise FilingError("请先登录。")
    if not by.has_perm(CLERK_PERMISSION) or not acts_for(by, filing.department_id):
        raise FilingError("只能为本单位的政务新媒体提交备案。")
    if filing.pk and NewMediaFiling.objects.filter(pk=filing.pk).exclude(status=F.PENDING).exists():
        raise FilingError(DECIDED)


def propose(filing: NewMediaFiling, *, by) -> NewMediaFiling:
    """Store a new filing (or a pending one edited) as proposed by `by`, a clerk of its department."""
    check_proposal(filing, by=by)
    _validate(filing)
    with transaction.atomic():
        if filing.pk and NewMediaFiling.objects.select_for_update().get(pk=filing.pk).status != F.PENDING:
            raise FilingError(DECIDED)
        filing.proposed_by, filing.proposed_at = by, timezone.now()
        filing.save()
    return filing


def check(step_name: str, filing: NewMediaFiling, *, by, note: str | None = None) -> Step:
    step = STEPS[step_name]
    if not is_signed_in(by):
        raise FilingError("请先登录。")
    if not step.allows(filing.status):
        raise FilingError(f"该备案当前为“{filing.get_status_display()}”，不能{step.label}。")
    if not by.has_perm(step.permission) or not acts_for(by, filing.department_id):
        raise FilingError(f"只有“{filing.department}”的审核员可以审核该单位的政务新媒体备案。")
    if by.pk == filing.proposed_by_id:
        raise FilingError("不能审核自己提交的备案，请由本单位其他审核员审核。")
    if note is not None and step.needs_note and not note.strip():
        raise FilingError(f"请填写{step.note_label}。")
    return step


def allowed_steps(filing: NewMediaFiling, user) -> list[Step]:
    return steps.allowed(STEPS, check, filing, user)


def _apply(filing: NewMediaFiling, *, today) -> NewMediaAccount:
    """The registry as the approved `filing` leaves it (the account saved)."""
    effective_on = filing.effective_on or today
    if filing.kind == FilingKind.OPEN:
        account = NewMediaAccount(department_id=filing.department_id, opened_on=effective_on)
    else:
        account = NewMediaAccount.objects.select_for_update().get(pk=filing.account_id)
        if account.status not in FILING_SOURCES[filing.kind]:
            raise FilingError(f"该账号{account.get_status_display()}，不能{filing.get_kind_display()}。")
    if filing.kind in (FilingKind.OPEN, FilingKind.CHANGE):
        for name in PROPOSED_FIELDS:
            value = getattr(filing, name)
            if name != "qr_image" or value:
                setattr(account, name, value)
    elif account.closed_on is None:
        if effective_on < account.opened_on:
            raise FilingError(f"生效日期早于账号开设日期（{account.opened_on:%Y-%m-%d}）。")
        account.closed_on = effective_on
    account.status = RESULTING_STATUS[filing.kind]
    try:
        account.full_clean(exclude=["qr_image"])
    except ValidationError as error:
        raise FilingError("；".join(error.messages)) from error
    account.save()
    return account


def _decide(step_name: str, filing: NewMediaFiling, *, by, note: str) -> NewMediaFiling:
    note = (note or "").strip()
    with transaction.atomic():
        locked = NewMediaFiling.objects.select_for_update().get(pk=filing.pk)
        step = check(step_name, locked, by=by, note=note)
        if step_name == "approve":
            locked.account = _apply(locked, today=timezone.localdate())
        locked.status = step.target
        locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note
        locked.save()
    filing.refresh_from_db()
    return filing


def approve(filing: NewMediaFiling, *, by, note: str = "") -> NewMediaFiling:
    """Approve `filing` and apply it: open the account, change its details, or close or cancel it."""
    return _decide("approve", filing, by=by, note=note)


def reject(filing: NewMediaFiling, *, by, note: str) -> NewMediaFiling:
    return _decide("reject", filing, by=by, note=note)
