"""What handling a request leaves behind: clock pauses, transfers, documents, printed notices and the parts a
部分公开 reply withholds."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications import deadlines
from applications.classification import Reason
from applications.models.requests import Application
from catalog.models import Department
from portal.uploads import FileCheck, UploadTo


class ClockPause(models.Model):
    """An interval the reply clock stops: a consultation (Art. 32, 34) or a fee notice until payment (Art. 42).

    `started_on` is the day the letter or notice went out, `received_on` the day the addressee received it (its
    window runs from then; in person and online the same day, by post from the return receipt), `answer_due_on`
    the last day of the window, estimated from the day sent while `received_on` is unknown. The pause stops the
    clock at the latest until `answer_due_on` (deadlines.pause_end)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("征求第三方意见")
        OTHER_ORGAN = "other_organ", _("征求其他机关意见")
        FEE = "fee", _("缴纳信息处理费")

    class Delivery(models.TextChoices):
        IN_PERSON = deadlines.Delivery.IN_PERSON, _("当面送达")
        ONLINE = deadlines.Delivery.ONLINE, _("网上或电子送达")
        POST = deadlines.Delivery.POST, _("邮寄送达")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("已回复意见")
        NO_ANSWER = "no_answer", _("期限内未回复")

    application = models.ForeignKey(Application, verbose_name=_("申请"), related_name="pauses",
                                    on_delete=models.PROTECT)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    party = models.CharField(_("征求对象"), max_length=100, blank=True)
    started_on = models.DateField(_("发出日期"))
    delivery = models.CharField(_("送达方式"), max_length=12, choices=Delivery.choices, blank=True,
                                help_text=_("空表示未登记（本功能上线前的记录）"))
    received_on = models.DateField(_("对方收到日期"), null=True, blank=True,
                                   help_text=_("回复或缴费期限自对方收到之日起计算；未登记前期限为估算"))
    answer_due_on = models.DateField(_("回复/缴费期限"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    outcome = models.CharField(_("征求意见结果"), max_length=12, choices=Outcome.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("计时暂停")
        verbose_name_plural = _("计时暂停")
        ordering = ["started_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_consultation(self) -> bool:
        return self.kind != self.Kind.FEE

    @property
    def answer_due_is_estimated(self) -> bool:
        """The window's last day is counted from the day sent until the day of receipt is recorded."""
        return self.received_on is None

    def window_rule(self):
        return deadlines.fee_payment_deadline if self.kind == self.Kind.FEE else deadlines.consultation_deadline

    def window(self) -> tuple:
        """(last day of the window, whether estimated) as the calendar counts them now."""
        return deadlines.window_end(self.window_rule(), self.started_on, self.received_on)

    def as_pause(self) -> deadlines.Pause:
        return deadlines.Pause(self.started_on, self.ended_on, self.answer_due_on, self.kind,
                               self.answer_due_is_estimated)

    @property
    def outcome_text(self) -> str:
        """What an answer or its absence means: another organ's silence is consent (Art. 34); a third party's
        leaves the decision to this organ (Art. 32)."""
        if self.outcome == self.Outcome.NO_ANSWER:
            if self.kind == self.Kind.OTHER_ORGAN:
                return "期限内未回复，视为同意（《条例》第三十四条）"
            return "期限内未提出意见，由本机关依法决定是否公开（《条例》第三十二条）"
        return str(self.get_outcome_display()) if self.outcome else ""


class Transfer(models.Model):
    """A hand-over to another department of the same government; the clock is not reset (DESIGN §4)."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), related_name="transfers",
                                    on_delete=models.PROTECT)
    from_department = models.ForeignKey(Department, verbose_name=_("转出机关"), related_name="+",
                                        on_delete=models.PROTECT)
    to_department = models.ForeignKey(Department, verbose_name=_("转入机关"), related_name="+",
                                      on_delete=models.PROTECT)
    on = models.DateField(_("转办日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, related_name="+",
                           on_delete=models.PROTECT)
    note = models.TextField(_("转办理由"), blank=True)

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.from_department} → {self.to_department}"


class Document(models.Model):
    """A file on a request: the applicant's attachments and corrections, or the documents of the reply."""

    class Kind(models.TextChoices):
        APPLICANT = "applicant", _("申请材料")
        CORRECTION = "correction", _("补正材料")
        REPLY = "reply", _("答复文件")

    application = models.ForeignKey(Application, verbose_name=_("申请"), related_name="documents",
                                    on_delete=models.PROTECT)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=UploadTo("applications"), validators=[FileCheck()], db_index=True)
    name = models.CharField(_("文件名"), max_length=120)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请文件")
        verbose_name_plural = _("申请文件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name

    @property
    def download_name(self) -> str:
        return self.name


class Notice(models.Model):
    """A formal notice (告知书) as it was issued: the rendered HTML is kept with the request."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("登记回执")
        CORRECTION = "correction", _("补正告知书")
        EXTENSION = "extension", _("延期答复告知书")
        DEFERRAL = "deferral", _("延迟答复告知书")
        CONSULTATION = "consultation", _("征求第三方意见书")
        FEE = "fee", _("收费通知书")
        REPLY = "reply", _("政府信息公开申请答复书")

    application = models.ForeignKey(Application, verbose_name=_("申请"), related_name="notices",
                                    on_delete=models.PROTECT)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("文号"), max_length=60)
    title = models.CharField(_("标题"), max_length=100)
    html = models.TextField(_("正文（HTML）"))
    issued_on = models.DateField(_("落款日期"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True,
                                   related_name="+", on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.title}（{self.number}）"


class WithheldPart(models.Model):
    """A part of the requested information that a 部分公开 reply withholds, with its reason from the same taxonomy
    as 不予公开, 无法提供 and 不予处理 and the legal basis the notice cites for it (Art. 37). Written by the reply
    step and never changed: the annual report still counts the request once, under (二) 部分公开."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), related_name="withheld_parts",
                                    on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("序号"))
    description = models.CharField(_("不予公开的部分"), max_length=300)
    reason = models.CharField(_("理由"), max_length=24, choices=Reason.choices)
    legal_basis = models.CharField(_("法律依据"), max_length=200)

    class Meta:
        verbose_name = _("部分公开中不予公开的部分")
        verbose_name_plural = _("部分公开中不予公开的部分")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="withheld_part_position_unique"),
        ]

    def __str__(self):
        return f"{self.position}. {self.description}"
