"""The reply clock as the law has it (DESIGN §4): working days that ran while not paused, steps "within the period"
judged on the running clock, windows counted from the day a letter or notice is received, consultations that end
at the latest when their window has run, and the receipt rules of Art. 31. Every date is worked by hand.

Spring 2026 in the package's calendar: 清明 Sat 4 – Mon 6 Apr off; 劳动节 Fri 1 – Tue 5 May off, Sat 9 May worked.
"""

import datetime as dt

import pytest

from applications import workflow
from applications.forms import RegisterForm
from applications.models import Application, ClockPause, EventKind, Status
from applications.workflow import WorkflowError
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
E = EventKind
POST = ClockPause.Delivery.POST


def consulted_on_25_march(department, kind=ClockPause.Kind.THIRD_PARTY):
    """Received Mon 2 Mar 2026, due Mon 30 Mar. Consultation handed over Wed 25 Mar, when the clock had used
    3–6 Mar (4), 9–13 (9), 16–20 (14), 23–25 (17): 3 working days left. The party's 15 working days from 25 Mar:
    26–27 (2), 30–31 (4), 1–3 Apr (7), 清明 4–6 Apr off, 7–10 (11), 13–16 (15): Thu 16 Apr."""
    application = af.application(department)
    workflow.start_consultation(application, by=None, kind=kind, party="示范县恒通建材有限公司", today=D(2026, 3, 25))
    return application


# 1. The clock --------------------------------------------------------------------------------------------------

def test_extension_while_a_consultation_holds_the_clock_is_in_time(department, reviewer):
    application = consulted_on_25_march(department)
    # Stored due date with the consultation running to its last day: 3 working days after Thu 16 Apr:
    # 17, 20, 21 Apr -> Tue 21 Apr.
    assert application.due_on == D(2026, 4, 21)
    # On Wed 8 Apr the clock still stands with 3 working days left: the extension is in time.
    workflow.extend(application, by=reviewer, workdays=20, reason="需调取多个年度档案", today=D(2026, 4, 8))
    # 20 more after 21 Apr: 22–24 (3), 27–30 (7), 劳动节 1–5 May off, 6–9 May (11, Sat 9 May worked),
    # 11–15 (16), 18–21 (20): Thu 21 May.
    assert application.due_on == D(2026, 5, 21)
    assert application.events.last().kind == E.EXTEND


def test_extension_while_awaiting_a_fee_is_in_time(department, reviewer):
    application = af.application(department)
    workflow.fee_notice(application, by=None, amount=200, scheme="volume", today=D(2026, 3, 25))
    # Payment window from Wed 25 Mar (handed over): 26–27 (2), 30–31 (4), 1–3 Apr (7), 7–10 (11), 13–17 (16),
    # 20–23 (20): Thu 23 Apr.
    assert application.pauses.get().answer_due_on == D(2026, 4, 23)
    workflow.extend(application, by=reviewer, workdays=5, reason="需调取档案", today=D(2026, 4, 8))
    assert application.extension_workdays == 5


def test_a_pause_after_the_period_ran_out_keeps_the_request_overdue(department, reviewer):
    application = af.application(department)  # due Mon 30 Mar 2026
    workflow.start_consultation(application, by=None, kind="third_party", party="某公司", today=D(2026, 4, 8))
    # The consultation began after the 20 working days had run: it stops nothing and the due date stays.
    assert (application.status, application.due_on) == (Status.CONSULTING, D(2026, 3, 30))
    assert list(Application.objects.overdue(on=D(2026, 4, 9))) == [application]
    assert application.deadline_state(D(2026, 4, 9)) == "overdue"
    with pytest.raises(WorkflowError, match="已超过答复期限（2026年03月30日）"):
        workflow.extend(application, by=reviewer, workdays=5, reason="需调取档案", today=D(2026, 4, 8))
    # Even once the consultation ends, its working days are not added back.
    workflow.end_consultation(application, by=None, ended_on=D(2026, 4, 15), today=D(2026, 4, 15))
    assert application.due_on == D(2026, 3, 30)


