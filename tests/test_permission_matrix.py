"""The admin permission matrix: every registered admin model and every custom action, step
button and report export, for anonymous, a clerk of department A, a clerk of B, a reviewer of A, a supervisor
and a superuser. One object per model is made owned by department A (where the model has an owner).

Model pages are read as five letters, a dash where the role is refused:
  L changelist visible · C change page of the object visible · E that page editable (has a save button)
  A add page allowed · D delete page allowed
"""

import datetime as dt
import itertools

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from applications.models import EventKind, ReminderLog, RequestSettings, SuggestionDay
from catalog import newmedia_filings, publishing
from catalog.models import (
    GuidePage,
    MapSettings,
    Publication,
    ReviewPoint,
    ReviewPointVisit,
    SearchLog,
    SearchSynonym,
    Subscription,
    Tag,
)
from catalog.roles import CLERK
from feedback import appeals, surveys
from feedback.models import Appeal, Callback, IssueCategory, IssueReport, IssueStatus, Message, Rating
from portal.models import AuditLog, CalendarOverride, CalendarYear, ImportJob, PersonalDataAccess, SiteInfo
from portal.reports.models import PublishedAnnualReport, WebsiteYearInput
from portal.tasks import ping
from tests import factories as f
from tests.applications import factories as af
from tests.catalog import newmedia_factories as nf
from tests.feedback import consultation_factories as cf
from tests.feedback import factories as ff
from tests.feedback import snapshot_factories as sf
from tests.feedback import survey_factories as svf
from tests.portal import reports_factories as rf

ROLES = ["anonymous", "clerk_a", "clerk_b", "reviewer_a", "supervisor", "superuser"]

