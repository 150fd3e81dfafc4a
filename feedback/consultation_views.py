"""Public pages of 意见征集: the drafts open for comment and closed, each with its explanation, the comment form
while open, the comments staff have let through, and after the period the published 采纳情况."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from feedback import consultations
from feedback.consultation_forms import CommentForm
from feedback.errors import FeedbackError
from feedback.models import Comment, Consultation
from portal import idempotency, ratelimit
from portal.pagination import paginate

HOUR = 3600
PER_PAGE = 20
#: What the public page reads of a comment: never the phone, the name only through `public_name`.
PUBLIC_COMMENT_FIELDS = ["pk", "consultation_id", "body", "name", "show_name", "submitted_at", "adoption",
                         "adoption_note"]


@require_GET
def consultation_list(request):
    items = (Consultation.objects.public().select_related("department")
             .only("pk", "title", "opens_on", "closes_on", "status", "department__name"))
    return render(request, "feedback/consultations/list.html",
                  {"page": paginate(request, items, PER_PAGE), "today": timezone.localdate()})


def _page(request, consultation, form, *, refused="", status=200):
    today = timezone.localdate()
    figures = consultation.comments.aggregate(
        received=Count("pk"), hidden=Count("pk", filter=Q(status=Comment.Status.HIDDEN)),
        adopted=Count("pk", filter=Q(status=Comment.Status.SHOWN, adoption=Comment.Adoption.ADOPTED)),
        partly=Count("pk", filter=Q(status=Comment.Status.SHOWN, adoption=Comment.Adoption.PARTLY)),
        not_adopted=Count("pk", filter=Q(status=Comment.Status.SHOWN, adoption=Comment.Adoption.NOT_ADOPTED)),
    )
    final = consultation.final_publication
    return render(request, "feedback/consultations/detail.html", {
        "consultation": consultation, "form": form, "refused": refused, "today": today,
        "is_open": consultation.is_open(today),
        "is_concluded": consultation.status == Consultation.Status.CONCLUDED,
        "comments": list(consultation.comments.shown().only(*PUBLIC_COMMENT_FIELDS)),
        "figures": figures, "final_publication": final if final is not None and final.is_public else None,
    }, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.public().select_related("department", "final_publication"), pk=pk)
    form = CommentForm(request.POST or None)
    if request.method != "POST":
        return _page(request, consultation, form)
    if idempotency.find(Comment, form.posted_key()) is not None:
        return _submitted(request, consultation)
    if not form.is_valid():
        return _page(request, consultation, form, status=400)
    if form.is_spam:
        return _submitted(request, consultation)
    if not ratelimit.take_client(request, "comment", settings.CONSULTATION_COMMENTS_PER_HOUR, HOUR):
        return _page(request, consultation, form, refused="您提交意见过于频繁，请稍后再试。", status=429)
    data = form.cleaned_data
    try:
        _comment, created = idempotency.create_once(Comment, data["submission_key"], lambda key: (
            consultations.submit_comment(
                consultation, body=data["body"], name=data["name"], phone=data["phone"],
                wants_reply=data["wants_reply"], show_name=data["show_name"], ip_hash=ratelimit.ip_hash(request),
                submission_key=key)))
    except FeedbackError as error:
        ratelimit.give_back_client(request, "comment")  # refused: only accepted comments count
        return _page(request, consultation, form, refused=error.message, status=400)
    if not created:
        ratelimit.give_back_client(request, "comment")
    return _submitted(request, consultation)


def _submitted(request, consultation):
    messages.success(request, "您的意见已提交，经工作人员审核后公开显示。感谢您的参与！")
    return redirect("feedback:consultation_detail", pk=consultation.pk)
