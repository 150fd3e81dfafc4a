"""Public pages: rating, review points, messages and error reports, the public Q&A."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.models import Application
from catalog.models import Department, ReviewPoint, ReviewPointPhoto
from catalog.models import Level as DivisionLevel
from feedback import inbox, pages, ratings
from feedback.errors import FeedbackError
from feedback.forms import AnswerRatingForm, DepartmentChoiceForm, MessageForm, RatingForm, TrackForm
from feedback.models import Channel, Message, Rating
from feedback.models.ratings import SATISFIED_LEVELS
from feedback.reports import visitors_per_day
from portal import idempotency, ratelimit
from portal.pagination import paginate

HOUR = 3600
POINTS_PER_PAGE = 30
QA_PER_PAGE = 20
LEVEL_HEADINGS = dict(DivisionLevel.choices)


def _rating_summary(ratings_qs) -> dict:
    """Count and satisfaction of the ratings that count, in one query."""
    figures = ratings_qs.counted().aggregate(
        total=Count("pk"), satisfied=Count("pk", filter=Q(level__in=SATISFIED_LEVELS))
    )
    total = figures["total"]
    figures["percent"] = round(100 * figures["satisfied"] / total, 1) if total else None
    return figures


def _channel_from(request) -> str:
    """Ratings from a page opened by scanning a QR code, or on a review point's kiosk, say so."""
    return {"qr": Channel.QR, "kiosk": Channel.REVIEW_POINT}.get(request.GET.get("from", ""), Channel.WEBSITE)


def target_url(target) -> str:
    if isinstance(target, Application):
        return reverse("applications:status_detail")
    if isinstance(target, ReviewPoint):
        return reverse("feedback:point_detail", args=[target.pk])
    if isinstance(target, Department):
        return reverse("feedback:rate_department", args=[target.pk])
    get_url = getattr(target, "get_absolute_url", None)
    return get_url() if get_url else reverse("home")


@require_GET
def index(request):
    return render(request, "feedback/index.html", {"due_workdays": settings.MESSAGE_DUE_WORKDAYS})


@require_POST
def rate(request):
    """Receive the rating widget from any public page; errors re-render the widget with what was typed.
    The same form posted again (same submission key) is thanked as the first time, uncounted and not stored."""
    form = RatingForm(request.POST)
    target = None
    if form.is_valid() or ("target_kind" in form.cleaned_data and "target_id" in form.cleaned_data):
        try:
            target = ratings.resolve_target(form.cleaned_data["target_kind"], form.cleaned_data["target_id"],
                                            request=request)
        except FeedbackError as error:
            raise Http404(error.message) from error
    if target is None:
        raise Http404("评价对象不存在。")
    is_application = isinstance(target, Application)
    next_url = form.cleaned_data.get("next") or ""
    if is_application or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=False
    ):
        next_url = target_url(target)
    context = {"form": form, "target": target, "target_kind": form.cleaned_data["target_kind"],
               "next_url": next_url}
    if not form.is_valid():
        return render(request, "feedback/rate.html", context, status=400)
    key = form.cleaned_data["submission_key"]
    earlier = idempotency.find(Rating, key)
    if earlier is not None:
        return _thank_for_rating(request, earlier, next_url)
    if form.is_spam:
        messages.success(request, "感谢您的评价！")
        return HttpResponseRedirect(next_url)
    if not ratelimit.take_client(request, "rating", settings.FEEDBACK_RATINGS_PER_HOUR, HOUR):
        context["refused"] = "您提交评价过于频繁，请稍后再试。"
        return render(request, "feedback/rate.html", context, status=429)
    data = form.cleaned_data
    # A request is rated from its status page on this website, whatever the form claims.
    channel = Channel.WEBSITE if is_application else data["channel"]
    try:
        rating, created = idempotency.create_once(Rating, key, lambda key: ratings.submit_rating(
            target, level=data["level"], channel=channel, comment=data["comment"], name=data["name"],
            phone=data["phone"], ip_hash=ratelimit.ip_hash(request), submission_key=key,
        ))
    except FeedbackError as error:
        ratelimit.give_back_client(request, "rating")  # refused: only accepted ratings count
        earlier = idempotency.find(Rating, key)
        if earlier is not None:  # the same form, stored meanwhile (a request's second rating is refused)
            return _thank_for_rating(request, earlier, next_url)
        if is_application:
            # Already rated or not yet replied: the status page says which and shows the rating, if any.
            messages.error(request, error.message)
            return HttpResponseRedirect(next_url)
        context["refused"] = error.message
        return render(request, "feedback/rate.html", context, status=400)
    if not created:  # stored by a simultaneous POST of the same form, which was counted
        ratelimit.give_back_client(request, "rating")
    return _thank_for_rating(request, rating, next_url)


