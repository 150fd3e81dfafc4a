"""Citizens' ratings (好差评) of a department, a published item, a review point or a finished request (依申请公开),
and departments' appeals."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, Publication, ReviewPoint
from portal import idempotency
from portal.localdates import local_day_bounds


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    VERY_DISSATISFIED = "very_dissatisfied", _("非常不满意")


#: 差评: the two levels that open a callback case (DESIGN §5).
BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)
#: The levels counted as satisfied in the assessment (非常满意 + 满意 + 基本满意).
SATISFIED_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED, Level.BASIC)


class Channel(models.TextChoices):
    WEBSITE = "website", _("网站")
    REVIEW_POINT = "review_point", _("查阅点")
    QR = "qr", _("扫码")
    PHONE = "phone", _("电话")
    ON_SITE = "on_site", _("现场")


class RatingQuerySet(models.QuerySet):
    def counted(self):
        """The ratings in a department's figures: all but those removed by an upheld appeal."""
        return self.filter(is_removed=False)

    def bad(self):
        return self.filter(level__in=BAD_LEVELS)

    def satisfied(self):
        return self.filter(level__in=SATISFIED_LEVELS)

    def between(self, start: dt.date, end: dt.date):
        """Ratings made from `start` to `end` inclusive, in local dates."""
        low, high = local_day_bounds(start, end)
        return self.filter(created_at__gte=low, created_at__lt=high)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))

    def with_contact(self):
        return self.exclude(phone="")

    def to_call_back(self):
        """Bad ratings that left contact details: each opens a case, and they are the callback rate's denominator."""
        return self.bad().with_contact()

    def cannot_call_back(self):
        """无法回访: bad ratings without contact details, which open no case and stay out of the callback rate."""
        return self.bad().filter(phone="")


class Rating(models.Model):
    """One citizen's rating of one target. `department` is always set: the target or the target's department."""

    class Target(models.TextChoices):
        DEPARTMENT = "department", _("部门")
        PUBLICATION = "publication", _("公开信息")
        REVIEW_POINT = "review_point", _("查阅点")
        APPLICATION = "application", _("依申请公开办理")

    level = models.CharField(_("评价"), max_length=20, choices=Level.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("被评价单位"), related_name="ratings", on_delete=models.PROTECT
    )
    publication = models.ForeignKey(
        Publication, verbose_name=_("公开信息"), related_name="ratings", null=True, blank=True,
        on_delete=models.PROTECT,
    )
    review_point = models.ForeignKey(
        ReviewPoint, verbose_name=_("查阅点"), related_name="ratings", null=True, blank=True,
        on_delete=models.PROTECT,
    )
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("依申请公开"), related_name="ratings", null=True, blank=True,
        on_delete=models.PROTECT,
    )
    channel = models.CharField(_("评价渠道"), max_length=15, choices=Channel.choices, default=Channel.WEBSITE)
    comment = models.TextField(_("意见建议"), max_length=500, blank=True)
    name = models.CharField(_("称呼"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    submission_key = idempotency.key_field()
    is_removed = models.BooleanField(
        _("申诉核销"), default=False, editable=False, help_text=_("申诉成立后不计入单位评价统计，但不删除。")
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["publication", "created_at"]),
            models.Index(fields=["review_point", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(publication__isnull=True, review_point__isnull=True)
                    | models.Q(publication__isnull=True, application__isnull=True)
                    | models.Q(review_point__isnull=True, application__isnull=True)
                ),
                name="rating_has_at_most_one_target",
                violation_error_message=_("一条评价只能评价一个对象。"),
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(application__isnull=False),
                name="one_rating_per_application",
                violation_error_message=_("该申请已评价。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} · {self.target}"

    @property
    def target_kind(self) -> str:
        if self.publication_id:
            return self.Target.PUBLICATION
        if self.review_point_id:
            return self.Target.REVIEW_POINT
        if self.application_id:
            return self.Target.APPLICATION
        return self.Target.DEPARTMENT

    @property
    def target(self):
        return self.publication or self.review_point or self.application or self.department

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    @property
    def rated_on(self) -> dt.date:
        return timezone.localdate(self.created_at)

    @property
    def can_be_called_back(self) -> bool:
        """Ratings with a phone number that are bad or left a comment (RatingQuerySet.to_call_back for bad ones)."""
        return bool(self.phone.strip()) and (self.is_bad or bool(self.comment.strip()))

    @property
    def cannot_be_called_back(self) -> bool:
        """无法回访: a bad rating without contact details (RatingQuerySet.cannot_call_back for one row)."""
        return self.is_bad and not self.phone.strip()


class AppealQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Appeal.Status.PENDING)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))


class Appeal(models.Model):
    """A department's appeal against a rating it believes mistaken or untrue (申诉复核, DESIGN §5)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待复核")
        UPHELD = "upheld", _("申诉成立")
        DISMISSED = "dismissed", _("申诉驳回")

    rating = models.ForeignKey(Rating, verbose_name=_("评价"), related_name="appeals", on_delete=models.CASCADE)
    department = models.ForeignKey(
        Department, verbose_name=_("申诉单位"), related_name="rating_appeals", on_delete=models.PROTECT,
        editable=False,
    )
    reason = models.TextField(_("申诉理由"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, editable=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), related_name="+", null=True, editable=False,
        on_delete=models.SET_NULL,
    )
    filed_at = models.DateTimeField(_("申诉时间"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("复核人"), related_name="+", null=True, blank=True,
        editable=False, on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("复核意见"), blank=True, editable=False)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价申诉")
        verbose_name_plural = _("评价申诉")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["status", "filed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["rating"],
                condition=models.Q(status="pending"),
                name="one_pending_appeal_per_rating",
                violation_error_message=_("该评价已有待复核的申诉。"),
            )
        ]

    def __str__(self):
        return f"{self.department} 申诉 #{self.rating_id}"
