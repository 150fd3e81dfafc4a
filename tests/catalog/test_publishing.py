"""The review-before-publish workflow (先审查后发布) in catalog.publishing."""

import pytest

from catalog import history, publishing
from catalog.models import Publication, PublicationChange
from catalog.publishing import STEPS, PublishingError
from tests import factories as f

pytestmark = pytest.mark.django_db
S = Publication.Status


def pending(department, clerk):
    item = f.publication(department_=department, created_by=clerk)
    publishing.submit(item, by=clerk)
    return item


def published(department, clerk, reviewer):
    item = pending(department, clerk)
    publishing.approve(item, by=reviewer)
    return item


def test_clerk_submits_a_draft_for_review(department, clerk):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    assert item.status == S.PENDING
    assert item.submitted_by == clerk


def test_reviewer_of_the_same_department_approves_and_publishes(department, clerk, reviewer):
    item = pending(department, clerk)
    publishing.approve(item, by=reviewer)
    assert item.status == S.PUBLISHED
    assert item.published_at is not None
    assert item.reviewed_by == reviewer


def test_reviewer_cannot_approve_their_own_submission(department, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=reviewer)
    with pytest.raises(PublishingError, match="不能审核自己"):
        publishing.approve(item, by=reviewer)
    item.refresh_from_db()
    assert item.status == S.PENDING


def test_reviewer_cannot_approve_what_they_drafted_even_if_a_clerk_submitted_it(department, clerk, reviewer):
    item = f.publication(department_=department, created_by=reviewer)
    publishing.submit(item, by=clerk)
    with pytest.raises(PublishingError, match="不能审核自己"):
        publishing.approve(item, by=reviewer)


def test_reviewer_of_another_department_cannot_approve(department, clerk):
    outsider = f.reviewer(f.department())
    item = pending(department, clerk)
    with pytest.raises(PublishingError, match="审核员"):
        publishing.approve(item, by=outsider)


def test_clerk_cannot_approve(department, clerk):
    other_clerk = f.clerk(department)
    item = pending(department, clerk)
    with pytest.raises(PublishingError, match="审核员"):
        publishing.approve(item, by=other_clerk)


def test_supervisor_cannot_submit(department):
    item = f.publication(department_=department)
    with pytest.raises(PublishingError, match="办事员"):
        publishing.submit(item, by=f.supervisor())


def test_clerk_of_another_department_cannot_submit(department):
    item = f.publication(department_=department)
    with pytest.raises(PublishingError):
        publishing.submit(item, by=f.clerk(f.department()))


def test_reject_sends_back_to_draft_with_the_note(department, clerk, reviewer):
    item = pending(department, clerk)
    publishing.reject(item, by=reviewer, note="文号有误，请核对。")
    assert item.status == S.DRAFT
    assert item.review_note == "文号有误，请核对。"


def test_reject_without_a_note_is_refused(department, clerk, reviewer):
    item = pending(department, clerk)
    with pytest.raises(PublishingError, match="请填写退回意见"):
        publishing.reject(item, by=reviewer, note="  ")


def test_withdraw_records_the_reason_and_hides_it_from_the_public(department, clerk, reviewer):
    item = published(department, clerk, reviewer)
    publishing.withdraw(item, by=reviewer, reason="内容已过期")
    assert item.status == S.WITHDRAWN
    assert item.withdrawn_reason == "内容已过期"
    assert not Publication.objects.public().filter(pk=item.pk).exists()


def test_withdraw_without_a_reason_is_refused(department, clerk, reviewer):
    item = published(department, clerk, reviewer)
    with pytest.raises(PublishingError, match="请填写撤回原因"):
        publishing.withdraw(item, by=reviewer, reason="")


def test_only_published_items_are_public(department, clerk, reviewer):
    draft = f.publication(department_=department)
    waiting = pending(department, clerk)
    shown = published(department, clerk, reviewer)
    assert list(Publication.objects.public().filter(pk__in=[draft.pk, waiting.pk, shown.pk])) == [shown]


@pytest.mark.parametrize("step_name", list(STEPS))
@pytest.mark.parametrize("status", list(S.values))
def test_each_step_is_allowed_exactly_from_its_source_states(step_name, status, department, clerk, reviewer):
    step = STEPS[step_name]
    item = f.publication(department_=department, created_by=clerk)
    Publication.objects.filter(pk=item.pk).update(status=status, submitted_by=clerk)
    item.refresh_from_db()
    actor = clerk if step_name == "submit" else reviewer
    action = getattr(publishing, step_name)
    kwargs = {"reason": "理由"} if step_name == "withdraw" else {"note": "意见"} if step_name == "reject" else {}
    if status in step.sources:
        action(item, by=actor, **kwargs)
        assert item.status == step.target
    else:
        with pytest.raises(PublishingError, match="状态"):
            action(item, by=actor, **kwargs)
        item.refresh_from_db()
        assert item.status == status


def test_each_step_returns_its_history_entry(department, clerk, reviewer):
    item = pending(department, clerk)
    change = publishing.reject(item, by=reviewer, note="请补充附件")
    assert (change.action, change.changed_by, change.note) == (PublicationChange.Action.REJECTED, reviewer,
                                                              "请补充附件")
    assert "status" in change.fields


def test_allowed_steps_excludes_self_approval(department, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=reviewer)
    assert [step.name for step in publishing.allowed_steps(item, reviewer)] == ["reject"]


def test_reviewer_who_edited_the_content_cannot_approve(department, clerk, reviewer):
    item = f.publication(department_=department, created_by=clerk, body="<p>初稿</p>")
    item.body = "<p>审核员改过的正文</p>"
    history.save(item, by=reviewer)
    publishing.submit(item, by=clerk)
    with pytest.raises(PublishingError, match="修改过内容"):
        publishing.approve(item, by=reviewer)
    assert [step.name for step in publishing.allowed_steps(item, reviewer)] == ["reject"]


def test_reviewer_who_only_took_steps_may_approve_after_the_clerk_revised(department, clerk, reviewer):
    item = f.publication(department_=department, created_by=clerk)
    publishing.submit(item, by=clerk)
    publishing.reject(item, by=reviewer, note="请补充附件")
    item.refresh_from_db()
    item.title = "补充后的标题"
    history.save(item, by=clerk)
    publishing.submit(item, by=clerk)
    publishing.approve(item, by=reviewer)
    assert item.status == Publication.Status.PUBLISHED
