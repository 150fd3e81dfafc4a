"""Each guard of the callback loop, tested so that deleting it fails a test (tests/MUTATION.md)."""

import datetime as dt

import pytest

from catalog.models import Publication
from feedback import callbacks
from feedback.errors import FeedbackError
from feedback.models import Callback, CallbackAttempt, CallbackEvent
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db
D = dt.date


def _case(department):
    return ff.bad_rating(department, on=D(2026, 3, 2)).callback


def _closed(department, clerk):
    case = _case(department)
    callbacks.record_attempt(case, by=clerk, is_satisfied=True, rectification="已整改")
    return Callback.objects.get(pk=case.pk)


def test_clerk_of_another_department_cannot_record_an_attempt(department):
    case = _case(department)
    outsider = factories.clerk(factories.department())
    with pytest.raises(FeedbackError, match=r"^只有本单位的工作人员可以登记回访和整改情况。$"):
        callbacks.record_attempt(case, by=outsider, citizen_said="已联系")
    assert not CallbackAttempt.objects.exists()


def test_clerk_of_another_department_cannot_record_rectification(department):
    case = _case(department)
    outsider = factories.clerk(factories.department())
    with pytest.raises(FeedbackError, match=r"^只有本单位的工作人员可以登记回访和整改情况。$"):
        callbacks.record_rectification(case, by=outsider, rectification="已整改")
    assert Callback.objects.get(pk=case.pk).rectification == ""


def test_staff_without_the_recording_permission_cannot_record(department):
    case = _case(department)
    member = factories.user(departments=[department])
    with pytest.raises(FeedbackError, match=r"^只有本单位的工作人员可以登记回访和整改情况。$"):
        callbacks.record_attempt(case, by=member)
    with pytest.raises(FeedbackError, match=r"^只有本单位的工作人员可以登记回访和整改情况。$"):
        callbacks.record_rectification(case, by=member, rectification="已整改")


def test_attempt_is_stored_as_recorded(department, clerk):
    case = _case(department)
    called = ff.at(D(2026, 3, 3), 9)
    attempt = callbacks.record_attempt(case, by=clerk, method=CallbackAttempt.Method.PHONE, is_reached=True,
                                       citizen_said=" 基本满意 ", rectification=" 已安排专人接听 ", called_at=called)
    stored = CallbackAttempt.objects.get(pk=attempt.pk)
    assert (stored.called_at, stored.called_by, stored.method, stored.is_reached) == (
        called, clerk, CallbackAttempt.Method.PHONE, True)
    assert (stored.citizen_said, stored.rectification, stored.is_satisfied) == ("基本满意", "已安排专人接听", False)
    case = Callback.objects.get(pk=case.pk)
    assert (case.first_called_at, case.rectification, case.rectified_at) == (called, "已安排专人接听", called)
    assert case.is_open and case.next_due_on == case.rectification_due_on


def test_attempt_without_a_time_is_now_and_unreached_keeps_the_callback_date(department, clerk):
    case = _case(department)
    attempt = callbacks.record_attempt(case, by=clerk, is_reached=False)
    assert attempt.called_at is not None
    case = Callback.objects.get(pk=case.pk)
    assert case.first_called_at is None and case.next_due_on == case.callback_due_on
    assert case.rectified_at is None and case.rectification == ""


def test_satisfied_citizen_closes_the_case_with_their_words_or_the_default(department, clerk):
    case = _case(department)
    called = ff.at(D(2026, 3, 3), 9)
    callbacks.record_attempt(case, by=clerk, is_satisfied=True, rectification="已整改", called_at=called)
    case = Callback.objects.get(pk=case.pk)
    assert (case.status, case.closed_at, case.closed_by, case.close_reason) == (
        Callback.Status.CLOSED_SATISFIED, called, clerk, "群众表示满意。")
    other = _case(department)
    callbacks.record_rectification(other, by=clerk, rectification="已整改")
    callbacks.record_attempt(other, by=clerk, is_satisfied=True, citizen_said=" 满意 ")
    assert Callback.objects.get(pk=other.pk).close_reason == "满意"


def test_satisfied_without_a_rectification_record_is_refused(department, clerk):
    case = _case(department)
    with pytest.raises(FeedbackError, match=r"^办结前须登记整改措施（整改了什么）。$"):
        callbacks.record_attempt(case, by=clerk, is_satisfied=True, rectification="  ")
    assert Callback.objects.get(pk=case.pk).is_open


def test_empty_rectification_is_refused(department, clerk):
    case = _case(department)
    with pytest.raises(FeedbackError, match=r"^请填写整改措施。$"):
        callbacks.record_rectification(case, by=clerk, rectification=" ")


