"""Admin for the working-day calendar: overrides, confirmed years, and a year shown as a calendar."""

import calendar as month_calendar
import datetime as dt

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from portal import audit, change_records, workdays
from portal.models import AuditLog, CalendarOverride, CalendarYear, ImportJob, PersonalDataAccess, SiteInfo
from portal.people import display_name
from portal.readonly_admin import ReadOnlyAdminMixin
from portal.security import LockoutAdminAuthenticationForm
from portal.singleton_admin import SingletonAdminMixin

User = get_user_model()
SUMMARY_CHARS = 120

admin.site.site_header = _("基层政务公开平台 管理后台")
admin.site.site_title = _("政务公开管理后台")
admin.site.index_title = _("工作台")


def year_months(year: int) -> list[dict]:
    """Twelve months of `year` as weeks of day cells, each marked workday / rest / holiday / make-up."""
    schedule = workdays.calendar.schedule(year)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                is_work = schedule.is_workday(day)
                if is_work and day.weekday() >= 5:
                    kind = "makeup"
                elif not is_work and day.weekday() < 5:
                    kind = "holiday"
                else:
                    kind = "work" if is_work else "rest"
                cells.append({"day": day, "kind": kind})
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday", ("date", admin.DateFieldListFilter)]
    search_fields = ["note"]
    date_hierarchy = "date"

    def get_urls(self):
        view = self.admin_site.admin_view(self.year_view)
        return [
            path("calendar/", view, name="portal_calendar"),
            path("calendar/<int:year>/", view, name="portal_calendar_year"),
        ] + super().get_urls()

    def year_view(self, request, year=None):
        if not self.has_view_permission(request):
            raise Http404
        year = year or timezone.localdate().year
        if not 1990 <= year <= 2100:
            raise Http404
        schedule = workdays.calendar.schedule(year)
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(year)s年工作日历") % {"year": year},
            "year": year,
            "months": year_months(year),
            "is_provisional": schedule.is_provisional,
            "workday_count": workdays.workdays_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)),
            "previous_year": year - 1,
            "next_year": year + 1,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/portal/calendar_year.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "is_confirmed", "confirmed_by", "confirmed_at", "note"]
    readonly_fields = ["confirmed_by", "confirmed_at"]
    actions = ["confirm_years"]

    def save_model(self, request, obj, form, change):
        if obj.is_confirmed and obj.confirmed_at is None:
            obj.confirmed_at = timezone.now()
            obj.confirmed_by = request.user
        elif not obj.is_confirmed:
            obj.confirmed_at = obj.confirmed_by = None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("确认所选年份的节假日安排已录入"), permissions=["change"])
    def confirm_years(self, request, queryset):
        unconfirmed = list(queryset.filter(is_confirmed=False))
        now = timezone.now()
        for year in unconfirmed:
            # Saved one by one, so that the due dates computed across the year are recomputed (portal.signals).
            year.is_confirmed, year.confirmed_at, year.confirmed_by = True, now, request.user
            year.save(update_fields=["is_confirmed", "confirmed_at", "confirmed_by"])
            audit.record(request.user, year, "确认节假日安排已录入")
        count = len(unconfirmed)
        calendar_url = reverse("admin:portal_calendar")
        self.message_user(request, _("已确认 %(n)s 个年份。日历见 %(url)s") % {"n": count, "url": calendar_url},
                          messages.SUCCESS)


admin.site.login_form = LockoutAdminAuthenticationForm


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "event", "username", "user", "ip_hash"]
    list_filter = ["event", ("at", admin.DateFieldListFilter)]
    search_fields = ["username"]
    date_hierarchy = "at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Background Excel imports, for the system administrator (a clerk follows their own from its progress page)."""

    list_display = ["created_at", "file_name", "model", "created_by", "status", "total_rows", "rows_checked",
                    "rows_written", "error_count", "updated_at"]
    list_filter = ["status", "model"]
    search_fields = ["file_name"]
    exclude = ["data", "options", "format_index", "task_id"]
    list_select_related = ["created_by"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The admin's own record of every add, change and delete, readable by supervisors, never editable.

    Django stores a form's changes as JSON; the list and the record show them as lines, with the old and new
    value of each field that a `ChangeRecordAdminMixin` admin changed (`portal.change_records.describe`), and the
    person by their 姓名.
    """

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "summary"]
    list_filter = ["action_flag", "content_type", ("action_time", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "change_message", "user__username", "user__first_name"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]
    fields = ["action_time", "user", "content_type", "object_repr", "action_flag", "description"]
    readonly_fields = fields

    @admin.display(description=_("操作内容"))
    def description(self, entry):
        return format_html_join("", "<div>{}</div>", ((line,) for line in change_records.describe(entry)))

    @admin.display(description=_("操作内容"))
    def summary(self, entry):
        """The list's column: each line cut to a readable length (an answer may run to pages); the record has all."""
        lines = change_records.describe(entry)
        return format_html_join("", "<div>{}</div>", ((Truncator(line).chars(SUMMARY_CHARS),) for line in lines))


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who looked at citizens' personal data (portal.access_log): read by supervisors, changed and deleted by nobody,
    superusers included. Clerks and reviewers have no view permission on it."""

    list_display = ["at", "user", "username", "kind", "content_type", "object_repr", "count", "place", "address"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter), "content_type",
                   ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "user__first_name", "object_repr"]
    date_hierarchy = "at"
    list_select_related = ["user", "content_type"]
    show_full_result_count = False
    fields = ["at", "user", "username", "kind", "content_type", "object_id", "object_repr", "count", "place",
              "address"]
    readonly_fields = fields

    def get_actions(self, request):
        return {}


class StaffUserAdmin(UserAdmin):
    """Accounts with their 姓名 (kept in `first_name`, see portal.people) instead of Django's first/last name."""

    list_display = ["username", "name", "email", "is_staff", "is_active"]
    search_fields = ["username", "first_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("个人信息"), {"fields": ["first_name", "email"]}),
        (_("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("重要日期"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "first_name", "usable_password", "password1",
                                                 "password2"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "first_name" and field is not None:
            field.label = _("姓名")
        return field

    @admin.display(description=_("姓名"), ordering="first_name")
    def name(self, user):
        return display_name(user)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


@admin.register(SiteInfo)
class SiteInfoAdmin(SingletonAdminMixin, admin.ModelAdmin):
    """One row: the footer's organiser, contact and record numbers; opening the list edits it."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    fieldsets = [
        (_("主办与联系"), {"fields": ["organiser", "undertaker", "address", "postcode", "phone", "email"]}),
        (_("标识与备案"), {"fields": ["site_code", "icp_number", "police_number", "conac_url"]}),
        (_("演示"), {"fields": ["is_demo"]}),
    ]