def test_overdue_as_of_a_past_day_keeps_a_late_pause_and_leaves_out_a_timely_one(department):
    late = af.application(department)  # due Mon 30 Mar 2026, consulted only on Wed 8 Apr
    workflow.start_consultation(late, by=None, kind="third_party", party="某公司", today=D(2026, 4, 8))
    timely = consulted_on_25_march(department)  # due at the latest Tue 21 Apr
    assert list(Application.objects.overdue_as_of(D(2026, 4, 10), today=D(2026, 4, 20))) == [late]
    assert list(Application.objects.overdue(on=D(2026, 4, 10))) == [late]
    assert timely.deadline_state(D(2026, 4, 10)) == "paused"


def test_correction_notice_is_judged_on_the_running_clock(department, clerk):
    application = af.application(department)  # received Mon 2 Mar 2026
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 3))
    workflow.end_consultation(application, by=clerk, ended_on=D(2026, 3, 13), today=D(2026, 3, 13))
    # Used: Tue 3 Mar (1); 4–13 Mar held by the consultation; Mon 16 Mar (2), … Tue 24 Mar (8). Seven working days
    # of the clock end on Mon 23 Mar (16–20: 2–6, 23: 7), not on Wed 11 Mar as a plain count would say.
    with pytest.raises(WorkflowError, match="2026年03月23日"):
        workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 24),
                                    correction_due_on=D(2026, 4, 10))
    workflow.request_correction(application, by=clerk, instructions="请写明年度", today=D(2026, 3, 23),
                                correction_due_on=D(2026, 4, 10))
    assert application.status == Status.CORRECTION


# 2. Fee notice and the windows counted from receipt ----------------------------------------------------------------

def test_fee_notice_after_the_period_ran_out_is_refused(department, clerk):
    application = af.application(department)  # due Mon 30 Mar 2026
    with pytest.raises(WorkflowError, match="已超过答复期限（2026年03月30日），不能再发出收费通知"):
        workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 3, 31))
    assert not application.pauses.exists()
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 3, 30))  # the last day


def test_fee_window_by_post_is_estimated_until_the_notice_is_received(department, clerk):
    application = af.application(department)  # received Mon 2 Mar 2026
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", delivery=POST, today=D(2026, 3, 4))
    fee = application.pauses.get()
    # Estimated from the day posted, Wed 4 Mar: 5–6 (2), 9–13 (7), 16–20 (12), 23–27 (17), 30 Mar–1 Apr (20).
    assert (fee.received_on, fee.answer_due_on, fee.answer_due_is_estimated) == (None, D(2026, 4, 1), True)
    with pytest.raises(WorkflowError, match="尚未登记申请人收到收费通知的日期"):
        workflow.fee_lapsed(application, by=clerk, today=D(2026, 4, 2))
    workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 9), today=D(2026, 3, 10))
    fee.refresh_from_db()
    # From the day after receipt, Mon 9 Mar: 10–13 (4), 16–20 (9), 23–27 (14), 30 Mar–3 Apr (19), Tue 7 Apr (20).
    assert (fee.received_on, fee.answer_due_on, fee.answer_due_is_estimated) == (D(2026, 3, 9), D(2026, 4, 7), False)
    with pytest.raises(WorkflowError, match="尚未届满"):
        workflow.fee_lapsed(application, by=clerk, today=D(2026, 4, 7))
    with pytest.raises(WorkflowError, match="超过缴费期限（2026年04月07日）"):
        workflow.fee_paid(application, by=clerk, paid_on=D(2026, 4, 8), today=D(2026, 4, 8))
    workflow.fee_lapsed(application, by=clerk, today=D(2026, 4, 8))
    assert application.status == Status.FEE_LAPSED


