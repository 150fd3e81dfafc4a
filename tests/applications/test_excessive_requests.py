"""Art. 35: a reasonable later deadline for a clearly excessive request — the clerk proposes it with reasons, a
reviewer approves it, the applicant gets a notice, the status page and the overdue lists follow it."""

import datetime as dt
import re

import pytest

from applications import workflow
from applications.models import Application, EventKind, Notice, Status
from applications.workflow import WorkflowError
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
E = EventKind
LATER = D(2026, 4, 27)
PROPOSED_ON = D(2026, 3, 20)
REASON = "该申请人本月已提出36件申请，申请人说明系课题研究需要，理由合理，但无法在法定期限内逐件答复。"


def exactly(message: str) -> str:
    """The whole refusal, word for word: it is what the clerk reads."""
    return f"^{re.escape(message)}$"


def _proposed(department, clerk, *, proposed_due_on=LATER, today=PROPOSED_ON):
    # Received Mon 2 Mar 2026: due 30 Mar 2026 (DESIGN §3).
    application = af.application(department)
    workflow.propose_deferral(application, by=clerk, proposed_due_on=proposed_due_on, reason=REASON, today=today)
    return application


def test_proposal_by_a_clerk_keeps_the_due_date_until_approved(department, clerk):
    application = _proposed(department, clerk)
    assert application.due_on == D(2026, 3, 30)
    assert application.deferral_is_pending
    assert (application.deferral_proposed_due_on, application.deferral_reason) == (D(2026, 4, 27), REASON)
    event = application.events.last()
    assert (event.kind, event.actor) == (E.PROPOSE_DEFERRAL, clerk)
    assert event.payload == {"proposed_due_on": "2026-04-27", "reason": REASON, "due_on": "2026-03-30"}
    assert not application.notices.filter(kind=Notice.Kind.DEFERRAL).exists()


def test_approval_by_a_reviewer_sets_the_later_deadline_and_notifies_the_applicant(department, clerk, reviewer):
    application = _proposed(department, clerk)
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    # From the due date 30 Mar to 27 Apr 2026: 31 Mar, 1–3 Apr (4), 清明 4–6 Apr off, 7–10 Apr (8), 13–17 Apr (13),
    # 20–24 Apr (18), 27 Apr (19) = 19 working days.
    assert (application.due_on, application.deferral_workdays) == (D(2026, 4, 27), 19)
    assert (application.deferral_approved_on, application.deferral_approved_by) == (D(2026, 3, 23), reviewer)
    assert not application.deferral_is_pending
    assert application.status == Status.REGISTERED
    event = application.events.last()
    assert (event.kind, event.actor) == (E.APPROVE_DEFERRAL, reviewer)
    assert event.payload == {"workdays": 19, "old_due_on": "2026-03-30", "proposed_due_on": "2026-04-27"}
    notice = application.notices.get(kind=Notice.Kind.DEFERRAL)
    assert notice.created_by == reviewer
    assert notice.title == "延迟答复告知书"
    for text in ("第三十五条", "2026年4月27日", "2026年3月30日", REASON, "县民政局"):
        assert text in notice.html


def test_a_clerk_cannot_approve(department, clerk):
    application = _proposed(department, clerk)
    with pytest.raises(WorkflowError, match=exactly("延迟答复期限须经本单位审核员批准，请由审核员办理。")):
        workflow.approve_deferral(application, by=clerk, today=D(2026, 3, 23))
    assert Application.objects.get(pk=application.pk).due_on == D(2026, 3, 30)


def test_a_reviewer_of_another_department_cannot_approve(department, clerk):
    application = _proposed(department, clerk)
    with pytest.raises(WorkflowError, match="无权"):
        workflow.approve_deferral(application, by=f.reviewer(f.department()), today=D(2026, 3, 23))


def test_approval_without_a_proposal_is_refused(department, reviewer):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=exactly("没有待批准的延迟答复期限。")):
        workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))


def test_the_later_deadline_must_be_after_the_due_date(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=exactly("延迟答复期限应晚于现行答复期限（2026年03月30日）。")):
        workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 3, 30), reason=REASON,
                                  today=D(2026, 3, 20))
    assert Application.objects.get(pk=application.pk).deferral_proposed_due_on is None


def test_the_later_deadline_needs_reasons(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=exactly(
            "请写明申请数量、频次明显超过合理范围的情况，以及无法在法定期限内答复的理由。")):
        workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 4, 27), reason="  ",
                                  today=D(2026, 3, 20))


