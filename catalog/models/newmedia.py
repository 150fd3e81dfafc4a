"""The registry of government new-media accounts (政务新媒体): each account, the reviewed filings that open, change,
close or cancel it (开设/变更/关停/注销备案), and the update dates its owner records.

An account exists only once a filing to open it is approved (catalog.newmedia_filings); its registered details
change only through approved filings. Whether an account is overdue is catalog.newmedia's rule; the queryset
below applies the same rule in SQL.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models.divisions import Department
from portal.uploads import IMAGE, FileCheck, UploadTo


class Platform(models.TextChoices):
    """A fixed list, not an admin-edited table: the import sheet and the filters read these names, each platform
    means a different kind of account ID, and a new platform is rare enough for a release (其他 meanwhile)."""

    WECHAT = "wechat", _("微信公众号")
    WECHAT_CHANNELS = "wechat_channels", _("微信视频号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    KUAISHOU = "kuaishou", _("快手")
    TOUTIAO = "toutiao", _("今日头条")
    MINI_PROGRAM = "mini_program", _("小程序")
    APP = "app", _("移动客户端")
    OTHER = "other", _("其他")


class UpdateFrequency(models.IntegerChoices):
    """The longest gap allowed between two updates, in calendar days (catalog.newmedia)."""

    WEEKLY = 7, _("每周至少更新一次（间隔不超过7天）")
    FORTNIGHTLY = 14, _("每两周至少更新一次（间隔不超过14天）")
    MONTHLY = 30, _("每月至少更新一次（间隔不超过30天）")


class AccountStatus(models.TextChoices):
    IN_OPERATION = "in_operation", _("运营中")
    CLOSED = "closed", _("已关停")
    CANCELLED = "cancelled", _("已注销")


class NewMediaAccountQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))

    def public(self):
        """The official accounts citizens see with their QR codes: those in operation."""
        return self.filter(status=AccountStatus.IN_OPERATION)

    def retired(self):
        """Accounts no longer official (已关停, 已注销), listed publicly as such, without a QR code."""
        return self.filter(status__in=[AccountStatus.CLOSED, AccountStatus.CANCELLED])

    def in_operation_on(self, on: dt.date):
        """Accounts opened on or before `on` and not closed or cancelled by then (closing takes effect that day)."""
        return self.filter(opened_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))

    def overdue(self, on: dt.date):
        """Accounts overdue on `on` (catalog.newmedia.is_overdue): in operation that day, and neither opened nor
        updated within the last `update_frequency` days up to `on` (updates recorded after `on` do not count)."""
        late = Q(pk__in=[])
        for days in UpdateFrequency.values:
            limit = on - dt.timedelta(days=days)
            recent = NewMediaUpdate.objects.filter(account=OuterRef("pk"), updated_on__gte=limit, updated_on__lte=on)
            late |= Q(update_frequency=days, opened_on__lt=limit) & ~Exists(recent)
        return self.in_operation_on(on).filter(late)


class NewMediaAccount(models.Model):
    department = models.ForeignKey(
        Department, verbose_name=_("开办单位（公开主体）"), related_name="newmedia_accounts", on_delete=models.PROTECT
    )
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("账号名称"), max_length=60)
    handle = models.CharField(_("账号ID"), max_length=60, blank=True,
                              help_text=_("如微信号、微博号、抖音号；没有可不填。"))
    link = models.URLField(_("账号链接"), max_length=300, blank=True,
                           help_text=_("账号主页或关注页的网址；没有上传二维码时，公开页面用它生成二维码。"))
    qr_image = models.FileField(
        _("官方二维码"), upload_to=UploadTo("newmedia"), validators=[FileCheck(IMAGE)], blank=True, db_index=True,
        help_text=_("平台生成的账号二维码图片（PNG、JPG）。"),
    )
    operator = models.CharField(_("运营单位"), max_length=100, blank=True, help_text=_("仅工作人员可见。"))
    operator_person = models.CharField(_("责任人"), max_length=30, blank=True, help_text=_("仅工作人员可见。"))
    operator_phone = models.CharField(_("责任人电话"), max_length=40, blank=True, help_text=_("仅工作人员可见。"))
    update_frequency = models.PositiveSmallIntegerField(
        _("更新频率要求"), choices=UpdateFrequency.choices, default=UpdateFrequency.WEEKLY
    )
    status = models.CharField(_("状态"), max_length=20, choices=AccountStatus.choices,
                              default=AccountStatus.IN_OPERATION)
    opened_on = models.DateField(_("开设日期"))
    closed_on = models.DateField(_("关停（注销）日期"), null=True, blank=True)

    objects = NewMediaAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        # Departments in their own order (Department.Meta.ordering), so the public page groups them as elsewhere.
        ordering = ["department__division__tree_id", "department__division__lft", "department__order",
                    "department__code", "platform", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "name"], condition=~Q(status="cancelled"), name="one_live_newmedia_account_name",
                violation_error_message=_("该平台已登记同名账号。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_platform_display()}“{self.name}”"

    @property
    def is_retired(self) -> bool:
        return self.status != AccountStatus.IN_OPERATION


class FilingKind(models.TextChoices):
    OPEN = "open", _("开设")
    CHANGE = "change", _("变更")
    CLOSE = "close", _("关停")
    CANCEL = "cancel", _("注销")


class FilingStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已退回")


#: The account details a filing to open or change an account proposes (copied onto the account when approved).
PROPOSED_FIELDS = ["platform", "name", "handle", "link", "qr_image", "operator", "operator_person",
                   "operator_phone", "update_frequency"]
#: The statuses from which each kind of filing may be made and approved.
FILING_SOURCES = {
    FilingKind.CHANGE: {AccountStatus.IN_OPERATION},
    FilingKind.CLOSE: {AccountStatus.IN_OPERATION},
    FilingKind.CANCEL: {AccountStatus.IN_OPERATION, AccountStatus.CLOSED},
}


class NewMediaFilingQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))

    def pending(self):
        return self.filter(status=FilingStatus.PENDING)

    def awaiting_review_by(self, user):
        """Pending filings `user` may approve: reviewers, in the departments they act for, not their own."""
        from catalog.newmedia_filings import REVIEW_PERMISSION

        if not getattr(user, "is_authenticated", False) or not user.has_perm(REVIEW_PERMISSION):
            return self.none()
        return self.pending().exclude(proposed_by=user).filter(
            department__in=Department.objects.acted_for_by(user).values("pk"))


class NewMediaFiling(models.Model):
    """One proposed change of the registry (开设/变更/关停/注销备案): a clerk proposes, a reviewer of the owner
    department approves or returns it (catalog.newmedia_filings). Approved filings are the account's history."""

    kind = models.CharField(_("备案类型"), max_length=10, choices=FilingKind.choices)
    status = models.CharField(_("审核状态"), max_length=10, choices=FilingStatus.choices,
                              default=FilingStatus.PENDING, editable=False)
    department = models.ForeignKey(
        Department, verbose_name=_("开办单位（公开主体）"), related_name="newmedia_filings", on_delete=models.PROTECT
    )
    account = models.ForeignKey(
        NewMediaAccount, verbose_name=_("账号"), related_name="filings", null=True, blank=True,
        on_delete=models.PROTECT, help_text=_("变更、关停、注销时选择账号；开设时留空。"),
    )
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices, blank=True)
    name = models.CharField(_("账号名称"), max_length=60, blank=True)
    handle = models.CharField(_("账号ID"), max_length=60, blank=True)
    link = models.URLField(_("账号链接"), max_length=300, blank=True)
    qr_image = models.FileField(
        _("官方二维码"), upload_to=UploadTo("newmedia"), validators=[FileCheck(IMAGE)], blank=True, db_index=True,
        help_text=_("变更时不上传则沿用原二维码。"),
    )
    operator = models.CharField(_("运营单位"), max_length=100, blank=True)
    operator_person = models.CharField(_("责任人"), max_length=30, blank=True)
    operator_phone = models.CharField(_("责任人电话"), max_length=40, blank=True)
    update_frequency = models.PositiveSmallIntegerField(
        _("更新频率要求"), choices=UpdateFrequency.choices, null=True, blank=True
    )
    effective_on = models.DateField(
        _("生效日期"), null=True, blank=True,
        help_text=_("账号实际开设、关停或注销的日期；留空则为审核通过之日。"),
    )
    reason = models.TextField(_("事由"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), related_name="+",
                                    null=True, editable=False, on_delete=models.SET_NULL)
    proposed_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), related_name="+",
                                   null=True, blank=True, editable=False, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("审核意见"), blank=True, editable=False)

    objects = NewMediaFilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("新媒体开设变更备案")
        verbose_name_plural = _("新媒体开设变更备案")
        ordering = ["-proposed_at", "-id"]
        permissions = [("review_newmediafiling", _("可以审核本单位政务新媒体的开设、变更、关停、注销"))]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(status="pending"), name="one_pending_filing_per_account",
                violation_error_message=_("该账号已有待审核的备案，请等审核后再提交。"),
            ),
        ]

    def __str__(self):
        what = self.account or f"{self.get_platform_display()}“{self.name}”"
        return f"{self.get_kind_display()}：{what}"

    def clean(self):
        errors = {}
        if self.kind == FilingKind.OPEN:
            if self.account_id is not None:
                errors["account"] = _("开设新账号时不选择已有账号。")
        elif self.kind:
            if self.account is None:
                errors["account"] = _("请选择要%(kind)s的账号。") % {"kind": self.get_kind_display()}
            else:
                if self.department_id and self.department_id != self.account.department_id:
                    errors["department"] = _("开办单位应为该账号的开办单位。")
                if self.account.status not in FILING_SOURCES[self.kind]:
                    errors["account"] = _("该账号%(status)s，不能%(kind)s。") % {
                        "status": self.account.get_status_display(), "kind": self.get_kind_display()}
        if self.kind in (FilingKind.OPEN, FilingKind.CHANGE):
            for name in ("platform", "name", "update_frequency"):
                if getattr(self, name) in (None, ""):
                    errors[name] = _("请填写%(field)s。") % {"field": self._meta.get_field(name).verbose_name}
        if self.kind in (FilingKind.CLOSE, FilingKind.CANCEL) and not self.reason.strip():
            errors["reason"] = _("请填写%(kind)s的原因。") % {"kind": self.get_kind_display()}
        if self.effective_on and self.effective_on > timezone.localdate():
            errors["effective_on"] = _("生效日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


class NewMediaUpdateQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(account__department__in=Department.objects.for_user(user))


class NewMediaUpdate(models.Model):
    """A day the account published something, as its owner records it (in the admin or from a sheet)."""

    account = models.ForeignKey(NewMediaAccount, verbose_name=_("账号"), related_name="updates",
                                on_delete=models.CASCADE)
    updated_on = models.DateField(_("更新日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), related_name="+",
                                    null=True, blank=True, editable=False, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    objects = NewMediaUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("新媒体更新登记")
        verbose_name_plural = _("新媒体更新登记")
        ordering = ["-updated_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "updated_on"], name="one_update_per_account_per_day",
                                    violation_error_message=_("该账号这一天的更新已登记。")),
        ]

    def __str__(self):
        return f"{self.account} {self.updated_on:%Y-%m-%d}"

    def clean(self):
        if self.updated_on and self.updated_on > timezone.localdate():
            raise ValidationError({"updated_on": _("更新日期不能晚于今天。")})
        account = self.account if self.account_id else None
        if account is not None and self.updated_on:
            if self.updated_on < account.opened_on:
                raise ValidationError({"updated_on": _("更新日期早于账号开设日期（%(on)s）。") % {
                    "on": f"{account.opened_on:%Y-%m-%d}"}})
            if account.closed_on and self.updated_on >= account.closed_on:
                raise ValidationError({"updated_on": _("账号已于%(on)s%(status)s，不再登记更新。") % {
                    "on": f"{account.closed_on:%Y-%m-%d}", "status": account.get_status_display()}})
