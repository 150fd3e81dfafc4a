"""Messages: 我要纠错 (an error reported on a public page) and 留言 (a question to a department)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from feedback.models.ratings import Level
from portal import idempotency
from portal.localdates import local_day_bounds


class MessageQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(answered_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def answered_on_time(self):
        return self.filter(answered_at__date__lte=models.F("due_on"))

    def overdue(self, on: dt.date):
        """Not answered and past the due date on `on` (the same rule as Message.is_overdue)."""
        return self.pending().filter(due_on__lt=on)

    def answered_late(self):
        """Answered after the due date (逾期答复): the same rule as Message.is_answered_late."""
        return self.filter(answered_at__date__gt=models.F("due_on"))

    def unowned(self):
        """无人处理: messages awaiting an answer that nobody can give (Department.objects.unstaffed)."""
        return self.pending().filter(department__in=Department.objects.unstaffed())

    def published(self):
        """The public Q&A: answered messages the department chose to publish."""
        return self.filter(is_published=True, answered_at__isnull=False)

    def between(self, start: dt.date, end: dt.date):
        low, high = local_day_bounds(start, end)
        return self.filter(created_at__gte=low, created_at__lt=high)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))


class Message(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("留言")
        CORRECTION = "correction", _("我要纠错")

    tracking_number = models.CharField(_("查询码"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    department = models.ForeignKey(
        Department, verbose_name=_("办理单位"), related_name="messages", on_delete=models.PROTECT
    )
    page_url = models.CharField(_("纠错页面"), max_length=500, blank=True)
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"), max_length=2000)
    name = models.CharField(_("称呼"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("提交时间"), editable=False)
    due_on = models.DateField(_("答复期限"), editable=False)
    due_is_provisional = models.BooleanField(_("期限待确认"), default=False, editable=False)
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    submission_key = idempotency.key_field()

    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), related_name="+", null=True, blank=True,
        editable=False, on_delete=models.SET_NULL,
    )
    is_published = models.BooleanField(_("公开到问答"), default=False)
    public_subject = models.CharField(_("公开的标题"), max_length=100, blank=True)
    public_body = models.TextField(
        _("公开的问题"), blank=True, help_text=_("公开时自动去除电话、身份证号等个人信息，可再修改。")
    )
    public_answer = models.TextField(_("公开的答复"), blank=True)
    answer_level = models.CharField(_("对答复的评价"), max_length=20, choices=Level.choices, blank=True, editable=False)
    answer_rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("留言与纠错")
        verbose_name_plural = _("留言与纠错")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "answered_at", "due_on"]),
            models.Index(fields=["is_published", "-answered_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.subject}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """Not answered and past its due date on `on` (today by default): MessageQuerySet.overdue for one row."""
        on = on or timezone.localdate()
        return not self.is_answered and self.due_on < on

    @property
    def is_answered_late(self) -> bool:
        """Answered after its due date (MessageQuerySet.answered_late for one row), in local dates."""
        return self.is_answered and timezone.localdate(self.answered_at) > self.due_on
