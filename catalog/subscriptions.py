"""E-mail subscriptions: double opt-in, one-click unsubscribe, and the announcement of each released item.

Links are signed with django.core.signing rather than backed by stored tokens. The confirmation link signs the
subscription's id with a timestamp, so it expires by itself (`SUBSCRIPTION_CONFIRM_DAYS`) without a clock column
to compare; the unsubscribe link signs the ids of the subscriptions that made a mail go out and never expires.
The database therefore holds no secret: a copy of it (a backup in the county's archive) can confirm or cancel
nobody's subscription, and a link stops working once its subscription is gone (ids are never reused). Rotating
SECRET_KEY would invalidate the links in mails already sent; list the old key in SECRET_KEY_FALLBACKS meanwhile.

No answer to the public says whether an address was subscribed: a new address, a pending one and a confirmed
one get the same page, and the mailbox's owner alone learns which it was (a confirmation, or a note that the
subscription already stands). Every mail goes out from the task worker, never inside a request.
"""

import itertools
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalog.models import Announcement, Publication, Subscription

logger = logging.getLogger(__name__)

CONFIRM_SALT = "catalog.subscriptions.confirm"
UNSUBSCRIBE_SALT = "catalog.subscriptions.unsubscribe"


class LinkError(Exception):
    """A confirmation or unsubscribe link that cannot be used; the message is for the citizen."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


EXPIRED = "确认链接已过期（有效期{days}天）。请回到原页面重新订阅，我们会再发一封确认邮件。"
INVALID = "链接不完整或已被改动，无法使用。请从邮件中完整复制链接，或回到原页面重新订阅。"


def normalize(email: str) -> str:
    """Addresses compare without case or surrounding spaces, so that one mailbox is one subscriber."""
    return (email or "").strip().lower()


def absolute(path: str, **query) -> str:
    """`path` on the public site (`PORTAL_BASE_URL`), as a link in a mail sent by the worker."""
    url = settings.PORTAL_BASE_URL.rstrip("/") + path
    return f"{url}?{urlencode(query)}" if query else url


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("catalog:subscription_confirm"), t=signing.dumps(subscription.pk, salt=CONFIRM_SALT))


def unsubscribe_url(subscriptions) -> str:
    ids = sorted(item.pk for item in subscriptions)
    return absolute(reverse("catalog:subscription_unsubscribe"), t=signing.dumps(ids, salt=UNSUBSCRIBE_SALT))


def pending_to_confirm(token: str) -> Subscription | None:
    """The subscription a confirmation link names (None when it is gone); LinkError for a forged or old link."""
    try:
        pk = signing.loads(token or "", salt=CONFIRM_SALT, max_age=settings.SUBSCRIPTION_CONFIRM_DAYS * 86400)
    except signing.SignatureExpired as error:
        raise LinkError(EXPIRED.format(days=settings.SUBSCRIPTION_CONFIRM_DAYS)) from error
    except signing.BadSignature as error:
        raise LinkError(INVALID) from error
    if not isinstance(pk, int):
        raise LinkError(INVALID)
    return Subscription.objects.select_related("entry", "division").filter(pk=pk).first()


def to_unsubscribe(token: str) -> list[Subscription]:
    """The subscriptions an unsubscribe link names that still exist; LinkError for a forged link."""
    try:
        ids = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise LinkError(INVALID) from error
    if not (isinstance(ids, list) and all(isinstance(pk, int) for pk in ids)):
        raise LinkError(INVALID)
    return list(Subscription.objects.select_related("entry", "division").filter(pk__in=ids).order_by("pk"))


# ---- steps ------------------------------------------------------------------------------------------------------

def request_subscription(email: str, *, entry=None, division=None) -> Subscription:
    """Store the wish of `email` to follow `entry` or `division` and have the worker mail it a confirmation link
    (or, when it is confirmed already, a note saying so). Nothing is announced to it before it confirms."""
    email = normalize(email)
    target = {"entry": entry} if entry is not None else {"division": division}
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscription, created = Subscription.objects.select_for_update().get_or_create(email=email, **target)
        except IntegrityError:  # the same address submitted twice at once
            subscription, created = Subscription.objects.select_for_update().get(email=email, **target), False
        if not created and not subscription.is_confirmed:
            subscription.requested_at = timezone.now()  # a fresh link: the cleaning counts from this one
            subscription.save(update_fields=["requested_at"])
        transaction.on_commit(lambda: _enqueue("send_subscription_mail", subscription.pk))
    return subscription


def confirm(subscription: Subscription) -> Subscription:
    """Confirm a pending subscription (a confirmed one stays as it was)."""
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def unsubscribe(subscriptions) -> int:
    """Cancel the subscriptions (already cancelled ones are no error); the number cancelled now."""
    deleted, _by_model = Subscription.objects.filter(pk__in=[item.pk for item in subscriptions]).delete()
    return deleted


def expire_pending(*, now=None) -> int:
    """Delete the subscriptions left unconfirmed longer than their link is valid; how many there were."""
    now = now or timezone.now()
    deleted, _by_model = Subscription.objects.expired_pending(now=now, days=settings.SUBSCRIPTION_CONFIRM_DAYS).delete()
    return deleted


def announce_on_release(publication_ids) -> None:
    """Called by the release step inside its transaction: once it commits, one task per released item."""
    for pk in publication_ids:
        transaction.on_commit(lambda pk=pk: _enqueue("announce_publication", pk))


def _enqueue(task_name: str, *args) -> None:
    from catalog import tasks

    try:
        getattr(tasks, task_name).enqueue(*args)
    except Exception:  # the subscription or release stands; the log says which mail did not go
        logger.exception("could not hand %s%s to the task worker", task_name, args)


# ---- the worker's part ------------------------------------------------------------------------------------------

def _message(subject: str, template: str, context: dict, to: str, unsubscribe: str) -> mail.EmailMessage:
    body = render_to_string(template, {**context, "unsubscribe_url": unsubscribe,
                                       "PORTAL_TITLE": settings.PORTAL_TITLE})
    subject = " ".join(subject.split())  # a title pasted with a line break must not break the header
    return mail.EmailMessage(subject, body, None, [to], headers={
        # RFC 2369 and RFC 8058: mail programs offer an unsubscribe button that POSTs to this address.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    })


def send_subscription_mail(subscription_id: int) -> str:
    """The confirmation link for a pending subscription, or the note that a confirmed one already stands."""
    subscription = Subscription.objects.select_related("entry", "division").filter(pk=subscription_id).first()
    if subscription is None:
        return "gone"
    context = {"subscription": subscription, "target_url": absolute(target_path(subscription)),
               "days": settings.SUBSCRIPTION_CONFIRM_DAYS}
    if subscription.is_confirmed:
        subject = f"您已订阅“{subscription.target_name}”的更新"
        template, outcome = "catalog/email/subscription_already.txt", "already"
    else:
        subject = f"请确认订阅“{subscription.target_name}”的更新"
        template, outcome = "catalog/email/subscription_confirm.txt", "confirm"
        context["confirm_url"] = confirm_url(subscription)
    _message(subject, template, context, subscription.email, unsubscribe_url([subscription])).send()
    return outcome


def target_path(subscription: Subscription) -> str:
    if subscription.entry_id:
        return reverse("catalog:entry", args=[subscription.entry_id])
    return reverse("catalog:division", args=[subscription.division.code])


def announce(publication_id: int) -> str:
    """Tell each confirmed subscriber of the item's entries and places about it, each address once, and only the
    first time the item is released (the Announcement row is written first and is unique per item)."""
    publication = (Publication.objects.public().select_related("entry", "division", "department")
                   .filter(pk=publication_id).first())
    if publication is None:
        return "not public"
    _announcement, created = Announcement.objects.get_or_create(publication=publication)
    if not created:
        return "announced before"
    subject = f"{publication.division.name}发布了新信息：{publication.title}"
    context = {"publication": publication,
               "publication_url": absolute(reverse("catalog:publication", args=[publication.pk]))}
    following = Subscription.objects.following(publication).select_related("entry", "division").order_by("email", "pk")
    recipients = failures = 0
    with mail.get_connection() as connection:
        for email, group in itertools.groupby(following.iterator(), key=lambda item: item.email):
            group = list(group)
            message = _message(subject, "catalog/email/announcement.txt", {**context, "subscriptions": group},
                               email, unsubscribe_url(group))
            message.connection = connection
            recipients += 1
            try:
                message.send()
            except Exception:
                failures += 1
                logger.exception("announcement of publication %s to one subscriber failed", publication_id)
    Announcement.objects.filter(publication=publication).update(recipients=recipients, failures=failures)
    return f"{recipients - failures}/{recipients}"