def test_fee_paid_resumes_the_clock_after_the_paused_days(department, clerk):
    application = af.application(department)
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", delivery=POST, today=D(2026, 3, 4))
    workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 9), today=D(2026, 3, 10))
    workflow.fee_paid(application, by=clerk, paid_on=D(2026, 3, 13), today=D(2026, 3, 13))
    # Held 5–6, 9–13 Mar (7 working days): 30 Mar + 7 = 31 Mar, 1–3 Apr (4), 7–9 Apr (7): Thu 9 Apr.
    assert (application.status, application.due_on) == (Status.PROCESSING, D(2026, 4, 9))


def test_consultation_window_counts_from_the_day_the_letter_is_received(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", delivery=POST,
                                today=D(2026, 3, 4))
    pause = application.pauses.get()
    # Estimated from Wed 4 Mar: 5–6 (2), 9–13 (7), 16–20 (12), 23–25 (15): Wed 25 Mar.
    assert (pause.answer_due_on, pause.answer_due_is_estimated) == (D(2026, 3, 25), True)
    workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 9), today=D(2026, 3, 11))
    pause.refresh_from_db()
    # From Mon 9 Mar: 10–13 (4), 16–20 (9), 23–27 (14), Mon 30 Mar (15).
    assert (pause.answer_due_on, pause.answer_due_is_estimated) == (D(2026, 3, 30), False)
    with pytest.raises(WorkflowError, match="不能重复登记"):
        workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 10), today=D(2026, 3, 11))


def test_the_received_letter_is_on_record_with_the_window_it_moved(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", delivery=POST,
                                today=D(2026, 3, 4))
    pause = application.pauses.get()
    event = workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 9), today=D(2026, 3, 11),
                                     note="挂号信回执")
    # The estimated window (Wed 25 Mar, from the day sent) becomes Mon 30 Mar, from the day received.
    assert (event.kind, event.actor, event.note, event.on) == (E.RECORD_DELIVERY, clerk, "挂号信回执", D(2026, 3, 11))
    assert event.payload == {"pause": pause.pk, "received_on": "2026-03-09", "old_answer_due_on": "2026-03-25",
                             "answer_due_on": "2026-03-30"}
    pause.refresh_from_db()
    assert (pause.received_on, pause.answer_due_on) == (D(2026, 3, 9), D(2026, 3, 30))


def test_receipt_of_a_letter_before_it_was_sent_is_refused(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", delivery=POST,
                                today=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="不能早于2026年03月04日"):
        workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 3), today=D(2026, 3, 5))
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        workflow.record_delivery(application, by=clerk, received_on=D(2026, 3, 6), today=D(2026, 3, 5))


def test_in_person_and_online_letters_are_received_the_day_sent(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局",
                                delivery=ClockPause.Delivery.ONLINE, today=D(2026, 3, 4))
    pause = application.pauses.get()
    assert (pause.received_on, pause.answer_due_is_estimated) == (D(2026, 3, 4), False)
    assert workflow.E.RECORD_DELIVERY not in workflow.available_steps(application, clerk)


# 3. The consultation's end ------------------------------------------------------------------------------------------

def test_an_unanswered_consultation_stops_the_clock_only_for_its_window(department):
    application = af.application(department)  # received Mon 2 Mar 2026
    workflow.start_consultation(application, by=None, kind="other_organ", party="县财政局", today=D(2026, 3, 4))
    # Used 3–4 Mar (2), 18 left. Window from Wed 4 Mar: 5–6 (2), 9–13 (7), 16–20 (12), 23–25 (15): Wed 25 Mar.
    # Then 18 working days: 26–27 (2), 30–31 (4), 1–3 Apr (7), 7–10 (11), 13–17 (16), 20–21 (18): Tue 21 Apr.
    assert application.due_on == D(2026, 4, 21)
    # Nobody records anything: from Thu 26 Mar the clock counts again and on Wed 22 Apr the request is overdue.
    assert not Application.objects.due_within(5, on=D(2026, 3, 20)).exists()
    assert list(Application.objects.due_within(5, on=D(2026, 4, 14))) == [application]  # 14 Apr + 5 = 21 Apr
    assert list(Application.objects.overdue(on=D(2026, 4, 22))) == [application]
    assert Application.objects.get(pk=application.pk).status == Status.CONSULTING


