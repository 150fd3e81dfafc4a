"""What staff read in the admin: people by their 姓名, the admin log in sentences, no internal records or storage
paths, and a missing holiday schedule as a warning."""

import json
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from applications.models import Document
from catalog import publishing
from catalog.models import Publication
from portal.people import display_name
from tests import factories
from tests.applications import factories as af


def named(user, name):
    user.first_name = name
    user.save(update_fields=["first_name"])
    return user


def test_a_user_is_shown_by_their_name_or_else_their_login(clerk):
    assert display_name(clerk) == clerk.username
    assert str(named(clerk, "王小红")) == "王小红"


def test_the_publication_history_names_who_submitted_and_who_returned_it(department, clerk, reviewer,
                                                                          supervisor_client):
    named(clerk, "王小红")
    named(reviewer, "李建国")
    publication = factories.publication(department_=department, created_by=clerk)
    publishing.submit(publication, by=clerk)
    publishing.reject(publication, by=reviewer, note="请补充附件。")
    page = supervisor_client.get(reverse("admin:catalog_publication_change", args=[publication.pk]))
    html = page.content.decode()
    assert "王小红" in html and "李建国" in html
    assert not re.search(rf"\b{clerk.username}\b", html)


def test_the_request_timeline_names_the_clerk_and_the_citizen_page_names_nobody(client, department, clerk,
                                                                                 supervisor_client):
    named(clerk, "王小红")
    application = af.application(department, by=clerk)
    admin_page = supervisor_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert "王小红" in admin_page.content.decode()
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    status_page = client.get("/apply/status/progress/").content.decode()
    assert "县民政局" in status_page
    assert "王小红" not in status_page and not re.search(rf"\b{clerk.username}\b", status_page)


def test_the_admin_log_reads_as_sentences_never_json(department, clerk, supervisor_client):
    named(clerk, "王小红")
    message = json.dumps([{"changed": {"fields": ["标题", "正文"]}}])
    LogEntry.objects.create(user=clerk, content_type=ContentType.objects.get_for_model(Publication),
                            object_id="1", object_repr="关于低保标准的通知", action_flag=CHANGE,
                            change_message=message)
    entry = LogEntry.objects.get()
    for url in (reverse("admin:admin_logentry_changelist"), reverse("admin:admin_logentry_change", args=[entry.pk])):
        html = supervisor_client.get(url).content.decode()
        assert "标题" in html and "王小红" in html, url
        assert '"changed"' not in html and "&quot;changed&quot;" not in html, url


def test_a_step_taken_in_the_admin_is_logged_in_words(department, clerk, clerk_client, supervisor_client):
    publication = factories.publication(department_=department, created_by=clerk)
    clerk_client.post(reverse("admin:catalog_publication_step", args=[publication.pk, "submit"]), {"note": ""})
    assert Publication.objects.get().status == Publication.Status.PENDING
    html = supervisor_client.get(reverse("admin:admin_logentry_changelist")).content.decode()
    assert "办理“提交审核”" in html


#: The system's own bookkeeping: never a page of the admin.
INTERNAL = {"sessions.session", "catalog.indexcounter", "contenttypes.contenttype", "auth.permission"}
#: Accounts and roles: the superuser's business alone.
ACCOUNTS = {"auth.user", "auth.group"}


def index_models(client) -> set[str]:
    app_list = client.get(reverse("admin:index")).context["app_list"]
    return {f"{app['app_label']}.{model['object_name'].lower()}" for app in app_list for model in app["models"]}


@pytest.mark.parametrize("role", ["clerk_a", "reviewer_a", "supervisor", "superuser"])
def test_internal_models_never_appear_in_the_admin(users_by_role, client, role):
    client.force_login(users_by_role[role])
    shown = index_models(client)
    assert "catalog.publication" in shown
    assert not shown & INTERNAL
    if role != "superuser":
        assert not shown & ACCOUNTS
    assert client.get("/admin/sessions/session/").status_code == 404


def test_files_show_their_name_not_their_storage_path(isolated_site, department, clerk, clerk_client):
    application = af.application(department, by=clerk)
    document = Document.objects.create(application=application, kind=Document.Kind.APPLICANT,
                                       file=factories.uploaded("身份证明.pdf"), name="身份证明.pdf")
    publication = factories.publication(department_=department, created_by=clerk)
    attachment = factories.attachment(publication, name="实施细则", file=factories.uploaded("实施细则.pdf"))
    pages = [clerk_client.get(reverse("admin:applications_application_change", args=[application.pk])),
             clerk_client.get(reverse("admin:catalog_publication_change", args=[publication.pk]))]
    html = "".join(page.content.decode() for page in pages)
    assert "身份证明.pdf" in html and "实施细则.pdf" in html
    for stored in (document.file.name, attachment.file.name):
        assert stored.count("/") >= 3
        assert f">{stored}<" not in html


def test_a_missing_holiday_schedule_is_a_warning_not_an_error(admin_client):
    page = admin_client.get(reverse("admin:portal_calendar_year", args=[2031])).content.decode()
    assert 'class="warning gongkai-calendar-banner"' in page
    assert "errornote" not in page
    assert '<li class="error' not in page


def test_the_user_admin_asks_for_the_name_as_one_field(admin_client, clerk):
    html = admin_client.get(reverse("admin:auth_user_change", args=[clerk.pk])).content.decode()
    assert "姓名" in html
    assert 'name="last_name"' not in html
