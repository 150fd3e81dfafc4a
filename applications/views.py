"""Public pages for requests: the application form, the applicant's status page and their downloads.

Every page here carries the applicant's data or their proof of it: none may be stored by a browser or proxy
(`never_cache`: Cache-Control private, no-store)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applications import mail, notices, suggestions, verification, workflow
from applications.classification import Outcome
from applications.forms import ApplicationForm, CorrectionForm, StatusLookupForm
from applications.models import (
    Application,
    ApplicationEvent,
    Document,
    EventKind,
    Notice,
    Status,
    normalise_tracking_number,
)
from catalog.models import Publication
from portal import idempotency, ratelimit, tracking

SUBMIT_LIMIT = (5, 3600)  # at most 5 accepted submissions per client per hour
# Wrong guesses at the status page, per client and per tracking number (portal.tracking).
LOOKUP_FAIL_LIMIT = tracking.GUESSES_PER_CLIENT
LOOKUP_FAIL_PER_NUMBER_LIMIT = tracking.GUESSES_PER_CODE
CORRECTION_LIMIT = (10, 3600)  # at most 10 accepted correction submissions per client per hour
# Steps inside the organ that the applicant's timeline leaves out: a proposal not yet decided, or not approved.
INTERNAL_EVENTS = [EventKind.PROPOSE_DEFERRAL, EventKind.REJECT_DEFERRAL]
SUGGEST_LIMIT = (300, 3600)  # look-ups while typing (debounced): generous for a service-hall terminal
FOLLOW_LIMIT = (60, 3600)  # suggestions opened (counted) per client per hour
NOT_FOUND_MESSAGE = "未找到与该申请编号和联系电话后四位相符的申请，请核对后重试。"
LAST_SUBMITTED = "applications_last_submitted"


@never_cache
def apply(request):
    """The application form (申请表): saved as a request awaiting the clerk's confirmation of receipt.

    The same form posted again (same submission key: the citizen's first response was lost) is answered with
    the request already stored, and is neither counted by the rate limit nor e-mailed twice. The key alone proves
    nothing (it sits in the page's HTML): the repeated form must carry the request's phone number, the same proof
    the status page asks for, before this browser may see the request.
    """
    if request.method == "POST" and "_suggest" in request.POST:
        return _apply_with_suggestions(request)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        earlier = idempotency.find(Application, form.posted_key())
        if earlier is not None and _same_phone(request.POST.get("phone", ""), earlier.phone):
            return _submitted(request, earlier)
        if earlier is not None:  # another request's key: shown again with a fresh one, nothing of the other told
            data = request.POST.copy()
            data[idempotency.FIELD_NAME] = idempotency.new_key()
            form = ApplicationForm(data)
            form.is_valid()
            form.add_error(None, "该表单已经提交过。如需提交新的申请，请核对后重新提交本页。")
            return render(request, "applications/apply.html", {"form": form}, status=400)
        if form.is_spam:
            form.add_error(None, "提交未成功，请刷新页面后重试。")
            status = 400
        elif form.is_valid() and not ratelimit.take_client(request, "apply-submit", *SUBMIT_LIMIT):
            form.add_error(None, f"{ratelimit.TOO_MANY_MESSAGE}每小时提交次数有限，您填写的内容已保留。")
            status = 429
        elif form.is_valid():
            def create(key):
                application = form.save(commit=False)
                application.submission_key = key
                workflow.submit_online(application, files=form.cleaned_data["files"])
                return application

            try:
                application, created = idempotency.create_once(
                    Application, form.cleaned_data["submission_key"], create)
            except Exception:
                ratelimit.give_back_client(request, "apply-submit")
                raise
            if created:
                suggestions.submitted(form.cleaned_data["submission_key"])
                status_url = request.build_absolute_uri(reverse("applications:status"))
                mail.queue_submission_receipt(application, status_url)
            else:  # stored by a simultaneous POST of the same form, which was counted
                ratelimit.give_back_client(request, "apply-submit")
            return _submitted(request, application)
    return render(request, "applications/apply.html", {"form": form}, status=status)


def _apply_with_suggestions(request):
    """Without JavaScript, the form's 先查一查 button: the form again as typed (attachments must be chosen again),
    with the published items matching the description. Nothing is validated or stored."""
    initial = request.POST.dict()
    initial[idempotency.FIELD_NAME] = idempotency.posted_key(request.POST) or idempotency.new_key()
    form = ApplicationForm(initial=initial)
    if not ratelimit.take_client(request, "apply-suggest", *SUGGEST_LIMIT):
        return render(request, "applications/apply.html", {"form": form, "suggestions_refused": True}, status=429)
    terms, found = suggestions.find(request.POST.get("description", ""))
    return render(request, "applications/apply.html", {
        "form": form, "suggestions": found, "suggestion_terms": terms, "searched": True,
        "key": initial[idempotency.FIELD_NAME]})


def suggest(request):
    """The HTML fragment the request form fetches while the citizen types the description (debounced)."""
    if not ratelimit.take_client(request, "apply-suggest", *SUGGEST_LIMIT):
        return render(request, "applications/includes/suggestions.html", {"refused": True}, status=429)
    terms, found = suggestions.find(request.GET.get("q", ""))
    return render(request, "applications/includes/suggestions.html", {
        "suggestions": found, "suggestion_terms": terms, "searched": bool(terms),
        "key": idempotency.clean_key(request.GET.get("k")) or ""})


def follow_suggestion(request, pk):
    """A suggested item opened from the form: counted once per form (by its key), then the item itself."""
    publication = get_object_or_404(Publication.objects.public(), pk=pk)
    if ratelimit.take_client(request, "apply-follow", *FOLLOW_LIMIT) and \
            not suggestions.followed(request.GET.get("k"), timezone.localdate()):
        ratelimit.give_back_client(request, "apply-follow")
    return HttpResponseRedirect(reverse("catalog:publication", args=[publication.pk]))


def _same_phone(posted: str, stored: str) -> bool:
    digits = "".join(ch for ch in posted if ch.isdigit())
    return bool(digits) and digits == "".join(ch for ch in stored if ch.isdigit())


def _submitted(request, application):
    """The answer to a stored request: this browser may see its status, and the next page shows its number."""
    verification.open_status(request, application.tracking_number)
    request.session[LAST_SUBMITTED] = application.tracking_number
    return redirect("applications:submitted")


@never_cache
def submitted(request):
    tracking_number = request.session.get(LAST_SUBMITTED)
    if not tracking_number:
        return redirect("applications:apply")
    return render(request, "applications/submitted.html", {"tracking_number": tracking_number})


@never_cache
def status_lookup(request):
    """Tracking number + last 4 phone digits. Wrong guesses get one indistinguishable message and are limited per
    client and per tracking number; a guess is counted before it is checked (so parallel guesses cannot pass the
    limit) and handed back when it was right."""
    form = StatusLookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        tracking_number = normalise_tracking_number(form.cleaned_data["tracking_number"])
        lookup = tracking.check_guess(
            request, "apply-lookup-fail", verification.SCOPE, tracking_number, form.cleaned_data["phone_last4"],
            lambda code: Application.objects.filter(tracking_number=code).values_list("phone", flat=True).first(),
        )
        if lookup.is_limited:
            form.add_error(None, "查询失败次数过多，请一小时后再试。如有疑问，请拨打办理单位的联系电话。")
            status = 429
        elif lookup.is_found:
            verification.open_status(request, tracking_number)
            return redirect("applications:status_detail")
        else:
            form.add_error(None, NOT_FOUND_MESSAGE)
    return render(request, "applications/status_lookup.html", {"form": form}, status=status)


def _verified_application(request):
    """The request this session looked up (and proved it is the applicant of), or None."""
    tracking_number = verification.current(request)
    if tracking_number is None:
        return None
    return get_object_or_404(Application.objects.select_related("department").prefetch_related("pauses"),
                             tracking_number=tracking_number)


def _status_context(request, application, correction_form):
    """What the applicant sees: progress, dates and the reply; never the personal data on the request.
    The page's rating section (好差评) comes from feedback's `application_rating` tag: feedback rates finished
    requests, so it reads them, not the other way round."""
    return {
        "application": application,
        "events": list(application.events.exclude(kind__in=INTERNAL_EVENTS)),
        "withheld_parts": list(application.withheld_parts.all()) if application.outcome == Outcome.PARTIAL else [],
        "pauses": list(application.pauses.all()),
        # The due date explained step by step from the same count that gives it (deadlines.reckon).
        "reckoning": application.reckoning() if application.is_open else None,
        "documents": list(application.documents.filter(kind=Document.Kind.REPLY)),
        "correction_form": correction_form if application.status == Status.CORRECTION else None,
    }


@never_cache
def status_detail(request):
    application = _verified_application(request)
    if application is None:
        messages.info(request, "请输入申请编号和联系电话后四位查看办理进度。")
        return redirect("applications:status")
    return render(request, "applications/status_detail.html", _status_context(request, application, CorrectionForm()))


@never_cache
@require_POST
def submit_correction(request):
    """The applicant's correction (补正). The same form posted again is answered as the first time, uncounted."""
    application = _verified_application(request)
    form = CorrectionForm(request.POST, request.FILES)
    # Only this request's own correction events: a key seen elsewhere is no replay of this form.
    own_corrections = ApplicationEvent.objects.filter(application=application, kind=EventKind.SUBMIT_CORRECTION)
    if application is not None and idempotency.find(own_corrections, form.posted_key()) is not None:
        return _correction_submitted(request, application)
    if application is None:
        return redirect("applications:status")
    if form.is_valid():
        if not ratelimit.take_client(request, "apply-correction", *CORRECTION_LIMIT):
            return render(request, "portal/rate_limited.html", {"message": ratelimit.TOO_MANY_MESSAGE}, status=429)
        key = form.cleaned_data["submission_key"]
        if idempotency.is_taken(ApplicationEvent.objects.exclude(application=application), key):
            key = None  # another request's key, posted by hand: store this correction without one
        try:
            idempotency.create_once(own_corrections, key, lambda key: workflow.submit_correction(
                application, text=form.cleaned_data["text"], files=form.cleaned_data["files"], submission_key=key))
        except workflow.WorkflowError as error:
            ratelimit.give_back_client(request, "apply-correction")
            messages.error(request, error.message)
        else:
            return _correction_submitted(request, application)
    return render(request, "applications/status_detail.html", _status_context(request, application, form), status=400)


def _correction_submitted(request, application):
    messages.success(request, "补正材料已提交，工作人员确认收到后，答复期限自收到补正之日起重新计算。")
    return redirect("applications:status_detail")


@never_cache
def reply_notice(request):
    """The formal reply notice (答复书) as issued, print-friendly, for the applicant who passed the phone check on
    the status page (whose rate limits guard it); names of persons masked (notices.public_html)."""
    application = _verified_application(request)
    if application is None:
        messages.info(request, "请输入申请编号和联系电话后四位查看答复书。")
        return redirect("applications:status")
    notice = application.notices.filter(kind=Notice.Kind.REPLY).order_by("-created_at", "-pk").first()
    if notice is None:
        raise Http404
    notice.application = application
    return render(request, "applications/reply_notice.html", {
        "application": application, "notice": notice, "html": notices.public_html(notice),
    })


@never_cache
def download(request, pk):
    application = _verified_application(request)
    if application is None:
        raise Http404
    document = get_object_or_404(Document, pk=pk, application=application, kind=Document.Kind.REPLY)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.name)