def test_no_answer_from_another_organ_is_consent(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="2026年03月25日）尚未届满"):
        workflow.end_consultation(application, by=clerk, outcome="no_answer", today=D(2026, 3, 25))
    workflow.end_consultation(application, by=clerk, outcome="no_answer", today=D(2026, 3, 27))
    pause = application.pauses.get()
    # The pause ends on the window's last day, Wed 25 Mar, whenever it is recorded: due Tue 21 Apr as above.
    assert (pause.ended_on, pause.outcome) == (D(2026, 3, 25), ClockPause.Outcome.NO_ANSWER)
    assert "视为同意" in pause.outcome_text and "第三十四条" in pause.outcome_text
    assert (application.status, application.due_on) == (Status.PROCESSING, D(2026, 4, 21))
    assert "视为同意" in application.events.last().note


def test_no_answer_from_a_third_party_leaves_the_decision_to_the_organ(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", today=D(2026, 3, 4))
    workflow.end_consultation(application, by=clerk, outcome="no_answer", today=D(2026, 3, 26))
    assert "由本机关依法决定是否公开" in application.pauses.get().outcome_text


def test_no_answer_needs_the_day_the_letter_was_received(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", delivery=POST,
                                today=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="尚未登记对方收到征求意见书的日期"):
        workflow.end_consultation(application, by=clerk, outcome="no_answer", today=D(2026, 4, 1))


def test_a_late_answer_adds_no_more_than_the_window(department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", today=D(2026, 3, 4))
    workflow.end_consultation(application, by=clerk, ended_on=D(2026, 4, 1), today=D(2026, 4, 1))
    # The answer came after the window's last day (Wed 25 Mar): the clock ran again from Thu 26 Mar.
    assert application.due_on == D(2026, 4, 21)


# 4. Receipt (Art. 31) -----------------------------------------------------------------------------------------------

def test_in_person_receipt_cannot_be_a_later_day(department, clerk):
    application = Application(department=department, channel="in_person", submitted_on=D(2026, 3, 2),
                              received_on=D(2026, 3, 4), **af.applicant_fields())
    with pytest.raises(WorkflowError, match="以提交之日（2026年03月02日）为收到申请之日"):
        workflow.register(application, by=clerk, today=D(2026, 3, 4))
    assert not Application.objects.exists()


def _register_form(**fields):
    data = {**af.applicant_fields(), "department": fields.pop("department").pk, **fields}
    return RegisterForm(data={key: value.isoformat() if isinstance(value, dt.date) else value
                              for key, value in data.items()})


def test_register_form_refuses_a_later_receipt_for_a_request_handed_in(department):
    form = _register_form(department=department, channel="in_person", submitted_on=D(2026, 3, 2),
                          received_on=D(2026, 3, 4))
    assert not form.is_valid()
    assert "以提交之日（2026年03月02日）为收到申请之日" in form.errors["received_on"][0]


def test_register_form_takes_the_submission_day_as_receipt_in_person(department):
    form = _register_form(department=department, channel="in_person", submitted_on=D(2026, 3, 2))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["received_on"] == D(2026, 3, 2)


def test_ordinary_post_confirmed_after_arrival_is_flagged(department, clerk):
    application = Application(department=department, channel="ordinary_post", submitted_on=D(2026, 2, 27),
                              arrived_on=D(2026, 3, 4), received_on=D(2026, 3, 5), **af.applicant_fields())
    workflow.register(application, by=clerk, today=D(2026, 3, 5))
    assert application.is_confirmed_late is True
    assert list(Application.objects.confirmed_late()) == [application]
    assert application.events.get().payload["confirmed_late"] is True
    # The clock runs from the confirmation, Thu 5 Mar: 20 working days -> Thu 2 Apr.
    assert application.due_on == D(2026, 4, 2)


def test_ordinary_post_confirmed_on_arrival_is_not_flagged(department, clerk):
    application = Application(department=department, channel="ordinary_post", submitted_on=D(2026, 2, 27),
                              arrived_on=D(2026, 3, 4), received_on=D(2026, 3, 4), **af.applicant_fields())
    workflow.register(application, by=clerk, today=D(2026, 3, 4))
    assert application.is_confirmed_late is False
    assert not Application.objects.confirmed_late().exists()


def test_ordinary_post_confirmation_before_arrival_or_without_it_is_refused(department, clerk):
    application = Application(department=department, channel="ordinary_post", submitted_on=D(2026, 2, 27),
                              arrived_on=D(2026, 3, 4), **af.applicant_fields())
    workflow.register(application, by=clerk, today=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="不能早于2026年03月04日"):
        workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 3), today=D(2026, 3, 5))
    workflow.confirm_receipt(application, by=clerk, received_on=D(2026, 3, 6), today=D(2026, 3, 6))
    assert application.is_confirmed_late is True
    unknown = Application(department=department, channel="ordinary_post", submitted_on=D(2026, 2, 27),
                          received_on=D(2026, 3, 4), **af.applicant_fields())
    with pytest.raises(WorkflowError, match="请填写信件到达日期"):
        workflow.register(unknown, by=clerk, today=D(2026, 3, 4))


