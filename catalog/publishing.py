"""Review before publish (先审查后发布): draft → pending review → published → withdrawn, rejected back to draft.

三同步: a policy document (Publication.POLICY_TYPES) is approved only together with its interpretation (政策解读):
one already published, or one pending review, which the same approval publishes with it; otherwise the reviewer
records why it goes out without one (`no_interpretation_reason`).

One function per step. Each locks the publication, checks its state and the acting user (catalog.access and the
step's permission), changes it, writes the change into the publication's history (catalog.history) in the same
transaction and returns that history row. A refused step raises PublishingError (portal.errors.StepRefused),
whose Chinese message admin and views show as-is. Approval is the one place an item is released; it hands the
item to catalog.subscriptions, which tells its subscribers after the transaction commits.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog import history, subscriptions
from catalog.access import acts_for, is_signed_in
from catalog.models import Department, Entry, Publication, PublicationChange
from portal import steps
from portal.errors import StepRefused
from portal.steps import Step

S = Publication.Status
CLERK_PERMISSION = "catalog.change_publication"
REVIEW_PERMISSION = "catalog.review_publication"
NOTE_FORM = "catalog.admin_publications.StepNoteForm"
APPROVE_FORM = "catalog.admin_publications.ApproveForm"


class PublishingError(StepRefused):
    """A publishing step that is not allowed; the message is for the user."""


# The transition table: tests iterate over it, the admin builds its actions and buttons from it.
STEPS = {
    "submit": Step("submit", "提交审核", frozenset({S.DRAFT}), S.PENDING, CLERK_PERMISSION, NOTE_FORM),
    "approve": Step("approve", "审核通过并发布", frozenset({S.PENDING}), S.PUBLISHED, REVIEW_PERMISSION, APPROVE_FORM),
    "reject": Step("reject", "退回修改", frozenset({S.PENDING}), S.DRAFT, REVIEW_PERMISSION, NOTE_FORM, "退回意见"),
    "withdraw": Step("withdraw", "撤回", frozenset({S.PUBLISHED}), S.WITHDRAWN, REVIEW_PERMISSION,
                     "catalog.admin_publications.WithdrawForm", "撤回原因"),
}


def check(step_name: str, publication: Publication, *, by, note: str | None = None) -> Step:
    """Raise PublishingError unless `by` may take the step now; `note=None` skips the note check."""
    step = STEPS[step_name]
    if not is_signed_in(by):
        raise PublishingError("请先登录。")
    if not step.allows(publication.status):
        raise PublishingError(
            f"“{publication.title}”当前为“{publication.get_status_display()}”状态，不能{step.label}。"
        )
    if not by.has_perm(step.permission) or not acts_for(by, publication.department_id):
        who = "办事员" if step.permission == CLERK_PERMISSION else "审核员"
        raise PublishingError(f"只有“{publication.department}”的{who}可以{step.label}“{publication.title}”。")
    if step_name == "approve":
        if by.pk in {publication.submitted_by_id, publication.created_by_id}:
            raise PublishingError(f"不能审核自己起草或提交的“{publication.title}”，请由本单位其他审核员审核。")
        if by.pk in history.content_editors(publication):
            raise PublishingError(f"不能审核自己修改过内容的“{publication.title}”，请由本单位其他审核员审核。")
    if note is not None and step.needs_note and not note.strip():
        raise PublishingError(f"请填写{step.note_label}。")
    return step


def allowed_steps(publication: Publication, user) -> list[Step]:
    """The steps `user` may take on `publication` now (notes aside), for buttons."""
    return steps.allowed(STEPS, check, publication, user)


def interpretations_to_publish(policy: Publication, *, by, reason: str) -> list[Publication]:
    """三同步 for approving `policy`: the pending interpretations to publish with it (locked), after checking that
    `by` may approve each; PublishingError when it would go out with no interpretation and no reason."""
    if not policy.needs_interpretation:
        return []
    linked = Publication.objects.select_for_update().filter(
        interprets=policy, document_type=Publication.DocumentType.INTERPRETATION)
    published = [item for item in linked if item.status == S.PUBLISHED]
    pending = [item for item in linked if item.status == S.PENDING]
    for item in pending:
        check("approve", item, by=by)
    if not (published or pending or reason):
        raise PublishingError(
            f"“{policy.title}”是{policy.get_document_type_display()}，应与政策解读同步发布（三同步）："
            "请将解读材料（文件类型选“政策解读”，并关联本文件）提交审核后一并审核通过，或填写未同步发布解读的原因。"
        )
    return pending


def _approve(locked: Publication, *, by, note: str, now) -> None:
    locked.reviewed_by, locked.reviewed_at, locked.review_note = by, now, note
    locked.published_at = now
    locked.refresh_timeliness()


def _perform(step_name: str, publication: Publication, *, by, note: str = "", reason: str = "") -> PublicationChange:
    note, reason = (note or "").strip(), (reason or "").strip()
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        step = check(step_name, locked, by=by, note=note)
        now = timezone.now()
        together = []
        locked.status = step.target
        if step_name == "submit":
            locked.submitted_by, locked.submitted_at = by, now
            locked.review_note = ""
        elif step_name == "approve":
            together = interpretations_to_publish(locked, by=by, reason=reason)
            _approve(locked, by=by, note=note, now=now)
            if locked.needs_interpretation and not together and not locked.interpretations.public().exists():
                locked.no_interpretation_reason = reason
                note = "\n".join(filter(None, [note, f"未同步发布政策解读的原因：{reason}"]))
        elif step_name == "reject":
            locked.reviewed_by, locked.reviewed_at, locked.review_note = by, now, note
        elif step_name == "withdraw":
            locked.withdrawn_at, locked.withdrawn_reason = now, note
        change = history.save(locked, by=by, action=step_name, note=note)
        for interpretation in together:
            interpretation.status = S.PUBLISHED
            _approve(interpretation, by=by, note=f"与“{locked.title}”同步审核发布", now=now)
            history.save(interpretation, by=by, action=step_name, note=interpretation.review_note)
        if step_name == "approve":  # the release: subscribers hear of it once it has committed
            subscriptions.announce_on_release([locked.pk, *(item.pk for item in together)])
    publication.refresh_from_db()
    return change


def submit(publication: Publication, *, by, note: str = "") -> PublicationChange:
    return _perform("submit", publication, by=by, note=note)


def approve(publication: Publication, *, by, note: str = "", no_interpretation_reason: str = "") -> PublicationChange:
    """Publish `publication`; a policy document publishes its pending interpretations with it, or needs
    `no_interpretation_reason` when it has none (三同步)."""
    return _perform("approve", publication, by=by, note=note, reason=no_interpretation_reason)


def reject(publication: Publication, *, by, note: str) -> PublicationChange:
    return _perform("reject", publication, by=by, note=note)


def withdraw(publication: Publication, *, by, reason: str) -> PublicationChange:
    return _perform("withdraw", publication, by=by, note=reason)


def create_draft(*, by, entry: Entry, department: Department, title: str, formed_on: dt.date, body: str = "",
                 note: str = "") -> Publication:
    """Start a draft (草稿) of `department` under `entry`. It is never published here: a clerk completes it and
    submits it, and a reviewer approves it, like any other item (先审查后发布)."""
    if not is_signed_in(by):
        raise PublishingError("请先登录。")
    if not by.has_perm("catalog.add_publication") or not acts_for(by, department.pk):
        raise PublishingError(f"只有“{department}”的办事员可以起草该单位的公开信息。")
    publication = Publication(entry=entry, department=department, division=department.division,
                              title=title.strip()[:200], body=body, formed_on=formed_on, status=S.DRAFT,
                              created_by=by)
    try:
        publication.full_clean(exclude=["index_number", "search_text"])
    except ValidationError as error:
        raise PublishingError("；".join(error.messages)) from error
    with transaction.atomic():
        history.save(publication, by=by, note=note)
    return publication
