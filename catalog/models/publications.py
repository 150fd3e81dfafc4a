"""Published information (公开信息) filed under a directory entry, reviewed before release (先审查后发布)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.directory import Entry
from catalog.models.divisions import Department, Division


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """What citizens may see: published and not withdrawn."""
        return self.filter(status=Publication.Status.PUBLISHED)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))


class Publication(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")

    class DocumentType(models.TextChoices):
        """Counted by the annual report's table 二 (规章, 行政规范性文件)."""

        REGULATION = "regulation", _("规章")
        NORMATIVE = "normative", _("行政规范性文件")
        OTHER_DOCUMENT = "document", _("其他文件")
        INTERPRETATION = "interpretation", _("政策解读")
        NOTICE = "notice", _("公示公告")
        OTHER = "other", _("其他信息")

    entry = models.ForeignKey(Entry, verbose_name=_("公开事项"), related_name="publications", on_delete=models.PROTECT)
    division = models.ForeignKey(
        Division, verbose_name=_("所属区划"), related_name="publications", on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name=_("发布机构"), related_name="publications", on_delete=models.PROTECT
    )
    title = models.CharField(_("标题"), max_length=200)
    index_number = models.CharField(_("索引号"), max_length=40, unique=True, null=True, blank=True, editable=False)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    document_type = models.CharField(
        _("文件类型"), max_length=16, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    formed_on = models.DateField(_("成文日期"), help_text=_("信息形成或者变更的日期，公开时限自此日起计算。"))
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, editable=False)
    body = models.TextField(_("正文"), blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField(
        _("失效或废止日期"), null=True, blank=True, help_text=_("文件失效或被废止的日期。")
    )
    related = models.ManyToManyField("self", verbose_name=_("相关信息"), blank=True, symmetrical=True)

    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("审核意见"), blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True, editable=False)
    search_text = models.TextField(_("检索分词"), blank=True, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["entry", "status", "-published_at"]),
            models.Index(fields=["division", "status", "-published_at"]),
            models.Index(fields=["department", "status", "-published_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED
