"""Export of publications, and bulk import of drafts by a clerk for their own departments."""

import datetime as dt

from django.core.exceptions import ValidationError
from import_export import resources

from catalog import history
from catalog.models import Department, Entry, Publication, PublicationChange
from catalog.sanitize import text_to_html
from portal import spreadsheets

INDEX_NUMBER = "索引号"
REQUIRED_COLUMNS = ("标题", "公开领域", "公开事项", "发布机构", "成文日期")


class PublicationFormat(spreadsheets.CheckedXLSX):
    """公开信息 Excel: the export's layout."""

    required_columns = REQUIRED_COLUMNS
    header_hint = "请在本系统导出的公开信息表格中填写后导入。"
    rows_noun = "信息"


_field = spreadsheets.column


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def _value(choices, label: str, what: str) -> str:
    by_label = {str(text): key for key, text in choices}
    label = (label or "").strip()
    if label in by_label:
        return by_label[label]
    if label in dict(choices):
        return label
    raise ValidationError(f"{what}“{label}”无法识别，可填写：{'、'.join(by_label)}。")


class PublicationResource(resources.ModelResource):
    index_number = _field(INDEX_NUMBER, "index_number")
    title = _field("标题", "title")
    domain = _field("公开领域", method="export_domain")
    entry = _field("公开事项", method="export_entry")
    department = _field("发布机构", method="export_department")
    division = _field("所属区划", method="export_division")
    document_number = _field("文号", "document_number")
    document_type = _field("文件类型", method="export_document_type")
    formed_on = _field("成文日期", "formed_on")
    published_at = _field("发布日期", method="export_published_on")
    validity = _field("有效性", method="export_validity")
    status = _field("状态", method="export_status")
    timely = _field("按时公开", method="export_timely")
    body = _field("正文", "body")

    class Meta:
        model = Publication
        fields = ("index_number", "title", "domain", "entry", "department", "division", "document_number",
                  "document_type", "formed_on", "published_at", "validity", "status", "timely", "body")
        import_id_fields = ()
        use_transactions = True
        clean_model_instances = True

    # Checking a row writes nothing (the lookups below only read), so a background import validates with
    # django-import-export's dry run outside any transaction: no row is saved and no lock taken (portal.imports).
    validates_without_writing = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._department_names = None
        self._entries = {}

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("entry__domain", "entry__parent", "department", "division")

    def export_domain(self, item):
        return item.entry.domain.name

    def export_entry(self, item):
        parent = item.entry.parent
        return f"{parent.name}/{item.entry.name}" if parent else item.entry.name

    def export_department(self, item):
        return item.department.name

    def export_division(self, item):
        return item.division.name

    def export_document_type(self, item):
        return item.get_document_type_display()

    def export_published_on(self, item):
        return item.published_at.date().isoformat() if item.published_at else ""

    def export_validity(self, item):
        return item.get_validity_display()

    def export_status(self, item):
        return item.get_status_display()

    def export_timely(self, item):
        return {True: "是", False: "否"}.get(item.met_time_limit, "")

    # Import: drafts only, only into the importing user's departments ---------------------------------------------

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def _departments(self):
        return Department.objects.acted_for_by(self.user)

    def get_instance(self, instance_loader, row):
        number = str(row.get(INDEX_NUMBER) or "").strip()
        if not number:
            return None
        found = Publication.objects.filter(index_number=number, department__in=self._departments()).first()
        if found is None:
            raise ValidationError(f"索引号“{number}”不存在或不属于您的单位；新增信息请将索引号留空。")
        if found.status != Publication.Status.DRAFT:
            raise ValidationError(f"索引号“{number}”的信息已{found.get_status_display()}，只能通过导入修改草稿。")
        return found

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        text = {key: str(value if value is not None else "").strip() for key, value in row.items()}
        instance.title = text.get("标题", "")
        instance.document_number = text.get("文号", "")
        instance.body = text_to_html(text.get("正文", ""))
        department_name = text.get("发布机构", "")
        department = self._department_named(department_name)
        if department is None:
            errors["department"] = f"发布机构“{department_name}”不是您所在的单位。"
        else:
            instance.department, instance.division = department, department.division
        entry = self._entry(text.get("公开领域", ""), text.get("公开事项", ""))
        if entry is None:
            errors["entry"] = f"公开事项“{text.get('公开事项', '')}”在领域“{text.get('公开领域', '')}”中不存在。"
        else:
            instance.entry = entry
        formed_on = row.get("成文日期")
        if isinstance(formed_on, dt.datetime):
            formed_on = formed_on.date()
        elif not isinstance(formed_on, dt.date):
            try:
                formed_on = dt.date.fromisoformat(text.get("成文日期", "").replace("/", "-"))
            except ValueError:
                errors["formed_on"] = "成文日期格式应为 2026-03-02。"
                formed_on = None
        instance.formed_on = formed_on
        try:
            if text.get("文件类型"):
                instance.document_type = _value(Publication.DocumentType.choices, text["文件类型"], "文件类型")
            if text.get("有效性"):
                instance.validity = _value(Publication.Validity.choices, text["有效性"], "有效性")
        except ValidationError as error:
            errors["document_type"] = error.messages
        if errors:
            raise ValidationError(errors)

    def _department_named(self, name: str) -> Department | None:
        """One of the importing user's departments, by name or code (looked up once per import)."""
        if self._department_names is None:
            departments = list(self._departments().select_related("division"))
            self._department_names = {department.code: department for department in departments}
            self._department_names.update({department.name: department for department in departments})
        return self._department_names.get(name)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks as well, except on what a refused cell leaves empty (a wrong 发布机构 leaves the
        division unset too, and gets one message, not a second one about the division), and on the entry,
        department and division that were just read from the database (no query per row to see they exist)."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({"division"} if "department" in errors else set())
        exclude |= {name for name in ("entry", "department", "division") if getattr(instance, f"{name}_id", None)}
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _entry(self, domain_name: str, path: str) -> Entry | None:
        if (domain_name, path) not in self._entries:
            self._entries[domain_name, path] = self._find_entry(domain_name, path)
        return self._entries[domain_name, path]

    @staticmethod
    def _find_entry(domain_name: str, path: str) -> Entry | None:
        names = [name.strip() for name in path.split("/") if name.strip()]
        if not names:
            return None
        entries = Entry.objects.items().filter(name=names[-1], domain__name=domain_name)
        if len(names) > 1:
            entries = entries.filter(parent__name=names[-2])
        return entries.first()

    def do_instance_save(self, instance, is_create):
        if is_create:
            instance.created_by = self.user
        history.save(instance, by=self.user, action=PublicationChange.Action.IMPORTED if is_create else None)
