"""Admin for search: the disclosure office edits the synonym dictionary and reads, month by month, what citizens
searched most and what found nothing."""

import datetime as dt

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from catalog.models import SearchLog, SearchSynonym
from portal.readonly_admin import ReadOnlyAdminMixin


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
    fields = ["terms"]


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: the list page is the month's report (the most searched queries and those that found nothing)."""

    list_display = ["month", "query", "searches", "empty_searches"]
    fields = ["month", "query", "searches", "empty_searches"]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        months = SearchLog.objects.months()
        month, error = _chosen_month(request.GET.get("month"), months)
        context = {
            **self.admin_site.each_context(request),
            "title": _("检索统计"),
            "opts": self.model._meta,
            "months": months,
            "month": month,
            "error": error,
            "top": list(SearchLog.objects.top(month)) if month else [],
            "without_results": list(SearchLog.objects.without_results(month)) if month else [],
        }
        return TemplateResponse(request, "admin/catalog/searchlog/report.html", context)


def _chosen_month(value: str | None, months: list[dt.date]) -> tuple[dt.date | None, str]:
    """The month asked for as ?month=YYYY-MM, or the latest one with searches (with a message when it was not
    one of them)."""
    latest = months[0] if months else None
    if not value:
        return latest, ""
    try:
        year, number = (int(part) for part in value.split("-"))
        month = dt.date(year, number, 1)
    except ValueError:
        return latest, str(_("月份格式应为“年-月”，例如 2026-03，已显示最近一个月。"))
    if month not in months:
        return latest, str(_("%(y)s年%(m)s月没有检索记录，已显示最近一个月。") % {"y": year, "m": number})
    return month, ""
