"""Admin for the new-media registry, scoped to the clerk's departments.

- Accounts are read-only here: they change only through filings. The list flags accounts overdue today and
  filters them (catalog.newmedia); the page links to the filing and update forms for that account.
- Filings (开设/变更/关停/注销) are added by clerks and approved or returned by reviewers with the step buttons
  (catalog.newmedia_filings, portal.admin_steps); a decided filing is read-only.
- Update dates are added one at a time or imported from a sheet (catalog.excel.newmedia).
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin

from catalog import newmedia, newmedia_filings
from catalog.access import acts_for
from catalog.excel.newmedia import NewMediaUpdateResource, UpdateFormat
from catalog.models import NewMediaAccount, NewMediaFiling, NewMediaUpdate
from catalog.models.newmedia import FILING_SOURCES, PROPOSED_FIELDS, FilingKind, FilingStatus
from catalog.scoping import DepartmentScopedAdminMixin
from portal.admin_files import FILE_NAME_OVERRIDES
from portal.admin_filters import RelatedOnlyListFilter
from portal.admin_steps import StepAdminMixin, StepForm
from portal.imports import ConfirmedImportMixin
from portal.readonly_admin import ReadOnlyAdminMixin, ReadOnlyInline


class OverdueFilter(admin.SimpleListFilter):
    """逾期未更新 on a cut-off day (today by default); the quarterly sheet links here with its own cut-off."""

    title = _("更新情况")
    parameter_name = "overdue_on"

    def lookups(self, request, model_admin):
        return [(timezone.localdate().isoformat(), _("逾期未更新（截至今天）"))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            on = dt.date.fromisoformat(self.value())
        except ValueError:
            return queryset.none()
        return queryset.overdue(on=on)


class FilingHistoryInline(ReadOnlyInline):
    model = NewMediaFiling
    fields = ["proposed_at", "kind", "status", "proposed_by", "decided_by", "decided_at", "reason", "decision_note"]
    readonly_fields = fields
    verbose_name_plural = _("备案记录")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposed_by", "decided_by")


@admin.register(NewMediaAccount)
class NewMediaAccountAdmin(ReadOnlyAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/catalog/newmediaaccount/change_form.html"
    list_display = ["name", "platform", "department", "status", "update_frequency", "last_update_display",
                    "due_display", "overdue_display"]
    list_filter = [OverdueFilter, "status", "platform", ("department", RelatedOnlyListFilter)]
    search_fields = ["name", "handle"]
    list_select_related = ["department"]
    inlines = [FilingHistoryInline]
    fields = ["department", "platform", "name", "handle", "link", "qr_image", "operator", "operator_person",
              "operator_phone", "update_frequency", "status", "opened_on", "closed_on", "last_update_display",
              "due_display", "overdue_display"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_update=Max("updates__updated_on"))

    @admin.display(description=_("最近更新"), ordering="last_update")
    def last_update_display(self, obj):
        return f"{obj.last_update:%Y-%m-%d}" if obj.last_update else "未登记"

    @admin.display(description=_("应更新日期"))
    def due_display(self, obj):
        if obj.is_retired:
            return "-"
        due = newmedia.update_due_on(opened_on=obj.opened_on, last_updated_on=obj.last_update,
                                     frequency_days=obj.update_frequency)
        return f"{due:%Y-%m-%d}"

    @admin.display(description=_("逾期未更新"))
    def overdue_display(self, obj):
        if newmedia.account_is_overdue(obj, last_updated_on=obj.last_update, on=timezone.localdate()):
            return format_html("<strong>{}</strong>", "逾期未更新")
        return "-"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        account = self.get_object(request, object_id)
        if account is not None:
            extra_context["account_links"] = self.account_links(request, account)
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def account_links(self, request, account) -> list[tuple[str, str]]:
        """The account's update days, and the forms a clerk of the owner department opens from its page."""
        user = request.user
        links = [("更新登记记录", reverse("admin:catalog_newmediaupdate_changelist") + "?" + urlencode(
            {"account__id__exact": account.pk}))]
        if not acts_for(user, account.department_id):
            return links
        if user.has_perm("catalog.add_newmediaupdate") and not account.is_retired:
            links.append(("登记更新", reverse("admin:catalog_newmediaupdate_add") + "?" + urlencode(
                {"account": account.pk})))
        if user.has_perm(newmedia_filings.CLERK_PERMISSION):
            for kind in (FilingKind.CHANGE, FilingKind.CLOSE, FilingKind.CANCEL):
                if account.status in FILING_SOURCES[kind]:
                    links.append((f"申请{kind.label}", reverse("admin:catalog_newmediafiling_add") + "?" + urlencode(
                        {"kind": kind.value, "account": account.pk})))
        return links


