"""意见征集 pages: commenting (moderated, rate-limited, submitted once), what the public sees of a comment, the
published feedback with its link to the final policy, constant queries, and the admin's defaults."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from catalog.models import Publication
from feedback.models import Comment, Consultation
from portal import idempotency
from tests import factories
from tests.factories import FOOTER_QUERIES
from tests.feedback import consultation_factories as cf

pytestmark = pytest.mark.django_db
C, M = Consultation.Status, Comment.Status
CST = dt.timezone(dt.timedelta(hours=8))
IN_MARCH = dt.datetime(2026, 3, 10, 10, tzinfo=CST)
IN_APRIL = dt.datetime(2026, 4, 10, 10, tzinfo=CST)


def url(item):
    return reverse("feedback:consultation_detail", args=[item.pk])


def comment_data(**fields):
    return {"submission_key": idempotency.new_key(), "body": "建议把申请材料再简化一些。", **fields}


@time_machine.travel(IN_MARCH)
def test_a_comment_waits_for_moderation_before_it_shows(client, department):
    item = cf.consultation(department)
    response = client.post(url(item), comment_data(), follow=True)
    html = response.content.decode()
    assert "经工作人员审核后公开显示" in html
    assert "公开的意见（0 条）" in html
    assert Comment.objects.get().status == M.PENDING


@time_machine.travel(IN_MARCH)
def test_wanting_a_reply_without_phone_is_a_chinese_error_and_nothing_stored(client, department):
    item = cf.consultation(department)
    response = client.post(url(item), comment_data(wants_reply="on", name="王先生"))
    assert response.status_code == 400
    assert "需要答复的，请填写联系电话。" in response.content.decode()
    assert not Comment.objects.exists()


@time_machine.travel(IN_MARCH)
def test_a_bad_phone_is_a_chinese_error(client, department):
    response = client.post(url(cf.consultation(department)), comment_data(phone="abc"))
    assert response.status_code == 400 and not Comment.objects.exists()


@time_machine.travel(IN_MARCH)
def test_the_same_form_posted_twice_is_stored_once(client, department):
    item = cf.consultation(department)
    data = comment_data()
    client.post(url(item), data)
    assert client.post(url(item), data).status_code == 302
    assert Comment.objects.count() == 1


@time_machine.travel(IN_MARCH)
def test_comments_are_limited_per_client(client, department, settings):
    settings.CONSULTATION_COMMENTS_PER_HOUR = 2
    item = cf.consultation(department)
    for _n in range(2):
        assert client.post(url(item), comment_data()).status_code == 302
    assert client.post(url(item), comment_data(body="")).status_code == 400  # invalid: not counted, not refused
    refused = client.post(url(item), comment_data())
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    assert Comment.objects.count() == 2


@time_machine.travel(IN_APRIL)
def test_a_closed_consultation_takes_no_comment(client, department):
    response = client.post(url(cf.consultation(department)), comment_data())
    assert response.status_code == 400 and "不在意见提交时间内" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_draft_consultation_is_not_public(client, department):
    item = cf.consultation(department, status=C.DRAFT)
    assert client.get(url(item)).status_code == 404
    assert item.title not in client.get(reverse("feedback:consultation_list")).content.decode()


@time_machine.travel(IN_MARCH)
def test_public_page_never_shows_a_phone_and_a_name_only_when_chosen(client, department):
    item = cf.consultation(department)
    cf.comment(item, body="意见甲", name="李秀英", phone="13800000001", wants_reply=True, status=M.SHOWN)
    cf.comment(item, body="意见乙", name="张建国", phone="13800000002", show_name=True, status=M.SHOWN)
    cf.comment(item, body="意见丙（待审核）", name="赵六", status=M.PENDING)
    cf.comment(item, body="意见丁（广告）", status=M.HIDDEN)
    html = client.get(url(item)).content.decode()
    assert "意见甲" in html and "意见乙" in html
    assert "意见丙" not in html and "意见丁" not in html
    assert "李秀英" not in html and "赵六" not in html and "张建国" in html and "网友" in html
    assert "13800000001" not in html and "13800000002" not in html


@time_machine.travel(IN_APRIL)
def test_published_feedback_shows_counts_reasons_and_the_final_policy(client, department):
    final = factories.publication(department_=department, title="示范县临时救助实施办法",
                                  status=Publication.Status.PUBLISHED, published_at=IN_APRIL)
    item = cf.consultation(department, status=C.CONCLUDED, feedback_summary="共收到意见4条，采纳1条。",
                           feedback_published_at=IN_APRIL, final_publication=final)
    cf.comment(item, body="缩短办理时限", status=M.SHOWN, adoption=Comment.Adoption.ADOPTED)
    cf.comment(item, body="扩大救助范围", status=M.SHOWN, adoption=Comment.Adoption.PARTLY,
               adoption_note="已将因病致困家庭纳入")
    cf.comment(item, body="取消户籍限制", status=M.SHOWN, adoption=Comment.Adoption.NOT_ADOPTED,
               adoption_note="上位法对户籍地救助有明确规定")
    cf.comment(item, body="广告", status=M.HIDDEN)
    html = client.get(url(item)).content.decode()
    assert "共收到意见 <strong>4</strong> 条（其中 1 条" in html
    assert "采纳 <strong>1</strong> 条，部分采纳 <strong>1</strong> 条，未采纳 <strong>1</strong> 条" in html
    assert "未采纳</strong>：上位法对户籍地救助有明确规定" in html
    assert reverse("catalog:publication", args=[final.pk]) in html


@time_machine.travel(IN_APRIL)
def test_an_unpublished_final_policy_is_not_linked(client, department):
    draft = factories.publication(department_=department, title="尚未印发的办法")
    item = cf.consultation(department, status=C.CONCLUDED, feedback_summary="说明", final_publication=draft)
    assert "尚未印发的办法" not in client.get(url(item)).content.decode()


@time_machine.travel(IN_MARCH)
def test_consultation_pages_run_a_constant_number_of_queries(client, department, django_assert_max_num_queries):
    for _n in range(6):
        cf.consultation(department)
    item = cf.consultation(department)
    for n in range(15):
        cf.comment(item, body=f"意见{n}", status=M.SHOWN, name="某某", show_name=bool(n % 2))
    client.get(reverse("feedback:index"))  # the footer's site information, read once per worker
    with django_assert_max_num_queries(2 + FOOTER_QUERIES):
        assert client.get(reverse("feedback:consultation_list")).status_code == 200
    with django_assert_max_num_queries(3 + FOOTER_QUERIES):
        assert client.get(url(item)).status_code == 200


# ---- admin ------------------------------------------------------------------------------------------------


@time_machine.travel(IN_MARCH)
def test_a_new_consultation_defaults_to_thirty_days(clerk_client):
    form = clerk_client.get(reverse("admin:feedback_consultation_add")).context["adminform"].form
    opens_on, closes_on = form["opens_on"].initial, form["closes_on"].initial
    assert (opens_on, closes_on) == (dt.date(2026, 3, 10), dt.date(2026, 4, 8))  # 10 March … 8 April: 30 days


def test_admin_offers_the_steps_and_the_moderation(clerk_client, department):
    item = cf.consultation(department, status=C.DRAFT)
    html = clerk_client.get(reverse("admin:feedback_consultation_change", args=[item.pk])).content.decode()
    assert "发布征求意见" in html
    comment = cf.comment(cf.consultation(department))
    page = clerk_client.get(reverse("admin:feedback_comment_change", args=[comment.pk])).content.decode()
    assert "审核通过并公开" in page and "不予公开" in page
    response = clerk_client.post(reverse("admin:feedback_comment_step", args=[comment.pk, "hide"]), {"note": ""})
    assert "请填写不予公开的原因" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == M.PENDING


def test_other_departments_staff_do_not_see_the_comments(client, department, other_department):
    comment = cf.comment(cf.consultation(department), phone="13800000009")
    client.force_login(factories.clerk(other_department))
    assert client.get(reverse("admin:feedback_comment_change", args=[comment.pk])).status_code in (302, 403, 404)
    assert "13800000009" not in client.get(reverse("admin:feedback_comment_changelist")).content.decode()
