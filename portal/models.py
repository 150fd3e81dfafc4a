"""The working-day calendar's admin-editable data (DESIGN §3)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One day whose status differs from chinese_calendar's, or a day of a year it does not know yet."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选表示该日上班（含调休补班），不勾选表示放假。"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("例如：国庆节、春节调休上班"))

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self):
        kind = "上班" if self.is_workday else "放假"
        return f"{self.date:%Y-%m-%d} {kind} {self.note}".strip()


class CalendarYear(models.Model):
    """A year whose holiday schedule the disclosure office has entered and confirmed."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    is_confirmed = models.BooleanField(_("已确认全年安排"), default=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(
        _("依据"), max_length=200, blank=True, help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知")
    )

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"

    @staticmethod
    def years_needing_schedule(today: dt.date) -> list[int]:
        """This year and next, where no schedule is known: deadlines run into them."""
        from portal import workdays

        return [y for y in (today.year, today.year + 1) if workdays.calendar.schedule(y).is_provisional]


class AuditLog(models.Model):
    """Staff sign-ins and refusals. Object changes made in the admin are in Django's admin LogEntry."""

    class Event(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    event = models.CharField(_("事件"), max_length=20, choices=Event.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("登录名"), max_length=150, blank=True)
    ip_hash = models.CharField(_("来源（加盐摘要）"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录审计")
        verbose_name_plural = _("登录审计")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_event_display()} {self.username}"

    @classmethod
    def record(cls, event, request, *, user=None, username=""):
        from portal.ratelimit import ip_hash

        return cls.objects.create(
            event=event,
            user=user,
            username=(username or (user.get_username() if user else ""))[:150],
            ip_hash=ip_hash(request) if request is not None else "",
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:200],
        )
class RateCounter(models.Model):
    """One rate-limit counter (portal.ratelimit) when the shared cache is the database table, whose increment is a
    read and a write: this row is locked while it is counted, so parallel requests cannot pass the limit."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("频率计数")
        verbose_name_plural = _("频率计数")

    def __str__(self):
        return f"{self.key}: {self.count}"


from portal.reports.models import AnnualReportInput, AssessmentRule, ReviewCase  # noqa: E402

__all__ = ["AnnualReportInput", "AssessmentRule", "CalendarOverride", "CalendarYear", "RateCounter", "ReviewCase"]
