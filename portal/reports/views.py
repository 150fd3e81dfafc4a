"""Supervisors' pages: the dashboard, the quarterly assessment sheet and the annual report, each also as .xlsx."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from catalog.roles import is_supervisor
from portal.reports import annual, assessment, dashboard, publishing, website, xlsx
from portal.reports.scope import Period, ReportScopeError, government, governments


def supervisor_required(view):
    """Supervisors and superusers only: others are sent to log in, or refused when logged in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not is_supervisor(request.user):
            raise PermissionDenied("仅督查员可以查看考核和年度报告。")
        return view(request, *args, **kwargs)

    return wrapped


def _scope(request, *, quarterly: bool):
    """The government and period the query string asks for; today's quarter (or last year) by default."""
    today = timezone.localdate()
    params = request.GET
    try:
        division = government(params.get("government"))
        if quarterly:
            default = Period.quarter_of(today)
            period = Period.parse(params.get("year") or default.year, params.get("quarter") or default.quarter)
        else:
            period = Period.parse(params.get("year") or today.year - 1)
    except ReportScopeError as error:
        raise Http404(str(error)) from None
    return division, period, today


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _choices(period: Period, today) -> dict:
    return {
        "governments": list(governments()),
        "years": list(range(today.year, today.year - 6, -1)),
        "quarters": [(q, f"第{'一二三四'[q - 1]}季度") for q in (1, 2, 3, 4)],
    }


@supervisor_required
def dashboard_view(request):
    today = timezone.localdate()
    report_year, unpublished = publishing.unpublished(today)
    return render(request, "reports/dashboard.html", {
        "charts": dashboard.build(today), "today": today, "report_year": report_year, "unpublished": unpublished,
        "alarms": dashboard.unowned_alarm(), "avoided": dashboard.requests_avoided(today),
    })


@supervisor_required
def assessment_view(request):
    division, period, today = _scope(request, quarterly=True)
    sheet = assessment.build(division, period, today)
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir") == "desc"
    rows = sheet.sorted_rows(sort, descending) if sort in assessment.SORT_KEYS else sheet.rows
    query = {"government": division.pk, "year": period.year, "quarter": period.quarter}
    headers = [{"key": key, "label": label, "explanation": explanation,
                "sorted": key == sort, "next_dir": "asc" if key == sort and descending else "desc"}
               for key, label, explanation in assessment.COLUMNS]
    return render(request, "reports/assessment.html", {
        "sheet": sheet, "rows": rows, "headers": headers, "query": query, "sort": sort,
        "department_dir": "desc" if sort == "department" and not descending else "asc",
        "rule_weights": [(label, getattr(sheet.rule, name)) for name, _key, label in sheet.rule.COMPONENTS],
        "descending": descending, "title": xlsx.assessment_title(sheet), **_choices(period, today),
    })


@supervisor_required
def assessment_xlsx(request):
    division, period, today = _scope(request, quarterly=True)
    sheet = assessment.build(division, period, today)
    return _download(xlsx.assessment_workbook(sheet), f"{xlsx.assessment_title(sheet)}.xlsx")


@supervisor_required
def annual_view(request):
    division, period, today = _scope(request, quarterly=False)
    report = annual.build(division, period.year, today)
    return render(request, "reports/annual.html", {
        "report": report, "data": annual.snapshot(report),
        "query": {"government": division.pk, "year": period.year}, **_choices(period, today),
    })


@supervisor_required
def annual_xlsx(request):
    division, period, today = _scope(request, quarterly=False)
    report = annual.build(division, period.year, today)
    content = xlsx.annual_workbook(annual.snapshot(report), checks=report.requests.checks)
    return _download(content, f"{report.title}.xlsx")


def _website_year(request, today) -> int:
    try:
        return Period.parse(request.GET.get("year") or today.year - 1).year
    except ReportScopeError as error:
        raise Http404(str(error)) from None


@supervisor_required
def website_view(request):
    """政府网站工作年度报表: what the portal counts, what the office entered, and what is still 未填."""
    today = timezone.localdate()
    year = _website_year(request, today)
    return render(request, "reports/website.html", {
        "report": website.build(year), "query": {"year": year},
        "years": list(range(today.year, today.year - 6, -1)),
    })


@supervisor_required
def website_xlsx(request):
    year = _website_year(request, timezone.localdate())
    report = website.build(year)
    return _download(xlsx.website_workbook(report), f"{year}年政府网站工作年度报表.xlsx")
