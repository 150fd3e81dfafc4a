"""Public pages of 随手拍: report a problem, follow it with the code and phone digits, rate the handling, and the
public board of reports staff approved (never a name or a phone).

The citizen's pages carry their report and its photos: never stored by a browser or proxy (`never_cache`). The
board is an anonymous, cacheable list with a constant number of queries.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import Division
from feedback import snapshots
from feedback.errors import FeedbackError
from feedback.models import IssueEvent, IssueEventKind, IssuePhoto, IssueReport, IssueStatus
from feedback.snapshot_forms import RateForm, ReportForm, TrackForm
from portal import idempotency, ratelimit, tracking
from portal.pagination import paginate
from portal.uploads import FILE_CONTENT_SECURITY_POLICY

HOUR = 3600
BOARD_PER_PAGE = 10
SCOPE = "issue_reports"
NOT_FOUND_MESSAGE = "未找到与该查询码和联系电话后四位相符的随手拍，请核对后重试。"
#: The steps the citizen's page lists: what was done, never who inside the office did it.
CITIZEN_EVENTS = (IssueEventKind.SUBMIT, IssueEventKind.DISPATCH, IssueEventKind.TRANSFER, IssueEventKind.RETURN,
                  IssueEventKind.REJECT, IssueEventKind.REPLY, IssueEventKind.RATE)


def normalise_code(value: str) -> str:
    return tracking.normalise(value)


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    """The report form. The same form posted again (same submission key, the first answer lost) leads to the report
    already stored, once the phone number matches: the key alone is in the page and proves nothing."""
    form = ReportForm(request.POST or None, request.FILES or None)
    status = 200
    refused = ""
    if request.method == "POST":
        earlier = idempotency.find(IssueReport, form.posted_key())
        if earlier is not None and tracking.phone_last4(request.POST.get("phone", "")) == tracking.phone_last4(
                earlier.phone):
            return _submitted(request, earlier)
        status = 400
        if earlier is not None:
            form = ReportForm(_with_fresh_key(request.POST))
            form.is_valid()
            form.add_error(None, "该表单已经提交过。如需反映新的问题，请核对后重新提交本页。")
        elif form.is_valid() and form.is_spam:
            return redirect("snapshots:board")
        elif form.is_valid():
            if not ratelimit.take_client(request, "issue-report", settings.ISSUE_REPORTS_PER_HOUR, HOUR):
                refused, status = "您提交随手拍过于频繁，请一小时后再试。您填写的内容已保留，照片需重新选择。", 429
            else:
                data = form.cleaned_data
                try:
                    report, created = idempotency.create_once(IssueReport, data["submission_key"], lambda key: (
                        snapshots.submit(
                            category=data["category"], division=data["division"], body=data["body"],
                            phone=data["phone"], photos=data["photos"], location=data["location"],
                            name=data["name"], wants_public=data["wants_public"],
                            ip_hash=ratelimit.ip_hash(request), submission_key=key)))
                except FeedbackError as error:
                    ratelimit.give_back_client(request, "issue-report")
                    refused = error.message
                else:
                    if not created:
                        ratelimit.give_back_client(request, "issue-report")
                    return _submitted(request, report)
    return render(request, "feedback/snapshots/new.html", {"form": form, "refused": refused}, status=status)


def _with_fresh_key(data):
    data = data.copy()
    data[idempotency.FIELD_NAME] = idempotency.new_key()
    return data


def _submitted(request, report):
    tracking.mark_verified(request, SCOPE, report.tracking_number)
    messages.success(request, f"提交成功。您的查询码是 {report.tracking_number}，"
                              "请记下它，凭查询码和电话后四位查看办理情况。")
    return redirect("snapshots:detail", code=report.tracking_number)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Code + last four digits of the phone (portal.tracking): wrong guesses are limited per client and per code."""
    form = TrackForm(request.POST or None, initial={"tracking_number": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["tracking_number"])
        lookup = tracking.check_guess(
            request, "issue-lookup-fail", SCOPE, code, form.cleaned_data["phone_last4"],
            lambda value: IssueReport.objects.filter(tracking_number=value).values_list("phone", flat=True).first())
        if lookup.is_limited:
            form.add_error(None, "查询失败次数过多，请一小时后再试。")
            status = 429
        elif lookup.is_found:
            return redirect("snapshots:detail", code=code)
        else:
            form.add_error(None, NOT_FOUND_MESSAGE)
            status = 400
    return render(request, "feedback/snapshots/track.html", {"form": form}, status=status)


def _verified_report(request, code) -> IssueReport | None:
    code = normalise_code(code)
    if not tracking.is_verified(request, SCOPE, code):
        return None
    return get_object_or_404(
        IssueReport.objects.select_related("category", "division", "division__parent", "department", "rating"),
        tracking_number=code)


def _detail_context(report, rate_form):
    events = (report.events.filter(kind__in=CITIZEN_EVENTS).select_related("to_department")
              .only("at", "kind", "to_department__name", "due_on", "note", "report_id"))
    return {
        "report": report,
        "events": [_citizen_event(event) for event in events],
        "photos": list(report.photos.all()),
        "rate_form": rate_form if report.status == IssueStatus.REPLIED else None,
        "deadline": report.deadline_badge(),
    }


def _citizen_event(event: IssueEvent) -> dict:
    """What the citizen reads of a step: the staff's internal notes only where they are meant for the citizen."""
    shown_note = event.kind in (IssueEventKind.REJECT, IssueEventKind.RATE)
    return {"at": event.at, "label": event.get_kind_display(), "department": event.to_department,
            "due_on": event.due_on if event.kind == IssueEventKind.DISPATCH else None,
            "note": event.note if shown_note else ""}


@never_cache
@require_GET
def detail(request, code):
    report = _verified_report(request, code)
    if report is None:
        return redirect(f"{reverse('snapshots:track')}?code={normalise_code(code)}")
    return render(request, "feedback/snapshots/detail.html", _detail_context(report, RateForm()))


@never_cache
@require_POST
def rate(request, code):
    report = _verified_report(request, code)
    if report is None:
        return redirect(f"{reverse('snapshots:track')}?code={normalise_code(code)}")
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            snapshots.rate(report, level=form.cleaned_data["level"], comment=form.cleaned_data["comment"],
                           ip_hash=ratelimit.ip_hash(request))
        except FeedbackError as error:
            messages.error(request, error.message)
        else:
            report.refresh_from_db()
            if report.rating.is_bad:
                days = settings.CALLBACK_DUE_WORKDAYS
                messages.success(request, f"感谢您的评价！我们将在{days}个工作日内与您电话联系，核实并整改。")
            else:
                messages.success(request, "感谢您的评价！")
        return redirect("snapshots:detail", code=report.tracking_number)
    return render(request, "feedback/snapshots/detail.html", _detail_context(report, form), status=400)


@never_cache
@require_GET
def photo(request, code, pk):
    """A photo of the citizen's own report, to the browser that proved it holds the code."""
    report = _verified_report(request, code)
    if report is None:
        raise Http404("找不到该照片。")
    item = get_object_or_404(IssuePhoto, pk=pk, report=report)
    try:
        handle = item.image.open("rb")
    except (OSError, ValueError) as error:
        raise Http404("找不到该照片。") from error
    response = FileResponse(handle)
    response.headers["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def board(request):
    """The public board: approved reports, newest first, with the figures by township. Never a name or phone."""
    townships = list(Division.objects.townships().order_by("tree_id", "lft").only("pk", "name", "code"))
    township = next((item for item in townships if item.code == request.GET.get("township")), None)
    reports = (
        IssueReport.objects.public()
        .select_related("category", "division", "division__parent", "department")
        .only("pk", "status", "created_at", "replied_at", "public_body", "public_reply", "location",
              "category__name", "division__name", "division__level", "division__parent__name",
              "department__name", "department__short_name")
        .prefetch_related(Prefetch("photos", queryset=IssuePhoto.objects.filter(is_public=True)
                                   .only("pk", "report_id", "kind", "image", "width", "height"), to_attr="shown"))
        .order_by("-created_at", "-id")
    )
    if township is not None:
        reports = reports.filter(Q(division=township) | Q(division__parent=township))
    return render(request, "feedback/snapshots/board.html", {
        "page": paginate(request, reports, BOARD_PER_PAGE),
        "figures": snapshots.board_figures(),
        "townships": townships,
        "township": township,
    })
