"""Offline review points (政府信息公开查阅点/体验区) and the visits staff log there."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.fields import MultipleChoiceField
from catalog.models.divisions import Department, Division
from portal.uploads import IMAGE, FileCheck, UploadTo


class Facility(models.TextChoices):
    COMPUTER = "computer", _("电脑")
    PRINTER = "printer", _("打印机")
    READING_GLASSES = "reading_glasses", _("老花镜")
    KIOSK = "kiosk", _("自助终端")
    MAGNIFIER = "magnifier", _("放大镜")
    SEATS = "seats", _("座椅")
    WATER = "water", _("饮水")
    ACCESSIBLE = "accessible", _("无障碍通道")
    WIFI = "wifi", _("无线网络")
    PAPER_COPIES = "paper_copies", _("纸质资料")


class ReviewPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))


class ReviewPoint(models.Model):
    division = models.ForeignKey(
        Division, verbose_name=_("所属区划"), related_name="review_points", on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("管理单位"),
        related_name="review_points",
        on_delete=models.PROTECT,
        help_text=_("负责该查阅点的单位，其工作人员填写来访登记。"),
    )
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.CharField(_("开放时间"), max_length=200)
    contact_person = models.CharField(_("负责人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=40)
    facilities = MultipleChoiceField(_("设施"), choices=Facility.choices)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("开放中"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = ReviewPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("查阅点")
        verbose_name_plural = _("查阅点")
        ordering = ["division__tree_id", "division__lft", "order", "id"]

    def __str__(self):
        return self.name

    def facility_labels(self) -> list[str]:
        return self._meta.get_field("facilities").labels(self.facilities)


class ReviewPointPhotoQuerySet(models.QuerySet):
    def public(self):
        """The photos the public review-point pages show: those of open points."""
        return self.filter(point__in=ReviewPoint.objects.active())


class ReviewPointPhoto(models.Model):
    point = models.ForeignKey(ReviewPoint, verbose_name=_("查阅点"), related_name="photos", on_delete=models.CASCADE)
    image = models.FileField(
        _("照片"), upload_to=UploadTo("review_points"), validators=[FileCheck(IMAGE)], db_index=True
    )
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = ReviewPointPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("查阅点照片")
        verbose_name_plural = _("查阅点照片")
        ordering = ["order", "id"]

    def __str__(self):
        return self.caption or self.image.name


class ReviewPointVisit(models.Model):
    """One day's visits at a review point, entered by its staff."""

    point = models.ForeignKey(ReviewPoint, verbose_name=_("查阅点"), related_name="visits", on_delete=models.CASCADE)
    visited_on = models.DateField(_("日期"))
    visitors = models.PositiveIntegerField(_("来访人数"))
    enquiries = models.PositiveIntegerField(_("咨询次数"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("查阅点来访登记")
        verbose_name_plural = _("查阅点来访登记")
        ordering = ["-visited_on", "point"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "visited_on"],
                name="one_visit_log_per_point_per_day",
                violation_error_message=_("该查阅点当天已有登记，请修改原记录。"),
            )
        ]

    def __str__(self):
        return f"{self.point} {self.visited_on:%Y-%m-%d}"