# model label: outcome per role, in the order of ROLES.
MODEL_MATRIX = {
    #                   anonymous  clerk_a  clerk_b  reviewer_a supervisor superuser
    "catalog.GuidePage": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "catalog.SearchSynonym": ["-----", "-----", "-----", "-----", "LCEAD", "LCEAD"],
    "catalog.SearchLog": ["-----", "-----", "-----", "-----", "LC---", "LC---"],
    # Citizens' e-mail addresses: the disclosure office reads them and deletes one when a citizen asks.
    "catalog.Subscription": ["-----", "-----", "-----", "-----", "LC--D", "LC--D"],
    "portal.CalendarOverride": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "portal.CalendarYear": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "portal.AuditLog": ["-----", "-----", "-----", "-----", "LC---", "LC---"],
    # Background imports and the task worker's results: the system administrator's, read-only.
    "portal.ImportJob": ["-----", "-----", "-----", "-----", "-----", "LC---"],
    "django_tasks_database.DBTaskResult": ["-----", "-----", "-----", "-----", "-----", "LC---"],
    # One row: its list redirects to that row's page, which supervisors edit; nobody adds or deletes it.
    "portal.SiteInfo": ["-----", "-----", "-----", "-----", "-CE--", "-CE--"],
    "admin.LogEntry": ["-----", "-----", "-----", "-----", "LC---", "LC---"],
    "portal.PersonalDataAccess": ["-----", "-----", "-----", "-----", "LC---", "LC---"],
    "reports.AssessmentRule": ["-----", "-----", "-----", "-----", "LCEA-", "LCEAD"],
    "reports.AnnualReportInput": ["-----", "-----", "-----", "L----", "LCEA-", "LCEAD"],
    "reports.PublishedAnnualReport": ["-----", "-----", "-----", "LC---", "LC---", "LC---"],
    "reports.WebsiteYearInput": ["-----", "-----", "-----", "-----", "LCEA-", "LCEAD"],
    "catalog.Division": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "catalog.Department": ["-----", "LC---", "L----", "LC---", "LC---", "LCEAD"],
    "catalog.Domain": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "catalog.Entry": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "catalog.Tag": ["-----", "LC---", "LC---", "LC---", "LC---", "LCEAD"],
    "catalog.Publication": ["-----", "LCEAD", "L--A-", "LCEAD", "LC---", "LCEAD"],
    "applications.Application": ["-----", "LCEA-", "L--A-", "LCEA-", "LC---", "LCEA-"],
    # Found open: a clerk of B could read A's reminder digests (admin not department-scoped); fixed.
    "applications.ReminderLog": ["-----", "LC---", "L----", "LC---", "LC---", "LC---"],
    # One row, like SiteInfo: the disclosure office's cited basis and Art. 44 threshold.
    "applications.RequestSettings": ["-----", "-----", "-----", "-----", "-CE--", "-CE--"],
    # Counts only, read by the disclosure office.
    "applications.SuggestionDay": ["-----", "-----", "-----", "-----", "LC---", "LC---"],
    "catalog.ReviewPoint": ["-----", "LCE--", "L----", "LCE--", "LC---", "LCEAD"],
    # Accounts change only through approved filings; a pending filing is its department's to edit, never deleted;
    # update days are added or removed (a mistyped day), never edited.
    "catalog.NewMediaAccount": ["-----", "LC---", "L----", "LC---", "LC---", "LC---"],
    "catalog.NewMediaFiling": ["-----", "LCEA-", "L--A-", "LCEA-", "LC---", "LCEA-"],
    "catalog.NewMediaUpdate": ["-----", "LC-AD", "L--A-", "LC-AD", "LC---", "LC-AD"],
    "catalog.ReviewPointVisit": ["-----", "LCEA-", "L--A-", "LCEA-", "LC---", "LCEAD"],
    # The 一张图: clerks keep their own departments' facilities; the disclosure office the rest.
    "catalog.Facility": ["-----", "LCEAD", "L--A-", "LCEAD", "LCEAD", "LCEAD"],
    "catalog.FacilityKind": ["-----", "LC---", "LC---", "LC---", "LCEAD", "LCEAD"],
    "catalog.DivisionOutline": ["-----", "LC---", "LC---", "LC---", "LCEAD", "LCEAD"],
    "catalog.MapSettings": ["-----", "-----", "-----", "-----", "-CE--", "-CE--"],
    "feedback.Rating": ["-----", "LC---", "L----", "LC---", "LC---", "LC---"],
    # Supervisors change callbacks and appeals only to close or decide them (see the action matrix).
    "feedback.Callback": ["-----", "LCE--", "L----", "LCE--", "LCE--", "LCE--"],
    "feedback.Appeal": ["-----", "LC-A-", "L--A-", "LC-A-", "LCE--", "LCEA-"],
    "feedback.Message": ["-----", "LCE--", "L----", "LCE--", "LC---", "LCE--"],
    # Every change to a 随手拍 is a step (see the action matrix); categories are the supervisors' to edit.
    "feedback.IssueReport": ["-----", "LC---", "L----", "LC---", "LC---", "LC---"],
    "feedback.IssueCategory": ["-----", "LC---", "LC---", "LC---", "LCEA-", "LCEAD"],
    "feedback.Survey": ["-----", "LCEA-", "L--A-", "LCEA-", "LC---", "LCEAD"],
    "feedback.SurveyResponse": ["-----", "LC---", "L----", "LC---", "LC---", "LC---"],
    "feedback.Consultation": ["-----", "LCEA-", "L--A-", "LCEA-", "LC---", "LCEAD"],
    "feedback.Comment": ["-----", "LCE--", "L----", "LCE--", "LC---", "LCE--"],
    "auth.Group": ["-----", "-----", "-----", "-----", "-----", "LCEAD"],
    "auth.User": ["-----", "-----", "-----", "-----", "-----", "LCEAD"],
}



pytestmark = pytest.mark.usefixtures("isolated_site")


