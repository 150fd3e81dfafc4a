"""Import and export of the map's public facilities (公共设施). A row names its division and kind; its point may be
in WGS-84/CGCS2000 or in GCJ-02 (what phone map apps copy), said by the 坐标系 column, and is stored in WGS-84.

Like every admin import, a file with any bad row stores nothing (portal.imports); each error names its row.
"""

from django.core.exceptions import ValidationError
from import_export import resources

from catalog.coordinates import CoordinateSystem, quantize, to_wgs84
from catalog.models import Department, Division, Facility, FacilityKind
from catalog.models.facilities import county_bounds
from catalog.roles import sees_all_departments
from portal import spreadsheets

REQUIRED_COLUMNS = ("名称", "类别", "所属区划", "地址")
# The sheet column an error is about, for the error report (model field → column).
COLUMN_OF = {"name": "名称", "kind": "类别", "division": "所属区划", "department": "管理单位", "address": "地址",
             "opening_hours": "开放时间", "phone": "咨询电话", "latitude": "经纬度", "longitude": "经纬度"}


class FacilityFormat(spreadsheets.CheckedXLSX):
    """公共设施 Excel: the export's layout."""

    required_columns = REQUIRED_COLUMNS
    header_hint = "请在本系统导出的公共设施表格中填写后导入。"
    rows_noun = "设施"


_field = spreadsheets.column


def _number(text: str, what: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"{what}“{text}”不是数字，请填写小数形式的度数，如 119.6474。") from None


def read_point(longitude_text: str, latitude_text: str, system_text: str) -> tuple:
    """The WGS-84 (longitude, latitude) a row's cells give, (None, None) for no point, or ValidationError."""
    longitude = _number(longitude_text, "经度")
    latitude = _number(latitude_text, "纬度")
    if longitude is None and latitude is None:
        return None, None
    if longitude is None or latitude is None:
        raise ValidationError("经度和纬度要么都填，要么都不填。")
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(f"坐标超出范围（经度 {longitude:g}，纬度 {latitude:g}）：经度应在 -180～180 之间，纬度在 "
                              "-90～90 之间，请检查是否填反。")
    system = CoordinateSystem.parse(system_text)
    if system is None:
        raise ValidationError(f"坐标系“{system_text}”无法识别，请填写 WGS-84（天地图、GPS、CGCS2000）或 GCJ-02"
                              "（高德、腾讯等手机地图）。")
    longitude, latitude = to_wgs84(longitude, latitude, system)
    area = county_bounds()
    if not area.contains(longitude, latitude):
        raise ValidationError(f"坐标（经度 {longitude:.6f}，纬度 {latitude:.6f}）不在本县范围内（{area.describe()}），"
                              "请检查经纬度是否填反或抄错。")
    return quantize(longitude), quantize(latitude)


class FacilityResource(resources.ModelResource):
    name = _field("名称", "name")
    kind = _field("类别", method="export_kind")
    division = _field("所属区划", method="export_division")
    department = _field("管理单位", method="export_department")
    address = _field("地址", "address")
    opening_hours = _field("开放时间", "opening_hours")
    phone = _field("咨询电话", "phone")
    longitude = _field("经度", "longitude")
    latitude = _field("纬度", "latitude")
    system = _field("坐标系", method="export_system")

    class Meta:
        model = Facility
        fields = ("name", "kind", "division", "department", "address", "opening_hours", "phone", "longitude",
                  "latitude", "system")
        import_id_fields = ()
        use_transactions = True
        clean_model_instances = True

    # Checking a row only reads (look-ups of kinds, divisions, departments): see portal.imports.
    validates_without_writing = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._lookups = None
        self._row_number = None

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("kind", "division", "department")

    def export_kind(self, item):
        return item.kind.name

    def export_division(self, item):
        return item.division.code

    def export_department(self, item):
        return item.department.name if item.department_id else ""

    def export_system(self, item):
        return "WGS-84" if item.latitude is not None else ""

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    # Look-ups, once per import ------------------------------------------------------------------------------------

    def _load(self):
        if self._lookups is None:
            everything = self.user is None or sees_all_departments(self.user)
            departments = Department.objects.all() if everything else Department.objects.acted_for_by(self.user)
            by_department = {}
            for department in departments:
                by_department[department.code] = by_department[department.name] = department
            divisions = {}
            for division in Division.objects.all():
                divisions[division.code] = division
                divisions.setdefault(f"name:{division.name}", []).append(division)
            kinds = {kind.name: kind for kind in FacilityKind.objects.all()}
            self._lookups = (everything, by_department, divisions, kinds)
        return self._lookups

    def _division(self, text: str) -> Division:
        _everything, _departments, divisions, _kinds = self._load()
        if text in divisions:
            return divisions[text]
        found = divisions.get(f"name:{text}", [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(f"有多个名为“{text}”的区划，请填写12位区划代码。")
        raise ValidationError(f"所属区划“{text}”不存在，请填写区划名称或12位区划代码。")

    def get_instance(self, instance_loader, row):
        text = {key: str(value if value is not None else "").strip() for key, value in row.items()}
        try:
            division = self._division(text.get("所属区划", ""))
        except ValidationError:
            return None  # reported by import_instance
        found = Facility.objects.filter(division=division, name=text.get("名称", "")).first()
        everything, departments, _divisions, _kinds = self._load()
        if found is not None and not everything and found.department not in departments.values():
            raise ValidationError(f"“{division.name}”的“{found.name}”由其他单位管理，您不能通过导入修改。")
        return found

    def import_instance(self, instance, row, **kwargs):
        self._row_number = kwargs.get("row_number")
        everything, departments, _divisions, kinds = self._load()
        errors = {}
        text = {key: str(value if value is not None else "").strip() for key, value in row.items()}
        instance.name = text.get("名称", "")
        instance.address = text.get("地址", "")
        instance.opening_hours = text.get("开放时间", "")
        instance.phone = text.get("咨询电话", "")
        kind = kinds.get(text.get("类别", ""))
        if kind is None:
            known = "、".join(kinds) or "（请先在后台添加设施类别）"
            errors["kind"] = f"类别“{text.get('类别', '')}”不存在，可填写：{known}。"
        else:
            instance.kind = kind
        try:
            instance.division = self._division(text.get("所属区划", ""))
        except ValidationError as error:
            errors["division"] = error.messages
        department_name = text.get("管理单位", "")
        if department_name:
            department = departments.get(department_name)
            if department is None:
                errors["department"] = f"管理单位“{department_name}”不存在或不是您所在的单位。"
            else:
                instance.department = department
        elif not everything:
            errors["department"] = "请填写管理单位（您所在的单位）。"
        else:
            instance.department = None
        try:
            instance.longitude, instance.latitude = read_point(text.get("经度", ""), text.get("纬度", ""),
                                                               text.get("坐标系", ""))
        except ValidationError as error:
            errors["latitude"] = error.messages
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks too, except on what a refused cell left unset (one message per mistake)."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({"longitude"} if "latitude" in errors else set())
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._report(errors))

    def _report(self, errors: dict) -> dict:
        """Errors under their sheet column's name, each message saying its row as the sheet numbers it (the header
        is row 1)."""
        where = f"表格第{self._row_number + 1}行：" if self._row_number is not None else ""
        report = {}
        for key, messages in errors.items():
            messages = messages if isinstance(messages, list) else [messages]
            texts = [text for error in messages for text in ValidationError(error).messages]
            report.setdefault(COLUMN_OF.get(key, key), []).extend(f"{where}{text}" for text in texts)
        return report
