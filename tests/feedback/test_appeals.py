"""Appeals (申诉复核): a department appeals its rating, a supervisor upholds or dismisses it."""

import pytest

from feedback import appeals
from feedback.errors import FeedbackError
from feedback.models import Appeal, Callback, Rating
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(department, clerk):
    return appeals.file_appeal(ff.bad_rating(department), by=clerk, reason="误评")


def test_department_files_an_appeal_for_its_own_rating(appeal, department):
    assert appeal.status == Appeal.Status.PENDING
    assert appeal.department == department


def test_clerk_cannot_appeal_another_departments_rating(department):
    rating = ff.bad_rating(factories.department())
    with pytest.raises(FeedbackError, match="本单位"):
        appeals.file_appeal(rating, by=factories.clerk(department), reason="误评")


def test_appeal_needs_a_reason(department):
    with pytest.raises(FeedbackError, match="理由"):
        appeals.file_appeal(ff.bad_rating(department), by=factories.clerk(department), reason=" ")


def test_second_pending_appeal_is_refused(appeal, department):
    with pytest.raises(FeedbackError, match="待复核"):
        appeals.file_appeal(appeal.rating, by=factories.clerk(department), reason="再次申诉")


def test_clerk_cannot_decide_an_appeal(appeal, department):
    with pytest.raises(FeedbackError, match="督查员"):
        appeals.decide_appeal(appeal, by=factories.clerk(department), uphold=True, note="自己说了算")


def test_dismissed_appeal_keeps_the_rating_counted(appeal):
    appeals.decide_appeal(appeal, by=factories.supervisor(), uphold=False, note="理由不足")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.DISMISSED
    assert Rating.objects.counted().filter(pk=appeal.rating_id).exists()


def test_upheld_appeal_closes_the_open_case(appeal):
    appeals.decide_appeal(appeal, by=factories.supervisor(), uphold=True, note="评价对象错误")
    case = Callback.objects.get(rating=appeal.rating_id)
    assert case.status == Callback.Status.CLOSED_BY_SUPERVISOR
    assert "申诉成立" in case.close_reason


def test_upholding_needs_a_note(appeal):
    with pytest.raises(FeedbackError, match="复核意见"):
        appeals.decide_appeal(appeal, by=factories.supervisor(), uphold=True, note="")


def test_an_appeal_is_decided_once(appeal):
    supervisor = factories.supervisor()
    appeals.decide_appeal(appeal, by=supervisor, uphold=False, note="理由不足")
    with pytest.raises(FeedbackError, match="已复核"):
        appeals.decide_appeal(appeal, by=supervisor, uphold=True, note="改判")


def test_removed_rating_cannot_be_appealed_again(appeal, department):
    appeals.decide_appeal(appeal, by=factories.supervisor(), uphold=True, note="成立")
    appeal.rating.refresh_from_db()
    with pytest.raises(FeedbackError, match="不计入"):
        appeals.file_appeal(appeal.rating, by=factories.clerk(department), reason="再来")
