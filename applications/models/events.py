"""The append-only event log of a request: every state change, who made it, when and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.requests import Application, Status
from portal import idempotency


class EventKind(models.TextChoices):
    SUBMIT = "submit", _("网上提交申请")
    REGISTER = "register", _("登记申请")
    CONFIRM_RECEIPT = "confirm_receipt", _("确认收到申请")
    ACCEPT = "accept", _("开始办理")
    REQUEST_CORRECTION = "request_correction", _("告知补正")
    SUBMIT_CORRECTION = "submit_correction", _("申请人网上提交补正")
    RECORD_CORRECTION = "record_correction", _("收到补正")
    DEEM_WITHDRAWN = "deem_withdrawn", _("逾期未补正，不再处理")
    START_CONSULTATION = "start_consultation", _("征求意见")
    END_CONSULTATION = "end_consultation", _("收到意见")
    RECORD_DELIVERY = "record_delivery", _("登记送达日期")
    FEE_NOTICE = "fee_notice", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳费用")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费，不再处理")
    EXTEND = "extend", _("延期答复")
    PROPOSE_DEFERRAL = "propose_deferral", _("拟定延迟答复期限")
    APPROVE_DEFERRAL = "approve_deferral", _("批准延迟答复期限")
    REJECT_DEFERRAL = "reject_deferral", _("不批准延迟答复期限")
    TRANSFER = "transfer", _("转办")
    REPLY = "reply", _("答复")
    CLOSE = "close", _("办结")
    WITHDRAW = "withdraw", _("申请人撤回")
    RECALCULATE = "recalculate", _("节假日安排调整，期限重算")
    RECOUNT = "recount", _("计时规则更新，期限重算")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("application events are append-only")

    def delete(self):
        raise TypeError("application events are append-only")


class ApplicationEvent(models.Model):
    """One step in a request's life: who, when, what, why. Append-only."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), related_name="events",
                                    on_delete=models.PROTECT)
    kind = models.CharField(_("事项"), max_length=24, choices=EventKind.choices)
    on = models.DateField(_("办理日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                              related_name="+", on_delete=models.PROTECT, help_text=_("空表示申请人本人或系统"))
    status_before = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    status_after = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True)
    payload = models.JSONField(_("数据"), default=dict, blank=True)
    # Set on the applicant's own online steps (the correction), so a resubmitted form adds no second event.
    submission_key = idempotency.key_field()

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("application events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("application events are append-only")
