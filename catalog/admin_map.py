"""Admin for the 一张图: facility kinds, facilities (Excel import/export, each clerk their own departments'),
division outlines (GeoJSON, checked on upload) and the single row of map settings (tile source)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from catalog import geojson
from catalog.coordinates import CoordinateSystem, quantize, to_wgs84
from catalog.excel.facilities import FacilityFormat, FacilityResource
from catalog.models import DivisionOutline, Facility, FacilityKind, MapSettings
from catalog.roles import sees_all_departments
from catalog.scoping import DepartmentScopedAdminMixin
from portal import spreadsheets
from portal.imports import ConfirmedImportMixin
from portal.singleton_admin import SingletonAdminMixin

MAX_OUTLINE_BYTES = 5 * 1024 * 1024


class PointForm(forms.ModelForm):
    """A form with longitude and latitude that also asks which system they are in: a point copied from 高德 or 腾讯
    (GCJ-02) is converted and stored in WGS-84, as the sheet import does. The form then shows the stored WGS-84
    point with WGS-84 chosen, so saving it again changes nothing."""

    coordinate_system = forms.ChoiceField(
        label=_("坐标系"), initial=CoordinateSystem.WGS84, required=False,
        choices=[(CoordinateSystem.WGS84, _("WGS-84/CGCS2000（天地图、GPS）")),
                 (CoordinateSystem.GCJ02, _("GCJ-02（高德、腾讯等手机地图复制的坐标，保存时自动换算）"))])

    def clean(self):
        cleaned = super().clean()
        longitude, latitude = cleaned.get("longitude"), cleaned.get("latitude")
        if cleaned.get("coordinate_system") == CoordinateSystem.GCJ02 and None not in (longitude, latitude):
            longitude, latitude = to_wgs84(float(longitude), float(latitude), CoordinateSystem.GCJ02)
            cleaned["longitude"], cleaned["latitude"] = quantize(longitude), quantize(latitude)
        return cleaned


@admin.register(FacilityKind)
class FacilityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "symbol", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]


@admin.register(Facility)
class FacilityAdmin(DepartmentScopedAdminMixin, ConfirmedImportMixin, spreadsheets.ExportFileNameMixin,
                    ImportExportMixin, admin.ModelAdmin):
    form = PointForm
    resource_classes = [FacilityResource]
    formats = [FacilityFormat]
    list_display = ["name", "kind", "division", "department", "address", "has_point", "is_active"]
    list_filter = ["kind", "division__level", "is_active"]
    list_select_related = ["kind", "division", "department"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["division"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "division", "department", "address", "opening_hours", "phone",
                           "is_active", "order"]}),
        (_("位置"), {
            "fields": ["longitude", "latitude", "coordinate_system"],
            "description": _("从天地图或 GPS 读取的经纬度选 WGS-84；从高德、腾讯等手机地图复制的选 GCJ-02，"
                             "保存时自动换算为 WGS-84。")}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "department" in form.base_fields and not sees_all_departments(request.user):
            form.base_fields["department"].required = True  # a clerk's facility stays theirs
        return form

    @admin.display(description=_("已标注位置"), boolean=True)
    def has_point(self, obj):
        return obj.latitude is not None

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def import_job_resource(self, job):
        return FacilityResource(user=job.created_by)

    unreadable_file_message = "无法读取该文件，请确认上传的是公共设施 Excel 表格（.xlsx）。"

    def has_import_permission(self, request):
        return request.user.has_perms(["catalog.add_facility", "catalog.change_facility"])

    def has_export_permission(self, request):
        return request.user.has_perm("catalog.view_facility")

    def get_export_filename(self, request, queryset, file_format):
        return "公共设施.xlsx"


class DivisionOutlineForm(forms.ModelForm):
    """The outline comes as a .geojson/.json file or pasted text; either is checked before anything is stored."""

    upload = forms.FileField(label=_("GeoJSON 文件"), required=False,
                             help_text=_("上传 .geojson 或 .json 文件（面：Polygon 或 MultiPolygon，WGS-84 经纬度，"
                                         "经度在前），不超过 5 MB。"))
    text = forms.CharField(label=_("或粘贴 GeoJSON"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    class Meta:
        model = DivisionOutline
        fields = ["division", "source"]

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("upload"), (cleaned.get("text") or "").strip()
        if upload is not None:
            if upload.size > MAX_OUTLINE_BYTES:
                raise ValidationError({"upload": _("文件超过 5 MB，请先简化轮廓后再上传。")})
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                message = _("文件不是 UTF-8 编码的文本，请另存为 UTF-8 的 GeoJSON 文件。")
                raise ValidationError({"upload": message}) from None
        if not text:
            if self.instance.pk:
                return cleaned
            raise ValidationError(_("请上传 GeoJSON 文件或粘贴 GeoJSON 内容。"))
        field = "upload" if upload is not None else "text"
        try:
            self.instance.geometry = geojson.parse(text)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
        return cleaned


@admin.register(DivisionOutline)
class DivisionOutlineAdmin(admin.ModelAdmin):
    form = DivisionOutlineForm
    list_display = ["division", "source", "updated_at"]
    list_select_related = ["division"]
    search_fields = ["division__name", "division__code"]
    autocomplete_fields = ["division"]
    fields = ["division", "upload", "text", "source"]


@admin.register(MapSettings)
class MapSettingsAdmin(SingletonAdminMixin, admin.ModelAdmin):
    """One row: where the public map's background tiles come from."""

    fieldsets = [
        (None, {"fields": ["tile_source"],
                "description": _("县内网无法访问互联网时请选择“不使用底图”：地图页面会用已上传的区划轮廓和设施点"
                                 "绘制简图，并在旁边列出全部设施。")}),
        (_("天地图"), {"fields": ["tianditu_key"]}),
        (_("自建瓦片服务"), {"fields": ["tile_url", "max_zoom"]}),
        (_("版权说明"), {"fields": ["attribution"]}),
    ]
