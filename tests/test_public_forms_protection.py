"""CSRF and rate limits on every public form.

Every public POST is refused (403) without a CSRF token and accepted with one; the display-preferences toggle
and the one-click unsubscribe are the only csrf-exempt views in the whole URL tree. Every form answers 429 with
a Chinese "too frequent" page beyond its per-client limit.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from applications import views as application_views
from applications import workflow
from feedback import inbox
from feedback.models import Message, Rating
from tests.applications import factories as af

TOKEN = "q" * 32  # a CSRF secret: the cookie and the form field must carry the same one


pytestmark = pytest.mark.usefixtures("isolated_site")


@pytest.fixture
def answered(department):
    message = inbox.submit_message(kind="question", department=department, subject="低保", body="需要哪些材料？")
    return inbox.answer_message(message, by=None, answer="请带身份证。")


@pytest.fixture
def correcting(department):
    application = af.application(department, received_on=dt.date(2026, 3, 2))
    workflow.request_correction(application, by=None, instructions="请写明文件名称",
                                correction_due_on=dt.date(2026, 3, 20), today=dt.date(2026, 3, 3))
    return application


@pytest.fixture
def forms(department, answered, correcting):
    """Every public POST form: (url, a valid submission)."""
    return {
        "apply": ("/apply/", {**af.applicant_fields(), "department": department.pk}),
        "status lookup": ("/apply/status/", {"tracking_number": correcting.tracking_number, "phone_last4": "5678"}),
        "correction": ("/apply/status/progress/correction/", {"text": "补正内容"}),
        "rating": ("/feedback/rate/", {"target_kind": "department", "target_id": department.pk,
                                       "level": "satisfied"}),
        "message": ("/feedback/messages/new/", {"kind": "question", "department": department.pk, "subject": "低保",
                                                "body": "需要哪些材料？"}),
        "answer rating": ("/feedback/messages/answer/rate/", {"level": "satisfied"}),
        "subscription": (f"/divisions/{department.division.code}/subscribe/", {"email": "zhang@example.com"}),
    }


FORM_NAMES = ["apply", "status lookup", "correction", "rating", "message", "answer rating", "subscription"]


@pytest.mark.parametrize("name", FORM_NAMES)
def test_post_without_csrf_token_is_refused(forms, name):
    url, data = forms[name]
    response = Client(enforce_csrf_checks=True).post(url, data)
    assert response.status_code == 403


@pytest.mark.parametrize("name", FORM_NAMES)
def test_post_with_csrf_token_passes_the_check(forms, name):
    url, data = forms[name]
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = TOKEN
    response = client.post(url, {**data, "csrfmiddlewaretoken": TOKEN})
    assert response.status_code != 403


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_only_display_preferences_and_one_click_unsubscribe_take_a_post_without_a_token():
    """Unsubscribing is posted by mail programs (RFC 8058), which have no token; the signed link authorises it.
    The open-data API's views (api/v1/) are exempt as every Django REST framework view is; they only read."""
    exempt = [(path, view) for path, view in _views(get_resolver().url_patterns) if getattr(view, "csrf_exempt", False)]
    readers = [path for path, view in exempt
               if path.startswith("api/v1/") and set(view.cls().allowed_methods) <= {"GET", "HEAD", "OPTIONS"}]
    writers = sorted(path for path, _view in exempt if path not in readers)
    assert writers == ["preferences/", "subscriptions/unsubscribe/"]
    assert len(readers) == 12  # nine of the catalogue, two of the annual reports and the schema


def test_display_preferences_works_without_a_token(db):
    response = Client(enforce_csrf_checks=True).post("/preferences/", {"toggle": "large", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["a11y"].value == "large"


# ---- rate limits ---------------------------------------------------------------------------------------------

def _post_until_refused(url, data, times):
    client = Client()
    answers = [client.post(url, data).status_code for _ in range(times)]
    return answers, client.post(url, data)


def test_apply_refuses_the_sixth_submission_in_an_hour(forms):
    url, data = forms["apply"]
    answers, refused = _post_until_refused(url, data, 5)  # accepted submissions count, invalid ones do not
    assert answers == [302] * 5
    assert refused.status_code == 429
    assert "操作过于频繁" in refused.content.decode()


def test_status_lookup_refuses_after_five_wrong_guesses_at_one_tracking_number(forms):
    url, data = forms["status lookup"]
    answers, refused = _post_until_refused(url, {**data, "phone_last4": "0000"},
                                           application_views.LOOKUP_FAIL_PER_NUMBER_LIMIT[0])
    assert 429 not in answers
    assert refused.status_code == 429
    assert "查询失败次数过多" in refused.content.decode()


def test_correction_refuses_beyond_the_hourly_limit_of_accepted_corrections(department, monkeypatch):
    monkeypatch.setattr(application_views, "CORRECTION_LIMIT", (1, 3600))
    client = Client()
    answers = []
    for _ in range(2):
        application = af.application(department, received_on=dt.date(2026, 3, 2))
        workflow.request_correction(application, by=None, instructions="请写明文件名称",
                                    correction_due_on=dt.date(2026, 3, 20), today=dt.date(2026, 3, 3))
        client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
        answers.append(client.post("/apply/status/progress/correction/", {"text": "补正内容"}))
    assert answers[0].status_code == 302
    assert answers[1].status_code == 429
    assert "操作过于频繁" in answers[1].content.decode()


def test_rating_refuses_beyond_the_hourly_limit(forms, settings):
    settings.FEEDBACK_RATINGS_PER_HOUR = 2
    url, data = forms["rating"]
    answers, refused = _post_until_refused(url, data, 2)
    assert answers == [302, 302]
    assert refused.status_code == 429
    assert "过于频繁" in refused.content.decode()
    assert Rating.objects.count() == 2


def test_message_refuses_beyond_the_hourly_limit(forms, settings):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 2
    url, data = forms["message"]
    before = Message.objects.count()
    answers, refused = _post_until_refused(url, data, 2)
    assert answers == [302, 302]
    assert refused.status_code == 429
    assert "过于频繁" in refused.content.decode()
    assert Message.objects.count() == before + 2


def test_subscription_refuses_beyond_the_hourly_limit(forms, settings):
    settings.SUBSCRIPTIONS_PER_HOUR = 2
    url, _data = forms["subscription"]
    client = Client()
    answers = [client.post(url, {"email": f"zhang{n}@example.com"}).status_code for n in range(2)]
    refused = client.post(url, {"email": "zhang9@example.com"})
    assert answers == [302, 302]
    assert refused.status_code == 429
    assert "过于频繁" in refused.content.decode()


def test_answer_rating_without_a_lookup_asks_for_the_code(answered):
    """The 查询码 is not in the address, so rating an answer cannot be used to guess codes: without a look-up in
    this session the form leads back to the look-up."""
    response = Client().post("/feedback/messages/answer/rate/", {"level": "satisfied"})
    assert response["Location"] == "/feedback/messages/track/"
    answered.refresh_from_db()
    assert answered.answer_level == ""


def test_message_tracking_refuses_beyond_the_lookup_limit(answered, settings):
    settings.FEEDBACK_LOOKUPS_PER_HOUR = 2
    client = Client()
    answers = [client.post("/feedback/messages/track/", {"number": "LY000000-XXXXXX"}).status_code
               for _ in range(2)]
    refused = client.post("/feedback/messages/track/", {"number": answered.tracking_number})
    assert 429 not in answers
    assert refused.status_code == 429
    assert "查询过于频繁" in refused.content.decode()
