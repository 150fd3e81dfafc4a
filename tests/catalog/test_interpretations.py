"""三同步: a policy document is approved only with its interpretation (政策解读), published before or approved together,
or with the reviewer's recorded reason; the public pages link both ways; the quarterly sheet counts the rest."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog import publishing
from catalog.models import Publication, PublicationChange
from catalog.publishing import PublishingError
from portal.reports import assessment
from portal.reports.scope import Period
from tests import factories as f

pytestmark = pytest.mark.django_db
S, T = Publication.Status, Publication.DocumentType


def pending(department, clerk, **fields):
    item = f.publication(department_=department, created_by=clerk, **fields)
    publishing.submit(item, by=clerk)
    return item


@pytest.fixture
def policy(department, clerk):
    return pending(department, clerk, title="示范县临时救助实施办法", document_type=T.NORMATIVE)


def interpretation_of(policy, clerk, *, submit=True, **fields):
    item = f.publication(department_=policy.department, created_by=clerk, title=f"《{policy.title}》政策解读",
                         document_type=T.INTERPRETATION, interprets=policy, **fields)
    if submit:
        publishing.submit(item, by=clerk)
    return item


@pytest.mark.parametrize("kind", [T.NORMATIVE, T.REGULATION])
def test_policy_without_interpretation_or_reason_is_refused_and_stays_pending(department, clerk, reviewer, kind):
    item = pending(department, clerk, document_type=kind)
    with pytest.raises(PublishingError, match="三同步"):
        publishing.approve(item, by=reviewer)
    item.refresh_from_db()
    assert item.status == S.PENDING and item.published_at is None
    assert not item.changes.filter(action=PublicationChange.Action.APPROVED).exists()


def test_a_draft_interpretation_does_not_count(policy, clerk, reviewer):
    draft = interpretation_of(policy, clerk, submit=False)
    with pytest.raises(PublishingError, match="三同步"):
        publishing.approve(policy, by=reviewer)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_pending_interpretation_is_published_together(policy, clerk, reviewer):
    interpretation = interpretation_of(policy, clerk)
    publishing.approve(policy, by=reviewer)
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == S.PUBLISHED
    assert policy.published_at == interpretation.published_at
    assert interpretation.reviewed_by == reviewer
    assert "同步审核发布" in interpretation.changes.get(action=PublicationChange.Action.APPROVED).note
    assert policy.no_interpretation_reason == ""
    assert not Publication.objects.without_interpretation().exists()


def test_an_interpretation_the_reviewer_wrote_blocks_the_approval_of_both(policy, clerk, reviewer):
    interpretation = interpretation_of(policy, reviewer, submit=False)
    publishing.submit(interpretation, by=clerk)
    with pytest.raises(PublishingError, match="不能审核自己"):
        publishing.approve(policy, by=reviewer)
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == S.PENDING


def test_interpretation_published_earlier_is_enough(policy, clerk, reviewer):
    interpretation = interpretation_of(policy, clerk)
    publishing.approve(interpretation, by=reviewer)
    publishing.approve(policy, by=reviewer)
    assert policy.status == S.PUBLISHED
    assert not Publication.objects.without_interpretation().exists()


def test_reason_lets_the_policy_go_out_alone_and_is_recorded(policy, reviewer):
    publishing.approve(policy, by=reviewer, no_interpretation_reason="仅延长有效期，原解读继续适用")
    assert policy.status == S.PUBLISHED
    assert policy.no_interpretation_reason == "仅延长有效期，原解读继续适用"
    assert "未同步发布政策解读的原因" in policy.changes.get(action=PublicationChange.Action.APPROVED).note
    assert list(Publication.objects.without_interpretation()) == [policy]


def test_interpretation_published_later_leaves_the_policy_counted_as_alone(policy, clerk, reviewer):
    publishing.approve(policy, by=reviewer, no_interpretation_reason="解读材料尚在起草")
    late = interpretation_of(policy, clerk)
    publishing.approve(late, by=reviewer)
    assert list(Publication.objects.without_interpretation()) == [policy]


@pytest.mark.parametrize("kind", [T.OTHER_DOCUMENT, T.NOTICE, T.OTHER, T.INTERPRETATION])
def test_other_kinds_need_no_interpretation(department, clerk, reviewer, kind):
    item = pending(department, clerk, document_type=kind)
    publishing.approve(item, by=reviewer)
    assert item.status == S.PUBLISHED and item.no_interpretation_reason == ""


def test_only_an_interpretation_links_to_a_policy(department, clerk):
    policy_ = f.publication(department_=department, document_type=T.NORMATIVE)
    notice = Publication(entry=policy_.entry, department=department, division=department.division, title="通知",
                         document_type=T.NOTICE, formed_on=dt.date(2026, 3, 2), interprets=policy_)
    with pytest.raises(ValidationError, match="只有文件类型为“政策解读”"):
        notice.full_clean()


def test_approve_step_page_asks_for_the_reason_only_on_a_policy(client, reviewer, policy, department, clerk):
    client.force_login(reviewer)
    url = reverse("admin:catalog_publication_step", args=[policy.pk, "approve"])
    assert "未同步发布政策解读的原因" in client.get(url).content.decode()
    refused = client.post(url, {"note": ""})
    assert "三同步" in refused.content.decode()
    policy.refresh_from_db()
    assert policy.status == S.PENDING
    client.post(url, {"note": "", "no_interpretation_reason": "内容未修改"})
    policy.refresh_from_db()
    assert policy.status == S.PUBLISHED
    notice = pending(department, clerk, document_type=T.NOTICE)
    other = reverse("admin:catalog_publication_step", args=[notice.pk, "approve"])
    assert "未同步发布政策解读的原因" not in client.get(other).content.decode()


def test_public_pages_link_policy_and_interpretation_both_ways(client, policy, clerk, reviewer):
    interpretation = interpretation_of(policy, clerk)
    publishing.approve(policy, by=reviewer)
    policy_page = client.get(reverse("catalog:publication", args=[policy.pk])).content.decode()
    assert "政策解读：" in policy_page and reverse("catalog:publication", args=[interpretation.pk]) in policy_page
    its_page = client.get(reverse("catalog:publication", args=[interpretation.pk])).content.decode()
    assert "本解读对应的政策文件" in its_page and reverse("catalog:publication", args=[policy.pk]) in its_page


def test_public_page_does_not_link_an_unpublished_interpretation(client, department, clerk, reviewer):
    alone = pending(department, clerk, document_type=T.NORMATIVE)
    publishing.approve(alone, by=reviewer, no_interpretation_reason="原因")
    interpretation_of(alone, clerk, submit=False)
    assert "政策解读：" not in client.get(reverse("catalog:publication", args=[alone.pk])).content.decode()


@time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
def test_quarterly_sheet_counts_policies_without_interpretation_and_drills_down(department, clerk, reviewer,
                                                                              supervisor_client):
    with_one = pending(department, clerk, document_type=T.NORMATIVE, title="有解读的办法")
    interpretation_of(with_one, clerk)
    publishing.approve(with_one, by=reviewer)  # with its interpretation: not counted
    for title in ("无解读的办法一", "无解读的规章二"):
        kind = T.NORMATIVE if "办法" in title else T.REGULATION
        publishing.approve(pending(department, clerk, document_type=kind, title=title), by=reviewer,
                           no_interpretation_reason="内容未修改")
    publishing.approve(pending(department, clerk, document_type=T.NOTICE, title="公告"), by=reviewer)
    sheet = assessment.build(department.division, Period(2026, 1), dt.date(2026, 3, 10))
    row = next(row for row in sheet.rows if row.department == department)
    assert row.policies_without_interpretation == 2  # 无解读的办法一 and 无解读的规章二
    drill_down = supervisor_client.get(row.links["policies_without_interpretation"])
    assert sorted(p.title for p in drill_down.context["cl"].result_list) == ["无解读的办法一", "无解读的规章二"]