@pytest.fixture
def world(department, other_department, users_by_role):
    county = f.county()
    dept_a, dept_b, users = department, other_department, users_by_role
    bad = ff.bad_rating(target=dept_a)
    point = ff.review_point(department=dept_a)
    survey, consultation = svf.standard_survey(dept_a), cf.consultation(dept_a)
    media_account = nf.account(dept_a, updates=[dt.date(2026, 3, 2)])
    objects = {
        "catalog.GuidePage": GuidePage.objects.create(division=county, body="<p>指南</p>"),
        "catalog.SearchSynonym": SearchSynonym.objects.order_by("pk").first(),
        "catalog.SearchLog": SearchLog.objects.create(month=dt.date(2026, 3, 1), query="低保", searches=1),
        "catalog.Subscription": Subscription.objects.create(email="zhang@example.com", division=county),
        "portal.CalendarOverride": CalendarOverride.objects.create(date=dt.date(2031, 1, 2), is_workday=False,
                                                                   note="测试"),
        "portal.CalendarYear": CalendarYear.objects.create(year=2031),
        "portal.AuditLog": AuditLog.objects.create(event=AuditLog.Event.LOGIN, username="clerk_a"),
        "portal.ImportJob": ImportJob.objects.create(created_by=users["clerk_a"], model="catalog.publication",
                                                     file_name="信息.xlsx"),
        "django_tasks_database.DBTaskResult": DatabaseBackend("default", {"QUEUES": ["default"], "OPTIONS": {}})
        .enqueue(ping, (), {}).db_result,
        "portal.SiteInfo": SiteInfo.current().save() or SiteInfo.current(),
        "admin.LogEntry": LogEntry.objects.create(
            user=users["superuser"], content_type=ContentType.objects.get_for_model(Tag), object_id="1",
            object_repr="标签", action_flag=ADDITION),
        "portal.PersonalDataAccess": PersonalDataAccess.objects.create(
            user=users["clerk_a"], username="clerk_a", kind=PersonalDataAccess.Kind.VIEW,
            content_type=ContentType.objects.get_for_model(Tag), object_id="1", place="测试"),
        "reports.AssessmentRule": rf.assessment_rule(2031),
        "reports.AnnualReportInput": rf.annual_input(county, 2031),
        "reports.WebsiteYearInput": WebsiteYearInput.objects.create(year=2031),
        "reports.PublishedAnnualReport": PublishedAnnualReport.objects.create(
            organ=dept_a, year=2030, organ_name=dept_a.name, title=f"{dept_a.name}2030年政府信息公开工作年度报告",
            snapshot={}, published_at=timezone.now(), published_by=users["reviewer_a"]),
        "catalog.Division": county,
        "catalog.Department": dept_a,
        "catalog.Domain": f.domain(),
        "catalog.Entry": f.entry(),
        "catalog.Tag": Tag.objects.create(name="测试主题", slug="test-theme", kind=Tag.Kind.THEME),
        "catalog.Publication": f.publication(department_=dept_a),
        "applications.Application": af.application(dept_a),
        "applications.ReminderLog": ReminderLog.objects.create(department=dept_a, sent_on=dt.date(2026, 3, 2)),
        "applications.RequestSettings": RequestSettings.current().save() or RequestSettings.current(),
        "applications.SuggestionDay": SuggestionDay.objects.create(day=dt.date(2026, 3, 2), followed=1),
        "catalog.ReviewPoint": point,
        "catalog.NewMediaAccount": media_account,
        "catalog.NewMediaFiling": newmedia_filings.propose(nf.filing(dept_a), by=users["clerk_a"]),
        "catalog.NewMediaUpdate": media_account.updates.get(),
        "catalog.ReviewPointVisit": ff.visit(point, dt.date(2026, 3, 2)),
        "catalog.Facility": f.facility(department=dept_a),
        "catalog.FacilityKind": f.facility_kind(),
        "catalog.DivisionOutline": f.outline(county),
        "catalog.MapSettings": MapSettings.current().save() or MapSettings.current(),
        "feedback.Rating": bad,
        "feedback.Callback": bad.callback,
        "feedback.Appeal": appeals.file_appeal(ff.bad_rating(target=dept_a), by=users["clerk_a"], reason="恶意差评"),
        "feedback.Message": ff.message(department=dept_a),
        "feedback.IssueReport": sf.in_state(sf.Place(), IssueStatus.DISPATCHED, dept_a),
        "feedback.IssueCategory": IssueCategory.objects.create(name="测试类别"),
        "feedback.Survey": survey,
        "feedback.SurveyResponse": surveys.submit_response(survey, {}, channel="offline", by=users["clerk_a"]),
        "feedback.Consultation": consultation,
        "feedback.Comment": cf.comment(consultation),
        "auth.Group": Group.objects.get(name=CLERK),
        "auth.User": users["clerk_a"],
    }
    return {"users": users, "objects": objects, "dept_a": dept_a, "dept_b": dept_b}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def model_outcome(client, model, obj) -> str:
    info = model._meta.app_label, model._meta.model_name
    changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    change = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    add = client.get(reverse("admin:{}_{}_add".format(*info)))
    delete = client.get(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]))
    for response in (changelist, change, add, delete):
        assert response.status_code < 500
    return "".join([
        "L" if changelist.status_code == 200 else "-",
        "C" if change.status_code == 200 else "-",
        "E" if change.status_code == 200 and b'name="_save"' in change.content else "-",
        "A" if add.status_code == 200 else "-",
        "D" if delete.status_code == 200 else "-",
    ])


