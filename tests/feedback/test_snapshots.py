"""随手拍: the step table (every step in every state), working-day deadlines, transfers and returns as events,
escalation of overdue reports, the rating entering the callback loop, and all-or-nothing submission."""

import datetime as dt

import pytest
import time_machine

from feedback import snapshots
from feedback.errors import FeedbackError
from feedback.models import Callback, IssueEvent, IssueEventKind, IssuePhoto, IssueReport, IssueStatus, Level
from portal.photos import clean_photo
from tests import factories
from tests.feedback.factories import at
from tests.feedback.snapshot_factories import Place, category, in_state, report, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def photo_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def place(db):
    return Place()


def _take(step_name, report_, user, handler, other):
    """Take `step_name` with valid input; returns the report as stored afterwards."""
    kwargs = {
        "dispatch": {"department": handler, "workdays": 5},
        "reject": {"reason": "不属于政府职责范围。"},
        "transfer": {"department": other, "note": "属于教育局职责。"},
        "return_report": {"reason": "不属于本单位职责。"},
        "reply": {"text": "已于当日清运并增设垃圾桶。"},
        "approve_public": {"public_body": "村口垃圾未清运。", "public_reply": "已清运。"},
        "withdraw_public": {"reason": "照片中有人脸。"},
    }
    if step_name == "rate":
        snapshots.rate(report_, level=Level.SATISFIED)
    else:
        getattr(snapshots, step_name)(report_, by=user, **kwargs[step_name])
    return IssueReport.objects.get(pk=report_.pk)


@pytest.mark.parametrize("status", IssueStatus.values)
@pytest.mark.parametrize("step_name", list(snapshots.STEPS))
def test_every_step_in_every_state_follows_the_table(place, department, other_department, admin_user, step_name,
                                                     status):
    step = snapshots.STEPS[step_name]
    report_ = in_state(place, status, department, is_public=step_name == "withdraw_public")
    events_before = report_.events.count()
    user = None if step_name == "rate" else admin_user
    if step.allows(status):
        after = _take(step_name, report_, user, department, other_department)
        assert after.status == (step.target or status)
        assert report_.events.count() == events_before + 1
    else:
        with pytest.raises(FeedbackError):
            _take(step_name, report_, user, department, other_department)
        assert IssueReport.objects.get(pk=report_.pk).status == status
        assert report_.events.count() == events_before


def test_every_state_is_reached_and_only_rejection_ends_all_steps():
    targets = {step.target for step in snapshots.STEPS.values() if step.target}
    sources = set().union(*(step.sources for step in snapshots.STEPS.values()))
    assert targets | {IssueStatus.RECEIVED} == set(IssueStatus.values)
    assert set(IssueStatus.values) - sources == {IssueStatus.REJECTED}


def test_a_village_report_is_received_by_its_township_government(place):
    made = report(place)
    assert made.receiver == place.government
    assert made.department == place.government
    assert made.status == IssueStatus.RECEIVED
    assert [event.kind for event in made.events.all()] == [IssueEventKind.SUBMIT]


def test_township_staff_dispatch_and_county_clerks_of_other_units_cannot(place, department, clerk):
    made = report(place)
    with pytest.raises(FeedbackError, match="受理单位"):
        snapshots.dispatch(made, by=clerk, department=department, workdays=5)
    snapshots.dispatch(made, by=place.township_clerk, department=department, workdays=5)
    assert IssueReport.objects.get(pk=made.pk).status == IssueStatus.DISPATCHED


def test_village_committee_cases_are_the_township_staffs_work(place):
    """Dispatched to the village committee: the township staff act for it (Department.handled_by)."""
    made = report(place)
    snapshots.dispatch(made, by=place.township_clerk, department=place.committee, workdays=3)
    made.refresh_from_db()
    assert [step.name for step in snapshots.allowed_steps(made, place.township_clerk)] == [
        "transfer", "return_report", "reply"]


def test_a_clerk_cannot_approve_what_goes_public_a_reviewer_can(place):
    made = report(place)
    assert "approve_public" not in [step.name for step in snapshots.allowed_steps(made, place.township_clerk)]
    assert "approve_public" in [step.name for step in snapshots.allowed_steps(made, place.township_reviewer)]


def test_no_public_step_without_the_citizens_consent(place, admin_user):
    made = report(place, wants_public=False)
    with pytest.raises(FeedbackError, match="未同意公开"):
        snapshots.approve_public(made, by=admin_user, public_body="村口垃圾未清运。")


@time_machine.travel(at(dt.date(2026, 9, 28), 9), tick=False)
def test_deadline_is_counted_in_working_days_over_the_national_day_holiday(place, department):
    """Dispatched Monday 28 September 2026 with 5 working days. 国庆 runs 1–7 October 2026 (chinese-calendar), and
    Saturday 10 October is a make-up working day (调休).
    Counted: 29 Sep (1), 30 Sep (2), 8 Oct (3), 9 Oct (4), Saturday 10 Oct (5)."""
    made = report(place)
    snapshots.dispatch(made, by=place.township_clerk, department=department, workdays=5)
    made.refresh_from_db()
    assert made.due_on == dt.date(2026, 10, 10)
    assert made.events.get(kind=IssueEventKind.DISPATCH).due_on == dt.date(2026, 10, 10)


