"""The county's 一张图: public facilities with their points, division outlines, and where map tiles come from."""

import json
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog import geojson
from catalog.coordinates import CHINA, Bounds
from catalog.models.divisions import Department, Division


def latitude_field():
    return models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                               validators=[MinValueValidator(-90), MaxValueValidator(90)],
                               help_text=_("WGS-84/CGCS2000（天地图、GPS）坐标，小数形式，如 29.081200。"))


def longitude_field():
    return models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                               validators=[MinValueValidator(-180), MaxValueValidator(180)],
                               help_text=_("WGS-84/CGCS2000（天地图、GPS）坐标，小数形式，如 119.647400。"))


class FacilityKind(models.Model):
    """A kind of public facility on the map (垃圾投放点, 公交站点, 图书馆 …), edited by the disclosure office."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=30, unique=True,
                            help_text=_("地图筛选用的英文标识，如 library。"))
    symbol = models.CharField(_("图例文字"), max_length=2, help_text=_("地图上标注点用的一个字，如“书”“厕”。"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("设施类别")
        verbose_name_plural = _("设施类别")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class FacilityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))

    def within(self, place: Division):
        """The facilities of `place` and every division below it."""
        return self.filter(division__tree_id=place.tree_id, division__lft__gte=place.lft,
                           division__rght__lte=place.rght)

    def on_map(self):
        return self.active().filter(latitude__isnull=False, longitude__isnull=False)


class Facility(models.Model):
    """A public facility (公共服务设施) shown on the 一张图 and listed beside it."""

    kind = models.ForeignKey(FacilityKind, verbose_name=_("类别"), related_name="facilities",
                             on_delete=models.PROTECT)
    division = models.ForeignKey(Division, verbose_name=_("所属区划"), related_name="facilities",
                                 on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("管理单位"), related_name="facilities", null=True, blank=True,
        on_delete=models.PROTECT, help_text=_("负责维护该设施信息的单位；留空则只有督查员（政务公开办）可以修改。"))
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True, help_text=_("单位的公开电话，不要填个人手机。"))
    latitude = latitude_field()
    longitude = longitude_field()
    is_active = models.BooleanField(_("在地图上显示"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("公共设施")
        verbose_name_plural = _("公共设施")
        ordering = ["division__tree_id", "division__lft", "kind__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="unique_facility_name_per_division",
                                    violation_error_message=_("该区划已有同名设施。")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("经度和纬度要么都填，要么都不填。"))
        if self.department_id and self.division_id and self.department.division_id != self.division_id:
            department_division = self.department.division
            if not (department_division.tree_id == self.division.tree_id
                    and department_division.lft <= self.division.lft
                    and self.division.rght <= department_division.rght):
                raise ValidationError({"department": _("管理单位应属于该设施所在的区划或其上级区划。")})


class DivisionOutline(models.Model):
    """A division's boundary (GeoJSON), drawn on the offline map and used as its bounds."""

    division = models.OneToOneField(Division, verbose_name=_("区划"), related_name="outline",
                                    on_delete=models.CASCADE)
    geometry = models.JSONField(_("轮廓"), help_text=_("GeoJSON 面（Polygon/MultiPolygon），WGS-84 经纬度。"))
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("如“县自然资源局2025年勘界成果”。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("区划轮廓")
        verbose_name_plural = _("区划轮廓")
        ordering = ["division__tree_id", "division__lft"]

    def __str__(self):
        return f"{self.division}轮廓"

    def clean(self):
        if self.geometry is None:
            return  # the admin form says what is missing
        try:
            self.geometry = geojson.parse(json.dumps(self.geometry))
        except ValidationError as error:
            raise ValidationError({"geometry": error.messages}) from error

    @property
    def bounds(self) -> Bounds:
        return geojson.bounds(self.geometry)


class MapSettings(models.Model):
    """Where the public map's background tiles come from; one row. With none (the offline intranet), the map is
    drawn from the division outlines alone."""

    class TileSource(models.TextChoices):
        NONE = "none", _("不使用底图（内网离线：只画区划轮廓和设施点）")
        TIANDITU = "tianditu", _("天地图（需填写本县申请的密钥）")
        CUSTOM = "custom", _("本县自建瓦片服务")

    TIANDITU_URL = ("https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
                    "&TILECOL={x}&tk={key}")

    tile_source = models.CharField(_("底图来源"), max_length=10, choices=TileSource.choices,
                                   default=TileSource.NONE)
    tianditu_key = models.CharField(_("天地图密钥"), max_length=64, blank=True,
                                    help_text=_("在天地图网站为本县网站域名申请的“浏览器端”密钥。"))
    tile_url = models.CharField(
        _("瓦片地址模板"), max_length=300, blank=True,
        help_text=_("本县瓦片服务的地址，含 {z}、{x}、{y}，如 https://map.example.gov.cn/tiles/{z}/{x}/{y}.png；"
                    "瓦片须为 WGS-84/CGCS2000 经纬度下的网络墨卡托（EPSG:3857）切片。"))
    attribution = models.CharField(_("底图版权说明"), max_length=200, blank=True,
                                   help_text=_("显示在地图右下角，如“© 天地图 审图号：GS（2024）0568号”。"))
    max_zoom = models.PositiveSmallIntegerField(_("最大缩放级别"), default=18,
                                                validators=[MinValueValidator(1), MaxValueValidator(20)])

    class Meta:
        verbose_name = _("地图设置")
        verbose_name_plural = _("地图设置")

    def __str__(self):
        return str(_("地图设置"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "MapSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def clean(self):
        if self.tile_source == self.TileSource.TIANDITU and not self.tianditu_key.strip():
            raise ValidationError({"tianditu_key": _("使用天地图时请填写密钥。")})
        if self.tile_source == self.TileSource.CUSTOM:
            url = self.tile_url.strip()
            if not url:
                raise ValidationError({"tile_url": _("使用自建瓦片服务时请填写瓦片地址模板。")})
            if not all(part in url for part in ("{z}", "{x}", "{y}")):
                raise ValidationError({"tile_url": _("瓦片地址模板须包含 {z}、{x}、{y} 三个占位符。")})
            parts = urlsplit(url)
            if not (url.startswith("/") and not url.startswith("//")) and (
                    parts.scheme not in ("http", "https") or not parts.netloc):
                raise ValidationError({"tile_url": _("瓦片地址应以 https:// 、http:// 或 / 开头。")})

    @property
    def uses_tiles(self) -> bool:
        return self.tile_source != self.TileSource.NONE

    def layers(self) -> list[dict]:
        """The tile layers Leaflet draws, bottom first: each with its URL template and subdomains."""
        if self.tile_source == self.TileSource.TIANDITU:
            key = self.tianditu_key.strip()
            return [{"url": self.TIANDITU_URL.replace("{layer}", layer).replace("{key}", key),
                     "subdomains": "01234567"} for layer in ("vec", "cva")]
        if self.tile_source == self.TileSource.CUSTOM:
            return [{"url": self.tile_url.strip(), "subdomains": "abc"}]
        return []

    def tile_origins(self) -> list[str]:
        """The origins the page's Content-Security-Policy must allow images from, for these tiles."""
        origins = []
        for layer in self.layers():
            parts = urlsplit(layer["url"])
            if not parts.netloc:
                continue
            host = parts.netloc.replace("{s}", "*")
            if "*" in host and not host.startswith("*."):
                host = "*." + host.split(".", 1)[1]
            origins.append(f"{parts.scheme}://{host}")
        return list(dict.fromkeys(origins))

    def attribution_text(self) -> str:
        if self.attribution:
            return self.attribution
        return "© 天地图" if self.tile_source == self.TileSource.TIANDITU else ""


def county_bounds() -> Bounds:
    """Where a facility of this county may be: the county's outline with a margin of about 5 km, or China's
    rough extent before the outline is uploaded."""
    outline = DivisionOutline.objects.filter(division__level="county").order_by("division__tree_id").first()
    return outline.bounds.grown(0.05) if outline is not None else CHINA