def test_rectification_is_stored_with_its_time_and_kept_open(department, clerk):
    case = _case(department)
    fixed = ff.at(D(2026, 3, 5), 16)
    returned = callbacks.record_rectification(case, by=clerk, rectification=" 已更新公示栏 ", at=fixed)
    stored = Callback.objects.get(pk=case.pk)
    assert (stored.rectification, stored.rectified_at, stored.corrected_publication) == ("已更新公示栏", fixed, None)
    assert returned.rectification == "已更新公示栏" and stored.is_open


def test_rectification_on_a_closed_case_is_refused(department, clerk):
    case = _closed(department, clerk)
    with pytest.raises(FeedbackError, match=r"^该回访已办结，不能再登记。$"):
        callbacks.record_rectification(case, by=clerk, rectification="再整改")


def test_corrected_item_must_be_a_public_item_of_the_rated_department(department, clerk):
    publication = factories.publication(department_=department, status=Publication.Status.PUBLISHED)
    case = ff.bad_rating(publication).callback
    foreign = factories.publication(status=Publication.Status.PUBLISHED)
    with pytest.raises(FeedbackError, match=r"^整改后的信息应是被评价单位已公开的信息。$"):
        callbacks.record_rectification(case, by=clerk, rectification="已更正", corrected_publication=foreign)
    draft = factories.publication(department_=department)
    with pytest.raises(FeedbackError, match=r"^整改后的信息应是被评价单位已公开的信息。$"):
        callbacks.record_rectification(case, by=clerk, rectification="已更正", corrected_publication=draft)
    callbacks.record_rectification(case, by=clerk, rectification="已更正", corrected_publication=publication)
    assert Callback.objects.get(pk=case.pk).corrected_publication == publication


def test_closing_needs_a_signed_in_supervisor_and_an_open_case(department, clerk, supervisor):
    case = _case(department)
    with pytest.raises(FeedbackError, match=r"^只有督查员可以关闭回访。$"):
        callbacks.close_by_supervisor(case, by=None, reason="已核实")
    closed = _closed(department, clerk)
    with pytest.raises(FeedbackError, match="^该回访已办结。$"):
        callbacks.close_by_supervisor(closed, by=supervisor, reason="已核实")


def test_closing_stores_when_and_the_reason(department, supervisor):
    case = _case(department)
    when = ff.at(D(2026, 3, 4), 11)
    callbacks.close_by_supervisor(case, by=supervisor, reason=" 群众联系不上 ", at=when)
    stored = Callback.objects.get(pk=case.pk)
    assert (stored.closed_at, stored.close_reason) == (when, "群众联系不上")


def test_spot_check_and_reopen_need_a_closed_case(department, supervisor):
    case = _case(department)
    with pytest.raises(FeedbackError, match=r"^该回访尚未办结。$"):
        callbacks.spot_check(case, by=supervisor, is_confirmed=True, note="群众确认")
    with pytest.raises(FeedbackError, match=r"^该回访尚未办结。$"):
        callbacks.reopen(case, by=supervisor, reason="抽查")
    with pytest.raises(FeedbackError, match=r"^只有督查员可以抽查或重新打开回访。$"):
        callbacks.spot_check(case, by=None, is_confirmed=True, note="群众确认")


def test_spot_check_is_stored_as_recorded(department, clerk, supervisor):
    case = _closed(department, clerk)
    when = ff.at(D(2026, 3, 20), 15)
    event = callbacks.spot_check(case, by=supervisor, is_confirmed=True, note=" 群众确认 ", at=when)
    stored = CallbackEvent.objects.get(pk=event.pk)
    assert (stored.callback_id, stored.at, stored.note, stored.is_confirmed) == (case.pk, when, "群众确认", True)


def test_reopen_before_any_reached_call_awaits_the_callback(department, supervisor):
    case = _case(department)
    callbacks.close_by_supervisor(case, by=supervisor, reason="联系不上")
    when = ff.at(D(2026, 3, 20), 15)
    case = callbacks.reopen(case, by=supervisor, reason=" 抽查发现未回访 ", at=when)
    stored = Callback.objects.get(pk=case.pk)
    assert stored.is_open and stored.closed_by is None and stored.next_due_on == stored.callback_due_on
    assert [(e.at, e.note, e.by) for e in stored.events.all()] == [(when, "抽查发现未回访", supervisor)]