def test_proposal_after_the_due_date_is_refused(department, clerk):
    application = af.application(department)
    with pytest.raises(WorkflowError, match=exactly(
            "已超过答复期限（2026年03月30日），不能再确定延迟答复期限。延迟答复期限应在答复期限届满前确定并告知申请人。")):
        workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 4, 27), reason=REASON,
                                  today=D(2026, 3, 31))  # the day after the due date 30 Mar


def test_approval_after_the_due_date_is_refused(department, clerk, reviewer):
    application = _proposed(department, clerk)
    with pytest.raises(WorkflowError, match=exactly(
            "已超过答复期限（2026年03月30日），不能再批准延迟答复期限。延迟答复期限应在答复期限届满前确定并告知申请人。")):
        workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 31))
    assert Application.objects.get(pk=application.pk).deferral_approved_on is None


def test_approval_on_the_due_date_is_in_time(department, clerk, reviewer):
    application = _proposed(department, clerk)
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 30))
    assert application.due_on == D(2026, 4, 27)


def test_rejection_keeps_the_due_date_and_allows_a_new_proposal(department, clerk, reviewer):
    application = _proposed(department, clerk)
    workflow.reject_deferral(application, by=reviewer, today=D(2026, 3, 23), note="期限过长，请缩短")
    assert (application.due_on, application.deferral_proposed_due_on) == (D(2026, 3, 30), None)
    rejected = application.events.last()
    assert (rejected.kind, rejected.actor, rejected.note) == (E.REJECT_DEFERRAL, reviewer, "期限过长，请缩短")
    assert rejected.payload == {"proposed_due_on": "2026-04-27", "reason": REASON}
    workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 4, 14), reason=REASON,
                              today=D(2026, 3, 24))
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 25))
    # 30 Mar -> 14 Apr: 31 Mar, 1–3 Apr (4), 7–10 Apr (8), 13–14 Apr (10).
    assert (application.due_on, application.deferral_workdays) == (D(2026, 4, 14), 10)


def test_rejection_needs_its_reason(department, clerk, reviewer):
    application = _proposed(department, clerk)
    with pytest.raises(WorkflowError, match=exactly("请写明不批准的理由，以便经办人重新拟定。")):
        workflow.reject_deferral(application, by=reviewer, today=D(2026, 3, 23), note=" ")
    assert Application.objects.get(pk=application.pk).deferral_is_pending


def test_a_second_later_deadline_is_refused(department, clerk, reviewer):
    application = _proposed(department, clerk)
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    with pytest.raises(WorkflowError, match=exactly("该申请已确定延迟答复期限，不能再次确定。")):
        workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 5, 29), reason=REASON,
                                  today=D(2026, 3, 24))


def test_a_later_deadline_on_a_rest_day_runs_to_the_next_working_day(department, clerk, reviewer):
    application = _proposed(department, clerk, proposed_due_on=D(2026, 4, 5))  # 清明, a Sunday
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    # Civil Code Art. 203: 5 Apr is a rest day (清明 4–6 Apr), so the deadline is Tue 7 Apr: 31 Mar, 1–3 Apr, 7 Apr.
    assert (application.due_on, application.deferral_workdays) == (D(2026, 4, 7), 5)


def test_the_overdue_list_follows_the_later_deadline(department, clerk, reviewer):
    deferred = _proposed(department, clerk)
    workflow.approve_deferral(deferred, by=reviewer, today=D(2026, 3, 23))
    plain = af.application(department)
    assert list(Application.objects.overdue(on=D(2026, 3, 31))) == [plain]
    assert set(Application.objects.overdue(on=D(2026, 4, 28))) == {plain, deferred}
    assert deferred in Application.objects.due_within(5, on=D(2026, 4, 20))


def test_a_fee_pause_after_approval_moves_the_later_deadline(department, clerk, reviewer):
    application = _proposed(department, clerk)
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    workflow.fee_notice(application, by=clerk, amount=100, scheme="item", today=D(2026, 4, 1))
    workflow.fee_paid(application, by=clerk, paid_on=D(2026, 4, 3), today=D(2026, 4, 3))
    # Paused 1 Apr -> 3 Apr: 2 and 3 Apr (2 working days) added to 27 Apr: 28, 29 Apr.
    assert application.due_on == D(2026, 4, 29)


