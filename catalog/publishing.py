"""Review before publish (先审查后发布): draft → pending review → published → withdrawn, rejected back to draft.

One function per step. Each locks the publication, checks its state and the acting user (catalog.access and the
step's permission), changes it, writes the change into the publication's history (catalog.history) in the same
transaction and returns that history row. A refused step raises PublishingError (portal.errors.StepRefused),
whose Chinese message admin and views show as-is.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog import history
from catalog.access import acts_for, is_signed_in
from catalog.models import Department, Entry, Publication, PublicationChange
from portal import steps
from portal.errors import StepRefused
from portal.steps import Step

S = Publication.Status
CLERK_PERMISSION = "catalog.change_publication"
REVIEW_PERMISSION = "catalog.review_publication"
NOTE_FORM = "catalog.admin_publications.StepNoteForm"


class PublishingError(StepRefused):
    """A publishing step that is not allowed; the message is for the user."""


# The transition table: tests iterate over it, the admin builds its actions and buttons from it.
STEPS = {
    "submit": Step("submit", "提交审核", frozenset({S.DRAFT}), S.PENDING, CLERK_PERMISSION, NOTE_FORM),
    "approve": Step("approve", "审核通过并发布", frozenset({S.PENDING}), S.PUBLISHED, REVIEW_PERMISSION, NOTE_FORM),
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


def _perform(step_name: str, publication: Publication, *, by, note: str = "") -> PublicationChange:
    note = (note or "").strip()
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        step = check(step_name, locked, by=by, note=note)
        now = timezone.now()
        locked.status = step.target
        if step_name == "submit":
            locked.submitted_by, locked.submitted_at = by, now
            locked.review_note = ""
        elif step_name in {"approve", "reject"}:
            locked.reviewed_by, locked.reviewed_at, locked.review_note = by, now, note
            if step_name == "approve":
                locked.published_at = now
                locked.refresh_timeliness()
        elif step_name == "withdraw":
            locked.withdrawn_at, locked.withdrawn_reason = now, note
        change = history.save(locked, by=by, action=step_name, note=note)
    publication.refresh_from_db()
    return change


def submit(publication: Publication, *, by, note: str = "") -> PublicationChange:
    return _perform("submit", publication, by=by, note=note)


def approve(publication: Publication, *, by, note: str = "") -> PublicationChange:
    return _perform("approve", publication, by=by, note=note)


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
