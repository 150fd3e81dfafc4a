"""Public pages: review points, the rating widget, messages and the Q&A."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import inbox
from feedback.models import Callback, Channel, Message, Rating
from tests import factories
from tests.factories import FOOTER_QUERIES
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


def rate_data(target_kind, target_id, **extra):
    data = {"target_kind": target_kind, "target_id": target_id, "level": "satisfied", "next": "/feedback/"}
    data.update(extra)
    return data


# ---- review points -----------------------------------------------------------------------------------------


def test_point_list_groups_points_by_level(client):
    county = factories.county()
    town = factories.township(parent=county, name="青山镇")
    village = factories.village(parent=town, name="石门村")
    ff.review_point(division=village, department=factories.department(division=village), name="石门村查阅点")
    ff.review_point(division=county, department=factories.department(division=county), name="县查阅中心")
    html = client.get(reverse("feedback:points")).content.decode()
    assert html.index("县级查阅点") < html.index("县查阅中心") < html.index("村级查阅点") < html.index("石门村查阅点")


def test_point_list_hides_closed_points(client):
    ff.review_point(name="已关闭的查阅点", is_active=False)
    assert "已关闭的查阅点" not in client.get(reverse("feedback:points")).content.decode()


def test_point_list_queries_do_not_grow_with_points(client, django_assert_max_num_queries):
    for _n in range(12):
        ff.review_point()
    with django_assert_max_num_queries(4 + FOOTER_QUERIES):
        assert client.get(reverse("feedback:points")).status_code == 200


def test_point_list_with_junk_page_is_not_an_error(client):
    assert client.get(reverse("feedback:points"), {"page": "abc"}).status_code == 200


def test_point_page_shows_facilities_widget_and_recent_visits(client, django_assert_max_num_queries):
    point = ff.review_point(facilities=["reading_glasses", "printer"])
    ff.visit(point, timezone.localdate() - dt.timedelta(days=1), visitors=30)
    with django_assert_max_num_queries(6 + FOOTER_QUERIES):
        response = client.get(reverse("feedback:point_detail", args=[point.pk]))
    html = response.content.decode()
    assert "老花镜" in html and "打印机" in html
    assert 'name="target_kind" value="review_point"' in html
    assert "30 人次" in html
    assert "<svg" in html  # the QR code


def test_unknown_point_is_404(client):
    assert client.get("/feedback/points/999999/").status_code == 404


def test_point_page_opened_from_the_qr_code_rates_by_qr(client):
    point = ff.review_point()
    html = client.get(reverse("feedback:point_detail", args=[point.pk]), {"from": "qr"}).content.decode()
    assert 'name="channel" value="qr"' in html


# ---- rating widget -----------------------------------------------------------------------------------------


def test_department_rating_page_has_the_widget(client, django_assert_max_num_queries):
    department = factories.department()
    with django_assert_max_num_queries(3 + FOOTER_QUERIES):
        html = client.get(reverse("feedback:rate_department", args=[department.pk])).content.decode()
    assert html.count('type="radio" name="level"') == 5
    assert re.search(r"<script>|style=\"|\son[a-z]+=", html) is None


def test_rating_is_saved_with_a_hashed_ip_and_redirects_back(client):
    department = factories.department()
    response = client.post(reverse("feedback:rate"), rate_data("department", department.pk), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302 and response["Location"] == "/feedback/"
    rating = Rating.objects.get()
    assert rating.department == department and rating.channel == Channel.WEBSITE
    assert len(rating.ip_hash) == 64 and "10.1.2.3" not in rating.ip_hash


def test_bad_rating_through_the_widget_opens_a_case(client):
    point = ff.review_point()
    client.post(reverse("feedback:rate"), rate_data("review_point", point.pk, level="very_dissatisfied",
                                                     phone="13905790000", comment="没开门"))
    assert Callback.objects.get().department == point.department


def test_missing_level_keeps_what_was_typed(client):
    department = factories.department()
    response = client.post(reverse("feedback:rate"), rate_data("department", department.pk, level="",
                                                              comment="我的意见很长", phone="13905790000"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择满意程度" in html and "我的意见很长" in html and "13905790000" in html
    assert not Rating.objects.exists()


def test_bad_phone_is_refused_with_a_message(client):
    department = factories.department()
    response = client.post(reverse("feedback:rate"), rate_data("department", department.pk, phone="abc"))
    assert response.status_code == 400
    assert "手机号码应为11位数字，以1开头" in response.content.decode()


def test_rating_an_unknown_target_is_404(client):
    assert client.post(reverse("feedback:rate"), rate_data("department", 999999)).status_code == 404
    assert client.post(reverse("feedback:rate"), rate_data("application", 1)).status_code == 404
    assert client.post(reverse("feedback:rate"), rate_data("department", "x")).status_code == 404


def test_rating_a_draft_publication_is_404(client):
    draft = factories.publication()
    assert client.post(reverse("feedback:rate"), rate_data("publication", draft.pk)).status_code == 404


def test_offsite_next_is_replaced_by_the_target_page(client):
    department = factories.department()
    response = client.post(reverse("feedback:rate"), rate_data("department", department.pk,
                                                              next="https://evil.example/"))
    assert response["Location"] == reverse("feedback:rate_department", args=[department.pk])


def test_honeypot_rating_is_discarded_silently(client):
    department = factories.department()
    response = client.post(reverse("feedback:rate"), rate_data("department", department.pk, website="http://spam"))
    assert response.status_code == 302
    assert not Rating.objects.exists()


def test_rate_limit_refuses_ratings_beyond_the_limit_per_ip(client, settings):
    settings.FEEDBACK_RATINGS_PER_HOUR = 3
    department = factories.department()
    codes = [client.post(reverse("feedback:rate"), rate_data("department", department.pk),
                         REMOTE_ADDR="10.0.0.1").status_code for _n in range(4)]
    assert codes == [302, 302, 302, 429]
    assert Rating.objects.count() == 3


def test_rate_limit_is_per_ip(client, settings):
    settings.FEEDBACK_RATINGS_PER_HOUR = 1
    department = factories.department()
    client.post(reverse("feedback:rate"), rate_data("department", department.pk), REMOTE_ADDR="10.0.0.1")
    response = client.post(reverse("feedback:rate"), rate_data("department", department.pk), REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302
    assert Rating.objects.count() == 2


def test_rating_page_does_not_answer_get(client):
    assert client.get(reverse("feedback:rate")).status_code == 405


# ---- messages ----------------------------------------------------------------------------------------------


def message_data(department, **extra):
    data = {"kind": "question", "department": department.pk, "subject": "低保", "body": "需要什么材料？",
            "name": "王大爷", "phone": "13905790000"}
    data.update(extra)
    return data


def test_message_is_submitted_and_shows_its_tracking_number(client):
    department = factories.department()
    response = client.post(reverse("feedback:message_new"), message_data(department), follow=True)
    message = Message.objects.get()
    assert message.department == department
    assert message.tracking_number in response.content.decode()


def test_question_without_department_keeps_the_text(client):
    response = client.post(reverse("feedback:message_new"), {"kind": "question", "subject": "低保",
                                                              "body": "我的问题写了很久"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择要留言的单位" in html and "我的问题写了很久" in html


def test_correction_form_remembers_the_page(client):
    factories.department(is_disclosure_office=True)
    html = client.get(reverse("feedback:message_new"), {"kind": "correction", "page": "/feedback/qa/"}).content
    assert b'value="/feedback/qa/"' in html


def test_correction_of_an_offsite_page_is_refused(client):
    office = factories.department(is_disclosure_office=True)
    response = client.post(reverse("feedback:message_new"), message_data(
        office, kind="correction", page_url="https://evil.example/"))
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_every_page_links_to_the_correction_form_with_its_address(client):
    html = client.get(reverse("feedback:qa")).content.decode()
    assert "/feedback/messages/new/?kind=correction&amp;page=%2Ffeedback%2Fqa%2F" in html


def test_message_honeypot_is_discarded(client):
    department = factories.department()
    client.post(reverse("feedback:message_new"), message_data(department, website="x"))
    assert not Message.objects.exists()


def test_message_rate_limit(client, settings):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 1
    department = factories.department()
    client.post(reverse("feedback:message_new"), message_data(department))
    response = client.post(reverse("feedback:message_new"), message_data(department, subject="第二条"))
    assert response.status_code == 429
    assert Message.objects.count() == 1


def track(client, number):
    return client.post(reverse("feedback:message_track"), {"number": number})


def test_tracking_lookup_finds_the_message_ignoring_case_and_spaces(client):
    message = ff.message()
    response = track(client, f" {message.tracking_number.lower()} ")
    assert response["Location"] == reverse("feedback:message_detail")
    assert message.tracking_number in client.get(response["Location"]).content.decode()


def test_the_tracking_code_is_never_in_a_url(client):
    message = ff.message()
    response = track(client, message.tracking_number)
    assert message.tracking_number not in response["Location"]
    form = client.get(reverse("feedback:message_track")).content.decode()
    assert 'method="post"' in form
    assert message.tracking_number not in reverse("feedback:message_rate")


def test_tracking_by_the_address_finds_nothing(client):
    message = ff.message()
    response = client.get(reverse("feedback:message_track"), {"number": message.tracking_number})
    assert response.status_code == 200 and "Location" not in response
    assert client.get(f"/feedback/messages/{message.tracking_number}/").status_code == 404


def test_tracking_lookup_of_an_unknown_number_says_so(client):
    response = track(client, "LY000000-XXXXXX")
    assert "没有找到该查询码" in response.content.decode()


def test_the_message_page_without_a_lookup_asks_for_the_code(client):
    ff.message()
    assert client.get(reverse("feedback:message_detail"))["Location"] == reverse("feedback:message_track")


def test_message_page_never_shows_the_askers_name_or_phone(client, django_assert_max_num_queries):
    message = ff.message(name="王大爷", phone="13905790000")
    track(client, message.tracking_number)
    # the session read, the message, the session saved (in a savepoint: 3), one to spare
    with django_assert_max_num_queries(6 + FOOTER_QUERIES):
        html = client.get(reverse("feedback:message_detail")).content.decode()
    assert message.tracking_number in html
    assert "王大爷" not in html and "13905790000" not in html


def test_message_lookups_are_rate_limited_against_guessing(client, settings):
    settings.FEEDBACK_LOOKUPS_PER_HOUR = 2
    codes = [track(client, f"LY260302-AAAAA{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_asker_rates_the_answer_from_the_message_page(client):
    message = inbox.answer_message(ff.message(), by=None, answer="请到便民服务中心办理")
    track(client, message.tracking_number)
    url = reverse("feedback:message_rate")
    assert client.post(url, {"level": "satisfied"}).status_code == 302
    assert client.post(url, {"level": "dissatisfied"}).status_code == 400
    message.refresh_from_db()
    assert message.answer_level == "satisfied"


def test_public_qa_shows_published_answers_without_personal_data(client, django_assert_max_num_queries):
    message = ff.message(subject="我是李四，电话13905791111", name="李四", phone="13905791111",
                         body="李四想问：身份证330781195501011234的低保怎么办？")
    inbox.answer_message(message, by=None, answer="李四您好，请来电0579-88881234咨询。", publish=True)
    inbox.answer_message(ff.message(subject="未公开的问题"), by=None, answer="答复")
    with django_assert_max_num_queries(3 + FOOTER_QUERIES):
        html = client.get(reverse("feedback:qa")).content.decode()
    assert "低保怎么办" in html
    for private in ["李四", "13905791111", "330781195501011234", "88881234", "未公开的问题"]:
        assert private not in html


def test_qa_list_paginates(client):
    for n in range(25):
        inbox.answer_message(ff.message(subject=f"问题{n:02d}"), by=None, answer="答复", publish=True)
    assert client.get(reverse("feedback:qa")).content.decode().count('class="card qa-item"') == 20
    assert client.get(reverse("feedback:qa"), {"page": "2"}).content.decode().count('class="card qa-item"') == 5


def test_nav_links_to_review_points_and_feedback(client):
    html = client.get(reverse("feedback:index")).content.decode()
    assert 'href="/feedback/points/">查阅点' in html
    assert 'href="/feedback/">互动交流' in html


def test_public_pages_use_no_inline_script_style_or_handlers(client):
    point = ff.review_point()
    message = inbox.answer_message(ff.message(), by=None, answer="答复", publish=True)
    urls = [reverse("feedback:index"), reverse("feedback:points"), reverse("feedback:point_detail", args=[point.pk]),
            reverse("feedback:rate_department", args=[point.department_id]), reverse("feedback:message_new"),
            reverse("feedback:message_track"), reverse("feedback:qa")]
    track(client, message.tracking_number)
    urls.append(reverse("feedback:message_detail"))
    for url in urls:
        html = client.get(url).content.decode()
        assert re.search(r"<script(?![^>]*\ssrc=)|\sstyle=|\son[a-z]+=", html) is None, url


def test_choosing_a_department_leads_to_its_rating_page(client):
    department = factories.department()
    response = client.get(reverse("feedback:choose_department"), {"department": department.pk})
    assert response["Location"] == reverse("feedback:rate_department", args=[department.pk])


def test_choosing_a_junk_department_says_so(client):
    response = client.get(reverse("feedback:choose_department"), {"department": "abc"})
    assert response.status_code == 200
    assert "请从列表中选择单位" in response.content.decode()


def test_public_widget_cannot_claim_a_staff_channel(client):
    department = factories.department()
    client.post(reverse("feedback:rate"), rate_data("department", department.pk, channel="phone"))
    assert Rating.objects.get().channel == Channel.WEBSITE