def test_every_registered_model_is_in_the_matrix():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(MODEL_MATRIX)


@pytest.mark.parametrize("label", sorted(MODEL_MATRIX))
def test_model_pages_per_role(world, label):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    obj = world["objects"][label]
    got = {role: model_outcome(client_for(world["users"][role]), model, obj) for role in ROLES}
    assert got == dict(zip(ROLES, MODEL_MATRIX[label], strict=True))


# ---- who sees and who acts for which department (catalog.access) ------------------------------------------
# Per role, for department A then department B: S sees its work, A acts for it. Supervisors see everything but
# act only where they are staff; their own steps (closing a callback, deciding an appeal) are in ACTION_MATRIX.

ACCESS_MATRIX = {
    "anonymous": ["--", "--"],
    "clerk_a": ["SA", "--"],
    "clerk_b": ["--", "SA"],
    "reviewer_a": ["SA", "--"],
    "supervisor": ["S-", "S-"],
    "supervisor_of_a": ["SA", "S-"],
    "superuser": ["SA", "SA"],
    "inactive_clerk_a": ["--", "--"],
}


def test_who_sees_and_who_acts_for_each_department(department, other_department, users_by_role):
    from catalog.access import acts_for, sees
    from catalog.models import Department
    from catalog.roles import SUPERVISOR

    dept_a, dept_b = department, other_department
    users = dict(users_by_role)
    users["supervisor_of_a"] = f.user(role=SUPERVISOR, departments=[dept_a])
    users["inactive_clerk_a"] = f.clerk(dept_a, is_active=False)
    got = {}
    for role, user in users.items():
        cells = []
        for department in (dept_a, dept_b):
            seen = sees(user, department)
            acting = acts_for(user, department)
            assert acts_for(user, department.pk) == acting  # a department or its id
            assert Department.objects.for_user(user).filter(pk=department.pk).exists() == seen
            assert Department.objects.acted_for_by(user).filter(pk=department.pk).exists() == acting
            cells.append(("S" if seen else "-") + ("A" if acting else "-"))
        got[role] = cells
    assert got == ACCESS_MATRIX


# ---- custom actions, step buttons, extra admin pages and report exports ------------------------------------
# Each check makes a fresh object owned by department A, acts as the role, and says whether the step took
# effect (or, for pages and downloads, whether the page answered 200).


def _post_change(client, model, obj, data):
    """POST the admin change form of `obj` with `data` plus the management forms of its inlines."""
    info = model._meta.app_label, model._meta.model_name
    url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    page = client.get(url)
    payload = dict(data)
    if page.status_code == 200:
        for inline in page.context["inline_admin_formsets"]:
            formset = inline.formset
            initial = formset.initial_form_count()
            payload[f"{formset.prefix}-TOTAL_FORMS"] = initial
            payload[f"{formset.prefix}-INITIAL_FORMS"] = initial
    return client.post(url, payload)


def _action(client, model, obj, action, **extra):
    info = model._meta.app_label, model._meta.model_name
    url = reverse("admin:{}_{}_changelist".format(*info))
    return client.post(url, {"action": action, "_selected_action": [obj.pk], "index": 0, **extra})


def _draft(p):
    return f.publication(department_=p["dept_a"], created_by=p["users"]["clerk_a"])


