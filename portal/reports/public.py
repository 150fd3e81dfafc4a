"""The public site's 政府信息公开年报: the published reports by year and organ, each printable and as .xlsx.

Every figure and text comes from the report's snapshot, so a report reads as it was published whatever changed
since (portal.reports.publishing).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog import fragments
from catalog.models import Department
from portal.pagination import paginate
from portal.reports import xlsx
from portal.reports.models import PublishedAnnualReport

PER_PAGE = 50


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        raise Http404("参数格式不正确。") from None


@fragments.anonymous_page
def report_list(request):
    """The current version of every published report, newest year first; ?year= and ?organ= narrow it."""
    reports = PublishedAnnualReport.objects.current().for_lists()
    year, organ_id = _int(request.GET.get("year")), _int(request.GET.get("organ"))
    organ = None
    if organ_id is not None:
        organ = get_object_or_404(Department.objects.only("name"), pk=organ_id)
        reports = reports.filter(organ=organ)
    if year is not None:
        reports = reports.filter(year=year)
    years = (PublishedAnnualReport.objects.current().order_by("-year").values_list("year", flat=True).distinct())
    return render(request, "reports/public_list.html", {
        "page": paginate(request, reports, PER_PAGE), "years": list(years), "year": year, "organ": organ,
    })


def _report(pk) -> PublishedAnnualReport:
    return get_object_or_404(
        PublishedAnnualReport.objects.select_related("organ", "organ__division", "supersedes", "superseded_by"),
        pk=pk,
    )


@fragments.anonymous_page
def report_detail(request, pk):
    report = _report(pk)
    return render(request, "reports/public_report.html", {"published": report, "data": report.snapshot})


def signature(report: PublishedAnnualReport) -> str:
    """The printed report's last lines: the organ's full name and the publication date."""
    published_on = timezone.localdate(report.published_at)
    return f"{report.organ_name}\n{published_on.year}年{published_on.month}月{published_on.day}日发布"


def report_xlsx(request, pk):
    report = _report(pk)
    response = HttpResponse(xlsx.annual_workbook(report.snapshot, signature=signature(report)),
                            content_type=xlsx.XLSX_TYPE)
    filename = f"annual-report-{report.organ.code or report.organ.pk}-{report.year}-v{report.version}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


SEARCH_HITS = 5
#: What people type for the reports, as the titles spell it.
SEARCH_SYNONYMS = {"年报": "年度报告"}


def matching_reports(terms) -> list[PublishedAnnualReport]:
    """For the search page: the current published reports whose title holds every term (one query, or none)."""
    terms = [SEARCH_SYNONYMS.get(term, term) for term in terms or [] if term]
    if not terms:
        return []
    reports = PublishedAnnualReport.objects.current().for_lists()
    for term in terms:
        reports = reports.filter(title__icontains=term)
    return list(reports[:SEARCH_HITS])
