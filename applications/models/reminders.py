"""The log of due-soon and overdue digests sent to departments, so each is sent once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Department


class ReminderLog(models.Model):
    """One reminder digest sent: per department per day, or the county-wide one (department empty)."""

    department = models.ForeignKey(Department, verbose_name=_("单位"), null=True, blank=True, related_name="+",
                                   on_delete=models.CASCADE)
    sent_on = models.DateField(_("发送日期"))
    recipients = models.TextField(_("收件人"), blank=True)
    due_soon_count = models.PositiveIntegerField(_("即将到期数"), default=0)
    overdue_count = models.PositiveIntegerField(_("已逾期数"), default=0)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("到期提醒记录")
        verbose_name_plural = _("到期提醒记录")
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "sent_on"], name="one_reminder_per_department_per_day"),
            models.UniqueConstraint(fields=["sent_on"], condition=models.Q(department__isnull=True),
                                    name="one_county_reminder_per_day"),
        ]

    def __str__(self):
        return f"{self.sent_on:%Y-%m-%d} {self.department or '全县'}"