def _pending(p):
    publication = _draft(p)
    publishing.submit(publication, by=p["users"]["clerk_a"])
    return publication


def _published(p):
    publication = _pending(p)
    publishing.approve(publication, by=p["users"]["reviewer_a"])
    return publication


def _status(publication):
    publication.refresh_from_db()
    return publication.status


S = Publication.Status


def step_button(make, step, after, note=""):
    def check(client, p):
        publication = make(p)
        url = reverse("admin:catalog_publication_step", args=[publication.pk, step])
        response = client.post(url, {"note": note})
        assert response.status_code < 500
        return _status(publication) == after
    return check


def file_newmedia_change(client, p):
    account = nf.account(p["dept_a"])
    client.post(reverse("admin:catalog_newmediafiling_add"), {
        "kind": "change", "account": account.pk, "platform": account.platform, "name": "改名后的账号",
        "update_frequency": account.update_frequency})
    return account.filings.filter(name="改名后的账号").exists()


def approve_newmedia_filing(client, p):
    filing = newmedia_filings.propose(nf.filing(p["dept_a"]), by=p["users"]["clerk_a"])
    response = client.post(reverse("admin:catalog_newmediafiling_step", args=[filing.pk, "approve"]), {"note": ""})
    assert response.status_code < 500
    filing.refresh_from_db()
    return filing.status == "approved"


def record_newmedia_update(client, p):
    account = nf.account(p["dept_a"])
    client.post(reverse("admin:catalog_newmediaupdate_add"), {"account": account.pk, "updated_on": "2026-03-20"})
    return account.updates.exists()


def list_action(make, action, after, **extra):
    def check(client, p):
        publication = make(p)
        assert _action(client, Publication, publication, action, **extra).status_code < 500
        return _status(publication) == after
    return check


def edit_publication(client, p):
    publication = _draft(p)
    data = {"entry": publication.entry_id, "division": publication.division_id,
            "department": publication.department_id, "title": "改过的标题", "formed_on": "2026-03-02",
            "document_type": publication.document_type, "validity": publication.validity, "body": "正文",
            "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0}
    response = _post_change(client, Publication, publication, data)
    assert response.status_code < 500
    publication.refresh_from_db()
    return publication.title == "改过的标题"


def add_publication_for_a(client, p):
    entry = f.entry()
    title = f"替甲局起草{entry.pk}"
    data = {"entry": entry.pk, "department": p["dept_a"].pk, "title": title, "formed_on": "2026-03-02",
            "document_type": Publication._meta.get_field("document_type").default or "notice",
            "validity": Publication._meta.get_field("validity").default, "body": "正文",
            "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:catalog_publication_add"), data)
    assert response.status_code < 500
    return Publication.objects.filter(title=title).exists()


def accept_application(client, p):
    application = af.application(p["dept_a"])
    url = reverse("admin:applications_application_step", args=[application.pk, EventKind.ACCEPT])
    response = client.post(url, {"version": application.version, "note": ""})
    assert response.status_code < 500
    return application.events.filter(kind=EventKind.ACCEPT).exists()


def application_step_page(client, p):
    application = af.application(p["dept_a"])
    url = reverse("admin:applications_application_step", args=[application.pk, EventKind.REPLY])
    return client.get(url).status_code == 200


def print_notice(client, p):
    application = af.application(p["dept_a"])
    notice = application.notices.first()
    url = reverse("admin:applications_application_notice", args=[application.pk, notice.pk])
    return client.get(url).status_code == 200


_phones = itertools.count(13900000001)


def _bad_rating(p):
    """A fresh bad rating of department A (a new phone each time, so it is not merged with an earlier one)."""
    return ff.bad_rating(target=p["dept_a"], phone=str(next(_phones)))


def open_callback(client, p):
    rating = _bad_rating(p)
    Callback.objects.filter(rating=rating).delete()
    assert _action(client, Rating, rating, "open_callbacks").status_code < 500
    return Callback.objects.filter(rating=rating).exists()