class FilingForm(forms.ModelForm):
    user = None  # set by NewMediaFilingAdmin.get_form: who proposes
    link = forms.URLField(label=_("账号链接"), max_length=300, required=False, assume_scheme="https",
                          help_text=NewMediaAccount._meta.get_field("link").help_text)

    class Meta:
        model = NewMediaFiling
        fields = ["kind", "account", "department", *PROPOSED_FIELDS, "effective_on", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].help_text = _("开设、变更时填写下面的账号信息；关停、注销时选择账号并填写事由。")
        if "department" in self.fields:
            self.fields["department"].required = False
            self.fields["department"].help_text = _("开设新账号时选择；变更、关停、注销时为所选账号的开办单位。")

    def clean(self):
        cleaned = super().clean()
        account = cleaned.get("account")
        if account is not None:
            cleaned["department"] = self.instance.department = account.department
        elif "department" in self.fields and not cleaned.get("department") and "department" not in self.errors:
            self.add_error("department", _("请选择开办单位。"))
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed, checked by the model
        if not self.errors and self.user is not None:
            try:
                newmedia_filings.check_proposal(self.instance, by=self.user)
            except newmedia_filings.FilingError as error:
                self.add_error(None, error.message)


class FilingNoteForm(StepForm):
    """A reviewer's opinion on approving or returning a filing (required when returning)."""

    def __init__(self, *args, obj=None, step, **kwargs):
        super().__init__(*args, obj=obj, step=step, **kwargs)
        self.fields["note"].label = step.note_label or _("审核意见（可不填）")


class StatusFilter(admin.SimpleListFilter):
    title = _("审核任务")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        if request.user.has_perm(newmedia_filings.REVIEW_PERMISSION):
            return [("mine", _("待我审核"))]
        return []

    def queryset(self, request, queryset):
        return queryset.awaiting_review_by(request.user) if self.value() == "mine" else queryset


@admin.register(NewMediaFiling)
class NewMediaFilingAdmin(StepAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    form = FilingForm
    step_module = newmedia_filings
    change_form_template = "admin/step_change_form.html"
    list_display = ["__str__", "kind", "department", "status", "proposed_by", "proposed_at", "decided_at"]
    list_filter = [StatusFilter, "status", "kind", ("department", RelatedOnlyListFilter)]
    list_select_related = ["department", "account", "proposed_by"]
    search_fields = ["name", "account__name"]
    formfield_overrides = FILE_NAME_OVERRIDES
    decision_fields = ["changes_display", "status", "proposed_by", "proposed_at", "decided_by", "decided_at",
                       "decision_note"]

    @admin.display(description=_("与现登记信息相比"))
    def changes_display(self, obj):
        """For a pending change: what it would change on the account, field by field (old → new)."""
        if obj.kind != FilingKind.CHANGE or obj.account is None or obj.status != FilingStatus.PENDING:
            return "-"
        lines = []
        for name in PROPOSED_FIELDS:
            old, new = getattr(obj.account, name), getattr(obj, name)
            if name == "qr_image":
                if new:
                    lines.append("官方二维码：更换")
                continue
            if old != new:
                field = NewMediaFiling._meta.get_field(name)
                labels = dict(field.flatchoices) if field.choices else {}
                before, after = (labels.get(value, value) or "（空）" for value in (old, new))
                lines.append(f"{field.verbose_name}：{before} → {after}")
        return format_html_join("\n", "<div>{}</div>", ((line,) for line in lines)) if lines else "未作修改"

    def get_fields(self, request, obj=None):
        fields = list(self.form.Meta.fields)
        return fields + self.decision_fields if obj is not None else fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.status != FilingStatus.PENDING:
            return self.get_fields(request, obj)
        return ["kind", "account", "department", *self.decision_fields]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != FilingStatus.PENDING:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        """?kind=…&account=… from the account's page: its current details, to change what needs changing."""
        initial = super().get_changeform_initial_data(request)
        account_pk = str(initial.get("account", ""))
        account = (NewMediaAccount.objects.for_user(request.user).filter(pk=account_pk).first()
                   if account_pk.isdigit() else None)
        if account is not None:
            initial["department"] = account.department_id
            if initial.get("kind") == FilingKind.CHANGE:
                initial.update({name: getattr(account, name) for name in PROPOSED_FIELDS if name != "qr_image"})
        elif len(departments := list(self.user_departments(request)[:2])) == 1:
            initial.setdefault("department", departments[0].pk)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        try:
            newmedia_filings.propose(obj, by=request.user)
        except newmedia_filings.FilingError as error:
            self.message_user(request, error.message, messages.ERROR)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["queryset"] = self.user_departments(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(NewMediaUpdate)
class NewMediaUpdateAdmin(DepartmentScopedAdminMixin, ConfirmedImportMixin, ImportMixin, admin.ModelAdmin):
    department_path = "account__department"
    resource_classes = [NewMediaUpdateResource]
    formats = [UpdateFormat]
    list_display = ["updated_on", "account", "recorded_by", "recorded_at"]
    list_filter = [("account__department", RelatedOnlyListFilter), "account__platform"]
    list_select_related = ["account", "recorded_by"]
    search_fields = ["account__name"]
    date_hierarchy = "updated_on"
    fields = ["account", "updated_on"]

    def has_change_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "account":
            kwargs["queryset"] = NewMediaAccount.objects.public().filter(
                department__in=self.user_departments(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def import_job_resource(self, job):
        return NewMediaUpdateResource(user=job.created_by)

    def has_import_permission(self, request):
        return request.user.has_perm("catalog.add_newmediaupdate")

    unreadable_file_message = "无法读取该文件，请上传 Excel 表格（.xlsx），列名为“平台”“账号名称”“更新日期”。"
