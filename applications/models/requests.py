"""Requests for disclosure (政府信息公开申请): tracking numbers, their states and the request itself (DESIGN §4).

State changes go through `applications.workflow`, never through save()."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications import deadlines
from applications.classification import ApplicantKind, Outcome, Reason, legal_basis
from catalog.models import Department
from portal import idempotency, tracking, workdays

# Short enough to read over the phone, no look-alike characters (portal.tracking), ~43 bits of randomness.
TRACKING_ALPHABET = tracking.ALPHABET
TRACKING_LENGTH = 9


def new_tracking_number() -> str:
    return tracking.new_code("YS", TRACKING_LENGTH)


def normalise_tracking_number(value: str) -> str:
    return tracking.normalise(value)


class Channel(models.TextChoices):
    """How the request arrived; each channel has its own receipt rule (Art. 31, deadlines.RECEIPT_RULE)."""

    ONLINE = deadlines.Channel.ONLINE, _("网上申请")
    IN_PERSON = deadlines.Channel.IN_PERSON, _("当面申请")
    REGISTERED_POST = deadlines.Channel.REGISTERED_POST, _("信函（挂号）")
    ORDINARY_POST = deadlines.Channel.ORDINARY_POST, _("信函（平信）")
    FAX = deadlines.Channel.FAX, _("传真")
    EMAIL = deadlines.Channel.EMAIL, _("电子邮件")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    OTHER = "other", _("其他有效身份证件")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")


class ObtainMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("在线查看")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    REGISTERED = "registered", _("已登记")
    CORRECTION = "correction", _("待补正")
    PROCESSING = "processing", _("办理中")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    DEEMED_WITHDRAWN = "deemed_withdrawn", _("逾期未补正，不再处理")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费，不再处理")
    WITHDRAWN = "withdrawn", _("申请人撤回")


OPEN_STATUSES = [Status.SUBMITTED, Status.REGISTERED, Status.CORRECTION, Status.PROCESSING, Status.CONSULTING,
                 Status.AWAITING_FEE]
# The reply clock runs in these; it is stopped while awaiting correction, consulting or awaiting the fee.
RUNNING_STATUSES = [Status.REGISTERED, Status.PROCESSING]
PAUSED_STATUSES = [Status.CONSULTING, Status.AWAITING_FEE]
CONCLUDED_STATUSES = [Status.REPLIED, Status.CLOSED, Status.DEEMED_WITHDRAWN, Status.FEE_LAPSED, Status.WITHDRAWN]

SOON_WORKDAYS = 5
# The events that record a request's receipt (EventKind.REGISTER with a receipt date, CONFIRM_RECEIPT): those of
# these kinds that lead to Status.REGISTERED.
RECEIPT_EVENTS = ["register", "confirm_receipt"]
#: Replied by the due date (Application.replied_on_time for one row); a Q so grouped counts can use it. The stored
#: due date is the reply clock's (deadlines.reckon), so a stop of the clock is counted and a late one is not.
REPLIED_ON_TIME = models.Q(replied_on__lte=models.F("due_on"))


class ReceiptMail(models.TextChoices):
    """The e-mail telling an online applicant their tracking number, sent by the task worker."""

    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user).values("pk"))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def running(self):
        """Open requests whose reply clock is running (not awaiting correction, consultation or a fee)."""
        return self.filter(status__in=RUNNING_STATUSES, due_on__isnull=False)

    def _held_on(self, day: dt.date):
        """The pks of requests whose clock a pause held at the end of `day`: begun by then while the period was still
        running (on or before the due date), not ended by then, and its window not yet run out (Art. 32, 34)."""
        held = (models.Q(pauses__started_on__lte=day) & models.Q(pauses__started_on__lte=models.F("due_on"))
                & models.Q(pauses__answer_due_on__gte=day)
                & (models.Q(pauses__ended_on__isnull=True) | models.Q(pauses__ended_on__gt=day)))
        return self.model._default_manager.filter(held).values("pk")

    def counting(self, *, on: dt.date):
        """Open requests whose clock counts on `on`: running, or paused by a stop that no longer holds it — its
        window has run out (Art. 32, 34) or it began after the period had run out (DESIGN §4)."""
        return self.filter(status__in=RUNNING_STATUSES + PAUSED_STATUSES, due_on__isnull=False).exclude(
            pk__in=self._held_on(on))

    def paused(self):
        return self.filter(status__in=PAUSED_STATUSES)

    def received(self):
        """Requests whose receipt was established (Art. 31); one withdrawn before that was never received."""
        return self.filter(received_on__isnull=False)

    def received_between(self, start: dt.date, end: dt.date):
        return self.filter(received_on__gte=start, received_on__lte=end)

    def concluded_between(self, start: dt.date, end: dt.date):
        return self.filter(concluded_on__gte=start, concluded_on__lte=end)

    def confirmed_late(self):
        """Ordinary post confirmed with the applicant after the day the letter arrived (Art. 31)."""
        return self.filter(channel=Channel.ORDINARY_POST, received_on__gt=models.F("arrived_on"))

    def replied_on_time(self):
        return self.filter(REPLIED_ON_TIME)

    def open_on(self, day: dt.date):
        """Received on or before `day` and not concluded by then (the annual report's carry-over)."""
        return self.filter(received_on__lte=day).filter(
            models.Q(concluded_on__isnull=True) | models.Q(concluded_on__gt=day)
        )

    def overdue(self, *, on: dt.date):
        """Open requests past their due date on `on` whose clock is counting (`counting`): a paused request is
        listed once its pause no longer holds the clock, so no request stays off this list for ever, and a pause
        begun after the period ran out does not take a request off it (DESIGN §4)."""
        return self.counting(on=on).filter(due_on__lt=on)

    def overdue_as_of(self, day: dt.date, *, today: dt.date):
        """Overdue as things stood at the end of `day`: today's rule (`overdue`) for today or later; for a past day,
        received, neither concluded nor replied by then, past its due date, and its clock not held by a pause on
        that day."""
        if day >= today:
            return self.overdue(on=today)
        return (
            self.open_on(day).filter(due_on__lt=day)
            .filter(models.Q(replied_on__isnull=True) | models.Q(replied_on__gt=day))
            .exclude(pk__in=self._held_on(day))
        )

    def due_within(self, n: int, *, on: dt.date):
        """Requests whose clock counts on `on`, due between `on` and n working days after it, both included."""
        return self.counting(on=on).filter(due_on__gte=on, due_on__lte=workdays.add_workdays(on, n))

    def not_due_soon(self, n: int, *, on: dt.date):
        return self.counting(on=on).filter(due_on__gt=workdays.add_workdays(on, n))


class Application(models.Model):
    """A request for government information (政府信息公开申请)."""

    tracking_number = models.CharField(_("申请编号"), max_length=20, unique=True, default=new_tracking_number,
                                       editable=False)
    department = models.ForeignKey(Department, verbose_name=_("办理机关"), related_name="applications",
                                   on_delete=models.PROTECT)
    applicant_kind = models.CharField(_("申请人类型"), max_length=12, choices=ApplicantKind.choices,
                                      default=ApplicantKind.NATURAL_PERSON)
    applicant_name = models.CharField(_("申请人姓名/名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=12, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    description = models.TextField(_("所需政府信息的名称、文号或便于查询的其他特征性描述"), max_length=3000)
    delivery_form = models.CharField(_("提供形式"), max_length=12, choices=DeliveryForm.choices,
                                     default=DeliveryForm.ELECTRONIC)
    obtain_method = models.CharField(_("获取方式"), max_length=12, choices=ObtainMethod.choices,
                                     default=ObtainMethod.ONLINE)
    channel = models.CharField(_("申请渠道"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    submitted_on = models.DateField(_("提交/寄出日期"), null=True, blank=True)
    arrived_on = models.DateField(_("信件到达日期"), null=True, blank=True,
                                  help_text=_("平信：信件到达本机关之日，应于当日与申请人确认收到（《条例》第三十一条）"))

    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True,
                                   help_text=_("依《条例》第三十一条按申请渠道确定"))
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_is_provisional = models.BooleanField(_("期限暂定"), default=False,
                                             help_text=_("期限落在尚未录入节假日安排的年份"))
    correction_requested_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    correction_workdays = models.PositiveSmallIntegerField(
        _("补正期限（工作日）"), null=True, blank=True, editable=False,
        help_text=_("告知补正时所给期限折合的工作日数；节假日安排调整后，补正期限按此重算"),
    )
    correction_instructions = models.TextField(_("补正事项"), blank=True)
    correction_submitted_at = models.DateTimeField(_("申请人网上提交补正时间"), null=True, blank=True)
    corrected_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField(_("延期工作日数"), default=0)
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("延期批准人"), null=True,
                                              blank=True, related_name="+", on_delete=models.PROTECT)
    deferral_reason = models.TextField(_("延迟答复理由"), blank=True,
                                       help_text=_("《条例》第三十五条：申请数量、频次明显超过合理范围"))
    deferral_proposed_due_on = models.DateField(_("拟延迟答复至"), null=True, blank=True)
    deferral_workdays = models.PositiveSmallIntegerField(
        _("延迟答复工作日数"), default=0, editable=False,
        help_text=_("批准的延迟答复期限比当时的答复期限多出的工作日数；节假日安排调整后，答复期限按此重算"),
    )
    deferral_approved_on = models.DateField(_("延迟答复批准日期"), null=True, blank=True)
    deferral_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("延迟答复批准人"), null=True,
                                             blank=True, related_name="+", on_delete=models.PROTECT)
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), default=0)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    reason = models.CharField(_("具体情形"), max_length=24, choices=Reason.choices, blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    delivered_by = models.CharField(_("送达方式"), max_length=12, choices=ObtainMethod.choices, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    receipt_mail = models.CharField(_("回执邮件"), max_length=10, choices=ReceiptMail.choices, blank=True,
                                    editable=False, help_text=_("空表示申请人未留电子邮箱"))
    receipt_mail_note = models.CharField(_("回执邮件情况"), max_length=200, blank=True, editable=False)
    submission_key = idempotency.key_field()
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["concluded_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(extension_workdays__lte=deadlines.MAX_EXTENSION_WORKDAYS),
                                   name="extension_at_most_20_workdays"),
        ]

    def __str__(self):
        return self.tracking_number

    def clean(self):
        from applications.validators import (
            validate_credit_code,
            validate_phone,
            validate_postcode,
            validate_resident_id,
        )

        errors = {}
        is_person = self.applicant_kind == ApplicantKind.NATURAL_PERSON
        if is_person:
            if not self.id_type:
                errors["id_type"] = _("请选择证件类型。")
            if not self.id_number:
                errors["id_number"] = _("请填写证件号码。")
            elif self.id_type == IdType.RESIDENT_ID:
                try:
                    validate_resident_id(self.id_number)
                except ValidationError as error:
                    errors["id_number"] = error
        else:
            try:
                validate_credit_code(self.credit_code)
            except ValidationError as error:
                errors["credit_code"] = error
            if not self.contact_name:
                errors["contact_name"] = _("请填写联系人。")
        checks = [("phone", validate_phone), ("postcode", validate_postcode)]
        for name, check in checks:
            try:
                if getattr(self, name):  # an empty required field has its own message from the field
                    check(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if self.obtain_method == ObtainMethod.EMAIL and not self.email:
            errors["email"] = _("选择电子邮件获取时，请填写电子邮箱。")
        if self.obtain_method == ObtainMethod.POST and not self.address:
            errors["address"] = _("选择邮寄获取时，请填写通信地址。")
        if errors:
            raise ValidationError(errors)

    # Deadlines ---------------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status in PAUSED_STATUSES

    def pause_intervals(self) -> list[deadlines.Pause]:
        if self.pk is None:
            return []
        return [pause.as_pause() for pause in self.pauses.all()]

    def reckoning(self, on: dt.date | None = None) -> deadlines.Reckoning | None:
        """The reply period counted step by step (deadlines.reckon); None before receipt and while awaiting
        correction. Without `on`, open pauses run to the last day of their window: the stored due date. With `on`,
        they run until that day: the running clock a step taken that day is judged by."""
        if self.received_on is None or self.status in (Status.SUBMITTED, Status.CORRECTION):
            return None
        return deadlines.reckon(
            self.received_on,
            restarted_on=self.corrected_on,
            extension_workdays=self.extension_workdays,
            deferral_workdays=self.deferral_workdays,
            pauses=self.pause_intervals(),
            open_until=on,
        )

    def compute_due(self) -> dt.date | None:
        """The due date the law gives (Art. 30, 33 and the stops of the clock); None before receipt and while
        awaiting correction. It depends on recorded facts only, never on the day it is computed."""
        found = self.reckoning()
        return found.due if found else None

    def refresh_due(self) -> None:
        if self.is_open:
            self.due_on = self.compute_due()
        self.due_is_provisional = bool(self.due_on) and deadlines.is_provisional(self.received_on, self.due_on)

    def is_within_period(self, day: dt.date) -> bool:
        """Whether a step the law requires "within the period" (Art. 33 extension, the fee notice) is in time on
        `day`, judged by the running clock: the days a consultation or fee notice held it do not count."""
        found = self.reckoning(day)
        return found is not None and day <= found.due

    def period_end_as_of(self, day: dt.date) -> dt.date | None:
        found = self.reckoning(day)
        return found.due if found else None

    @property
    def is_confirmed_late(self) -> bool:
        """Ordinary post: receipt confirmed with the applicant later than the day the letter arrived (Art. 31)."""
        return self.channel == Channel.ORDINARY_POST and deadlines.is_confirmed_late(self.arrived_on,
                                                                                      self.received_on)

    def workdays_left(self, today: dt.date) -> int | None:
        """Working days from today to the due date, negative when overdue; None without a due date."""
        if self.due_on is None:
            return None
        return workdays.workdays_between(today, self.due_on)

    def deadline_state(self, today: dt.date) -> str:
        """For colouring lists: done, paused, waiting, overdue, soon (within 5 working days) or normal. A paused
        request past its due date is overdue (its pause began after the period ran out, or its window ended)."""
        if not self.is_open:
            return "done"
        if self.due_on is None:
            return "paused" if self.is_paused else "waiting"
        left = self.workdays_left(today)
        if left < 0:
            return "overdue"
        if self.is_paused:
            return "paused"
        return "soon" if left <= SOON_WORKDAYS else "normal"

    @property
    def deferral_is_pending(self) -> bool:
        """A later deadline (Art. 35) proposed by a clerk and not yet decided by a reviewer."""
        return self.deferral_proposed_due_on is not None and self.deferral_approved_on is None

    @property
    def replied_on_time(self) -> bool | None:
        if self.replied_on is None or self.due_on is None:
            return None
        return self.replied_on <= self.due_on

    @property
    def workdays_to_reply(self) -> int | None:
        if self.replied_on is None or self.received_on is None:
            return None
        return workdays.workdays_between(self.received_on, self.replied_on)

    @property
    def correction_notice_deadline(self) -> dt.date | None:
        return deadlines.correction_deadline(self.received_on) if self.received_on else None

    def nth_request_this_month(self) -> int:
        """Which request of this applicant's this is in its calendar month (按件计收 counts per month, 国办函〔2020〕
        109号), in the order the requests were received: by receipt date, then by the time the receipt was
        recorded (registration or confirmation of receipt), then by registration order. Eleven requests received
        on one day are the 1st to the 11th. Only received requests count (one withdrawn before its receipt was
        confirmed was never received)."""
        day = self.received_on or self.submitted_on
        if day is None:
            return 1
        same = Application.objects.received().filter(received_on__year=day.year, received_on__month=day.month)
        if self.is_organisation and self.credit_code:
            same = same.filter(credit_code=self.credit_code)
        elif self.id_number:
            same = same.filter(id_number=self.id_number)
        else:
            same = same.filter(applicant_name=self.applicant_name, phone=self.phone)
        ordered = list(
            same.annotate(receipt_at=models.Min("events__at", filter=models.Q(
                events__kind__in=RECEIPT_EVENTS, events__status_after=Status.REGISTERED)))
            .order_by("received_on", models.F("receipt_at").asc(nulls_last=True), "pk")
            .values_list("pk", flat=True)
        )
        if self.received_on is not None and self.pk in ordered:
            return ordered.index(self.pk) + 1
        return same.filter(received_on__lte=day).exclude(pk=self.pk).count() + 1

    @property
    def is_organisation(self) -> bool:
        return self.applicant_kind != ApplicantKind.NATURAL_PERSON

    @property
    def phone_last4(self) -> str:
        return tracking.phone_last4(self.phone)

    @property
    def legal_basis_text(self) -> str:
        return self.legal_basis or legal_basis(self.outcome, self.reason)
