"""Admin for the standard directory: domains, the entry tree (drag-and-drop ordering, Excel import/export), tags."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from mptt.admin import DraggableMPTTAdmin

from catalog.excel.directory import DirectoryFormat, EntryResource
from catalog.models import Department, Domain, Entry, Tag
from portal import spreadsheets
from portal.imports import ConfirmedImportMixin


class DepartmentEntriesFilter(admin.SimpleListFilter):
    """Base for the entries a department must cover; the assessment sheet's directory figures link here."""

    def lookups(self, request, model_admin):
        department = self.department()
        return [(self.value(), str(department))] if department is not None else []

    def department(self):
        department_id = (self.value() or "").split("..", 1)[0]
        if not department_id:
            return None
        if not department_id.isdigit():
            raise IncorrectLookupParameters(department_id)
        return Department.objects.select_related("division").filter(pk=int(department_id)).first()

    def queryset(self, request, queryset):
        department = self.department()
        if department is None:
            return queryset if not self.value() else queryset.none()
        return self.entries(queryset, department)


class RequiredOfFilter(DepartmentEntriesFilter):
    title = _("应覆盖事项")
    parameter_name = "required_of"

    def entries(self, queryset, department):
        return queryset.required_of(department)


class CoveredByFilter(DepartmentEntriesFilter):
    """?covered_by=<department id>..<YYYY-MM-DD>: required entries still covered at the end of that day."""

    title = _("已覆盖事项")
    parameter_name = "covered_by"

    def entries(self, queryset, department):
        try:
            day = dt.date.fromisoformat(self.value().split("..", 1)[1])
        except (IndexError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset.covered_by(department, on=day)


class OverdueForFilter(DepartmentEntriesFilter):
    """?overdue_for=<department id>[..<YYYY-MM-DD>]: required entries 待更新 at the end of that day (default today)."""

    title = _("待更新事项")
    parameter_name = "overdue_for"

    def entries(self, queryset, department):
        _id, _sep, day = self.value().partition("..")
        try:
            on = dt.date.fromisoformat(day) if day else timezone.localdate()
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        return queryset.overdue_for(department, on=on)


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "levels_display", "entry_count"]
    list_editable = ["order"]
    list_filter = ["is_county_level", "is_township_level", "is_village_level"]
    search_fields = ["name", "code", "description"]
    fields = ["name", "code", "order", "description", "is_county_level", "is_township_level", "is_village_level"]

    @admin.display(description=_("公开层级"))
    def levels_display(self, obj):
        return obj.levels_display

    @admin.display(description=_("事项数"))
    def entry_count(self, obj):
        return obj.entry_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))


class EntryImportForm(ImportForm):
    domain = forms.ModelChoiceField(
        Domain.objects.all(),
        label=_("公开领域"),
        required=False,
        help_text=_("表格没有“领域”列、标题行也未写明领域时，导入到这里选择的领域。"),
    )


class EntryConfirmImportForm(ConfirmImportForm):
    domain = forms.ModelChoiceField(Domain.objects.all(), required=False, widget=forms.HiddenInput())


@admin.register(Entry)
class EntryAdmin(ConfirmedImportMixin, spreadsheets.ExportFileNameMixin, ImportExportMixin, DraggableMPTTAdmin):
    resource_classes = [EntryResource]
    formats = [DirectoryFormat]
    import_form_class = EntryImportForm
    confirm_form_class = EntryConfirmImportForm
    import_template_name = "admin/catalog/entry/import.html"
    list_display = ["tree_actions", "indented_title", "domain", "time_limit_workdays", "mode", "audience",
                    "levels_text"]
    list_display_links = ["indented_title"]
    list_filter = ["domain", "mode", "audience", "category", "column", "is_county_level", "is_township_level",
                   "is_village_level", "tags", "update_cycle",
                   RequiredOfFilter, CoveredByFilter, OverdueForFilter]
    list_select_related = ["domain"]
    search_fields = ["name", "content", "basis", "publisher_text"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["tags"]
    mptt_level_indent = 24
    expand_tree_by_default = True
    fieldsets = [
        (None, {"fields": ["domain", "parent", "name", "order", "category", "column", "tags"]}),
        (_("标准要素"), {"fields": ["content", "basis", "time_limit_text", "time_limit_workdays", "posting_workdays",
                                  "update_cycle", "publisher_text", "channels", "audience", "mode"]}),
        (_("公开层级"), {"fields": ["is_county_level", "is_township_level", "is_village_level"]}),
    ]

    @admin.display(description=_("事项名称"))
    def indented_title(self, item):
        return super().indented_title(item)

    @admin.display(description=_("公开层级"))
    def levels_text(self, obj):
        return obj.levels_display

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        domain = form.cleaned_data.get("domain") if form is not None and hasattr(form, "cleaned_data") else None
        return {"domain": domain}

    def get_import_job_options(self, request, form):
        domain = form.cleaned_data.get("domain")
        return {"domain": domain.pk if domain else None}

    def import_job_resource(self, job):
        domain_id = job.options.get("domain")
        return EntryResource(domain=Domain.objects.filter(pk=domain_id).first() if domain_id else None)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            domain = import_form.cleaned_data.get("domain")
            initial["domain"] = domain.pk if domain else ""
        return initial

    unreadable_file_message = "无法读取该文件，请确认上传的是标准目录 Excel 表格（.xlsx）。"

    def has_import_permission(self, request):
        return request.user.has_perms(["catalog.add_entry", "catalog.change_entry"])

    def has_export_permission(self, request):
        return request.user.has_perm("catalog.view_entry")

    def get_export_filename(self, request, queryset, file_format):
        return "基层政务公开标准目录.xlsx"


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
