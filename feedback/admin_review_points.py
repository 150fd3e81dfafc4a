"""Admin for the catalogue's review points (查阅点), their photos and daily visit logs, and the visits report."""

import datetime as dt

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.admin_map import PointForm
from catalog.models import ReviewPoint, ReviewPointPhoto, ReviewPointVisit
from catalog.scoping import DepartmentScopedAdminMixin
from feedback.reports import visitors_per_day
from portal.admin_files import FILE_NAME_OVERRIDES

#: Longest period the visits report shows at once, in days.
MAX_REPORT_DAYS = 92


class ReviewPointPhotoInline(admin.TabularInline):
    model = ReviewPointPhoto
    fields = ["image", "caption", "order"]
    extra = 0
    formfield_overrides = FILE_NAME_OVERRIDES


@admin.register(ReviewPoint)
class ReviewPointAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    form = PointForm
    list_display = ["name", "division", "department", "contact_person", "contact_phone", "is_active"]
    list_filter = ["division__level", "is_active"]
    search_fields = ["name", "address"]
    list_select_related = ["division", "department"]
    autocomplete_fields = ["division"]
    inlines = [ReviewPointPhotoInline]
    fieldsets = [
        (None, {"fields": ["name", "division", "department", "address", "opening_hours", "is_active", "order"]}),
        (_("联系人"), {"fields": ["contact_person", "contact_phone"]}),
        (_("位置与设施"), {"fields": ["longitude", "latitude", "coordinate_system", "facilities", "description"]}),
    ]


@admin.register(ReviewPointVisit)
class ReviewPointVisitAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_path = "point__department"
    change_list_template = "admin/feedback/reviewpointvisit_change_list.html"
    list_display = ["point", "visited_on", "visitors", "enquiries", "recorded_by", "note"]
    list_filter = ["point__division__level", ("visited_on", admin.DateFieldListFilter)]
    list_select_related = ["point", "recorded_by"]
    search_fields = ["point__name"]
    date_hierarchy = "visited_on"
    fields = ["point", "visited_on", "visitors", "enquiries", "note"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("visited_on", timezone.localdate())
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("per-day/", self.admin_site.admin_view(self.per_day_view), name="feedback_visits_per_day"),
        ] + super().get_urls()

    def per_day_view(self, request):
        """Visitors per day per review point over a period (default: the last 30 days)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        end, start, error = _period(request.GET)
        points = ReviewPoint.objects.for_user(request.user).order_by("division__tree_id", "division__lft", "id")
        rows = visitors_per_day(start, end, points=points)
        context = {
            **self.admin_site.each_context(request),
            "title": _("查阅点每日来访统计"),
            "opts": self.model._meta,
            "start": start,
            "end": end,
            "error": error,
            "rows": rows,
            "days": [day for day, _visitors, _enquiries in rows[0].days] if rows else [],
        }
        return TemplateResponse(request, "admin/feedback/visits_per_day.html", context)


def _period(params) -> tuple[dt.date, dt.date, str]:
    """(end, start, error) from ?start=YYYY-MM-DD&end=YYYY-MM-DD; bad input falls back to the last 30 days."""
    today = timezone.localdate()
    end, start, error = today, today - dt.timedelta(days=29), ""
    try:
        if params.get("end"):
            end = dt.date.fromisoformat(params["end"])
        start = dt.date.fromisoformat(params["start"]) if params.get("start") else end - dt.timedelta(days=29)
    except ValueError:
        return today, today - dt.timedelta(days=29), str(_("日期格式应为 YYYY-MM-DD，已显示最近30天。"))
    if start > end or (end - start).days >= MAX_REPORT_DAYS:
        return today, today - dt.timedelta(days=29), str(
            _("统计期间应为1至%(n)s天，已显示最近30天。") % {"n": MAX_REPORT_DAYS}
        )
    return end, start, error
