"""Public pages of satisfaction surveys: the list and the questionnaire.

One online questionnaire per person, by this rule: answering sets a signed cookie holding a random token for the
survey (a year long); a browser that shows the cookie again is told it has answered, and the database keeps only
a hash of the token, unique per survey. On top, each client address may send `SURVEY_RESPONSES_PER_DAY`
questionnaires per survey per day (portal.ratelimit), generous enough for a service hall's shared terminal. This
stops a second answer by accident and casual repeats; it cannot stop someone clearing cookies or using another
browser within the address's limit (the README says so).
"""

from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from feedback import surveys
from feedback.errors import FeedbackError
from feedback.models import Survey, SurveyResponse
from feedback.survey_forms import SurveyForm
from portal import idempotency, ratelimit
from portal.pagination import paginate

DAY = 86400
COOKIE_SALT = "gongkai.survey"
COOKIE_MAX_AGE = 366 * DAY
SURVEYS_PER_PAGE = 20


def cookie_name(survey) -> str:
    return f"survey{survey.pk}"


def respondent_hash(token: str) -> str:
    return salted_hmac("gongkai.survey.respondent", token, algorithm="sha256").hexdigest()


def _token(request, survey) -> str:
    return request.get_signed_cookie(cookie_name(survey), default="", salt=COOKIE_SALT)


def has_answered(request, survey) -> bool:
    token = _token(request, survey)
    return bool(token) and survey.responses.filter(respondent=respondent_hash(token)).exists()


@require_GET
def survey_list(request):
    today = timezone.localdate()
    page = paginate(request, Survey.objects.public().select_related("department").only(
        "pk", "title", "opens_on", "closes_on", "is_published", "department__name"), SURVEYS_PER_PAGE)
    return render(request, "feedback/surveys/list.html", {"page": page, "today": today})


@never_cache
@require_http_methods(["GET", "POST"])
def survey_detail(request, pk):
    survey = get_object_or_404(Survey.objects.public().select_related("department"), pk=pk)
    today = timezone.localdate()
    questions = list(survey.questions.all())
    form = SurveyForm(request.POST or None, questions=questions)
    context = {"survey": survey, "form": form, "today": today, "is_open": survey.is_open(today)}
    if not context["is_open"]:
        return render(request, "feedback/surveys/detail.html", context)
    if request.method != "POST":
        context["answered"] = has_answered(request, survey)
        return render(request, "feedback/surveys/detail.html", context)
    if idempotency.find(SurveyResponse, form.posted_key()) is not None or has_answered(request, survey):
        return render(request, "feedback/surveys/thanks.html", {"survey": survey, "again": True})
    if not form.is_valid():
        return render(request, "feedback/surveys/detail.html", context, status=400)
    if form.is_spam:
        return render(request, "feedback/surveys/thanks.html", {"survey": survey})
    action = f"survey-{survey.pk}"
    if not ratelimit.take_client(request, action, settings.SURVEY_RESPONSES_PER_DAY, DAY):
        context["refused"] = "您所在网络今天提交本问卷的次数已达上限，请明天再试，或到就近的查阅点填写。"
        return render(request, "feedback/surveys/detail.html", context, status=429)
    token = _token(request, survey) or idempotency.new_key()
    try:
        _response, created = idempotency.create_once(SurveyResponse, form.cleaned_data["submission_key"], lambda key: (
            surveys.submit_response(survey, form.answers(), channel=SurveyResponse.Channel.ONLINE,
                                    require_complete=True, respondent=respondent_hash(token),
                                    ip_hash=ratelimit.ip_hash(request), submission_key=key, on=today)))
    except (FeedbackError, IntegrityError) as error:
        ratelimit.give_back_client(request, action)  # refused: only accepted questionnaires count
        if isinstance(error, IntegrityError):  # the same browser's answer, stored meanwhile
            return render(request, "feedback/surveys/thanks.html", {"survey": survey, "again": True})
        context["refused"] = error.message
        return render(request, "feedback/surveys/detail.html", context, status=400)
    if not created:
        ratelimit.give_back_client(request, action)
    response = render(request, "feedback/surveys/thanks.html", {"survey": survey})
    response.set_signed_cookie(cookie_name(survey), token, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE,
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response