def _thank_for_rating(request, rating, next_url):
    if rating.is_bad and rating.phone:
        messages.success(
            request, f"感谢您的评价！我们将在{settings.CALLBACK_DUE_WORKDAYS}个工作日内与您电话联系，核实并整改。"
        )
    else:
        messages.success(request, "感谢您的评价！")
    return HttpResponseRedirect(next_url)


@require_GET
def choose_department(request):
    """Pick a department to rate; the choice leads to its rating page."""
    form = DepartmentChoiceForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("feedback:rate_department", pk=form.cleaned_data["department"].pk)
    return render(request, "feedback/choose_department.html",
                  {"form": form, "callback_workdays": settings.CALLBACK_DUE_WORKDAYS})


@require_GET
def rate_department(request, pk):
    department = get_object_or_404(Department.objects.active().select_related("division"), pk=pk)
    return render(request, "feedback/rate_department.html", {
        "department": department,
        "summary": _rating_summary(department.ratings.all()),
        "rating_channel": _channel_from(request),
    })


@require_GET
def point_list(request):
    points = (
        ReviewPoint.objects.active()
        .select_related("division", "department")
        .prefetch_related(Prefetch("photos", queryset=ReviewPointPhoto.objects.order_by("order", "id")))
        .order_by("division__depth", "division__tree_id", "division__lft", "order", "id")
    )
    page = paginate(request, points, POINTS_PER_PAGE)
    for point in page.object_list:
        point.level_heading = LEVEL_HEADINGS.get(point.division.level, "")
    return render(request, "feedback/point_list.html", {"page": page})


@require_GET
def point_detail(request, pk):
    point = get_object_or_404(
        ReviewPoint.objects.active().select_related("division", "department").prefetch_related("photos"), pk=pk
    )
    today = timezone.localdate()
    visits = visitors_per_day(today - dt.timedelta(days=29), today, points=ReviewPoint.objects.filter(pk=point.pk))
    return render(request, "feedback/point_detail.html", {
        "point": point,
        "visits": visits[0] if visits else None,
        "summary": _rating_summary(point.ratings.all()),
        "rating_channel": _channel_from(request),
        "qr_url": request.build_absolute_uri(reverse("feedback:point_detail", args=[point.pk])) + "?from=qr",
    })


@never_cache
@require_http_methods(["GET", "POST"])
def message_new(request):
    initial = {"kind": request.GET.get("kind", Message.Kind.QUESTION), "page_url": request.GET.get("page", "")}
    if initial["kind"] not in Message.Kind.values:
        initial["kind"] = Message.Kind.QUESTION
    form = MessageForm(request.POST or None, initial=initial)
    refused, status = "", 400 if request.method == "POST" else 200
    # The same form posted again (same submission key) is answered as the first time, uncounted.
    earlier = idempotency.find(Message, form.posted_key())
    if earlier is not None:
        return _message_submitted(request, earlier)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect("feedback:index")
        if not ratelimit.take_client(request, "message", settings.FEEDBACK_MESSAGES_PER_HOUR, HOUR):
            refused, status = "您提交留言过于频繁，请稍后再试。", 429
        else:
            data = form.cleaned_data
            try:
                message, created = idempotency.create_once(Message, data["submission_key"], lambda key: (
                    inbox.submit_message(
                        kind=data["kind"], department=data["department"], subject=data["subject"],
                        body=data["body"], name=data["name"], phone=data["phone"], page_url=data["page_url"],
                        ip_hash=ratelimit.ip_hash(request), submission_key=key,
                    )
                ))
            except FeedbackError as error:
                ratelimit.give_back_client(request, "message")  # refused: only accepted messages count
                refused = error.message
            else:
                if not created:  # stored by a simultaneous POST of the same form, which was counted
                    ratelimit.give_back_client(request, "message")
                return _message_submitted(request, message)
    page_url = form["page_url"].value()
    return render(request, "feedback/message_form.html", {
        "form": form, "refused": refused, "page_url": page_url, "page_title": pages.page_title(page_url),
    }, status=status)