# 15. The deadline explained ---------------------------------------------------------------------------------------

def _squeezed(html: str) -> str:
    return "".join(html.split())


def _consulted_and_extended(department, reviewer):
    application = consulted_on_25_march(department)
    workflow.extend(application, by=reviewer, workdays=20, reason="需调取多个年度档案", today=D(2026, 4, 8))
    return application


EXPLAINED = [
    "收到申请：2026年3月2日",
    "答复期限为2026年3月2日的次日起20个工作日（第三十三条），即2026年3月30日",
    # 26 Mar – 16 Apr: 26–27, 30–31, 1–3, 7–10, 13–16 = 15 working days.
    "征求第三方意见：2026年3月26日至2026年4月16日暂停计时（尚未结束，按最迟至2026年4月16日计算），"
    "其中15个工作日不计入答复期限",
    "经批准延长答复期限20个工作日",
    # 20 + 15 + 20 = 55 working days after 2 Mar: 30 Mar (20), 21 Apr (35), 21 May (55).
    "合计20+15（暂停）+20（延长）=55个工作日：自2026年3月2日的次日起数第55个工作日，答复期限为<strong>2026年5月21日</strong>",
]


def test_status_page_explains_the_due_date_step_by_step(client, department, reviewer):
    application = _consulted_and_extended(department, reviewer)
    assert application.due_on == D(2026, 5, 21)
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    html = _squeezed(client.get("/apply/status/progress/").content.decode())
    assert "答复期限是怎样计算的" in html
    for line in EXPLAINED:
        assert _squeezed(line) in html, line
    assert "恒通建材" not in html  # the consulted party stays private


def test_status_page_says_when_a_pause_came_too_late_to_stop_the_clock(client, department):
    application = af.application(department)  # due Mon 30 Mar 2026
    workflow.start_consultation(application, by=None, kind="third_party", party="某公司", today=D(2026, 4, 8))
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    html = _squeezed(client.get("/apply/status/progress/").content.decode())
    assert "征求第三方意见自2026年4月8日开始，当时答复期限已届满，不再顺延" in html
    assert "合计20=20个工作日" in html and "答复期限为<strong>2026年3月30日</strong>" in html


def test_status_page_marks_a_due_date_estimated_while_a_letter_is_in_the_post(client, department):
    application = af.application(department)
    workflow.start_consultation(application, by=None, kind="third_party", party="某公司", delivery=POST,
                                today=D(2026, 3, 4))
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    html = _squeezed(client.get("/apply/status/progress/").content.decode())
    assert "对方收到日期尚未登记，为估算" in html
    assert "回复期限（估算）2026年3月25日" in html


