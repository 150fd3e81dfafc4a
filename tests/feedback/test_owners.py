"""Every case has an owner who can act (villages are handled by township staff), 无法回访 ratings open no case,
cases close as rectified only with the record of what was fixed, supervisors spot-check and reopen closed cases,
and messages answered late show as such."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog.access import acts_for
from catalog.models import Department, Publication
from feedback import callbacks, inbox
from feedback.errors import FeedbackError
from feedback.models import Callback, CallbackEvent, Message, Rating
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    """A township with its government, one village of it and the village committee, and a township clerk."""
    township = factories.township()
    government = factories.department(division=township, name="测试镇人民政府")
    village = factories.village(township)
    committee = factories.department(division=village, name="测试村村民委员会")
    return {"township": township, "government": government, "committee": committee,
            "clerk": factories.clerk(government)}


# ---- ownership: villages are handled by the township's staff ----------------------------------------------


def test_village_committee_is_handled_by_its_township_government_by_default(town):
    assert town["committee"].handled_by == town["government"]
    assert town["government"].handled_by is None  # only village-level departments are handled by another


def test_township_clerk_acts_for_the_villages_it_handles_and_no_other(town):
    other_village = factories.department(division=factories.village(factories.township()))
    assert acts_for(town["clerk"], town["committee"])
    assert not acts_for(town["clerk"], other_village)
    assert town["committee"] in Department.objects.acted_for_by(town["clerk"])
    assert list(Department.objects.acted_for_by(town["clerk"])) == [town["government"], town["committee"]]


def test_township_clerk_calls_back_and_answers_for_a_village(town):
    case = ff.bad_rating(town["committee"]).callback
    assert case.department == town["committee"]
    callbacks.record_attempt(case, by=town["clerk"], citizen_said="已解释", rectification="已补公开村务收支")
    assert Callback.objects.get(pk=case.pk).is_open
    message = ff.message(town["committee"])
    inbox.answer_message(message, by=town["clerk"], answer="已答复。")
    assert Message.objects.get(pk=message.pk).answered_by == town["clerk"]


def test_handler_must_be_a_department_of_the_villages_township(town):
    stranger = factories.department(division=factories.township(), name="别镇人民政府")
    town["committee"].handled_by = stranger
    with pytest.raises(ValidationError, match="上级乡镇"):
        town["committee"].full_clean()
    town["government"].handled_by = stranger
    with pytest.raises(ValidationError, match="只有村级"):
        town["government"].full_clean()


def test_open_cases_and_pending_messages_nobody_can_act_on_are_unowned(town, department, clerk):
    nobody = factories.department(name="无人局")
    lost_case = ff.bad_rating(nobody).callback
    lost_message = ff.message(nobody)
    village_case = ff.bad_rating(town["committee"]).callback  # handled by the township clerk
    ff.bad_rating(department)
    ff.message(department)
    assert list(Callback.objects.unowned()) == [lost_case]
    assert list(Message.objects.unowned()) == [lost_message]
    town["clerk"].is_active = False
    town["clerk"].save()
    assert set(Callback.objects.unowned()) == {lost_case, village_case}


def test_unowned_case_leaves_the_alarm_once_closed_or_answered():
    nobody = factories.department(name="无人局")
    case = ff.bad_rating(nobody).callback
    message = ff.message(nobody)
    callbacks.close_by_supervisor(case, by=factories.supervisor(), reason="单位撤并，已转办")
    inbox.answer_message(message, by=None, answer="已答复。")
    assert not Callback.objects.unowned().exists()
    assert not Message.objects.unowned().exists()


def test_supervisors_alarm_lists_show_the_unowned_cases_and_messages(supervisor_client, department, clerk):
    nobody = factories.department(name="无人局")
    lost_case = ff.bad_rating(nobody).callback
    lost_message = ff.message(nobody)
    ff.bad_rating(department)
    ff.message(department)
    response = supervisor_client.get(reverse("admin:feedback_callback_changelist") + "?unowned=yes")
    assert [case.pk for case in response.context["cl"].result_list] == [lost_case.pk]
    response = supervisor_client.get(reverse("admin:feedback_message_changelist") + "?unowned=yes")
    assert [message.pk for message in response.context["cl"].result_list] == [lost_message.pk]


# ---- 无法回访 ------------------------------------------------------------------------------------------


def test_bad_rating_without_contact_opens_no_case_and_is_listed_as_cannot_call_back():
    rating = ff.bad_rating(phone="")
    assert not Callback.objects.filter(rating=rating).exists()
    assert rating.cannot_be_called_back
    assert list(Rating.objects.cannot_call_back()) == [rating]
    assert not Rating.objects.to_call_back().exists()
    with pytest.raises(FeedbackError, match="无法回访"):
        callbacks.open_case(rating)


def test_bad_rating_with_contact_is_to_be_called_back():
    rating = ff.bad_rating()
    assert list(Rating.objects.to_call_back()) == [rating]
    assert not Rating.objects.cannot_call_back().exists()


def test_rating_admin_shows_cannot_call_back(supervisor_client):
    ff.bad_rating(phone="")
    response = supervisor_client.get(reverse("admin:feedback_rating_changelist") + "?grade=cannot_call_back")
    assert len(response.context["cl"].result_list) == 1
    assert "无法回访" in response.content.decode()


# ---- closing as rectified ---------------------------------------------------------------------------------


def test_a_satisfied_citizen_closes_the_case_only_with_the_record_of_what_was_fixed():
    case = ff.bad_rating().callback
    with pytest.raises(FeedbackError, match="整改措施"):
        callbacks.record_attempt(case, by=None, is_satisfied=True, citizen_said="满意")
    assert Callback.objects.get(pk=case.pk).is_open and not case.attempts.exists()
    callbacks.record_rectification(case, by=None, rectification="已在政务服务中心增设咨询电话")
    callbacks.record_attempt(case, by=None, is_satisfied=True, citizen_said="满意")
    assert Callback.objects.get(pk=case.pk).status == Callback.Status.CLOSED_SATISFIED


def test_rectification_links_the_corrected_item_of_the_rated_department(department, other_department):
    rated = factories.publication(department_=department, status=Publication.Status.PUBLISHED,
                                  published_at=timezone.now())
    corrected = factories.publication(department_=department, status=Publication.Status.PUBLISHED,
                                      published_at=timezone.now(), title="更正后的通知")
    elsewhere = factories.publication(department_=other_department, status=Publication.Status.PUBLISHED,
                                      published_at=timezone.now())
    case = ff.bad_rating(rated).callback
    with pytest.raises(FeedbackError, match="被评价单位已公开"):
        callbacks.record_rectification(case, by=None, rectification="已更正", corrected_publication=elsewhere)
    assert Callback.objects.get(pk=case.pk).rectified_at is None
    callbacks.record_rectification(case, by=None, rectification="已更正错误日期", corrected_publication=corrected)
    assert Callback.objects.get(pk=case.pk).corrected_publication == corrected


def test_rectification_form_offers_the_corrected_item_only_for_a_rated_publication(client, department, clerk):
    client.force_login(clerk)
    plain = ff.bad_rating(department).callback
    response = client.get(reverse("admin:feedback_callback_step", args=[plain.pk, "record_rectification"]))
    assert "corrected_publication" not in response.context["form"].fields
    rated = factories.publication(department_=department, status=Publication.Status.PUBLISHED,
                                  published_at=timezone.now())
    case = ff.bad_rating(rated).callback
    response = client.get(reverse("admin:feedback_callback_step", args=[case.pk, "record_rectification"]))
    assert response.context["form"].fields["corrected_publication"].initial == rated.pk


# ---- spot-checks and reopening ---------------------------------------------------------------------------


def closed_case(department=None, phone="13905790000"):
    case = ff.bad_rating(department, phone=phone).callback
    callbacks.record_attempt(case, by=None, is_satisfied=True, rectification="已整改")
    return Callback.objects.get(pk=case.pk)


def test_spot_check_sample_draws_closed_cases_not_yet_checked_the_same_for_the_same_seed(supervisor):
    closed = [closed_case(phone=f"1390579000{n}") for n in range(5)]
    ff.bad_rating()  # open: never sampled
    callbacks.spot_check(closed[0], by=supervisor, is_confirmed=True, note="群众确认")
    sample = set(Callback.objects.spot_check_sample(3, seed="2026-11-29"))
    assert len(sample) == 3 and sample <= set(closed[1:])
    assert set(Callback.objects.spot_check_sample(3, seed="2026-11-29")) == sample
    assert set(Callback.objects.spot_check_sample(10, seed="x")) == set(closed[1:])
    assert list(Callback.objects.spot_checked()) == [closed[0]]


def test_spot_check_records_the_result_and_keeps_the_case_closed(supervisor):
    case = closed_case()
    event = callbacks.spot_check(case, by=supervisor, is_confirmed=False, note="群众称问题仍在")
    assert (event.kind, event.is_confirmed, event.by) == (CallbackEvent.Kind.SPOT_CHECK, False, supervisor)
    assert Callback.objects.get(pk=case.pk).status == Callback.Status.CLOSED_SATISFIED


def test_reopening_records_the_reason_and_the_case_awaits_rectification_again(supervisor):
    case = closed_case()
    case = callbacks.reopen(case, by=supervisor, reason="抽查发现未整改到位")
    assert case.is_open and case.closed_at is None and case.close_reason == ""
    assert case.rectified_at is None and case.rectification == "已整改"  # the record stays, the count does not
    assert case.next_due_on == case.rectification_due_on
    assert [(e.kind, e.note) for e in case.events.all()] == [(CallbackEvent.Kind.REOPEN, "抽查发现未整改到位")]


@pytest.mark.parametrize("name", ["spot_check", "reopen"])
def test_only_a_supervisor_spot_checks_or_reopens_and_says_why(name, department, clerk, supervisor):
    case = closed_case(department)
    kwargs = {"spot_check": {"is_confirmed": True}, "reopen": {}}[name]
    note = "note" if name == "spot_check" else "reason"
    with pytest.raises(FeedbackError, match="只有督查员"):
        getattr(callbacks, name)(case, by=clerk, **kwargs, **{note: "已核实"})
    with pytest.raises(FeedbackError, match="说明"):
        getattr(callbacks, name)(case, by=supervisor, **kwargs, **{note: " "})
    assert not case.events.exists()


def test_callback_events_are_append_only(supervisor):
    event = callbacks.spot_check(closed_case(), by=supervisor, is_confirmed=True, note="群众确认")
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        CallbackEvent.objects.update(note="改")
    with pytest.raises(TypeError):
        event.delete()


def test_supervisor_spot_checks_and_reopens_through_the_admin(supervisor_client, clerk_client, department):
    case = closed_case(department)
    change = reverse("admin:feedback_callback_change", args=[case.pk])
    response = supervisor_client.get(change)
    assert [step.name for step in response.context["workflow_steps"]] == ["spot_check", "reopen"]
    url = reverse("admin:feedback_callback_step", args=[case.pk, "spot_check"])
    response = supervisor_client.post(url, {"is_confirmed": "0", "note": "群众称未改"})
    assert response.status_code == 302
    assert case.events.get().is_confirmed is False
    url = reverse("admin:feedback_callback_step", args=[case.pk, "reopen"])
    assert supervisor_client.post(url, {"note": "抽查不满意"}).status_code == 302
    assert Callback.objects.get(pk=case.pk).is_open
    assert "群众称未改" in supervisor_client.get(change).content.decode()  # the events inline
    assert "群众称未改" in clerk_client.get(change).content.decode()
    response = supervisor_client.get(reverse("admin:feedback_callback_changelist") + "?spot_check=done")
    assert [c.pk for c in response.context["cl"].result_list] == [case.pk]


# ---- messages answered late ------------------------------------------------------------------------------


def test_message_answered_after_its_due_date_shows_as_answered_late(supervisor_client):
    late = ff.message(on=dt.date(2026, 3, 2))
    on_time = ff.message(on=dt.date(2026, 3, 2))
    # received Mon 2 March; the due date is stored on the message, answered the day after it
    inbox.answer_message(late, by=None, answer="已答复。", at=ff.at(late.due_on + dt.timedelta(days=1)))
    inbox.answer_message(on_time, by=None, answer="已答复。", at=ff.at(on_time.due_on, 23, 30))
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.is_answered_late and not on_time.is_answered_late
    assert list(Message.objects.answered_late()) == [late]
    response = supervisor_client.get(reverse("admin:feedback_message_changelist") + "?overdue=answered_late")
    assert [m.pk for m in response.context["cl"].result_list] == [late.pk]
    assert "逾期答复" in response.content.decode()
    response = supervisor_client.get(reverse("admin:feedback_message_change", args=[late.pk]))
    assert "逾期答复" in response.content.decode()
    response = supervisor_client.get(reverse("admin:feedback_message_change", args=[on_time.pk]))
    assert "逾期答复" not in response.content.decode()
