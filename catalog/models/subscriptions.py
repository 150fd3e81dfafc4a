"""E-mail subscriptions (邮件订阅): a citizen follows a directory entry or a place and is told of each new item.

A subscription is stored when the address is given and counts only once the citizen has opened the link mailed to
it (double opt-in); `Announcement` remembers which publications have been announced, so that nothing is announced
twice. Addresses are personal data: never on a public page, in the admin only for the disclosure office.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models.directory import Entry
from catalog.models.divisions import Division


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def expired_pending(self, *, now, days: int):
        """Never confirmed, and the last confirmation mail went out more than `days` days before `now`."""
        return self.filter(confirmed_at__isnull=True, requested_at__lt=now - dt.timedelta(days=days))

    def following(self, publication):
        """The confirmed subscriptions a newly published `publication` concerns: to its entry or an entry above
        it, to its place or a place above it (a place includes everything below it, as its page does)."""
        entries = publication.entry.get_ancestors(include_self=True).values("pk")
        places = publication.division.get_ancestors(include_self=True).values("pk")
        return self.confirmed().filter(Q(entry__in=entries) | Q(division__in=places))


class Subscription(models.Model):
    email = models.EmailField(_("电子邮箱"))
    entry = models.ForeignKey(Entry, verbose_name=_("公开事项"), related_name="subscriptions", null=True, blank=True,
                              on_delete=models.CASCADE)
    division = models.ForeignKey(Division, verbose_name=_("区划"), related_name="subscriptions", null=True,
                                 blank=True, on_delete=models.CASCADE)
    requested_at = models.DateTimeField(_("最近申请时间"), default=timezone.now,
                                        help_text=_("最近一次发出确认邮件的时间；逾期未确认的订阅会被清除"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, db_index=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("邮件订阅")
        verbose_name_plural = _("邮件订阅")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(entry__isnull=False, division__isnull=True)
                           | Q(entry__isnull=True, division__isnull=False)),
                name="subscription_one_target"),
            models.UniqueConstraint(fields=["email", "entry"], condition=Q(entry__isnull=False),
                                    name="subscription_once_per_entry"),
            models.UniqueConstraint(fields=["email", "division"], condition=Q(division__isnull=False),
                                    name="subscription_once_per_division"),
        ]

    def __str__(self):
        return f"订阅“{self.target_name}”"

    @property
    def target(self):
        return self.entry if self.entry_id else self.division

    @property
    def target_name(self) -> str:
        return self.target.name

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Announcement(models.Model):
    """One row per publication whose release was announced to subscribers: written before the mails go out."""

    publication = models.OneToOneField("catalog.Publication", verbose_name=_("公开信息"), on_delete=models.CASCADE,
                                       related_name="announcement")
    created_at = models.DateTimeField(_("通知时间"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)
    failures = models.PositiveIntegerField(_("发送失败数"), default=0)

    class Meta:
        verbose_name = _("订阅通知")
        verbose_name_plural = _("订阅通知")

    def __str__(self):
        return f"{self.publication_id} 的订阅通知"
