"""Admin for requests: clerks register paper requests and act through small step forms; nothing is deleted."""

import datetime as dt

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from applications import repeats, workflow
from applications.forms import RegisterForm
from applications.models import (
    SOON_WORKDAYS,
    Application,
    ApplicationEvent,
    ClockPause,
    Document,
    Notice,
    ReminderLog,
    RequestSettings,
    SuggestionDay,
    Transfer,
    WithheldPart,
)
from applications.resources import ApplicationResource
from applications.templatetags.applications_tags import application_deadline
from catalog.access import acts_for
from catalog.models import Department, Entry
from catalog.publishing import PublishingError
from catalog.scoping import DepartmentScopedAdminMixin
from portal import access_log, badges, spreadsheets
from portal.access_log import PersonalDataAdminMixin
from portal.admin_files import file_link
from portal.admin_steps import StepAdminMixin
from portal.change_records import ChangeRecordAdminMixin
from portal.readonly_admin import ReadOnlyAdminMixin, ReadOnlyInline
from portal.singleton_admin import SingletonAdminMixin

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


class LateConfirmationFilter(admin.SimpleListFilter):
    """Ordinary post confirmed with the applicant later than the day the letter arrived (Art. 31)."""

    title = _("收到确认")
    parameter_name = "confirmation"

    def lookups(self, request, model_admin):
        return [("late", _("平信确认晚于到达"))]

    def queryset(self, request, queryset):
        return queryset.confirmed_late() if self.value() == "late" else queryset


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
    fields = ["kind", "party", "started_on", "delivery", "received_on", "window_display", "ended_on", "outcome_display",
              "note"]
    readonly_fields = fields

    @admin.display(description=_("回复/缴费期限"))
    def window_display(self, pause):
        return f"{pause.answer_due_on:%Y-%m-%d}（估算，待登记对方收到日期）" if pause.answer_due_is_estimated \
            else f"{pause.answer_due_on:%Y-%m-%d}"

    @admin.display(description=_("结果"))
    def outcome_display(self, pause):
        return pause.outcome_text or "—"


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


