"""Admin for what supervisors enter (rules, annual report inputs) and the plain export of assessment rows."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from catalog.roles import sees_all_departments
from portal import spreadsheets
from portal.admin_steps import StepAdminMixin
from portal.readonly_admin import ReadOnlyAdminMixin
from portal.reports import assessment, publishing
from portal.reports.models import (
    AnnualReportInput,
    AssessmentRule,
    PublishedAnnualReport,
    ReviewCase,
    WebsiteYearInput,
)
from portal.reports.resources import AssessmentRowResource
from portal.reports.scope import Period, governments

EXPORT_FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


class ExportRowsForm(forms.Form):
    government = forms.ModelChoiceField(label=_("政府"), queryset=governments(), empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)])
    file_format = forms.ChoiceField(label=_("格式"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")])


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(admin.ModelAdmin):
    list_display = ["year", "weight_coverage", "weight_freshness", "weight_timeliness", "weight_requests",
                    "weight_satisfaction", "weight_callbacks", "weight_rectification", "weight_messages",
                    "weight_issues", "overdue_penalty", "green_min", "yellow_min", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "note"]}),
        (_("权重（合计100）"), {"fields": [name for name, _key, _label in AssessmentRule.COMPONENTS]}),
        (_("扣分和等次"), {"fields": ["overdue_penalty", "green_min", "yellow_min"]}),
    ]

    def get_urls(self):
        return [path("export-rows/", self.admin_site.admin_view(self.export_rows), name="reports_assessment_rows")
                ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_rows_url": reverse("admin:reports_assessment_rows"),
                         "sheet_url": reverse("reports:assessment")}
        return super().changelist_view(request, extra_context)

    def export_rows(self, request):
        """The sheet's plain rows through import-export, for administrators (superusers)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        today = timezone.localdate()
        current = Period.quarter_of(today)
        form = ExportRowsForm(request.GET or None, initial={"year": current.year, "quarter": current.quarter})
        if form.is_valid():
            period = Period(form.cleaned_data["year"], form.cleaned_data["quarter"])
            sheet = assessment.build(form.cleaned_data["government"], period, today)
            dataset = AssessmentRowResource().export(sheet.rows)
            file_format = form.cleaned_data["file_format"]
            title = f"{sheet.government.name}{period.year}年第{period.quarter}季度考核明细"
            if file_format == "xlsx":
                content = spreadsheets.dataset_workbook(dataset, title)
            else:
                content = spreadsheets.dataset_csv(dataset)
            response = HttpResponse(content, content_type=EXPORT_FORMATS[file_format])
            filename = f"{title}.{file_format}"
            response["Content-Disposition"] = content_disposition_header(True, filename)
            return response
        context = {**self.admin_site.each_context(request), "title": _("导出考核明细"), "form": form,
                   "opts": self.model._meta}
        return TemplateResponse(request, "admin/reports/assessment_rows.html", context)


class ReviewCaseInline(admin.TabularInline):
    model = ReviewCase
    extra = 1


@admin.register(AnnualReportInput)
class AnnualReportInputAdmin(StepAdminMixin, admin.ModelAdmin):
    """Supervisors enter the inputs; a reviewer of the organ publishes the report from here (publishing.py)."""

    step_module = publishing
    change_form_template = "admin/step_change_form.html"
    list_display = ["year", "division", "department", "licensing_decisions", "penalty_decisions",
                    "coercion_decisions", "fee_amount", "report_link", "updated_at"]
    list_filter = ["year", "division"]
    list_select_related = ["division", "department"]
    inlines = [ReviewCaseInline]
    fieldsets = [
        (None, {"fields": ["year", "division", "department"]}),
        (_("二、主动公开（无法从系统统计的数字）"), {"fields": [
            "licensing_decisions", "penalty_decisions", "coercion_decisions", "fee_amount"]}),
        (_("报告正文"), {"fields": ["overview", "problems", "other_matters"]}),
    ]

    def get_queryset(self, request):
        """Supervisors see every organ's inputs; a reviewer those of the organs they act for."""
        queryset = super().get_queryset(request)
        if sees_all_departments(request.user):
            return queryset
        acted = Department.objects.acted_for_by(request.user)
        offices = acted.filter(is_disclosure_office=True).values("division")
        return queryset.filter(Q(department__in=acted.values("pk")) | Q(department__isnull=True, division__in=offices))

    @admin.display(description=_("年度报告"))
    def report_link(self, obj):
        if obj.department_id:
            return "—"
        url = reverse("reports:annual") + f"?government={obj.division_id}&year={obj.year}"
        return format_html('<a href="{}">查看</a>', url)


@admin.register(PublishedAnnualReport)
class PublishedAnnualReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organ", "year", "version", "published_at", "published_by", "public_link"]
    list_filter = ["year"]
    list_select_related = ["organ", "published_by"]
    fields = ["organ", "year", "version", "title", "organ_name", "published_at", "published_by",
              "supersedes", "correction_note"]

    @admin.display(description=_("公开页面"))
    def public_link(self, obj):
        return format_html('<a href="{}">查看</a>', obj.get_absolute_url())


@admin.register(WebsiteYearInput)
class WebsiteYearInputAdmin(admin.ModelAdmin):
    """What the portal cannot count for the website's annual statistics; the report itself is computed
    (督查报表 → 网站年度报表)."""

    list_display = ["year", "unique_visitors", "page_views", "filled_by", "filled_on", "report_link", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (_("网站基本信息"), {"fields": ["year", "site_type", "home_url", "unique_visitors", "page_views"],
                        "description": _("网站名称、主办单位、标识码和备案号取自“网站信息”设置。")}),
        (_("信息发布与专栏"), {"fields": ["overview_updates", "news_updates", "columns_maintained", "columns_opened"],
                         "description": _("信息公开目录信息更新量由平台自动统计。")}),
        (_("解读回应"), {"fields": ["interpretation_products", "media_commentaries", "hot_topic_responses"],
                     "description": _("解读材料数量由平台按本年发布的政策解读自动统计。")}),
        (_("办事服务"), {"fields": ["service_catalogue", "registered_users", "service_items", "online_service_items",
                                 "cases_total", "cases_persons", "cases_organisations"]}),
        (_("互动交流"), {"fields": ["unified_platform", "consultations_held", "consultation_opinions",
                                 "consultation_results", "interviews", "interview_questions", "interview_answers",
                                 "smart_qa"],
                      "description": _("留言办理的各项数字由平台自动统计。")}),
        (_("安全防护"), {"fields": ["security_checks", "security_findings", "security_fixed", "security_monitoring",
                                 "emergency_drills", "security_owner"]}),
        (_("移动新媒体"), {"fields": ["new_media", "weibo_name", "weibo_posts", "weibo_followers", "wechat_name",
                                  "wechat_posts", "wechat_subscribers", "other_new_media"]}),
        (_("创新发展"), {"fields": ["search_as_service", "multilingual", "personalised", "other_innovation"]}),
        (_("填报信息"), {"fields": ["head", "reviewer", "filled_by", "contact_phone", "filled_on"]}),
    ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", timezone.localdate().year - 1)
        return initial

    @admin.display(description=_("报表"))
    def report_link(self, obj):
        return format_html('<a href="{}?year={}">查看报表</a>', reverse("reports:website"), obj.year)
