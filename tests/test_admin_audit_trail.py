"""Every change made in admin leaves a record a supervisor can read: Django's LogEntry for
admin forms and custom actions, PublicationChange for publication steps, ApplicationEvent for request steps."""

import itertools

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from applications.models import EventKind
from catalog import publishing
from catalog.models import Publication, PublicationChange
from feedback.models import Callback
from portal.models import CalendarYear
from tests import factories as f
from tests.applications import factories as af
from tests.feedback import factories as ff

pytestmark = pytest.mark.usefixtures("isolated_site")
_phones = itertools.count(13700000001)


@pytest.fixture
def staff(department, clerk, reviewer, supervisor, admin_user):
    """The shared role fixtures (tests/conftest.py) by name; "root" is the superuser."""
    return {"department": department, "clerk": clerk, "reviewer": reviewer, "supervisor": supervisor,
            "root": admin_user}


def login(user):
    client = Client()
    client.force_login(user)
    return client


def bad_rating(department):
    return ff.bad_rating(target=department, phone=str(next(_phones)))


def logged(user, obj) -> list[str]:
    return list(LogEntry.objects.filter(user=user, object_id=str(obj.pk)).values_list("change_message", flat=True))


def test_publication_steps_by_button_are_kept_in_the_publication_history(staff):
    publication = f.publication(department_=staff["department"], created_by=staff["clerk"])
    login(staff["clerk"]).post(reverse("admin:catalog_publication_step", args=[publication.pk, "submit"]), {"note": ""})
    login(staff["reviewer"]).post(reverse("admin:catalog_publication_step", args=[publication.pk, "approve"]),
                                  {"note": ""})
    history = list(PublicationChange.objects.filter(publication=publication).values_list("action", "changed_by"))
    assert ("submit", staff["clerk"].pk) in history
    assert ("approve", staff["reviewer"].pk) in history


def test_publication_list_actions_are_kept_in_the_publication_history(staff):
    publication = f.publication(department_=staff["department"], created_by=staff["clerk"])
    publishing.submit(publication, by=staff["clerk"])
    login(staff["reviewer"]).post(reverse("admin:catalog_publication_changelist"), {
        "action": "reject_selected", "_selected_action": [publication.pk], "apply": "1", "note": "请补充依据"})
    change = PublicationChange.objects.filter(publication=publication, action="reject").get()
    assert change.changed_by == staff["reviewer"]
    assert change.note == "请补充依据"


def test_request_steps_are_kept_in_the_request_timeline(staff):
    application = af.application(staff["department"])
    url = reverse("admin:applications_application_step", args=[application.pk, EventKind.ACCEPT])
    login(staff["clerk"]).post(url, {"version": application.version, "note": "材料齐全"})
    event = application.events.get(kind=EventKind.ACCEPT)
    assert event.actor == staff["clerk"]


def test_opening_callbacks_from_the_rating_list_is_logged(staff):
    rating = bad_rating(staff["department"])
    Callback.objects.filter(rating=rating).delete()
    login(staff["clerk"]).post(reverse("admin:feedback_rating_changelist"),
                               {"action": "open_callbacks", "_selected_action": [rating.pk], "index": 0})
    case = Callback.objects.get(rating=rating)
    assert logged(staff["clerk"], case) == ["对评价发起回访"]


def test_recording_a_rectification_is_logged(staff):
    case = bad_rating(staff["department"]).callback
    login(staff["clerk"]).post(reverse("admin:feedback_callback_step", args=[case.pk, "record_rectification"]),
                               {"rectification": "已安排专人接听"})
    case.refresh_from_db()
    assert case.rectification == "已安排专人接听"
    assert logged(staff["clerk"], case)


def test_closing_a_callback_is_logged_with_the_supervisor(staff):
    case = bad_rating(staff["department"]).callback
    login(staff["supervisor"]).post(reverse("admin:feedback_callback_step", args=[case.pk, "close_by_supervisor"]),
                                    {"note": "已核实"})
    case.refresh_from_db()
    assert case.closed_by == staff["supervisor"]
    assert logged(staff["supervisor"], case)


def test_filing_and_deciding_an_appeal_are_logged(staff):
    rating = bad_rating(staff["department"])
    login(staff["clerk"]).post(reverse("admin:feedback_appeal_add"), {"rating": rating.pk, "reason": "恶意差评"})
    appeal = rating.appeals.get()
    login(staff["supervisor"]).post(reverse("admin:feedback_appeal_step", args=[appeal.pk, "dismiss"]),
                                    {"note": "评价属实"})
    assert logged(staff["clerk"], appeal)
    assert logged(staff["supervisor"], appeal)


def test_answering_a_message_is_logged(staff):
    message = ff.message(department=staff["department"])
    login(staff["clerk"]).post(reverse("admin:feedback_message_change", args=[message.pk]),
                               {"answer": "请带身份证到村委会办理。"})
    message.refresh_from_db()
    assert message.answered_by == staff["clerk"]
    assert logged(staff["clerk"], message)


def test_confirming_calendar_years_is_logged(staff):
    year = CalendarYear.objects.create(year=2033)
    login(staff["root"]).post(reverse("admin:portal_calendaryear_changelist"),
                              {"action": "confirm_years", "_selected_action": [year.pk], "index": 0})
    assert logged(staff["root"], year) == ["确认节假日安排已录入"]


def test_a_supervisor_reads_the_admin_log_and_the_histories(staff):
    rating = bad_rating(staff["department"])
    Callback.objects.filter(rating=rating).delete()
    login(staff["clerk"]).post(reverse("admin:feedback_rating_changelist"),
                               {"action": "open_callbacks", "_selected_action": [rating.pk], "index": 0})
    publication = f.publication(department_=staff["department"], created_by=staff["clerk"])
    publishing.submit(publication, by=staff["clerk"])
    supervisor = login(staff["supervisor"])
    log = supervisor.get(reverse("admin:admin_logentry_changelist"))
    assert log.status_code == 200
    assert "对评价发起回访" in log.content.decode()
    page = supervisor.get(reverse("admin:catalog_publication_change", args=[publication.pk]))
    assert page.status_code == 200
    assert "修改记录" in page.content.decode()


def test_nobody_edits_or_deletes_the_admin_log(staff):
    entry = LogEntry.objects.create(user=staff["clerk"], content_type_id=1, object_id="1", object_repr="x",
                                    action_flag=2)
    for user in (staff["supervisor"], staff["root"]):
        client = login(user)
        assert client.get(reverse("admin:admin_logentry_delete", args=[entry.pk])).status_code == 403
        page = client.get(reverse("admin:admin_logentry_change", args=[entry.pk]))
        assert b'name="_save"' not in page.content
    assert Publication.objects.count() == 0
