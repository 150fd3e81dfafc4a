"""Rating a finished request (依申请公开): only its verified applicant, from the status page, once, after the reply."""

import datetime as dt

import pytest

from applications import workflow
from applications.classification import Outcome
from feedback import ratings
from feedback.errors import FeedbackError
from feedback.models import Callback, Channel, Level, Rating
from tests.applications import factories as af
from tests.factories import FOOTER_QUERIES

pytestmark = pytest.mark.django_db
D = dt.date
RATE_URL = "/feedback/rate/"


def replied(department, **fields):
    """A request received Monday 2 March 2026 and replied to on Friday 20 March 2026."""
    application = af.application(department, **fields)
    workflow.reply(application, by=None, outcome=Outcome.DISCLOSED, reply_text="予以公开，详见附件。",
                   delivered_by="post", replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    return application


def verify(client, application, last4="5678"):
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": last4})


def status_url(application):
    return "/apply/status/progress/"


def rate(client, application, level=Level.SATISFIED, **fields):
    data = {"target_kind": "application", "target_id": application.pk, "level": level, "channel": "website"}
    data.update(fields)
    return client.post(RATE_URL, data)


# The service ------------------------------------------------------------------------------------------------

def test_rating_a_replied_request_takes_the_request_department(department):
    rating = ratings.submit_rating(replied(department), level=Level.SATISFIED)
    assert (rating.department, rating.target_kind) == (department, Rating.Target.APPLICATION)


def test_request_not_yet_replied_cannot_be_rated(department):
    with pytest.raises(FeedbackError, match="收到答复后才能评价"):
        ratings.submit_rating(af.application(department), level=Level.SATISFIED)
    assert not Rating.objects.exists()


def test_withdrawn_request_cannot_be_rated(department):
    application = af.application(department)
    workflow.withdraw(application, by=None, today=D(2026, 3, 5))
    with pytest.raises(FeedbackError, match="收到答复后才能评价"):
        ratings.submit_rating(application, level=Level.SATISFIED)


def test_closed_request_after_reply_can_be_rated(department):
    application = replied(department)
    workflow.close(application, by=None, today=D(2026, 3, 23))
    assert ratings.submit_rating(application, level=Level.BASIC).application == application


def test_second_rating_of_a_request_is_refused_with_the_message(department):
    application = replied(department)
    ratings.submit_rating(application, level=Level.SATISFIED)
    with pytest.raises(FeedbackError, match="该申请已评价。"):
        ratings.submit_rating(application, level=Level.VERY_DISSATISFIED)
    assert Rating.objects.filter(application=application).count() == 1
    assert not Callback.objects.exists()


def test_unique_constraint_race_is_turned_into_the_refusal(department, monkeypatch):
    """Two submissions at once both pass the early check; the constraint refuses the second one cleanly."""
    application = replied(department)
    ratings.submit_rating(application, level=Level.SATISFIED)
    monkeypatch.setattr(Rating.objects, "filter", _exists_only_after_the_insert(Rating.objects.filter))
    with pytest.raises(FeedbackError, match="该申请已评价。"):
        ratings.submit_rating(application, level=Level.SATISFIED)
    assert Rating.objects.filter(application=application).count() == 1


def _exists_only_after_the_insert(real_filter):
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:  # the early check before saving
            return Rating.objects.none()
        return real_filter(*args, **kwargs)

    return fake


# The status page --------------------------------------------------------------------------------------------

def test_verified_applicant_of_a_replied_request_sees_the_widget(client, department):
    application = replied(department)
    verify(client, application)
    html = client.get(status_url(application)).content.decode()
    assert 'name="target_kind" value="application"' in html
    assert f'name="target_id" value="{application.pk}"' in html


def test_status_page_shows_no_widget_before_the_reply(client, department):
    application = af.application(department)
    verify(client, application)
    assert 'value="application"' not in client.get(status_url(application)).content.decode()


def test_status_page_shows_the_rating_instead_of_the_widget_once_rated(client, department):
    application = replied(department)
    ratings.submit_rating(application, level=Level.BASIC)
    verify(client, application)
    html = client.get(status_url(application)).content.decode()
    assert "您已评价：<strong>基本满意</strong>" in html
    assert 'value="application"' not in html


def test_status_page_queries_stay_constant_with_the_widget(client, department, django_assert_max_num_queries):
    application = replied(department)
    verify(client, application)
    with django_assert_max_num_queries(9 + FOOTER_QUERIES):
        response = client.get(status_url(application))
    assert response.status_code == 200


def test_status_page_queries_stay_constant_once_rated(client, department, django_assert_max_num_queries):
    application = replied(department)
    ratings.submit_rating(application, level=Level.SATISFIED)
    verify(client, application)
    with django_assert_max_num_queries(9 + FOOTER_QUERIES):
        response = client.get(status_url(application))
    assert response.status_code == 200


# The rate view ----------------------------------------------------------------------------------------------

def test_verified_applicant_rates_the_request_on_the_website(client, department):
    application = replied(department)
    verify(client, application)
    response = rate(client, application, channel="qr")
    assert response.status_code == 302 and response.url == status_url(application)
    rating = Rating.objects.get(application=application)
    assert (rating.level, rating.channel, rating.department) == (Level.SATISFIED, Channel.WEBSITE, department)


def test_rating_redirects_to_the_status_page_whatever_next_says(client, department):
    application = replied(department)
    verify(client, application)
    assert rate(client, application, next="/feedback/").url == status_url(application)


def test_unverified_visitor_cannot_rate_a_request_by_posting_its_id(client, department):
    application = replied(department)
    response = rate(client, application)
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_visitor_verified_for_another_request_cannot_rate_this_one(client, department):
    mine = replied(department, phone="13900001111")
    theirs = replied(department)
    verify(client, mine, last4="1111")
    response = rate(client, theirs)
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_unknown_or_junk_request_id_is_not_found(client):
    for target_id in ("999999", "abc", "-1", "99999999999999999999999"):
        response = client.post(RATE_URL, {"target_kind": "application", "target_id": target_id,
                                          "level": Level.SATISFIED})
        assert response.status_code in (400, 404), target_id


def test_second_rating_from_the_status_page_is_refused_and_not_saved(client, department):
    application = replied(department)
    verify(client, application)
    rate(client, application, level=Level.SATISFIED)
    response = rate(client, application, level=Level.VERY_DISSATISFIED, phone="13905790000")
    assert response.url == status_url(application)
    page = client.get(response.url).content.decode()
    assert "该申请已评价。" in page
    assert Rating.objects.filter(application=application).count() == 1
    assert not Callback.objects.exists()


def test_request_not_finished_is_refused_from_the_view(client, department):
    application = af.application(department)
    verify(client, application)
    response = rate(client, application)
    assert "收到答复后才能评价" in client.get(response.url).content.decode()
    assert not Rating.objects.exists()


def test_bad_rating_of_a_request_opens_a_case_for_the_request_department(client, department):
    application = replied(department)
    verify(client, application)
    rate(client, application, level=Level.VERY_DISSATISFIED, phone="13905790000", comment="答复没有回应问题。")
    case = Callback.objects.get()
    assert (case.rating.application, case.department) == (application, department)


def test_admin_lists_a_request_rating_with_its_target(admin_client, department):
    application = replied(department)
    ratings.submit_rating(application, level=Level.SATISFIED)
    html = admin_client.get("/admin/feedback/rating/").content.decode()
    assert f"依申请公开办理：{application.tracking_number}" in html


def test_rating_without_a_level_shows_the_form_again_not_an_error_page(client, department):
    application = replied(department)
    verify(client, application)
    response = rate(client, application, level="", comment="答复很详细。")
    assert response.status_code == 400
    assert "答复很详细。" in response.content.decode()
    assert not Rating.objects.exists()
