"""随手拍 public pages: the report form (Chinese messages, nothing half-stored, submitted once, rate-limited), the
look-up by code and phone digits, the citizen's page and rating, and the board (never a phone or a name, constant
queries)."""

import pytest
from django.urls import reverse

from feedback import snapshots
from feedback.models import IssuePhoto, IssueReport, IssueStatus
from portal import idempotency
from tests.factories import FOOTER_QUERIES
from tests.feedback.snapshot_factories import Place, category, in_state, jpeg_bytes, report, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def photo_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def place(db):
    return Place()


def _form(place, **overrides):
    data = {"category": category().pk, "division": place.village.pk, "body": "东山村路灯坏了一个月。",
            "location": "村委会门口", "phone": "13905791234", "name": "王大伯", "wants_public": "on",
            idempotency.FIELD_NAME: idempotency.new_key()}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_lists_villages_under_their_township(client, place):
    html = client.get(reverse("snapshots:new")).content.decode()
    assert '<optgroup label="城关镇">' in html
    assert "东山村" in html
    assert "环境卫生" in html


def test_a_report_with_a_photo_is_stored_without_gps_and_the_citizen_sees_it(client, place):
    data = _form(place, photos=[upload()])
    response = client.post(reverse("snapshots:new"), data)
    made = IssueReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("snapshots:detail", args=[made.tracking_number])
    photo = made.photos.get()
    assert b"Exif" not in photo.image.read()
    html = client.get(response.url).content.decode()
    assert made.tracking_number in html and "待交办" in html
    served = client.get(reverse("snapshots:photo", args=[made.tracking_number, photo.pk]))
    assert served.status_code == 200
    assert served["Cache-Control"].startswith("max-age=0") or "no-store" in served["Cache-Control"]


def test_bad_input_gets_chinese_messages_and_stores_nothing(client, place):
    data = _form(place, body="", phone="123", division="999999", photos=[upload("a.jpg", b"\xff\xd8\xff broken")])
    data.pop("category")
    response = client.post(reverse("snapshots:new"), data)
    html = response.content.decode()
    assert response.status_code == 400
    for message in ("请选择问题类别。", "请描述您看到的问题。", "请选择问题所在的村（社区）。", "第1张照片", "电话"):
        assert message in html
    assert not IssueReport.objects.exists()
    assert not IssuePhoto.objects.exists()


def test_six_photos_are_refused(client, place):
    response = client.post(reverse("snapshots:new"), _form(place, photos=[upload() for _ in range(6)]))
    assert "最多上传5张照片" in response.content.decode()
    assert not IssueReport.objects.exists()


def test_the_same_form_posted_twice_stores_one_report(client, place):
    data = _form(place)
    first = client.post(reverse("snapshots:new"), data)
    second = client.post(reverse("snapshots:new"), data)
    assert IssueReport.objects.count() == 1
    assert first.url == second.url


def test_reports_are_rate_limited_per_client(client, place, settings):
    settings.ISSUE_REPORTS_PER_HOUR = 2
    for _n in range(2):
        assert client.post(reverse("snapshots:new"), _form(place)).status_code == 302
    refused = client.post(reverse("snapshots:new"), _form(place))
    assert refused.status_code == 429
    assert "过于频繁" in refused.content.decode()
    assert IssueReport.objects.count() == 2


def test_lookup_needs_the_phones_last_four_digits(client, place):
    made = report(place)
    detail = reverse("snapshots:detail", args=[made.tracking_number])
    assert client.get(detail).status_code == 302  # not verified: to the look-up
    wrong = client.post(reverse("snapshots:track"), {"tracking_number": made.tracking_number, "phone_last4": "0000"})
    assert "未找到" in wrong.content.decode()
    right = client.post(reverse("snapshots:track"),
                        {"tracking_number": made.tracking_number.lower(), "phone_last4": "1234"})
    assert right.url == detail
    assert client.get(detail).status_code == 200


