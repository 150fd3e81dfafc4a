"""Messages (留言) and error reports (我要纠错): submit, answer, publish to the Q&A, rate the answer.

Each is answered by a clerk of its department within settings.MESSAGE_DUE_WORKDAYS working days of the day it
arrived. What the public Q&A shows is a copy with personal data removed (`feedback.privacy.redact`).
"""

import re
import secrets
import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.access import acts_for
from catalog.models import Department
from feedback.errors import FeedbackError
from feedback.models import Level, Message
from feedback.privacy import redact
from portal import idempotency
from portal.workdays import add_workdays, any_provisional

_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_PREFIX = {Message.Kind.QUESTION: "LY", Message.Kind.CORRECTION: "JC"}


def new_tracking_number(kind: str, day, rng=None) -> str:
    """E.g. LY261122-7K3M9Q: kind, date, then six unguessable characters (`rng` only for the demo data)."""
    chooser = rng or secrets
    return f"{_PREFIX[kind]}{day:%y%m%d}-" + "".join(chooser.choice(_ALPHABET) for _ in range(6))


def normalise_tracking_number(value: str) -> str:
    """Upper case, full-width forms made plain, and only letters, digits and dashes kept (no NUL reaches SQL)."""
    return re.sub(r"[^0-9A-Z-]", "", unicodedata.normalize("NFKC", value or "").upper())[:20]


def default_correction_department() -> Department | None:
    """Error reports without a department go to the county's disclosure office."""
    return (
        Department.objects.active()
        .county_disclosure_office()
        .order_by("pk")
        .first()
    )


def submit_message(
    *, kind: str, department: Department | None, subject: str, body: str, name: str = "", phone: str = "",
    page_url: str = "", ip_hash: str = "", created_at=None, rng=None, submission_key: str | None = None,
) -> Message:
    """Store a message or error report with a fresh tracking number. `submission_key`: see portal.idempotency."""
    if kind not in Message.Kind.values:
        raise FeedbackError(_("请选择留言类型。"))
    if department is None and kind == Message.Kind.CORRECTION:
        department = default_correction_department()
    if department is None:
        raise FeedbackError(_("请选择要留言的单位。"))
    if not subject.strip() or not body.strip():
        raise FeedbackError(_("请填写标题和内容。"))
    created_at = created_at or timezone.now()
    received_on = timezone.localdate(created_at)
    due_on = add_workdays(received_on, settings.MESSAGE_DUE_WORKDAYS)
    message = Message(
        kind=kind, department=department, subject=subject.strip(), body=body.strip(), name=name.strip(),
        phone=phone.strip(), page_url=page_url.strip() if kind == Message.Kind.CORRECTION else "",
        ip_hash=ip_hash, created_at=created_at, due_on=due_on,
        due_is_provisional=any_provisional(received_on, due_on), submission_key=submission_key,
    )
    for _attempt in range(5):
        message.tracking_number = new_tracking_number(kind, received_on, rng)
        try:
            with transaction.atomic():
                message.save()
            return message
        except IntegrityError:
            if idempotency.is_taken(Message, submission_key):
                raise  # the same form was stored meanwhile: idempotency.create_once answers with that message
            message.pk = None
    raise FeedbackError(_("系统繁忙，请稍后再试。"))


def check_can_answer(message: Message, answer: str, *, by=None) -> None:
    """Refuse unless the message awaits its answer and `by` (None: not asked) acts for its department."""
    if by is not None and not acts_for(by, message.department_id):
        raise FeedbackError(_("只能答复本单位收到的留言。"))
    if message.is_answered:
        raise FeedbackError(_("该留言已答复。"))
    if not answer.strip():
        raise FeedbackError(_("请填写答复内容。"))


def answer_message(message: Message, *, by, answer: str, publish: bool = False, at=None) -> Message:
    """Record the answer and prepare the public copy (redacted) for the clerk to check; `publish` publishes it
    at once (demo data and tests; the admin always shows the copy to the clerk first)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        check_can_answer(message, answer, by=by)
        message.answer = answer.strip()
        message.answered_at, message.answered_by = at or timezone.now(), by
        fill_public_copy(message)
        message.save()
    if publish:
        message = set_published(message, True)
    return message


def public_copy(message: Message) -> dict[str, str]:
    """The subject, body and answer as the public Q&A would show them: personal data removed."""
    names = (message.name,)
    return {"public_subject": redact(message.subject, names=names), "public_body": redact(message.body, names=names),
            "public_answer": redact(message.answer, names=names)}


def fill_public_copy(message: Message) -> None:
    """Put the redacted copy into the public fields the clerk has not written (not saved)."""
    for field, text in public_copy(message).items():
        if not getattr(message, field):
            setattr(message, field, text)


def set_published(message: Message, is_published: bool) -> Message:
    """Show or hide an answered message in the public Q&A; the public copy is redacted when first made."""
    if is_published and not message.is_answered:
        raise FeedbackError(_("答复后才能公开。"))
    message.is_published = is_published
    if is_published:
        fill_public_copy(message)
    message.save(update_fields=["is_published", "public_subject", "public_body", "public_answer"])
    return message


def rate_answer(message: Message, *, level: str, at=None) -> Message:
    """The asker rates the answer, once."""
    if level not in Level.values:
        raise FeedbackError(_("请选择满意程度。"))
    if not message.is_answered:
        raise FeedbackError(_("留言答复后才能评价。"))
    updated = Message.objects.filter(pk=message.pk, answer_level="").update(
        answer_level=level, answer_rated_at=at or timezone.now()
    )
    if not updated:
        raise FeedbackError(_("您已评价过该答复。"))
    message.refresh_from_db()
    return message