def test_admin_change_page_shows_the_same_explanation(clerk_client, department, reviewer):
    application = _consulted_and_extended(department, reviewer)
    html = _squeezed(clerk_client.get(f"/admin/applications/application/{application.pk}/change/").content.decode())
    assert "期限计算" in html
    for line in EXPLAINED:
        assert _squeezed(line) in html, line


def test_admin_shows_a_late_confirmation_of_ordinary_post(clerk_client, department, clerk):
    application = Application(department=department, channel="ordinary_post", submitted_on=D(2026, 2, 27),
                              arrived_on=D(2026, 3, 4), received_on=D(2026, 3, 5), **af.applicant_fields())
    workflow.register(application, by=clerk, today=D(2026, 3, 5))
    html = clerk_client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert "确认收到晚于信件到达" in html
    listed = clerk_client.get("/admin/applications/application/?confirmation=late").content.decode()
    assert application.tracking_number in listed


def test_admin_records_the_day_a_letter_was_received(clerk_client, department, clerk):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="third_party", party="某公司", delivery=POST,
                                today=D(2026, 3, 4))
    url = f"/admin/applications/application/{application.pk}/step/record_delivery/"
    application.refresh_from_db()
    response = clerk_client.post(url, {"version": application.version, "kind": "third_party",
                                       "received_on": "2026-03-09", "note": ""})
    assert response.status_code == 302
    # From Mon 9 Mar: 10–13 (4), 16–20 (9), 23–27 (14), Mon 30 Mar (15).
    assert application.pauses.get().answer_due_on == D(2026, 3, 30)
    again = clerk_client.post(url, {"version": application.version + 1, "kind": "third_party",
                                    "received_on": "2026-03-10", "note": ""})
    assert again.status_code == 200  # nothing left to record: the form says so, nothing stored, no traceback
    assert application.pauses.get().received_on == D(2026, 3, 9)


def test_admin_records_that_no_answer_came(client, department, clerk, time_machine):
    beijing = dt.timezone(dt.timedelta(hours=8))
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 4))
    application.refresh_from_db()
    url = f"/admin/applications/application/{application.pk}/step/end_consultation/"
    data = {"version": application.version, "kind": "other_organ", "outcome": "no_answer", "note": ""}
    time_machine.move_to(dt.datetime(2026, 3, 25, 10, tzinfo=beijing))  # the window's last day
    client.force_login(clerk)
    early = client.post(url, data)
    assert early.status_code == 200 and "尚未届满" in early.content.decode()
    time_machine.move_to(dt.datetime(2026, 3, 26, 10, tzinfo=beijing))
    client.force_login(clerk)
    assert client.post(url, data).status_code == 302
    pause = application.pauses.get()
    assert (pause.ended_on, pause.outcome) == (D(2026, 3, 25), ClockPause.Outcome.NO_ANSWER)


def test_a_notice_sent_by_post_gives_the_window_not_an_estimated_date(department, clerk):
    by_post = af.application(department)
    workflow.fee_notice(by_post, by=clerk, amount=100, scheme="item", delivery=POST, today=D(2026, 3, 4))
    html = by_post.notices.get(kind="fee").html
    assert "自收到本通知之日的次日起<strong>20个工作日内</strong>缴纳" in html
    assert "2026年4月1日" not in html  # the estimate (20 working days from the day posted) is not promised
    in_person = af.application(department)
    workflow.fee_notice(in_person, by=clerk, amount=100, scheme="item", today=D(2026, 3, 4))
    # Handed over Wed 4 Mar: 5–6 (2), 9–13 (7), 16–20 (12), 23–27 (17), 30 Mar–1 Apr (20).
    assert "请您于<strong>2026年4月1日</strong>前" in in_person.notices.get(kind="fee").html
