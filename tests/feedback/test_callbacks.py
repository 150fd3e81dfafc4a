"""Callback cases: opened by bad ratings with working-day due dates, closed only as DESIGN §5 says."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import Publication
from feedback import callbacks
from feedback.errors import FeedbackError
from feedback.models import Callback, CallbackAttempt, Level
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


def test_bad_rating_opens_a_case_due_next_workday_and_in_fifteen():
    rating = ff.bad_rating(on=dt.date(2026, 3, 2))  # Monday
    case = rating.callback
    assert case.status == Callback.Status.OPEN
    assert case.opened_on == dt.date(2026, 3, 2)
    # callback: 1 working day after Mon 2 March = Tue 3 March
    assert case.callback_due_on == dt.date(2026, 3, 3)
    # rectification: 3-6 March (4), 9-13 (9), 16-20 (14), Mon 23 March (15)
    assert case.rectification_due_on == dt.date(2026, 3, 23)
    assert case.next_due_on == case.callback_due_on


def test_very_dissatisfied_also_opens_a_case():
    rating = ff.rating(level=Level.VERY_DISSATISFIED, phone="13905790000")
    assert Callback.objects.filter(rating=rating).exists()


@pytest.mark.parametrize("level", [Level.VERY_SATISFIED, Level.SATISFIED, Level.BASIC])
def test_good_ratings_open_no_case(level):
    rating = ff.rating(level=level, phone="13905790000", comment="很好")
    assert not Callback.objects.filter(rating=rating).exists()


def test_friday_rating_before_spring_festival_is_due_on_the_makeup_saturday():
    case = ff.bad_rating(on=dt.date(2026, 2, 13)).callback  # Friday
    # Sat 14 Feb 2026 is a make-up working day (调休)
    assert case.callback_due_on == dt.date(2026, 2, 14)


def test_rating_on_makeup_saturday_is_due_after_the_holiday():
    case = ff.bad_rating(on=dt.date(2026, 2, 14)).callback
    # 15-23 Feb are the Spring Festival holiday: the first working day after is Tue 24 Feb
    assert case.callback_due_on == dt.date(2026, 2, 24)
    # 24-27 Feb (4), Sat 28 Feb make-up (5), 2-6 March (10), 9-13 March (15)
    assert case.rectification_due_on == dt.date(2026, 3, 13)


def test_case_counts_from_the_local_day_of_the_rating():
    # 17:00 UTC on Monday 2 March is 01:00 on Tuesday 3 March in Asia/Shanghai
    rating = ff.bad_rating(created_at=dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC))
    assert rating.callback.opened_on == dt.date(2026, 3, 3)
    assert rating.callback.callback_due_on == dt.date(2026, 3, 4)


def test_due_days_follow_the_settings(settings):
    settings.CALLBACK_DUE_WORKDAYS = 2
    settings.RECTIFICATION_DUE_WORKDAYS = 5
    case = ff.bad_rating(on=dt.date(2026, 3, 2)).callback
    assert case.callback_due_on == dt.date(2026, 3, 4)  # 3, 4 March
    assert case.rectification_due_on == dt.date(2026, 3, 9)  # 3, 4, 5, 6, 9 March


def test_due_dates_in_an_unknown_year_are_provisional():
    case = ff.bad_rating(on=dt.date(2027, 3, 1)).callback
    assert case.due_dates_provisional is True


def test_case_takes_the_department_of_the_rated_publication():
    publication = factories.publication(status=Publication.Status.PUBLISHED)
    rating = ff.bad_rating(publication)
    assert rating.callback.department == publication.department


def test_unsatisfied_callback_keeps_the_case_open():
    case = ff.bad_rating().callback
    callbacks.record_attempt(case, by=None, is_reached=True, citizen_said="还是不满意")
    case.refresh_from_db()
    assert case.status == Callback.Status.OPEN


def test_unreached_callback_keeps_the_case_open_and_is_not_a_callback():
    case = ff.bad_rating().callback
    callbacks.record_attempt(case, by=None, is_reached=False)
    case.refresh_from_db()
    assert case.is_open
    assert case.first_called_at is None


def test_each_contact_is_logged_as_it_happened():
    """The log keeps how the citizen was contacted, whether they were reached and what they said, so the
    quarterly sheet and a spot check read what really happened."""
    case = ff.bad_rating().callback
    missed = callbacks.record_attempt(case, by=None, method=CallbackAttempt.Method.VISIT, is_reached=False)
    reached = callbacks.record_attempt(case, by=None, method=CallbackAttempt.Method.SMS, is_reached=True,
                                       is_satisfied=True, citizen_said="满意了", rectification="已安排专人接听电话")
    logged = list(case.attempts.order_by("pk").values_list("method", "is_reached", "is_satisfied"))
    assert logged == [(CallbackAttempt.Method.VISIT, False, False), (CallbackAttempt.Method.SMS, True, True)]
    assert (missed.method, reached.is_satisfied) == (CallbackAttempt.Method.VISIT, True)


def test_satisfied_citizen_closes_the_case():
    case = ff.bad_rating().callback
    callbacks.record_attempt(case, by=None, is_reached=True, is_satisfied=True, citizen_said="满意了",
                             rectification="已安排专人接听电话")
    case.refresh_from_db()
    assert case.status == Callback.Status.CLOSED_SATISFIED
    assert case.closed_at is not None


def test_satisfied_without_reaching_the_citizen_is_refused():
    case = ff.bad_rating().callback
    with pytest.raises(FeedbackError, match="未联系上"):
        callbacks.record_attempt(case, by=None, is_reached=False, is_satisfied=True)
    assert case.attempts.count() == 0


def test_closed_case_takes_no_more_attempts():
    case = ff.bad_rating().callback
    callbacks.record_attempt(case, by=None, is_satisfied=True, rectification="已安排专人接听电话")
    with pytest.raises(FeedbackError, match="已办结"):
        callbacks.record_attempt(case, by=None)


def test_clerk_cannot_close_a_case():
    department = factories.department()
    case = ff.bad_rating(department).callback
    with pytest.raises(FeedbackError, match="只有督查员"):
        callbacks.close_by_supervisor(case, by=factories.clerk(department), reason="已处理")


def test_supervisor_must_give_a_reason_to_close():
    case = ff.bad_rating().callback
    with pytest.raises(FeedbackError, match="理由"):
        callbacks.close_by_supervisor(case, by=factories.supervisor(), reason="  ")


def test_supervisor_closes_a_case_with_a_reason():
    supervisor = factories.supervisor()
    case = callbacks.close_by_supervisor(ff.bad_rating().callback, by=supervisor, reason="群众联系不上，已整改")
    assert case.status == Callback.Status.CLOSED_BY_SUPERVISOR
    assert case.closed_by == supervisor
    assert case.close_reason == "群众联系不上，已整改"


def test_first_reached_call_time_is_kept():
    case = ff.bad_rating(on=dt.date(2026, 3, 2)).callback
    first = ff.at(dt.date(2026, 3, 3), 9)
    callbacks.record_attempt(case, by=None, called_at=first)
    callbacks.record_attempt(case, by=None, called_at=ff.at(dt.date(2026, 3, 10)))
    case.refresh_from_db()
    assert case.first_called_at == first
    assert case.next_due_on == case.rectification_due_on


def test_rectification_is_recorded_once_with_its_time():
    case = ff.bad_rating(on=dt.date(2026, 3, 2)).callback
    fixed = ff.at(dt.date(2026, 3, 9), 15)
    callbacks.record_attempt(case, by=None, rectification="已更新公示栏", called_at=fixed)
    callbacks.record_rectification(case, by=None, rectification="已培训", at=ff.at(dt.date(2026, 3, 12)))
    case.refresh_from_db()
    assert case.rectified_at == fixed
    assert case.rectification == "已更新公示栏\n已培训"
    assert case.is_open


def test_non_bad_rating_with_comment_and_phone_can_be_called_back():
    rating = ff.rating(level=Level.BASIC, comment="希望增加停车位", phone="13905790001")
    case = callbacks.open_case(rating, opened_on=dt.date(2026, 3, 2))
    assert case.callback_due_on == dt.date(2026, 3, 3)


def test_good_rating_without_phone_cannot_be_called_back():
    rating = ff.rating(level=Level.BASIC, comment="希望增加停车位")
    with pytest.raises(FeedbackError):
        callbacks.open_case(rating)


def test_a_rating_has_only_one_case():
    rating = ff.bad_rating()
    with pytest.raises(FeedbackError, match="已有回访"):
        callbacks.open_case(rating)


def test_overdue_lists_uncalled_cases_after_their_callback_date():
    case = ff.bad_rating(on=dt.date(2026, 3, 2)).callback  # callback due 3 March
    assert not Callback.objects.overdue(on=dt.date(2026, 3, 3)).exists()
    assert list(Callback.objects.overdue(on=dt.date(2026, 3, 4))) == [case]


def test_overdue_lists_unrectified_cases_after_their_rectification_date():
    case = ff.bad_rating(on=dt.date(2026, 3, 2)).callback  # rectification due 23 March
    callbacks.record_attempt(case, by=None, called_at=ff.at(dt.date(2026, 3, 3)))
    assert not Callback.objects.overdue(on=dt.date(2026, 3, 23)).exists()
    assert list(Callback.objects.overdue(on=dt.date(2026, 3, 24))) == [case]


def test_closed_cases_are_never_overdue():
    case = ff.bad_rating(on=dt.date(2026, 3, 2)).callback
    callbacks.close_by_supervisor(case, by=factories.supervisor(), reason="已核实")
    assert not Callback.objects.overdue(on=dt.date(2026, 6, 1)).exists()


def test_called_back_on_time_compares_the_local_day_with_the_due_date():
    on_time = ff.bad_rating(on=dt.date(2026, 3, 2)).callback  # due Tue 3 March
    late = ff.bad_rating(on=dt.date(2026, 3, 2)).callback
    never = ff.bad_rating(on=dt.date(2026, 3, 2)).callback
    callbacks.record_attempt(on_time, by=None, called_at=ff.at(dt.date(2026, 3, 3), 23, 30))
    callbacks.record_attempt(late, by=None, called_at=ff.at(dt.date(2026, 3, 4), 0, 30))
    assert list(Callback.objects.called_back_on_time()) == [on_time]
    assert never not in Callback.objects.called_back_on_time()


def test_rectified_lists_cases_with_a_rectification():
    fixed = ff.bad_rating().callback
    ff.bad_rating()
    callbacks.record_rectification(fixed, by=None, rectification="已整改", at=timezone.now())
    assert list(Callback.objects.rectified()) == [fixed]



STEP_INPUT = {"record_attempt": {"citizen_said": "已联系"}, "record_rectification": {"rectification": "已整改"},
              "close_by_supervisor": {"reason": "已核实"}, "spot_check": {"is_confirmed": True, "note": "群众确认"},
              "reopen": {"reason": "抽查发现未整改"}}
SUPERVISORS_STEPS = {"close_by_supervisor", "spot_check", "reopen"}


@pytest.mark.parametrize("name", list(callbacks.STEPS))
def test_each_step_of_the_table_is_allowed_exactly_from_its_source_states(name):
    department = factories.department()
    actor = factories.supervisor() if name in SUPERVISORS_STEPS else factories.clerk(department)
    step = callbacks.STEPS[name]
    for n, status in enumerate(Callback.Status.values):
        case = ff.bad_rating(department, phone=f"1390579000{n}").callback
        Callback.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
        if step.allows(status):
            getattr(callbacks, name)(case, by=actor, **STEP_INPUT[name])
            assert step.target in (None, Callback.objects.get(pk=case.pk).status)
        else:
            with pytest.raises(FeedbackError, match="办结"):
                getattr(callbacks, name)(case, by=actor, **STEP_INPUT[name])


def test_supervisor_records_nothing_for_a_department_they_are_not_staff_of():
    from django.contrib.auth.models import Permission

    department = factories.department()
    case = ff.bad_rating(department).callback
    supervisor = factories.supervisor()
    supervisor.user_permissions.add(Permission.objects.get(codename="add_callbackattempt"))
    with pytest.raises(FeedbackError, match="本单位"):
        callbacks.record_rectification(case, by=supervisor, rectification="已整改")
    assert [step.name for step in callbacks.allowed_steps(case, supervisor)] == ["close_by_supervisor"]