def test_check_names_the_rule_of_each_step(department, clerk, supervisor):
    case = _case(department)
    assert callbacks.check("record_attempt", case, by=clerk).name == "record_attempt"
    with pytest.raises(FeedbackError, match=r"^只有督查员可以关闭回访。$"):
        callbacks.check("close_by_supervisor", case, by=clerk)
    assert callbacks.check("close_by_supervisor", case, by=supervisor).name == "close_by_supervisor"
    for name in ("spot_check", "reopen"):
        with pytest.raises(FeedbackError, match=r"^该回访尚未办结。$"):
            callbacks.check(name, case, by=supervisor)
    with pytest.raises(FeedbackError, match=r"^只有本单位的工作人员可以登记回访和整改情况。$"):
        callbacks.check("record_rectification", case, by=supervisor)
    assert [step.name for step in callbacks.allowed_steps(case, clerk)] == ["record_rectification"]


def test_a_case_opens_on_the_day_given_with_due_dates_from_it(department):
    rating = ff.rating(department, phone="13905790000", comment="办事指南有误")
    case = callbacks.open_case(rating, opened_on=D(2026, 3, 6))
    # Fri 6 Mar 2026: callback 1 working day → Mon 9 Mar; rectification 15 → 9–13 (5), 16–20 (10), 23–27 (15).
    assert (case.opened_on, case.callback_due_on, case.rectification_due_on, case.next_due_on) == (
        D(2026, 3, 6), D(2026, 3, 9), D(2026, 3, 27), D(2026, 3, 9))
    assert case.department_id == department.pk and case.due_dates_provisional is False
    with pytest.raises(FeedbackError, match=r"^该评价已有回访记录。$"):
        callbacks.open_case(rating)


def test_due_dates_are_counted_by_the_settings(settings):
    settings.CALLBACK_DUE_WORKDAYS, settings.RECTIFICATION_DUE_WORKDAYS = 2, 3
    # Mon 2 Mar 2026: +2 → Wed 4 Mar, +3 → Thu 5 Mar.
    assert callbacks.due_dates(D(2026, 3, 2)) == (D(2026, 3, 4), D(2026, 3, 5))


def test_a_rating_without_contact_cannot_open_a_case(department):
    rating = ff.rating(department, comment="不好")
    with pytest.raises(FeedbackError):
        callbacks.check_can_open(rating)


def test_steps_without_a_time_are_dated_now(department, clerk, supervisor, time_machine):
    now = ff.at(D(2026, 3, 4), 9, 15)
    time_machine.move_to(now, tick=False)
    case = _case(department)
    attempt = callbacks.record_attempt(case, by=clerk, rectification="已整改")
    assert attempt.called_at == now
    assert Callback.objects.get(pk=case.pk).rectified_at == now
    callbacks.close_by_supervisor(case, by=supervisor, reason="已核实")
    assert Callback.objects.get(pk=case.pk).closed_at == now
    event = callbacks.spot_check(case, by=supervisor, is_confirmed=True, note="群众确认")
    assert event.at == now
    callbacks.reopen(case, by=supervisor, reason="抽查")
    assert Callback.objects.get(pk=case.pk).events.get(kind=CallbackEvent.Kind.REOPEN).at == now
    other = _case(department)
    callbacks.record_rectification(other, by=clerk, rectification="已整改")
    assert Callback.objects.get(pk=other.pk).rectified_at == now


def test_a_case_opens_on_the_day_of_the_rating_by_default(department, time_machine):
    time_machine.move_to(ff.at(D(2026, 3, 6), 16), tick=False)
    rating = ff.rating(department, phone="13905790000", comment="办事指南有误")
    case = callbacks.open_case(rating)
    assert (case.opened_on, case.callback_due_on) == (D(2026, 3, 6), D(2026, 3, 9))


def test_refusals_say_exactly_why(department, clerk, supervisor):
    case = _case(department)
    with pytest.raises(FeedbackError, match=r"^未联系上群众，不能登记为满意。$"):
        callbacks.record_attempt(case, by=clerk, is_reached=False, is_satisfied=True)
    with pytest.raises(FeedbackError, match=r"^关闭回访须填写理由。$"):
        callbacks.close_by_supervisor(case, by=supervisor, reason=" ")
    closed = _closed(department, clerk)
    with pytest.raises(FeedbackError, match=r"^请填写说明。$"):
        callbacks.reopen(closed, by=supervisor, reason=" ")
    with pytest.raises(FeedbackError, match=r"^该差评未留联系方式，无法回访。$"):
        callbacks.check_can_open(ff.bad_rating(department, phone="", comment="差"))
    with pytest.raises(FeedbackError, match=r"^只有留有联系电话的差评，或留有意见和联系电话的评价，才能发起回访。$"):
        callbacks.check_can_open(ff.rating(department, comment="很好"))