MESSAGE_CURRENT = "feedback_message_current"


def _open_message(request, number):
    """Show the message with this 查询码 to this session. The code is never in a URL (URLs end up in the proxy's and
    the server's access logs and in the browser's history): the session remembers it."""
    request.session[MESSAGE_CURRENT] = number
    return redirect("feedback:message_detail")


def _message_submitted(request, message):
    messages.success(request, f"提交成功。您的查询码是 {message.tracking_number}，请妥善保存。")
    return _open_message(request, message.tracking_number)


def _take_lookup(request) -> bool:
    """Count a look-up of a tracking number before answering it; a number that exists is handed back, so only
    wrong guesses use up the limit (a review point's terminal serves many citizens)."""
    return ratelimit.take_client(request, "lookup", settings.FEEDBACK_LOOKUPS_PER_HOUR, HOUR)


@never_cache
@require_http_methods(["GET", "POST"])
def message_track(request):
    """The 查询码 is posted, never sent in the address, so that no log or history keeps it."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    refused = ""
    if form.is_bound and form.is_valid():
        if not _take_lookup(request):
            refused = "查询过于频繁，请稍后再试。"
        elif Message.objects.filter(tracking_number=form.cleaned_data["number"]).exists():
            ratelimit.give_back_client(request, "lookup")
            return _open_message(request, form.cleaned_data["number"])
        else:
            form.add_error("number", "没有找到该查询码，请核对后重新输入。")
    return render(request, "feedback/message_track.html", {"form": form, "refused": refused},
                  status=429 if refused else 200)


def _current_message(request):
    """The message this session looked up or submitted, or None."""
    number = request.session.get(MESSAGE_CURRENT)
    if not number:
        return None
    return (Message.objects.select_related("department").defer("name", "phone", "ip_hash")
            .filter(tracking_number=inbox.normalise_tracking_number(number)).first())


def _ask_for_the_code(request):
    messages.info(request, "请输入查询码查看留言的办理情况和答复。")
    return redirect("feedback:message_track")


@never_cache
@require_GET
def message_detail(request):
    message = _current_message(request)
    if message is None:
        return _ask_for_the_code(request)
    return render(request, "feedback/message_detail.html", {
        "message": message, "page_title": pages.page_title(message.page_url), "form": AnswerRatingForm(),
    })


@never_cache
@require_POST
def message_rate(request):
    message = _current_message(request)
    if message is None:
        return _ask_for_the_code(request)
    form = AnswerRatingForm(request.POST)
    if form.is_valid():
        try:
            inbox.rate_answer(message, level=form.cleaned_data["level"])
        except FeedbackError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "感谢您对答复的评价！")
            return redirect("feedback:message_detail")
    return render(request, "feedback/message_detail.html", {
        "message": message, "page_title": pages.page_title(message.page_url), "form": form,
    }, status=400)


@require_GET
def qa_list(request):
    published = (
        Message.objects.published()
        .select_related("department")
        .only("pk", "kind", "public_subject", "public_body", "public_answer", "created_at", "answered_at",
              "department__name")
        .order_by("-answered_at", "-id")
    )
    return render(request, "feedback/qa_list.html", {"page": paginate(request, published, QA_PER_PAGE)})