@time_machine.travel(at(dt.date(2026, 3, 2), 9), tick=False)
def test_deadline_skips_the_weekend(place, department):
    """Monday 2 March 2026 + 5 working days: 3, 4, 5, 6 March (1–4), Monday 9 March (5)."""
    made = report(place)
    snapshots.dispatch(made, by=place.township_clerk, department=department, workdays=5)
    made.refresh_from_db()
    assert made.due_on == dt.date(2026, 3, 9)


def test_dispatch_refuses_a_deadline_outside_one_to_sixty_working_days(place, department):
    made = report(place)
    for days in (0, 61):
        with pytest.raises(FeedbackError, match="1至60个工作日"):
            snapshots.dispatch(made, by=place.township_clerk, department=department, workdays=days)
    assert IssueReport.objects.get(pk=made.pk).status == IssueStatus.RECEIVED


def test_transfer_keeps_the_deadline_and_return_clears_it_both_logged(place, department, other_department, clerk):
    made = report(place)
    snapshots.dispatch(made, by=place.township_clerk, department=department, workdays=5)
    due_on = IssueReport.objects.get(pk=made.pk).due_on
    snapshots.transfer(made, by=clerk, department=other_department, note="属于教育局职责。")
    made.refresh_from_db()
    assert (made.department, made.due_on, made.status) == (other_department, due_on, IssueStatus.DISPATCHED)
    other_clerk = factories.clerk(other_department)
    snapshots.return_report(made, by=other_clerk, reason="不是学校的问题。")
    made.refresh_from_db()
    assert (made.department, made.due_on, made.status) == (place.government, None, IssueStatus.RECEIVED)
    moves = [(e.kind, e.from_department, e.to_department) for e in made.events.all()][2:]
    assert moves == [(IssueEventKind.TRANSFER, department, other_department),
                     (IssueEventKind.RETURN, other_department, place.government)]


def test_events_are_append_only(place):
    event = report(place).events.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        IssueEvent.objects.all().update(note="x")


def test_overdue_reports_are_on_the_supervisors_list(place, department):
    with time_machine.travel(at(dt.date(2026, 3, 2), 9), tick=False):
        made = report(place)
        snapshots.dispatch(made, by=place.township_clerk, department=department, workdays=5)  # due 9 March
    assert not IssueReport.objects.overdue(on=dt.date(2026, 3, 9)).exists()
    assert list(IssueReport.objects.overdue(on=dt.date(2026, 3, 10))) == [made]
    made.refresh_from_db()
    assert made.is_overdue(on=dt.date(2026, 3, 10))
    assert made.deadline_badge(on=dt.date(2026, 3, 11))["state"] == "overdue"


def test_a_bad_rating_rates_the_handling_department_and_opens_a_callback(place, department):
    made = in_state(place, IssueStatus.REPLIED, department)
    snapshots.rate(made, level=Level.DISSATISFIED, comment="垃圾桶还是满的。")
    made.refresh_from_db()
    assert made.status == IssueStatus.RATED
    assert made.rating.department == department
    assert made.rating.phone == "13905791234"
    assert Callback.objects.filter(rating=made.rating, department=department).exists()


def test_a_report_is_rated_once(place, department):
    made = in_state(place, IssueStatus.REPLIED, department)
    snapshots.rate(made, level=Level.SATISFIED)
    with pytest.raises(FeedbackError, match="已评价"):
        snapshots.rate(made, level=Level.VERY_DISSATISFIED)


def test_reply_stores_result_photos_without_metadata(place, department, clerk):
    made = in_state(place, IssueStatus.DISPATCHED, department)
    snapshots.reply(made, by=clerk, text="已清运。", photos=[clean_photo(upload())])
    photo = IssuePhoto.objects.get(report=made)
    assert photo.kind == IssuePhoto.Kind.RESULT
    assert b"Exif" not in photo.image.read()


def test_a_refused_submission_stores_nothing(place):
    with pytest.raises(FeedbackError):
        snapshots.submit(category=category(), division=place.village, body=" ", phone="13905791234")
    with pytest.raises(FeedbackError, match="最多上传5张"):
        snapshots.submit(category=category(), division=place.village, body="路灯坏了", phone="13905791234",
                         photos=[clean_photo(upload()) for _ in range(6)])
    assert not IssueReport.objects.exists()
    assert not IssuePhoto.objects.exists()


def test_approving_removes_personal_data_and_shows_only_chosen_photos(place, admin_user):
    made = report(place, photos=2)
    first, second = made.photos.all()
    snapshots.approve_public(made, by=admin_user, public_body=made.body, photo_ids=[first.pk])
    made.refresh_from_db()
    assert "13905791234" not in made.public_body
    assert list(IssuePhoto.objects.public()) == [first]
    snapshots.withdraw_public(made, by=admin_user, reason="照片中有车牌。")
    assert not IssueReport.objects.public().exists()
    assert not IssuePhoto.objects.public().exists()
    assert second.pk


def test_board_figures_count_by_township(place, department):
    other = Place.__new__(Place)
    other.township = factories.township(name="西湖街道")
    factories.department(division=other.township, name="西湖街道办事处", is_disclosure_office=True)
    other.village = factories.village(parent=other.township, name="西湖社区")
    for status in (IssueStatus.RECEIVED, IssueStatus.REPLIED, IssueStatus.RATED):
        in_state(place, status, department)
    in_state(other, IssueStatus.DISPATCHED, department)
    figures = snapshots.board_figures()
    assert (figures["reported"], figures["handled"]) == (4, 2)
    assert [(row["name"], row["reported"], row["handled"]) for row in figures["by_township"]] == [
        ("城关镇", 3, 2), ("西湖街道", 1, 0)]