class WithheldPartInline(ReadOnlyInline):
    model = WithheldPart
    fields = ["position", "description", "reason", "legal_basis"]
    readonly_fields = fields


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
    list_filter = [DeadlineFilter, OverdueAsOfFilter, LateConfirmationFilter, "status", "outcome", "applicant_kind",
                   "channel", "department__division__level", "receipt_mail"]
    list_select_related = ["department"]
    search_fields = ["tracking_number", "applicant_name", "phone", "description"]
    date_hierarchy = "received_on"
    list_per_page = 50
    inlines = [EventInline, PauseInline, TransferInline, DocumentInline, WithheldPartInline, NoticeInline]
    change_form_template = "admin/applications/application/change_form.html"
    readonly_fields = ["tracking_number", "status", "due_display", "deadline_explanation", "receipt_display",
                       "version"]

    fieldsets_add = [
        (_("申请人"), {"fields": ["applicant_kind", "applicant_name", "id_type", "id_number", "credit_code",
                                "legal_representative", "contact_name", "phone", "email", "address", "postcode"]}),
        (_("申请内容"), {"fields": ["department", "description", "delivery_form", "obtain_method"]}),
        (_("收到申请"), {"fields": ["channel", "submitted_on", "arrived_on", "received_on"]}),
    ]
    fieldsets_change = [
        (_("办理情况"), {"fields": ["tracking_number", "department", "status", "receipt_display", "due_display",
                                  "deadline_explanation",
                                  "extension_workdays", "extension_reason", "deferral_proposed_due_on",
                                  "deferral_reason", "deferral_approved_on", "deferral_approved_by",
                                  "correction_due_on",
                                  "correction_instructions", "corrected_on", "fee_amount", "receipt_mail_display"]}),
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

    @admin.display(description=_("回执邮件"))
    def receipt_mail_display(self, application):
        """Whether the online applicant got their tracking number by e-mail; when it failed, say what to do."""
        if not application.receipt_mail:
            return _("未发送（申请人未留电子邮箱或非网上申请）")
        shown = f"{application.get_receipt_mail_display()}（{application.receipt_mail_note}）"
        if application.receipt_mail == "failed":
            shown += "，请电话告知申请人申请编号"
        return shown

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due_display(self, application):
        return badges.render_deadline(**application_deadline(application, timezone.localdate()))

    @admin.display(description=_("期限计算"))
    def deadline_explanation(self, application):
        """The same step-by-step count the citizen's status page shows (deadlines.reckon)."""
        reckoning = application.reckoning() if application.is_open else None
        if reckoning is None:
            return "—"
        return render_to_string("applications/includes/deadline_explanation.html", {"reckoning": reckoning})

    @admin.display(description=_("收到申请日期"))
    def receipt_display(self, application):
        if application.received_on is None:
            return "待确认收到"
        text = f"{application.received_on:%Y-%m-%d}（{application.get_channel_display()}）"
        if application.arrived_on:
            text += f"；信件到达 {application.arrived_on:%Y-%m-%d}"
        if application.is_confirmed_late:
            return format_html('{}<br><strong class="errornote">确认收到晚于信件到达：平信应于到达当日与申请人确认'
                               '（《条例》第三十一条）。</strong>', text)
        return text

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
            path("repeated/", self.admin_site.admin_view(self.repeated_view), name="{}_{}_repeated".format(*info)),
            path("<path:object_id>/notices/<int:notice_id>/", self.admin_site.admin_view(self.notice_view),
                 name="{}_{}_notice".format(*info)),
        ] + super().get_urls()

    def repeated_view(self, request):
        """Information requested repeatedly (Art. 44), with a one-click draft publication under its entry."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        departments = Department.objects.for_user(request.user)
        if request.method == "POST":
            return self._draft_from_repeats(request, departments, today)
        settings = RequestSettings.current()
        may_add = request.user.has_perm("catalog.add_publication")
        rows = []
        for group in repeats.repeated_groups(departments, today=today, settings=settings):
            may_draft = may_add and acts_for(request.user, group.department) and not group.existing_drafts
            choices = repeats.entry_choices(group) if may_draft and group.entry is None else []
            rows.append({"group": group, "may_draft": may_draft and (group.entry is not None or bool(choices)),
                         "choices": choices})
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "groups": rows, "settings": settings,
            "since": repeats.window_start(today, settings) + dt.timedelta(days=1),
            "can_change_settings": request.user.has_perm("applications.change_requestsettings"),
        }
        return TemplateResponse(request, "admin/applications/application/repeated.html", context)

    def _draft_from_repeats(self, request, departments, today):
        back = reverse("admin:applications_application_repeated")
        pks = [int(pk) for pk in request.POST.get("applications", "").split(",") if pk.strip().isdigit()]
        applications = list(Application.objects.filter(pk__in=pks, department__in=departments)
                            .select_related("department"))
        entry = Entry.objects.filter(pk=request.POST.get("entry") or 0).first() \
            if (request.POST.get("entry") or "").isdigit() else None
        if entry is None or len(applications) != len(pks):
            self.message_user(request, "所选申请或公开事项不存在，请刷新页面后重试。", messages.ERROR)
            return HttpResponseRedirect(back)
        try:
            publication = repeats.draft_publication(applications, entry=entry, by=request.user, today=today)
        except PublishingError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(request, f"已在“{entry.name}”下起草“{publication.title}”，请完善后提交审核。",
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_publication_change", args=[publication.pk]))

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


@admin.register(SuggestionDay)
class SuggestionDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Requests avoided by the request form's suggestions, day by day (counts only)."""

    list_display = ["day", "followed", "submitted_after", "avoided_display"]
    date_hierarchy = "day"

    @admin.display(description=_("避免的申请"))
    def avoided_display(self, row):
        return row.avoided


@admin.register(RequestSettings)
class RequestSettingsAdmin(SingletonAdminMixin, admin.ModelAdmin):
    """One row, kept by the disclosure office: opening the list edits it."""

    fieldsets = [
        (_("答复依据"), {"fields": ["confirmation_basis"]}),
        (_("多次申请的信息（《条例》第四十四条）"), {"fields": ["repeat_threshold", "repeat_window_months",
                                                      "repeat_similarity"]}),
    ]
