"""Admin for requests: clerks register paper requests and act through small step forms; nothing is deleted."""

import datetime as dt

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from applications import workflow
from applications.forms import RegisterForm
from applications.models import (
    SOON_WORKDAYS,
    Application,
    ApplicationEvent,
    ClockPause,
    Document,
    Notice,
    ReminderLog,
    Transfer,
)
from applications.resources import ApplicationResource
from applications.templatetags.applications_tags import application_deadline
from catalog.scoping import DepartmentScopedAdminMixin
from portal import access_log, badges, spreadsheets
from portal.access_log import PersonalDataAdminMixin
from portal.admin_files import file_link
from portal.admin_steps import StepAdminMixin
from portal.change_records import ChangeRecordAdminMixin
from portal.readonly_admin import ReadOnlyAdminMixin, ReadOnlyInline

CONTACT_FIELDS = ["contact_name", "phone", "email", "address", "postcode"]


class DeadlineFilter(admin.SimpleListFilter):
    title = _("期限")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("已逾期")),
            ("soon", _(f"{SOON_WORKDAYS}个工作日内到期")),
            ("normal", _("期限正常")),
            ("paused", _("暂停计时")),
            ("provisional", _("期限暂定")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.overdue(on=today)
        if value == "soon":
            return queryset.due_within(SOON_WORKDAYS, on=today)
        if value == "normal":
            return queryset.not_due_soon(SOON_WORKDAYS, on=today)
        if value == "paused":
            return queryset.paused()
        if value == "provisional":
            return queryset.open().filter(due_is_provisional=True)
        return queryset


class OverdueAsOfFilter(admin.SimpleListFilter):
    """Requests overdue at the end of a day (?overdue_on=YYYY-MM-DD); the assessment's overdue figure links here."""

    title = _("截至某日逾期")
    parameter_name = "overdue_on"

    def lookups(self, request, model_admin):
        today = timezone.localdate().isoformat()
        chosen = self.value()
        choices = [(today, _("截至今日已逾期"))]
        if chosen and chosen != today:
            choices.append((chosen, _("截至%(day)s已逾期") % {"day": chosen}))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = dt.date.fromisoformat(self.value())
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        return queryset.overdue_as_of(day, today=timezone.localdate())


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["on", "kind", "status_before", "status_after", "actor", "note", "at"]
    readonly_fields = fields
    verbose_name_plural = _("办理记录（时间线）")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class PauseInline(ReadOnlyInline):
    model = ClockPause
    fields = ["kind", "party", "started_on", "answer_due_on", "ended_on", "note"]
    readonly_fields = fields


class TransferInline(ReadOnlyInline):
    model = Transfer
    fk_name = "application"
    fields = ["on", "from_department", "to_department", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_department", "to_department", "by")


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "file_name", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("文件"))
    def file_name(self, document):
        return file_link(document.file, document.download_name)


class NoticeInline(ReadOnlyInline):
    model = Notice
    fields = ["title", "number", "issued_on", "print_link"]
    readonly_fields = fields

    @admin.display(description=_("打印"))
    def print_link(self, notice):
        url = reverse("admin:applications_application_notice", args=[notice.application_id, notice.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">打印预览</a>', url)


@admin.register(Application)
class ApplicationAdmin(PersonalDataAdminMixin, ChangeRecordAdminMixin, StepAdminMixin, DepartmentScopedAdminMixin,
                       spreadsheets.ExportFileNameMixin, ExportMixin, admin.ModelAdmin):
    """Requests carry the applicant's personal data: opening one, the list (which names the applicants), the
    register's export and a printed notice each leave a row on the personal-data access log."""

    step_module = workflow
    personal_data_in_list = True
    resource_classes = [ApplicationResource]
    formats = [spreadsheets.XLSX, spreadsheets.CSV]
    list_display = ["tracking_number", "applicant_name", "department", "channel", "received_on", "status",
                    "due_display", "outcome"]
    list_filter = [DeadlineFilter, OverdueAsOfFilter, "status", "outcome", "applicant_kind", "channel",
                   "department__division__level"]
    list_select_related = ["department"]
    search_fields = ["tracking_number", "applicant_name", "phone", "description"]
    date_hierarchy = "received_on"
    list_per_page = 50
    inlines = [EventInline, PauseInline, TransferInline, DocumentInline, NoticeInline]
    change_form_template = "admin/applications/application/change_form.html"
    readonly_fields = ["tracking_number", "status", "due_display", "version"]

    fieldsets_add = [
        (_("申请人"), {"fields": ["applicant_kind", "applicant_name", "id_type", "id_number", "credit_code",
                                "legal_representative", "contact_name", "phone", "email", "address", "postcode"]}),
        (_("申请内容"), {"fields": ["department", "description", "delivery_form", "obtain_method"]}),
        (_("收到申请"), {"fields": ["channel", "submitted_on", "received_on"]}),
    ]
    fieldsets_change = [
        (_("办理情况"), {"fields": ["tracking_number", "department", "status", "received_on", "due_display",
                                  "extension_workdays", "extension_reason", "correction_due_on",
                                  "correction_instructions", "corrected_on", "fee_amount"]}),
        (_("申请人"), {"fields": ["applicant_kind", "applicant_name", "id_type", "id_number", "credit_code",
                                "legal_representative", "contact_name", "phone", "email", "address", "postcode"]}),
        (_("申请内容"), {"fields": ["description", "delivery_form", "obtain_method", "channel", "submitted_on"]}),
        (_("答复"), {"fields": ["replied_on", "outcome", "reason", "legal_basis", "reply_text", "delivered_by",
                              "concluded_on"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets_add if obj is None else self.fieldsets_change

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = RegisterForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = set(CONTACT_FIELDS)
        return [field for fieldset in self.fieldsets_change for field in fieldset[1]["fields"]
                if field not in editable]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due_display(self, application):
        return badges.render_deadline(**application_deadline(application, timezone.localdate()))

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        workflow.register(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_step_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/notices/<int:notice_id>/", self.admin_site.admin_view(self.notice_view),
                 name="{}_{}_notice".format(*info)),
        ] + super().get_urls()

    def has_export_permission(self, request):
        return request.user.has_perm("applications.view_application")

    def get_export_filename(self, request, queryset, file_format):
        return f"依申请公开登记台账.{file_format.get_extension()}"

    def notice_view(self, request, object_id, notice_id):
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        notice = get_object_or_404(Notice, pk=notice_id, application=application)
        access_log.record(request, access_log.Kind.PRINT, obj=application, place=f"打印{notice.title}")
        return TemplateResponse(request, "applications/notice_print.html", {"notice": notice})


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    """Clerks see their departments' digests; the county-wide digest (no department) only supervisors."""

    list_display = ["sent_on", "department", "due_soon_count", "overdue_count", "recipients"]
    list_filter = ["sent_on"]
    list_select_related = ["department"]