def test_the_citizen_rates_a_replied_report(client, place, department):
    made = in_state(place, IssueStatus.REPLIED, department)
    client.post(reverse("snapshots:track"), {"tracking_number": made.tracking_number, "phone_last4": "1234"})
    assert "请您评价本次办理" in client.get(reverse("snapshots:detail", args=[made.tracking_number])).content.decode()
    missing = client.post(reverse("snapshots:rate", args=[made.tracking_number]), {})
    assert missing.status_code == 400 and "请选择满意程度。" in missing.content.decode()
    client.post(reverse("snapshots:rate", args=[made.tracking_number]), {"level": "very_satisfied"})
    made.refresh_from_db()
    assert made.status == IssueStatus.RATED and made.rating.department == department


def test_rating_needs_the_verified_browser(client, place, department):
    made = in_state(place, IssueStatus.REPLIED, department)
    client.post(reverse("snapshots:rate", args=[made.tracking_number]), {"level": "very_satisfied"})
    assert IssueReport.objects.get(pk=made.pk).status == IssueStatus.REPLIED


def _public(place, department, admin_user, **fields):
    made = in_state(place, IssueStatus.REPLIED, department, **fields)
    IssueReport.objects.filter(pk=made.pk).update(reply="已修复。王大伯电话13905791234已回访。")
    made.refresh_from_db()
    snapshots.approve_public(made, by=admin_user, public_body=made.body, public_reply=made.reply,
                             photo_ids=[photo.pk for photo in made.photos.all()])
    return made


def test_the_board_never_shows_a_phone_or_a_name(client, place, department, admin_user):
    _public(place, department, admin_user, photos=1, name="王大伯", phone="13905791234")
    html = client.get(reverse("snapshots:board")).content.decode()
    assert "村口的垃圾桶" in html
    assert "13905791234" not in html and "1234" not in html
    assert "王大伯" not in html
    assert "已反映 <strong>1</strong> 起，已协调处理 <strong>1</strong> 件" in html


def test_the_board_shows_only_approved_reports(client, place, department, admin_user):
    report(place, body="没有同意公开的问题", wants_public=False)
    report(place, body="同意了但还没审核的问题")
    html = client.get(reverse("snapshots:board")).content.decode()
    assert "没有同意公开的问题" not in html and "还没审核" not in html


def test_public_photos_are_served_to_anyone_and_others_to_nobody(client, place, department, admin_user):
    shown = _public(place, department, admin_user, photos=1).photos.get()
    hidden = report(place, photos=1).photos.get()
    assert client.get(shown.image.url).status_code == 200
    assert client.get(hidden.image.url).status_code == 404


def test_board_queries_do_not_grow_with_reports(client, place, department, admin_user,
                                                django_assert_max_num_queries):
    for _n in range(12):
        _public(place, department, admin_user, photos=1)
    with django_assert_max_num_queries(7 + FOOTER_QUERIES):
        response = client.get(reverse("snapshots:board"), {"township": place.township.code})
    assert response.status_code == 200
    assert response.content.decode().count('class="card issue-item"') == 10


def test_the_citizens_page_runs_a_constant_number_of_queries(client, place, department,
                                                              django_assert_max_num_queries):
    made = in_state(place, IssueStatus.REPLIED, department, photos=3)
    client.post(reverse("snapshots:track"), {"tracking_number": made.tracking_number, "phone_last4": "1234"})
    with django_assert_max_num_queries(7 + FOOTER_QUERIES):
        assert client.get(reverse("snapshots:detail", args=[made.tracking_number])).status_code == 200


def test_the_form_page_stays_constant(client, place, django_assert_max_num_queries):
    with django_assert_max_num_queries(4 + FOOTER_QUERIES):
        assert client.get(reverse("snapshots:new")).status_code == 200


def test_jpeg_helper_is_a_jpeg():
    assert jpeg_bytes().startswith(b"\xff\xd8\xff")