def record_rectification(client, p):
    case = _bad_rating(p).callback
    url = reverse("admin:feedback_callback_step", args=[case.pk, "record_rectification"])
    assert client.post(url, {"rectification": "已安排专人接听电话"}).status_code < 500
    case.refresh_from_db()
    return bool(case.rectification)


def close_callback(client, p):
    case = _bad_rating(p).callback
    response = client.post(reverse("admin:feedback_callback_step", args=[case.pk, "close_by_supervisor"]),
                           {"note": "群众撤回意见"})
    assert response.status_code < 500
    case.refresh_from_db()
    return not case.is_open


def file_appeal(client, p):
    rating = _bad_rating(p)
    response = client.post(reverse("admin:feedback_appeal_add"), {"rating": rating.pk, "reason": "恶意差评"})
    assert response.status_code < 500
    return Appeal.objects.filter(rating=rating).exists()


def decide_appeal(client, p):
    appeal = appeals.file_appeal(_bad_rating(p), by=p["users"]["clerk_a"], reason="恶意差评")
    response = client.post(reverse("admin:feedback_appeal_step", args=[appeal.pk, "dismiss"]), {"note": "评价属实"})
    assert response.status_code < 500
    appeal.refresh_from_db()
    return appeal.status != Appeal.Status.PENDING


def answer_message(client, p):
    message = ff.message(department=p["dept_a"])
    assert _post_change(client, Message, message, {"answer": "请携带身份证到村委会办理。"}).status_code < 500
    message.refresh_from_db()
    return message.answered_at is not None


def edit_review_point(client, p):
    point = ff.review_point(department=p["dept_a"])
    data = {"name": "改名查阅点", "division": point.division_id, "department": point.department_id,
            "address": point.address, "opening_hours": point.opening_hours, "is_active": "on", "order": 0,
            "contact_person": "张三", "contact_phone": "0579-88888888", "description": "",
            "latitude": "", "longitude": ""}
    assert _post_change(client, ReviewPoint, point, data).status_code < 500
    point.refresh_from_db()
    return point.name == "改名查阅点"


def record_visit_for_a(client, p):
    point = ff.review_point(department=p["dept_a"])
    data = {"point": point.pk, "visited_on": "2026-03-03", "visitors": 5, "enquiries": 1, "note": ""}
    assert client.post(reverse("admin:catalog_reviewpointvisit_add"), data).status_code < 500
    return ReviewPointVisit.objects.filter(point=point).exists()


def confirm_year(client, p):
    year, _created = CalendarYear.objects.update_or_create(year=2032, defaults={"is_confirmed": False})
    assert _action(client, CalendarYear, year, "confirm_years").status_code < 500
    year.refresh_from_db()
    return year.is_confirmed


def reply_to_issue_report(client, p):
    report = sf.in_state(sf.Place(), IssueStatus.DISPATCHED, p["dept_a"])
    url = reverse("admin:feedback_issuereport_step", args=[report.pk, "reply"])
    assert client.post(url, {"text": "已处理。"}).status_code < 500
    return IssueReport.objects.get(pk=report.pk).status == IssueStatus.REPLIED


def page(name, *args, query=""):
    def check(client, p):
        response = client.get(reverse(name, args=args) + query)
        assert response.status_code < 500
        return response.status_code == 200
    return check


