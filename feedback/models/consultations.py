"""意见征集: a draft policy published for comment, the public's comments (moderated before they show) and the
organ's published feedback on them (采纳情况), linked to the final policy once it is published."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, Publication
from portal import idempotency

#: 重大行政决策程序暂行条例 Art. 15: a public comment period of at least 30 days, unless the organ states a reason.
MIN_COMMENT_DAYS = 30


def comment_days(opens_on: dt.date, closes_on: dt.date) -> int:
    """Days open for comment, both ends included (1 March to 30 March is 30 days)."""
    return (closes_on - opens_on).days + 1


def period_problem(opens_on, closes_on, shortened_reason: str) -> str:
    """What is wrong with a comment period, in Chinese, or "" when it is right."""
    if not (opens_on and closes_on):
        return ""
    if closes_on < opens_on:
        return "截止日期不能早于开始日期。"
    if comment_days(opens_on, closes_on) < MIN_COMMENT_DAYS and not (shortened_reason or "").strip():
        return (f"征求意见期限为{comment_days(opens_on, closes_on)}日，少于{MIN_COMMENT_DAYS}日，"
                "请填写缩短期限的理由。")
    return ""


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Consultation.Status.DRAFT)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布征求意见")
        CONCLUDED = "concluded", _("已公布采纳情况")

    title = models.CharField(_("征求意见稿名称"), max_length=200,
                             help_text=_("例如：示范县城乡居民最低生活保障实施办法（征求意见稿）"))
    department = models.ForeignKey(Department, verbose_name=_("起草单位"), related_name="consultations",
                                   on_delete=models.PROTECT)
    explanation = models.TextField(_("起草说明"), max_length=5000,
                                   help_text=_("起草背景、依据、主要内容和需要重点征求意见的问题。"))
    draft_text = models.TextField(_("征求意见稿全文"), max_length=50000)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"), help_text=_("截止当天仍可提交意见。一般不少于30日。"))
    shortened_reason = models.TextField(_("征求意见期限少于30日的理由"), blank=True, max_length=500)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True,
                               help_text=_("也可以通过信函、电子邮件提交意见的，写明地址或邮箱。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    feedback_summary = models.TextField(_("意见采纳情况说明"), blank=True, max_length=5000,
                                        help_text=_("征求意见结束后公布：总体采纳情况，对未采纳意见的总体说明。"))
    feedback_published_at = models.DateTimeField(_("采纳情况公布时间"), null=True, blank=True, editable=False)
    final_publication = models.ForeignKey(
        Publication, verbose_name=_("正式发布的文件"), related_name="consultations", null=True, blank=True,
        on_delete=models.SET_NULL, help_text=_("文件正式印发并公开后，关联该条公开信息。"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        problem = period_problem(self.opens_on, self.closes_on, self.shortened_reason)
        if problem:
            raise ValidationError({"closes_on" if "截止" in problem else "shortened_reason": problem})

    @property
    def comment_days(self) -> int:
        return comment_days(self.opens_on, self.closes_on)

    def is_open(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.PUBLISHED and self.opens_on <= on <= self.closes_on

    def has_closed(self, on: dt.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.closes_on


class CommentQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(status=Comment.Status.SHOWN)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def for_user(self, user):
        return self.filter(consultation__department__in=Department.objects.for_user(user))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        SHOWN = "shown", _("已公开")
        HIDDEN = "hidden", _("不予公开")

    class Adoption(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    consultation = models.ForeignKey(Consultation, verbose_name=_("意见征集"), related_name="comments",
                                     on_delete=models.PROTECT)
    body = models.TextField(_("意见内容"), max_length=2000)
    name = models.CharField(_("称呼"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    wants_reply = models.BooleanField(_("需要回复"), default=False)
    show_name = models.BooleanField(_("同意公开称呼"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    submission_key = idempotency.key_field()

    status = models.CharField(_("审核状态"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              editable=False)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), related_name="+",
                                     null=True, blank=True, editable=False, on_delete=models.SET_NULL)
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    hidden_reason = models.CharField(_("不予公开的原因"), max_length=200, blank=True, editable=False)
    adoption = models.CharField(_("采纳情况"), max_length=12, choices=Adoption.choices, blank=True)
    adoption_note = models.TextField(_("采纳情况说明"), blank=True, max_length=1000,
                                     help_text=_("部分采纳或未采纳的，写明理由；将随采纳情况公布。"))

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["consultation", "status", "submitted_at"])]

    def __str__(self):
        return f"{self.consultation} · 意见{self.pk}"

    @property
    def public_name(self) -> str:
        """The name the public sees: the commenter's own only if they chose to show it."""
        return self.name if self.show_name and self.name else "网友"
