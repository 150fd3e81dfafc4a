"""The record of due dates moved by a change of the working-day calendar (DESIGN §3), append-only.

Callbacks and messages keep no event log of their own; this is where the clerk and the supervisor see that a
callback, rectification or reply deadline moved, from what to what, and why.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from feedback.models.callbacks import Callback
from feedback.models.messages import Message


class DeadlineChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("deadline changes are append-only")

    def delete(self):
        raise TypeError("deadline changes are append-only")


class DeadlineChange(models.Model):
    class Field(models.TextChoices):
        CALLBACK_DUE_ON = "callback_due_on", _("回访期限")
        RECTIFICATION_DUE_ON = "rectification_due_on", _("整改期限")
        REPLY_DUE_ON = "due_on", _("答复期限")

    callback = models.ForeignKey(Callback, verbose_name=_("回访"), related_name="deadline_changes", null=True,
                                 blank=True, on_delete=models.CASCADE)
    message = models.ForeignKey(Message, verbose_name=_("留言与纠错"), related_name="deadline_changes", null=True,
                                blank=True, on_delete=models.CASCADE)
    field = models.CharField(_("期限"), max_length=24, choices=Field.choices)
    old_on = models.DateField(_("原期限"))
    new_on = models.DateField(_("新期限"))
    reason = models.CharField(_("原因"), max_length=200)
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = DeadlineChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("期限调整记录")
        verbose_name_plural = _("期限调整记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(callback__isnull=False, message__isnull=True)
                | models.Q(callback__isnull=True, message__isnull=False),
                name="deadline_change_of_one_callback_or_message",
            ),
        ]

    def __str__(self):
        return f"{self.get_field_display()} {self.old_on:%Y-%m-%d} → {self.new_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("deadline changes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("deadline changes are append-only")
