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
#: Replied by the due date (Application.replied_on_time for one row); a Q so grouped counts can use it.
REPLIED_ON_TIME = models.Q(replied_on__lte=models.F("due_on"))


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user).values("pk"))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def running(self):
        """Open requests whose reply clock is running (not awaiting correction, consultation or a fee)."""
        return self.filter(status__in=RUNNING_STATUSES, due_on__isnull=False)

    def paused(self):
        return self.filter(status__in=PAUSED_STATUSES)

    def received_between(self, start: dt.date, end: dt.date):
        return self.filter(received_on__gte=start, received_on__lte=end)

    def concluded_between(self, start: dt.date, end: dt.date):
        return self.filter(concluded_on__gte=start, concluded_on__lte=end)

    def replied_on_time(self):
        return self.filter(REPLIED_ON_TIME)

    def open_on(self, day: dt.date):
        """Received on or before `day` and not concluded by then (the annual report's carry-over)."""
        return self.filter(received_on__lte=day).filter(
            models.Q(concluded_on__isnull=True) | models.Q(concluded_on__gt=day)
        )

    def overdue(self, *, on: dt.date):
        return self.running().filter(due_on__lt=on)

    def overdue_as_of(self, day: dt.date, *, today: dt.date):
        """Overdue as things stood at the end of `day`: today's rule (`overdue`) for today or later; for a past day,
        received, neither concluded nor replied by then, past its due date, and its clock not paused on that day."""
        if day >= today:
            return self.overdue(on=today)
        paused_then = models.Q(pauses__started_on__lte=day) & (
            models.Q(pauses__ended_on__isnull=True) | models.Q(pauses__ended_on__gt=day))
        return (
            self.open_on(day).filter(due_on__lt=day)
            .filter(models.Q(replied_on__isnull=True) | models.Q(replied_on__gt=day))
            .exclude(pk__in=self.filter(paused_then).values("pk"))
        )

    def due_within(self, n: int, *, on: dt.date):
        """Running requests due between `on` and n working days after it, both included."""
        return self.running().filter(due_on__gte=on, due_on__lte=workdays.add_workdays(on, n))

    def not_due_soon(self, n: int, *, on: dt.date):
        return self.running().filter(due_on__gt=workdays.add_workdays(on, n))


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
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), default=0)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    reason = models.CharField(_("具体情形"), max_length=24, choices=Reason.choices, blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    delivered_by = models.CharField(_("送达方式"), max_length=12, choices=ObtainMethod.choices, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
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
        return [(pause.started_on, pause.ended_on) for pause in self.pauses.all()]

    def compute_due(self, today: dt.date) -> dt.date | None:
        """The due date the law gives now; None before receipt and while awaiting correction."""
        if self.received_on is None or self.status in (Status.SUBMITTED, Status.CORRECTION):
            return None
        return deadlines.due_date(
            self.received_on,
            restarted_on=self.corrected_on,
            extension_workdays=self.extension_workdays,
            pauses=self.pause_intervals(),
            open_until=today,
        )

    def refresh_due(self, today: dt.date) -> None:
        if self.is_open:
            self.due_on = self.compute_due(today)
        self.due_is_provisional = bool(self.due_on) and deadlines.is_provisional(self.received_on, self.due_on)

    def workdays_left(self, today: dt.date) -> int | None:
        """Working days from today to the due date, negative when overdue; None without a due date."""
        if self.due_on is None:
            return None
        return workdays.workdays_between(today, self.due_on)

    def deadline_state(self, today: dt.date) -> str:
        """For colouring lists: done, paused, waiting, overdue, soon (within 5 working days) or normal."""
        if not self.is_open:
            return "done"
        if self.is_paused:
            return "paused"
        if self.due_on is None:
            return "waiting"
        left = self.workdays_left(today)
        if left < 0:
            return "overdue"
        return "soon" if left <= SOON_WORKDAYS else "normal"

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
        """Which request of this applicant's this is in its calendar month (按件计收 counts per month)."""
        day = self.received_on or self.submitted_on
        if day is None:
            return 1
        same = Application.objects.filter(received_on__year=day.year, received_on__month=day.month)
        if self.is_organisation and self.credit_code:
            same = same.filter(credit_code=self.credit_code)
        elif self.id_number:
            same = same.filter(id_number=self.id_number)
        else:
            same = same.filter(applicant_name=self.applicant_name, phone=self.phone)
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