def test_proposal_while_consulting_is_allowed(department, clerk, reviewer):
    application = af.application(department)
    workflow.start_consultation(application, by=clerk, kind="other_organ", party="县财政局", today=D(2026, 3, 9))
    workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 4, 27), reason=REASON,
                              today=D(2026, 3, 10))
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 11))
    assert application.status == Status.CONSULTING
    # As of 11 Mar the open consultation has added 10–11 Mar (2 working days): due 1 Apr; 27 Apr is 17 working
    # days after it (2–3 Apr, 7–10 Apr, 13–17 Apr, 20–24 Apr, 27 Apr).
    assert application.deferral_workdays == 17
    workflow.end_consultation(application, by=clerk, ended_on=D(2026, 3, 13), today=D(2026, 3, 13))
    # Paused 9 -> 13 Mar: 10–13 Mar (4 working days); 20 + 17 + 4 = 41 working days after 2 Mar: 29 Apr.
    assert application.due_on == D(2026, 4, 29)


def test_decisions_are_offered_only_to_reviewers_and_only_while_pending(department, clerk, reviewer):
    application = af.application(department)
    assert E.PROPOSE_DEFERRAL in workflow.available_steps(application, clerk)
    assert E.APPROVE_DEFERRAL not in workflow.available_steps(application, reviewer)
    workflow.propose_deferral(application, by=clerk, proposed_due_on=D(2026, 4, 27), reason=REASON,
                              today=D(2026, 3, 20))
    assert E.APPROVE_DEFERRAL not in workflow.available_steps(application, clerk)
    assert {E.APPROVE_DEFERRAL, E.REJECT_DEFERRAL} <= set(workflow.available_steps(application, reviewer))
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    steps = workflow.available_steps(application, reviewer)
    assert not {E.PROPOSE_DEFERRAL, E.APPROVE_DEFERRAL, E.REJECT_DEFERRAL} & set(steps)


def test_recalculation_keeps_the_later_deadline_in_working_days(department, clerk, reviewer):
    from applications import recalculation
    from portal.models import CalendarOverride

    application = _proposed(department, clerk)
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    CalendarOverride.objects.create(date=D(2026, 4, 21), is_workday=False, note="示例：临时调整")
    recalculation.recompute_open_due_dates(2026, today=D(2026, 3, 24))
    application.refresh_from_db()
    # 21 Apr is no longer a working day: the 39th (20 + 19) working day after 2 Mar moves from 27 to 28 Apr.
    assert (application.due_on, application.deferral_workdays) == (D(2026, 4, 28), 19)


# The clerk and reviewer in the admin, the applicant on the status page ------------------------------------------

@pytest.fixture
def on_20_march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def test_admin_walk_proposal_then_approval(on_20_march, clerk_client, client, department, reviewer):
    application = af.application(department)
    url = f"/admin/applications/application/{application.pk}/"
    response = clerk_client.post(f"{url}step/propose_deferral/", {
        "version": application.version, "proposed_due_on": "2026-04-27", "reason": REASON, "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert "approve_deferral" not in clerk_client.get(f"{url}change/").content.decode()
    refused = clerk_client.post(f"{url}step/approve_deferral/", {"version": application.version, "note": ""},
                                follow=True)
    assert "审核员" in refused.content.decode()
    client.force_login(reviewer)
    assert f"{url}step/approve_deferral/" in client.get(f"{url}change/").content.decode()
    step_page = client.get(f"{url}step/approve_deferral/").content.decode()
    assert "2026-04-27" in step_page and REASON in step_page  # the reviewer sees what they approve
    response = client.post(f"{url}step/approve_deferral/", {"version": application.version, "note": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.due_on, application.deferral_approved_by) == (D(2026, 4, 27), reviewer)


def test_admin_proposal_with_an_earlier_date_is_explained(on_20_march, clerk_client, department):
    application = af.application(department)
    response = clerk_client.post(f"/admin/applications/application/{application.pk}/step/propose_deferral/", {
        "version": application.version, "proposed_due_on": "2026-03-27", "reason": REASON, "note": ""})
    assert response.status_code == 200
    assert "应晚于现行答复期限" in response.content.decode()


def test_status_page_shows_the_later_deadline_but_not_an_undecided_proposal(client, department, clerk, reviewer):
    application = _proposed(department, clerk)
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    page = client.get("/apply/status/progress/").content.decode()
    assert "拟定延迟答复期限" not in page and "延迟答复" not in page
    workflow.approve_deferral(application, by=reviewer, today=D(2026, 3, 23))
    page = client.get("/apply/status/progress/").content.decode()
    assert "第三十五条" in page and "批准延迟答复期限" in page and REASON in page
    assert "2026-04-27" in page or "2026年4月27日" in page
