"""Satisfaction surveys (满意度调查): a questionnaire built in the admin, answered online by citizens or entered
from paper by clerks, and counted as counties report it (发放, 回收 online / offline, 有效, 有效率)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from portal import idempotency

#: The five levels of a rating question, in the order a paper questionnaire prints them (1 = 非常满意).
RATING_LABELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")


class SurveyQuerySet(models.QuerySet):
    def public(self):
        """Published surveys: listed on the public site (open, upcoming or closed)."""
        return self.filter(is_published=True)

    def open_on(self, day: dt.date):
        return self.public().filter(opens_on__lte=day, closes_on__gte=day)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))


class Survey(models.Model):
    title = models.CharField(_("调查名称"), max_length=100)
    intro = models.TextField(_("调查说明"), max_length=2000, blank=True,
                             help_text=_("显示在问卷开头：调查目的、填写须知、个人信息如何使用。"))
    department = models.ForeignKey(Department, verbose_name=_("组织单位"), related_name="surveys",
                                   on_delete=models.PROTECT)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"), help_text=_("截止当天仍可填写。"))
    is_published = models.BooleanField(_("在网站发布"), default=False,
                                       help_text=_("发布后群众可在开始至截止日期之间在线填写。"))
    issued_count = models.PositiveIntegerField(_("发放问卷份数"), default=0,
                                               help_text=_("线下发放的纸质问卷份数加上线上推送数，由组织单位填报。"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")
        ordering = ["-opens_on", "-id"]
        permissions = [("enter_paper_responses", _("可以录入纸质问卷"))]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("截止日期不能早于开始日期。")})

    def is_open(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.is_published and self.opens_on <= on <= self.closes_on

    def is_closed(self, on: dt.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.closes_on

    def figures(self) -> "SurveyFigures":
        """发放, 回收 (online, offline), 有效 and 有效率, in one query."""
        counts = self.responses.aggregate(
            online=Count("pk", filter=Q(channel=SurveyResponse.Channel.ONLINE)),
            offline=Count("pk", filter=Q(channel=SurveyResponse.Channel.OFFLINE)),
            valid=Count("pk", filter=Q(is_valid=True)),
        )
        return SurveyFigures(issued=self.issued_count, **counts)


class SurveyFigures:
    """A survey's figures exactly as a county reports them; rates to one decimal of a percent."""

    def __init__(self, *, issued: int, online: int, offline: int, valid: int):
        self.issued, self.online, self.offline, self.valid = issued, online, offline, valid

    @property
    def returned(self) -> int:
        return self.online + self.offline

    @property
    def invalid(self) -> int:
        return self.returned - self.valid

    @staticmethod
    def _percent(part: int, whole: int):
        if not whole:
            return None
        # Rounded half up, as counties print it (732 / 770 = 95.06… → 95.1).
        return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def valid_rate(self):
        """有效率: valid questionnaires over those returned, in percent (None when none returned)."""
        return self._percent(self.valid, self.returned)

    @property
    def return_rate(self):
        """回收率: questionnaires returned over those issued, in percent (None when no issue was entered)."""
        return self._percent(self.returned, self.issued)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        RATING = "rating", _("满意度（五级）")
        TEXT = "text", _("文字意见")

    survey = models.ForeignKey(Survey, verbose_name=_("调查"), related_name="questions", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("题号"), default=0)
    text = models.CharField(_("题目"), max_length=200)
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    options = models.TextField(_("选项"), blank=True,
                               help_text=_("单选、多选题每行一个选项；满意度题固定为五级，文字题不填。"))
    is_required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order}. {self.text}"

    @property
    def option_list(self) -> list[str]:
        """The choices in order, numbered from 1 on paper and in the data."""
        if self.kind == self.Kind.RATING:
            return list(RATING_LABELS)
        if self.kind == self.Kind.TEXT:
            return []
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def has_options(self) -> bool:
        return self.kind != self.Kind.TEXT

    def clean(self):
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE):
            options = self.option_list
            if len(options) < 2:
                raise ValidationError({"options": _("单选、多选题至少要有两个选项，每行一个。")})
            if len(options) > 9:
                raise ValidationError({"options": _("选项最多九个（纸质问卷按数字1—9录入）。")})
            if len(set(options)) != len(options):
                raise ValidationError({"options": _("选项不能重复。")})
        elif self.options.strip():
            raise ValidationError({"options": _("满意度题和文字题不需要填写选项。")})


class SurveyResponse(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("线上")
        OFFLINE = "offline", _("线下（纸质）")

    survey = models.ForeignKey(Survey, verbose_name=_("调查"), related_name="responses", on_delete=models.PROTECT)
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    is_valid = models.BooleanField(_("有效"), editable=False)
    missing = models.CharField(_("缺答的必答题"), max_length=200, blank=True, editable=False)
    paper_number = models.CharField(_("纸质问卷编号"), max_length=30, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), related_name="+", null=True,
                                   blank=True, editable=False, on_delete=models.SET_NULL)
    #: Online: a hash of the respondent's browser token (the signed cookie), one response per token and survey.
    respondent = models.CharField(_("答卷人标识"), max_length=64, blank=True, editable=False)
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    submission_key = idempotency.key_field()

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], condition=~Q(respondent=""),
                                    name="one_online_response_per_respondent"),
        ]

    def __str__(self):
        return f"{self.survey} · {self.get_channel_display()} #{self.pk}"


class Answer(models.Model):
    """One answer: a chosen option's number (a multiple-choice question has one row per option chosen), a rating
    level's number (1 = 非常满意 … 5 = 非常不满意) or a text."""

    response = models.ForeignKey(SurveyResponse, verbose_name=_("答卷"), related_name="answers",
                                 on_delete=models.CASCADE)
    question = models.ForeignKey(Question, verbose_name=_("题目"), related_name="answers", on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField(_("选项"), null=True, blank=True)
    text = models.TextField(_("文字"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        indexes = [models.Index(fields=["question", "number"])]

    def __str__(self):
        return f"{self.question_id}: {self.text if self.number is None else self.number}"
