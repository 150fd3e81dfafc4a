"""The change history of a publication (who, when, which fields, old → new), written by catalog.history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationChange(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("新建")
        EDITED = "edited", _("修改")
        SUBMITTED = "submit", _("提交审核")
        APPROVED = "approve", _("审核通过并发布")
        REJECTED = "reject", _("退回修改")
        WITHDRAWN = "withdraw", _("撤回")
        IMPORTED = "imported", _("批量导入")

    publication = models.ForeignKey(
        "catalog.Publication", verbose_name=_("公开信息"), related_name="changes", on_delete=models.CASCADE
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    changed_at = models.DateTimeField(_("时间"), default=timezone.now)
    fields = models.JSONField(_("修改的字段"), default=list, blank=True)
    summary = models.TextField(_("修改内容"), blank=True)
    note = models.TextField(_("意见或原因"), blank=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")
        ordering = ["publication", "changed_at", "id"]
        indexes = [models.Index(fields=["publication", "changed_at"])]

    def __str__(self):
        return f"{self.get_action_display()} {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}"
