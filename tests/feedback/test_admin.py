"""The admin: each clerk's queue of their departments' cases, steps through the services, supervisors' powers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import appeals, inbox
from feedback.models import Appeal, Callback, Message, Rating
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db

ATTEMPTS = "attempts"


def attempt_data(case, **attempt):
    now = timezone.localtime()
    data = {
        f"{ATTEMPTS}-TOTAL_FORMS": "1", f"{ATTEMPTS}-INITIAL_FORMS": "0",
        f"{ATTEMPTS}-MIN_NUM_FORMS": "0", f"{ATTEMPTS}-MAX_NUM_FORMS": "1000",
        f"{ATTEMPTS}-0-called_at_0": now.strftime("%Y-%m-%d"), f"{ATTEMPTS}-0-called_at_1": now.strftime("%H:%M:%S"),
        f"{ATTEMPTS}-0-method": "phone", f"{ATTEMPTS}-0-is_reached": "on", f"{ATTEMPTS}-0-citizen_said": "已解释",
        f"{ATTEMPTS}-0-rectification": "", f"{ATTEMPTS}-0-callback": str(case.pk),
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",  # the read-only inline of supervisors' records
    }
    data.update({f"{ATTEMPTS}-0-{key}": value for key, value in attempt.items()})
    return data


def test_clerk_queue_shows_only_their_departments_cases(client, department, clerk):
    mine = ff.bad_rating(department, comment="我的部门").callback
    ff.bad_rating(factories.department(name="县教体局"), comment="别的部门")
    client.force_login(clerk)
    response = client.get(reverse("admin:feedback_callback_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


def test_clerk_cannot_open_another_departments_case(client, clerk):
    other = ff.bad_rating(factories.department()).callback
    client.force_login(clerk)
    assert client.get(reverse("admin:feedback_callback_change", args=[other.pk])).status_code in (302, 403, 404)


def test_supervisor_queue_shows_every_case(client, department):
    ff.bad_rating(department)
    ff.bad_rating(factories.department())
    client.force_login(factories.supervisor())
    response = client.get(reverse("admin:feedback_callback_changelist"))
    assert response.context["cl"].result_count == 2


def test_queue_puts_open_cases_first_by_due_date_and_marks_overdue(client, department, clerk):
    later = ff.bad_rating(department, on=dt.date(2026, 3, 10)).callback
    closed = ff.bad_rating(department, on=dt.date(2026, 3, 1)).callback
    Callback.objects.filter(pk=closed.pk).update(status=Callback.Status.CLOSED_SATISFIED)
    earlier = ff.bad_rating(department, on=dt.date(2026, 3, 2)).callback
    client.force_login(clerk)
    response = client.get(reverse("admin:feedback_callback_changelist"))
    assert [case.pk for case in response.context["cl"].result_list] == [earlier.pk, later.pk, closed.pk]
    assert "已逾期" in response.content.decode()


def test_clerk_records_a_callback_through_the_admin(client, department, clerk):
    case = ff.bad_rating(department).callback
    client.force_login(clerk)
    url = reverse("admin:feedback_callback_change", args=[case.pk])
    response = client.post(url, attempt_data(case, is_satisfied="on", rectification="已安排专人接听电话"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Callback.Status.CLOSED_SATISFIED
    assert case.attempts.get().called_by == clerk


def test_admin_refuses_satisfied_when_not_reached(client, department, clerk):
    case = ff.bad_rating(department).callback
    client.force_login(clerk)
    data = attempt_data(case, is_satisfied="on")
    del data[f"{ATTEMPTS}-0-is_reached"]
    response = client.post(reverse("admin:feedback_callback_change", args=[case.pk]), data)
    assert response.status_code == 200
    assert "未联系上群众" in response.content.decode()
    assert case.attempts.count() == 0


def test_clerk_is_not_offered_the_supervisor_close(client, department, clerk):
    case = ff.bad_rating(department).callback
    client.force_login(clerk)
    html = client.get(reverse("admin:feedback_callback_change", args=[case.pk])).content.decode()
    assert reverse("admin:feedback_callback_step", args=[case.pk, "close_by_supervisor"]) not in html


def test_supervisor_closes_a_case_in_the_admin_only_with_a_reason(client, department):
    case = ff.bad_rating(department).callback
    client.force_login(factories.supervisor())
    url = reverse("admin:feedback_callback_step", args=[case.pk, "close_by_supervisor"])
    response = client.post(url, {"note": ""})
    assert "关闭回访须填写理由" in response.content.decode()
    client.post(url, {"note": "群众多次联系不上，已整改"})
    case.refresh_from_db()
    assert case.status == Callback.Status.CLOSED_BY_SUPERVISOR


def test_clerk_files_an_appeal_from_the_admin(client, department, clerk):
    rating = ff.bad_rating(department)
    client.force_login(clerk)
    response = client.post(reverse("admin:feedback_appeal_add"), {"rating": rating.pk, "reason": "不属于本单位职责"})
    assert response.status_code == 302
    assert Appeal.objects.get().filed_by == clerk


def test_clerk_cannot_appeal_another_departments_rating_in_the_admin(client, clerk):
    rating = ff.bad_rating(factories.department())
    client.force_login(clerk)
    response = client.post(reverse("admin:feedback_appeal_add"), {"rating": rating.pk, "reason": "误评"})
    assert response.status_code == 200
    assert not Appeal.objects.exists()


def test_supervisor_upholds_an_appeal_in_the_admin(client, department, clerk):
    appeal = appeals.file_appeal(ff.bad_rating(department), by=clerk, reason="误评")
    client.force_login(factories.supervisor())
    response = client.post(reverse("admin:feedback_appeal_step", args=[appeal.pk, "uphold"]), {"note": "核实成立"})
    assert response.status_code == 302
    assert not Rating.objects.counted().filter(pk=appeal.rating_id).exists()


def test_rating_list_is_scoped_and_read_only(client, department, clerk):
    ff.rating(department)
    ff.rating(factories.department())
    client.force_login(clerk)
    response = client.get(reverse("admin:feedback_rating_changelist"))
    assert response.context["cl"].result_count == 1
    assert not response.context["has_add_permission"]


def test_clerk_opens_a_callback_for_a_good_rating_with_comment_and_phone(client, department, clerk):
    rating = ff.rating(department, level="basic", comment="希望延长开放时间", phone="13905790002")
    client.force_login(clerk)
    client.post(reverse("admin:feedback_rating_changelist"),
                {"action": "open_callbacks", "_selected_action": [rating.pk]})
    assert Callback.objects.get().rating == rating


def test_clerk_answers_then_checks_the_redacted_text_and_publishes_it(client, department, clerk):
    message = ff.message(department, name="王大爷", body="王大爷问低保，电话(0579)12345678")
    url = reverse("admin:feedback_message_change", args=[message.pk])
    client.force_login(clerk)
    answered = client.post(url, {"answer": "王大爷您好，请到便民服务中心办理。", "is_published": "on"})
    assert answered.status_code == 302 and answered["Location"] == url  # back to the message, to check the copy
    message.refresh_from_db()
    assert message.answered_by == clerk and not message.is_published
    page = client.get(url).content.decode()
    assert "[姓名已隐去]问低保，电话[电话已隐去]" in page and "请核对" in page
    client.post(url, {"is_published": "on", "public_subject": message.public_subject,
                      "public_body": message.public_body, "public_answer": "您好，请到便民服务中心办理。"})
    message.refresh_from_db()
    assert message.is_published and message.public_answer == "您好，请到便民服务中心办理。"
    assert "王大爷" not in message.public_body + message.public_answer


def test_an_answer_from_before_the_copy_was_prepared_shows_the_redacted_text_before_publishing(
        client, department, clerk):
    message = inbox.answer_message(ff.message(department, body="我住在城关镇东村5组12号"), by=clerk, answer="好")
    Message.objects.filter(pk=message.pk).update(public_subject="", public_body="", public_answer="")
    client.force_login(clerk)
    page = client.get(reverse("admin:feedback_message_change", args=[message.pk])).content.decode()
    assert "我住在[地址已隐去]" in page


def test_an_unanswered_message_offers_no_publishing_and_stays_unpublished(client, department, clerk):
    message = ff.message(department)
    url = reverse("admin:feedback_message_change", args=[message.pk])
    client.force_login(clerk)
    assert 'name="is_published"' not in client.get(url).content.decode()
    client.post(url, {"answer": "", "is_published": "on"})
    assert not Message.objects.filter(is_published=True).exists()


def test_clerk_unpublishes_an_answered_message(client, department, clerk):
    message = inbox.answer_message(ff.message(department), by=clerk, answer="答复", publish=True)
    client.force_login(clerk)
    client.post(reverse("admin:feedback_message_change", args=[message.pk]), {
        "public_subject": message.public_subject, "public_body": message.public_body,
        "public_answer": message.public_answer,
    })
    assert not Message.objects.published().exists()


def test_review_point_admin_is_scoped_to_the_clerks_departments(client, department, clerk):
    mine = ff.review_point(department=department)
    ff.review_point()
    client.force_login(clerk)
    response = client.get(reverse("admin:catalog_reviewpoint_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


def test_visit_log_records_who_entered_it(client, department, clerk):
    point = ff.review_point(department=department)
    client.force_login(clerk)
    client.post(reverse("admin:catalog_reviewpointvisit_add"), {
        "point": point.pk, "visited_on": "2026-03-02", "visitors": "14", "enquiries": "3", "note": "",
    })
    assert point.visits.get().recorded_by == clerk


def test_visits_per_day_admin_page_shows_the_clerks_points(client, department, clerk):
    point = ff.review_point(department=department, name="城关镇查阅点")
    ff.review_point(name="别人的查阅点")
    ff.visit(point, dt.date(2026, 3, 2), visitors=12)
    client.force_login(clerk)
    response = client.get(reverse("admin:feedback_visits_per_day"), {"start": "2026-03-01", "end": "2026-03-04"})
    html = response.content.decode()
    assert "城关镇查阅点" in html and "别人的查阅点" not in html
    assert [row.visitors_per_day for row in response.context["rows"]] == [3.0]  # 12 visitors over 4 days


def test_visits_per_day_admin_page_survives_junk_dates(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("admin:feedback_visits_per_day"), {"start": "junk", "end": "2026-13-45"})
    assert response.status_code == 200
    assert "日期格式" in response.content.decode()


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_every_feedback_admin_page_renders(client, department, clerk, role):
    point = ff.review_point(department=department)
    ff.visit(point, dt.date(2026, 3, 2))
    rating = ff.bad_rating(point)
    appeal = appeals.file_appeal(rating, by=clerk, reason="误评")
    message = ff.message(department)
    client.force_login(clerk if role == "clerk" else factories.supervisor())
    urls = [reverse(f"admin:{name}_changelist") for name in (
        "feedback_rating", "feedback_callback", "feedback_appeal", "feedback_message", "catalog_reviewpoint",
        "catalog_reviewpointvisit")]
    urls += [
        reverse("admin:feedback_rating_change", args=[rating.pk]),
        reverse("admin:feedback_callback_change", args=[rating.callback.pk]),
        reverse("admin:feedback_appeal_change", args=[appeal.pk]),
        reverse("admin:feedback_message_change", args=[message.pk]),
        reverse("admin:catalog_reviewpoint_change", args=[point.pk]),
        reverse("admin:feedback_visits_per_day"),
        reverse("admin:feedback_callback_changelist") + "?overdue=yes",
    ]
    if role == "clerk":
        urls += [reverse("admin:feedback_appeal_add") + f"?rating={rating.pk}",
                 reverse("admin:catalog_reviewpointvisit_add")]
    for url in urls:
        assert client.get(url).status_code == 200, url