Y, N = True, False
#   name: (check, allowed for anonymous, clerk_a, clerk_b, reviewer_a, supervisor, superuser)
ACTION_MATRIX = {
    "publication: edit a draft (change form)": (edit_publication, [N, Y, N, Y, N, Y]),
    "publication: add one for department A": (add_publication_for_a, [N, Y, N, Y, N, Y]),
    "publication: submit button": (step_button(_draft, "submit", S.PENDING), [N, Y, N, Y, N, Y]),
    "publication: approve button": (step_button(_pending, "approve", S.PUBLISHED), [N, N, N, Y, N, Y]),
    "publication: reject button": (step_button(_pending, "reject", S.DRAFT, "请补充"), [N, N, N, Y, N, Y]),
    "publication: withdraw button": (step_button(_published, "withdraw", S.WITHDRAWN, "已失效"),
                                     [N, N, N, Y, N, Y]),
    "publication: submit action": (list_action(_draft, "submit_selected", S.PENDING), [N, Y, N, Y, N, Y]),
    "publication: approve action": (list_action(_pending, "approve_selected", S.PUBLISHED), [N, N, N, Y, N, Y]),
    "publication: reject action": (list_action(_pending, "reject_selected", S.DRAFT, apply="1", note="请补充"),
                                   [N, N, N, Y, N, Y]),
    "publication: withdraw action": (list_action(_published, "withdraw_selected", S.WITHDRAWN, apply="1",
                                                 note="已失效"), [N, N, N, Y, N, Y]),
    "publication: Excel export page": (page("admin:catalog_publication_export"), [N, Y, Y, Y, Y, Y]),
    "publication: Excel import page": (page("admin:catalog_publication_import"), [N, Y, Y, Y, N, Y]),
    "entry: Excel import page": (page("admin:catalog_entry_import"), [N, N, N, N, N, Y]),
    "entry: Excel export page": (page("admin:catalog_entry_export"), [N, Y, Y, Y, Y, Y]),
    "application: accept step": (accept_application, [N, Y, N, Y, N, Y]),
    "application: reply step page": (application_step_page, [N, Y, N, Y, N, Y]),
    "application: print a notice": (print_notice, [N, Y, N, Y, Y, Y]),
    "application: register export page": (page("admin:applications_application_export"), [N, Y, Y, Y, Y, Y]),
    # Found open: a supervisor could open callbacks and record rectification (department work); fixed.
    "rating: open callbacks action": (open_callback, [N, Y, N, Y, N, Y]),
    "callback: record rectification": (record_rectification, [N, Y, N, Y, N, Y]),
    "callback: supervisor closes": (close_callback, [N, N, N, N, Y, Y]),
    "appeal: file": (file_appeal, [N, Y, N, Y, N, Y]),
    "appeal: decide": (decide_appeal, [N, N, N, N, Y, Y]),
    "message: answer": (answer_message, [N, Y, N, Y, N, Y]),
    "随手拍: reply": (reply_to_issue_report, [N, Y, N, Y, N, Y]),
    "review point: edit": (edit_review_point, [N, Y, N, Y, N, Y]),
    "new media: file a change of A's account": (file_newmedia_change, [N, Y, N, Y, N, Y]),
    "new media: approve button": (approve_newmedia_filing, [N, N, N, Y, N, Y]),
    "new media: record an update for A": (record_newmedia_update, [N, Y, N, Y, N, Y]),
    "new media: update import page": (page("admin:catalog_newmediaupdate_import"), [N, Y, Y, Y, N, Y]),
    "review point visit: record for A": (record_visit_for_a, [N, Y, N, Y, N, Y]),
    "review point visits per day": (page("admin:feedback_visits_per_day"), [N, Y, Y, Y, Y, Y]),
    "calendar: year view": (page("admin:portal_calendar"), [N, Y, Y, Y, Y, Y]),
    "calendar: confirm years action": (confirm_year, [N, N, N, N, N, Y]),
    "assessment: export rows": (page("admin:reports_assessment_rows"), [N, N, N, N, N, Y]),
    "reports: dashboard": (page("reports:dashboard"), [N, N, N, N, Y, Y]),
    "reports: assessment": (page("reports:assessment"), [N, N, N, N, Y, Y]),
    "reports: assessment xlsx": (page("reports:assessment_xlsx"), [N, N, N, N, Y, Y]),
    "reports: annual": (page("reports:annual"), [N, N, N, N, Y, Y]),
    "reports: annual xlsx": (page("reports:annual_xlsx"), [N, N, N, N, Y, Y]),
    "reports: website": (page("reports:website"), [N, N, N, N, Y, Y]),
    "reports: website xlsx": (page("reports:website_xlsx"), [N, N, N, N, Y, Y]),
}


@pytest.mark.parametrize("name", list(ACTION_MATRIX))
def test_action_per_role(world, name):
    check, expected = ACTION_MATRIX[name]
    got = {role: check(client_for(world["users"][role]), world) for role in ROLES}
    assert got == dict(zip(ROLES, expected, strict=True))
