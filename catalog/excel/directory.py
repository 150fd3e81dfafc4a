"""Import and export of the standard directory (公开事项) with django-import-export.

`DirectoryFormat` reads a county's real spreadsheet (title row, merged two-row header, ticks, ■/□ channels) or
the simple one-column-per-element layout, and writes the official layout back. `EntryResource` turns each
canonical row into an Entry, creating missing 一级事项 nodes and updating rather than duplicating on re-import.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from import_export import fields, resources

from catalog.excel import sheets
from catalog.excel.elements import parse_audience, parse_channels, parse_levels, parse_mode, parse_time_limit
from catalog.models import Domain, Entry
from catalog.models.directory import Channel
from portal import spreadsheets


class DirectoryFormat(spreadsheets.XLSX):
    """标准目录 Excel: reads both layouts, writes the official one."""

    def get_title(self):
        return "标准目录 Excel（.xlsx）"

    def create_dataset(self, in_stream):
        return sheets.read_directory(in_stream)

    def export_data(self, dataset, **kwargs):
        return sheets.write_directory(dataset, [str(label) for _value, label in Channel.choices])


def find_domain(text: str, domains: list[Domain]) -> Domain | None:
    """The domain a 领域 cell or title row names: exact name or code, else the longest name it contains."""
    text = (text or "").strip()
    if not text:
        return None
    for domain in domains:
        if text in {domain.name, domain.code, f"{domain.name}领域"}:
            return domain
    containing = [domain for domain in domains if domain.name in text]
    return max(containing, key=lambda domain: len(domain.name)) if containing else None


def _field(column, method):
    return fields.Field(column_name=column, dehydrate_method=method, readonly=True)


class EntryResource(resources.ModelResource):
    domain = _field(sheets.DOMAIN, "export_domain")
    level1 = _field(sheets.LEVEL1, "export_level1")
    level2 = _field(sheets.LEVEL2, "export_level2")
    level3 = _field(sheets.LEVEL3, "export_level3")
    content = _field(sheets.CONTENT, "export_content")
    basis = _field(sheets.BASIS, "export_basis")
    time_limit = _field(sheets.TIME_LIMIT, "export_time_limit")
    publisher = _field(sheets.PUBLISHER, "export_publisher")
    channels = _field(sheets.CHANNELS, "export_channels")
    audience = _field(sheets.AUDIENCE, "export_audience")
    mode = _field(sheets.MODE, "export_mode")
    levels = _field(sheets.LEVELS, "export_levels")

    class Meta:
        model = Entry
        fields = ("domain", "level1", "level2", "level3", "content", "basis", "time_limit", "publisher",
                  "channels", "audience", "mode", "levels")
        import_id_fields = ()
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = True

    def __init__(self, domain=None, **kwargs):
        super().__init__(**kwargs)
        self.default_domain = domain
        self._domains = None
        self._positions = {}

    # Export ------------------------------------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        """One row per leaf entry (what publications are filed under), in directory order."""
        return (
            queryset.filter(rght=F("lft") + 1)
            .select_related("domain", "parent__parent")
            .order_by("domain__order", "domain__code", "tree_id", "lft")
        )

    @staticmethod
    def _path(entry) -> list[str]:
        names = [entry.name]
        parent = entry.parent
        while parent is not None:
            names.insert(0, parent.name)
            parent = parent.parent
        return names + ["", ""]

    def export_domain(self, entry):
        return entry.domain.name

    def export_level1(self, entry):
        return self._path(entry)[0]

    def export_level2(self, entry):
        return self._path(entry)[1]

    def export_level3(self, entry):
        return self._path(entry)[2]

    def export_content(self, entry):
        return entry.content

    def export_basis(self, entry):
        return entry.basis

    def export_time_limit(self, entry):
        return entry.time_limit_text

    def export_publisher(self, entry):
        return entry.publisher_text

    def export_channels(self, entry):
        return "、".join(entry.channel_labels())

    def export_audience(self, entry):
        return entry.get_audience_display()

    def export_mode(self, entry):
        return {Entry.Mode.PROACTIVE: "主动", Entry.Mode.ON_REQUEST: "依申请"}.get(entry.mode, "")

    def export_levels(self, entry):
        return entry.levels_display

    def import_data(self, dataset, **kwargs):
        """A sheet with any bad row imports nothing: the county fixes the sheet and imports it again."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    # Import ------------------------------------------------------------------------------------------------------

    def _domain_for(self, row) -> Domain:
        if self._domains is None:
            self._domains = list(Domain.objects.all())
        named = (row.get(sheets.DOMAIN) or "").strip()
        if named:
            domain = find_domain(named, self._domains)
            if domain is None:
                raise ValidationError(f"公开领域“{named}”不存在，请先在“公开领域”中添加，或改正“领域”一栏。")
            return domain
        domain = find_domain(row.get(sheets.TITLE) or "", self._domains) or self.default_domain
        if domain is None:
            raise ValidationError("无法确定公开领域：请在表格中加入“领域”列或写明领域的标题行，或在导入页面选择领域。")
        return domain

    def _names(self, row) -> list[str]:
        names = [(row.get(column) or "").strip() for column in (sheets.LEVEL1, sheets.LEVEL2, sheets.LEVEL3)]
        if not names[0]:
            raise ValidationError("缺少“一级事项”名称。")
        if names[2] and not names[1]:
            raise ValidationError("填写了“三级事项”却缺少“二级事项”。")
        names = [name for name in names if name]
        if any(len(name) > 120 for name in names):
            raise ValidationError("事项名称不能超过120个字。")
        return names

    def _position(self, key) -> int:
        self._positions[key] = self._positions.get(key, 0) + 1
        return self._positions[key]

    def _parent(self, domain, names) -> Entry | None:
        parent = None
        for name in names[:-1]:
            found = Entry.objects.filter(domain=domain, parent=parent, name=name).first()
            if found is None:
                found = Entry(domain=domain, parent=parent, name=name,
                              order=self._position((domain.pk, parent.pk if parent else None)))
                found.save()
            parent = found
        return parent

    def before_import_row(self, row, **kwargs):
        if row.get(sheets.PROBLEMS):
            raise ValidationError(row[sheets.PROBLEMS])
        domain = self._domain_for(row)
        names = self._names(row)
        row["_target"] = (domain, names)

    def get_instance(self, instance_loader, row):
        domain, names = row["_target"]
        parent = self._parent(domain, names)
        row["_parent"] = parent
        return Entry.objects.filter(domain=domain, parent=parent, name=names[-1]).first()

    def init_instance(self, row=None):
        domain, names = row["_target"]
        return Entry(domain=domain, parent=row["_parent"], name=names[-1])

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        text = {column: str(row.get(column) or "").strip() for column in sheets.HEADERS}
        instance.content = text[sheets.CONTENT]
        instance.basis = text[sheets.BASIS]
        instance.publisher_text = text[sheets.PUBLISHER][:200]
        instance.time_limit_text = text[sheets.TIME_LIMIT][:200]
        instance.time_limit_workdays, instance.posting_workdays = parse_time_limit(text[sheets.TIME_LIMIT])
        instance.channels = parse_channels(text[sheets.CHANNELS])
        audience, mode = parse_audience(text[sheets.AUDIENCE]), parse_mode(text[sheets.MODE])
        if audience is None:
            errors["audience"] = "请勾选公开对象（全社会或特定群体）。"
        else:
            instance.audience = audience
        if mode is None:
            errors["mode"] = "请勾选公开方式（主动或依申请）。"
        else:
            instance.mode = mode
        levels = parse_levels(text[sheets.LEVELS])
        if not any(levels.values()):
            errors["is_county_level"] = "请至少勾选一个公开层级（县级、乡级或村级）。"
        for name, value in levels.items():
            setattr(instance, name, value)
        if instance.pk is None:
            instance.order = self._position((instance.domain_id, instance.parent_id))
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None and row.get(sheets.ROW):
            # Say which line of the spreadsheet is wrong, not which row of the parsed table.
            result.validation_error = ValidationError(
                {"__all__": [f"表格第{row[sheets.ROW]}行：{message}" for message in _messages(result.validation_error)]}
            )
        return result


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]
