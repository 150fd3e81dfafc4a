"""Entering a year's holiday schedule recomputes every stored deadline counted across it, each change recorded.

2027 is a year chinese_calendar does not know: until its schedule is entered it counts Monday–Friday minus the
statutory holidays (元旦 Fri 1 Jan 2027 off). The schedule entered here makes Mon 4 Jan 2027 a day off too, so every
deadline counted through that day moves one working day later; nothing counted entirely in 2026 moves.
"""

import datetime as dt
import io

import pytest
import time_machine

from applications import workflow
from applications.models import ApplicationEvent, ClockPause, EventKind
from feedback.models import Callback, DeadlineChange, Message
from portal.models import CalendarOverride, CalendarYear
from tests import factories as f
from tests.applications import factories as af
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db
D = dt.date
RECALCULATED = EventKind.RECALCULATE
# The day the schedule is entered in these tests: Thu 31 Dec 2026, 10:00 in Beijing.
NEW_YEARS_EVE = time_machine.travel(dt.datetime(2026, 12, 31, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                                    tick=False)


def recalculation_events(application):
    return list(ApplicationEvent.objects.filter(application=application, kind=RECALCULATED))


def enter_schedule(capture, *days_off, make_up=()):
    with capture(execute=True):
        for day in days_off:
            CalendarOverride.objects.create(date=day, is_workday=False, note="元旦补休")
        for day in make_up:
            CalendarOverride.objects.create(date=day, is_workday=True, note="调休上班")


@NEW_YEARS_EVE
def test_entering_a_holiday_moves_every_deadline_counted_across_it(django_capture_on_commit_callbacks):
    department = f.department()
    # Reply: received Thu 10 Dec 2026; Dec 11 (1), 14–18 (6), 21–25 (11), 28–31 (15), Jan 1 off,
    # Jan 4–8 (20): Fri 8 Jan. With Mon 4 Jan off: Jan 5–8 (19), Mon 11 Jan (20).
    running = af.application(department, received_on=D(2026, 12, 10))
    assert running.due_on == D(2027, 1, 8)

    # Correction: asked Tue 15 Dec 2026 with 15 working days: Dec 16–18 (3), 21–25 (8), 28–31 (12),
    # Jan 4 (13), 5 (14), Wed 6 Jan (15). With Mon 4 Jan off: Thu 7 Jan.
    correcting = af.application(department, received_on=D(2026, 12, 14))
    workflow.request_correction(correcting, by=None, instructions="请写明年度", correction_due_on=D(2027, 1, 6),
                                today=D(2026, 12, 15))
    assert correcting.correction_workdays == 15

    # Consultation handed over Mon 21 Dec 2026, 15 working days: Dec 22–25 (4), 28–31 (8), Jan 4–8 (13), 11 (14),
    # Tue 12 Jan (15); with Mon 4 Jan off, Wed 13 Jan. Its request (received Mon 14 Dec) had used Dec 15–18 (4),
    # 21 (5) when the clock stopped, so 15 working days are left after the consultation's last day: from Tue 12 Jan,
    # Jan 13–15 (3), 18–22 (8), 25–29 (13), Feb 1 (14), Tue 2 Feb (15); with Mon 4 Jan off, from Wed 13 Jan:
    # Jan 14–15 (2), 18–22 (7), 25–29 (12), Feb 1–3 (15): Wed 3 Feb.
    consulting = af.application(department, received_on=D(2026, 12, 14))
    workflow.start_consultation(consulting, by=None, kind="third_party", party="某公司", today=D(2026, 12, 21))
    consultation = ClockPause.objects.get(application=consulting)
    assert (consultation.answer_due_on, consulting.due_on) == (D(2027, 1, 12), D(2027, 2, 2))

    # Fee notice handed over Mon 21 Dec 2026, 20 working days: as above to Tue 12 Jan (15), 13–15 (18), 18 (19),
    # Tue 19 Jan (20); with Mon 4 Jan off, Wed 20 Jan. Its request also had 15 working days left, after the
    # window's last day: from Tue 19 Jan, Jan 20–22 (3), 25–29 (8), Feb 1–4 (12), 除夕 Fri 5 Feb to 初三 Mon 8 Feb
    # off, Feb 9–11 (15): Thu 11 Feb; from Wed 20 Jan: Jan 21–22 (2), 25–29 (7), Feb 1–4 (11), 9–12 (15): Fri 12 Feb.
    paying = af.application(department, received_on=D(2026, 12, 14))
    workflow.fee_notice(paying, by=None, amount=100, scheme="item", today=D(2026, 12, 21))
    fee = ClockPause.objects.get(application=paying)
    assert (fee.answer_due_on, paying.due_on) == (D(2027, 1, 19), D(2027, 2, 11))

    # Callback opened Thu 31 Dec 2026, stored as due Fri 1 Jan 2027 before 元旦 was known; rectification
    # 15 working days: Jan 4–8 (5), 11–15 (10), 18–22 (15): Fri 22 Jan. With Mon 4 Jan off: callback
    # Tue 5 Jan, rectification Jan 5–8 (4), 11–15 (9), 18–22 (14), Mon 25 Jan (15).
    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    Callback.objects.filter(pk=case.pk).update(callback_due_on=D(2027, 1, 1), next_due_on=D(2027, 1, 1))
    assert case.rectification_due_on == D(2027, 1, 22)

    # Message received Wed 30 Dec 2026, 5 working days: Dec 31 (1), Jan 4–7 (5): Thu 7 Jan; then Fri 8 Jan.
    message = ff.message(department, on=D(2026, 12, 30))
    assert message.due_on == D(2027, 1, 7)

    # Counted entirely inside 2026: nothing moves.
    earlier_request = af.application(department, received_on=D(2026, 11, 2))
    earlier_case = ff.bad_rating(on=D(2026, 11, 2)).callback
    earlier_message = ff.message(department, on=D(2026, 11, 2))
    earlier = [(earlier_request.due_on,), (earlier_case.callback_due_on, earlier_case.rectification_due_on),
               (earlier_message.due_on,)]

    enter_schedule(django_capture_on_commit_callbacks, D(2027, 1, 4))

    running.refresh_from_db()
    assert running.due_on == D(2027, 1, 11)
    [event] = recalculation_events(running)
    assert (event.on, event.payload["old"], event.payload["new"]) == (D(2026, 12, 31), "2027-01-08", "2027-01-11")
    assert event.note == "2027年节假日安排调整：答复期限由2027年01月08日改为2027年01月11日。"

    correcting.refresh_from_db()
    assert correcting.correction_due_on == D(2027, 1, 7)
    assert [e.payload["field"] for e in recalculation_events(correcting)] == ["correction_due_on"]

    consultation.refresh_from_db()
    consulting.refresh_from_db()
    assert (consultation.answer_due_on, consulting.due_on) == (D(2027, 1, 13), D(2027, 2, 3))
    assert sorted((e.payload["field"], e.payload.get("pause")) for e in recalculation_events(consulting)) == [
        ("answer_due_on", consultation.pk), ("due_on", None)]

    fee.refresh_from_db()
    paying.refresh_from_db()
    assert (fee.answer_due_on, paying.due_on) == (D(2027, 1, 20), D(2027, 2, 12))
    assert sorted(e.payload["field"] for e in recalculation_events(paying)) == ["answer_due_on", "due_on"]

    case.refresh_from_db()
    assert (case.callback_due_on, case.rectification_due_on, case.next_due_on) == (
        D(2027, 1, 5), D(2027, 1, 25), D(2027, 1, 5))
    assert case.due_dates_provisional is True
    assert [(c.field, c.old_on, c.new_on) for c in case.deadline_changes.all()] == [
        ("callback_due_on", D(2027, 1, 1), D(2027, 1, 5)),
        ("rectification_due_on", D(2027, 1, 22), D(2027, 1, 25)),
    ]

    message.refresh_from_db()
    assert message.due_on == D(2027, 1, 8)
    assert [(c.field, c.old_on, c.new_on) for c in message.deadline_changes.all()] == [
        ("due_on", D(2027, 1, 7), D(2027, 1, 8))]

    for obj in (earlier_request, earlier_case, earlier_message):
        obj.refresh_from_db()
    assert [(earlier_request.due_on,), (earlier_case.callback_due_on, earlier_case.rectification_due_on),
            (earlier_message.due_on,)] == earlier
    assert not recalculation_events(earlier_request)
    assert DeadlineChange.objects.count() == 3


@NEW_YEARS_EVE
def test_a_make_up_saturday_moves_a_deadline_earlier(django_capture_on_commit_callbacks):
    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    # Rectification from Thu 31 Dec 2026: Jan 4–8 (5), Sat 9 (6), 11–15 (11), 18–21 (15): Thu 21 Jan 2027.
    enter_schedule(django_capture_on_commit_callbacks, make_up=[D(2027, 1, 9)])
    case.refresh_from_db()
    assert case.rectification_due_on == D(2027, 1, 21)
    assert [(c.field, c.old_on, c.new_on) for c in case.deadline_changes.all()] == [
        ("rectification_due_on", D(2027, 1, 22), D(2027, 1, 21))]


@NEW_YEARS_EVE
def test_confirming_the_year_clears_provisional_flags_without_moving_dates(django_capture_on_commit_callbacks):
    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    message = ff.message(f.department(), on=D(2026, 12, 30))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarYear.objects.create(year=2027, is_confirmed=True)
    case.refresh_from_db()
    message.refresh_from_db()
    assert (case.due_dates_provisional, message.due_is_provisional) == (False, False)
    assert not DeadlineChange.objects.exists()


@NEW_YEARS_EVE
def test_closed_cases_and_answered_messages_keep_their_deadlines(django_capture_on_commit_callbacks):
    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    Callback.objects.filter(pk=case.pk).update(status=Callback.Status.CLOSED_BY_SUPERVISOR)
    message = ff.message(f.department(), on=D(2026, 12, 30))
    Message.objects.filter(pk=message.pk).update(answer="已答复", answered_at=ff.at(D(2026, 12, 31)))
    enter_schedule(django_capture_on_commit_callbacks, D(2027, 1, 4))
    case.refresh_from_db()
    message.refresh_from_db()
    assert (case.callback_due_on, message.due_on) == (D(2027, 1, 4), D(2027, 1, 7))
    assert not DeadlineChange.objects.exists()


def test_deadline_changes_are_append_only():
    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    change = DeadlineChange.objects.create(callback=case, field="callback_due_on", old_on=D(2027, 1, 1),
                                           new_on=D(2027, 1, 4), reason="测试")
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        DeadlineChange.objects.all().delete()


@NEW_YEARS_EVE
def test_clerk_sees_how_a_callback_deadline_moved(client, django_capture_on_commit_callbacks):
    department = f.department()
    case = ff.bad_rating(department, on=D(2026, 12, 31)).callback
    enter_schedule(django_capture_on_commit_callbacks, D(2027, 1, 4))
    client.force_login(f.clerk(department))
    page = client.get(f"/admin/feedback/callback/{case.pk}/change/").content.decode()
    assert "期限调整记录" in page
    assert "回访期限：2027年1月4日 → 2027年1月5日" in page


def test_confirming_years_in_the_admin_recomputes_their_deadlines(admin_client, django_capture_on_commit_callbacks):
    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    year = CalendarYear.objects.create(year=2027, is_confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/portal/calendaryear/",
                          {"action": "confirm_years", "_selected_action": [year.pk]})
    case.refresh_from_db()
    assert case.due_dates_provisional is False


def test_moving_an_override_to_another_year_recomputes_both_years():
    from portal.signals import calendar_changed

    seen = []

    def listen(years, **kwargs):
        seen.append(years)

    calendar_changed.connect(listen)
    try:
        override = CalendarOverride.objects.create(date=D(2027, 1, 4), is_workday=False)
        override.date = D(2026, 12, 31)
        override.save()
    finally:
        calendar_changed.disconnect(listen)
    assert seen == [{2027}, {2026, 2027}]


@NEW_YEARS_EVE
def test_recompute_command_corrects_a_deadline_stored_under_older_rules(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    case = ff.bad_rating(on=D(2026, 12, 31)).callback
    # Stored before 元旦 2027 was known to the fallback; 1 working day after Thu 31 Dec 2026 is Mon 4 Jan 2027.
    Callback.objects.filter(pk=case.pk).update(callback_due_on=D(2027, 1, 1), next_due_on=D(2027, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute_deadlines", stdout=io.StringIO())
    case.refresh_from_db()
    assert (case.callback_due_on, case.next_due_on) == (D(2027, 1, 4), D(2027, 1, 4))
    assert [(c.old_on, c.new_on) for c in case.deadline_changes.all()] == [(D(2027, 1, 1), D(2027, 1, 4))]
