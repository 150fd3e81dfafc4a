"""Callback cases (回访): every bad rating is called back, rectified and followed until resolved (DESIGN §5).

A `Callback` is the case, one per rating; each contact with the citizen is a `CallbackAttempt`. The due dates
are stored when the case opens, so queues, overdue lists and the assessment sheet are plain indexed queries.
"""

import datetime as dt
import random

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, Publication
from feedback.models.ratings import Rating


class CallbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Callback.Status.OPEN)

    def closed(self):
        return self.exclude(status=Callback.Status.OPEN)

    def overdue(self, on: dt.date):
        """Open cases not called back by their callback date, or not rectified by their rectification date."""
        late_call = models.Q(first_called_at__isnull=True, callback_due_on__lt=on)
        late_fix = models.Q(rectified_at__isnull=True, rectification_due_on__lt=on)
        return self.open().filter(late_call | late_fix)

    def called_back_on_time(self):
        return self.filter(first_called_at__date__lte=models.F("callback_due_on"))

    def of_bad_ratings(self, start: dt.date, end: dt.date):
        """Cases of the bad ratings made from `start` to `end` that count in a department's figures."""
        return self.filter(rating__in=Rating.objects.counted().bad().between(start, end).values("pk"))

    def rectified(self):
        return self.filter(rectified_at__isnull=False)

    def rectified_on_time(self):
        return self.filter(rectified_at__date__lte=models.F("rectification_due_on"))

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))

    def unowned(self):
        """无人处理: open cases nobody can act on (Department.objects.unstaffed)."""
        return self.open().filter(department__in=Department.objects.unstaffed())

    def spot_checked(self):
        return self.filter(events__kind=CallbackEvent.Kind.SPOT_CHECK).distinct()

    def spot_check_sample(self, size: int, seed: str):
        """A random sample of `size` closed cases not yet spot-checked; the same `seed` draws the same sample."""
        candidates = sorted(self.closed().exclude(pk__in=self.spot_checked().values("pk")).values_list("pk", flat=True))
        chosen = random.Random(seed).sample(candidates, min(size, len(candidates)))  # noqa: S311  (not security)
        return self.filter(pk__in=chosen)

    def queue(self):
        """Work order for a clerk: open cases first, the nearest due date first."""
        return self.order_by(*Callback.queue_ordering())


class Callback(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CLOSED_SATISFIED = "closed_satisfied", _("群众满意办结")
        CLOSED_BY_SUPERVISOR = "closed_by_supervisor", _("督查员关闭")

    rating = models.OneToOneField(Rating, verbose_name=_("评价"), related_name="callback", on_delete=models.CASCADE)
    department = models.ForeignKey(
        Department, verbose_name=_("责任单位"), related_name="callbacks", on_delete=models.PROTECT
    )
    opened_on = models.DateField(_("受理日期"))
    callback_due_on = models.DateField(_("回访期限"))
    rectification_due_on = models.DateField(_("整改期限"))
    due_dates_provisional = models.BooleanField(
        _("期限待确认"), default=False, help_text=_("期限所在年份的节假日安排尚未录入，按周一至周五暂算。")
    )
    next_due_on = models.DateField(_("下一期限"), help_text=_("尚未回访时为回访期限，之后为整改期限。"))
    first_called_at = models.DateTimeField(_("首次回访时间"), null=True, blank=True)
    rectification = models.TextField(_("整改措施"), blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    corrected_publication = models.ForeignKey(
        Publication, verbose_name=_("整改后的信息"), related_name="+", null=True, blank=True,
        on_delete=models.PROTECT, help_text=_("评价的信息有误时，改正后发布的信息。"),
    )
    status = models.CharField(_("状态"), max_length=22, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办结人"), related_name="+", null=True, blank=True,
        on_delete=models.SET_NULL,
    )
    close_reason = models.TextField(_("办结说明"), blank=True)

    objects = CallbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["next_due_on", "id"]
        indexes = [
            models.Index(fields=["department", "status", "next_due_on"]),
            models.Index(fields=["status", "next_due_on"]),
            models.Index(fields=["opened_on"]),
        ]

    def __str__(self):
        return f"回访 #{self.pk} {self.department}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @classmethod
    def queue_ordering(cls) -> list:
        open_first = models.Case(
            models.When(status=cls.Status.OPEN, then=models.Value(0)), default=models.Value(1),
            output_field=models.IntegerField(),
        )
        return [open_first.asc(), "next_due_on", "id"]

    def is_overdue(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        if not self.is_open:
            return False
        return (self.first_called_at is None and self.callback_due_on < on) or (
            self.rectified_at is None and self.rectification_due_on < on
        )


class CallbackAttempt(models.Model):
    """One contact with the citizen: who called, when, how, whether they were reached and what they said."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话")
        SMS = "sms", _("短信")
        VISIT = "visit", _("上门")

    callback = models.ForeignKey(Callback, verbose_name=_("回访"), related_name="attempts", on_delete=models.CASCADE)
    called_at = models.DateTimeField(_("回访时间"), default=timezone.now)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices, default=Method.PHONE)
    is_reached = models.BooleanField(_("已联系上"), default=True)
    citizen_said = models.TextField(_("群众意见"), blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)
    is_satisfied = models.BooleanField(_("群众表示满意"), default=False)

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["called_at", "id"]

    def __str__(self):
        return f"{self.get_method_display()} {timezone.localtime(self.called_at):%Y-%m-%d %H:%M}"


class CallbackEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("callback events are append-only")

    def delete(self):
        raise TypeError("callback events are append-only")


class CallbackEvent(models.Model):
    """A supervisor's step on a closed case, append-only: a spot-check call (抽查回访) or reopening the case."""

    class Kind(models.TextChoices):
        SPOT_CHECK = "spot_check", _("抽查回访")
        REOPEN = "reopen", _("重新打开")

    callback = models.ForeignKey(Callback, verbose_name=_("回访"), related_name="events", on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    is_confirmed = models.BooleanField(
        _("群众确认整改到位"), null=True, blank=True, help_text=_("抽查回访时群众是否确认已整改且满意。")
    )
    note = models.TextField(_("说明"))

    objects = CallbackEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("回访督查记录")
        verbose_name_plural = _("回访督查记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("callback events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("callback events are append-only")
