"""The personal-data access log: every admin page, list, export and printout that shows applicants' or citizens'
personal data leaves one append-only row (who, when, what, how many, from where), read by supervisors only."""

import csv
import io

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from applications import notices
from applications.models import Application, Document, Notice
from applications.resources import ApplicationResource
from portal import access_log
from portal.models import PersonalDataAccess
from tests import factories as f
from tests.applications import factories as af
from tests.feedback import factories as ff

pytestmark = pytest.mark.usefixtures("isolated_site")

Kind = PersonalDataAccess.Kind
EXPORT_FIELDS = ApplicationResource.Meta.fields


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def change_form_data(response, **changes) -> dict:
    """What the browser posts back from an admin change page: the form's values, every inline's management form and
    rows, with `changes` applied."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    data.update(changes)
    return data


def export(client, file_format="0", **extra):
    return client.post(reverse("admin:applications_application_export"), {
        "format": file_format, "resource": "0",
        **{f"applicationresource_{name}": "on" for name in EXPORT_FIELDS}}, **extra)


def test_opening_a_request_page_writes_one_access_record(clerk, clerk_client, department):
    application = af.application(department)
    response = clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]),
                                REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.kind, access.object_id, access.object_repr, access.count) == (
        clerk, Kind.VIEW, str(application.pk), application.tracking_number, 1)
    assert access.place == "政府信息公开申请详情页"
    assert access.address == "10.1.2.3"


def test_the_address_is_the_client_behind_the_proxy(clerk_client, department, settings):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_REAL_IP"
    application = af.application(department)
    clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]),
                     REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.20.30.40")
    assert PersonalDataAccess.objects.get().address == "10.20.30.40"


def test_saving_the_page_is_in_the_admin_log_not_a_second_look(clerk_client, department):
    application = af.application(department)
    url = reverse("admin:applications_application_change", args=[application.pk])
    page = clerk_client.get(url)
    response = clerk_client.post(url, change_form_data(page, phone="13900001111"))
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).phone == "13900001111"
    assert PersonalDataAccess.objects.count() == 1  # the GET


def test_a_page_the_clerk_may_not_open_writes_nothing(clerk_client, other_department):
    application = af.application(other_department)
    response = clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect: nothing shown
    assert not PersonalDataAccess.objects.exists()


def test_the_request_list_records_how_many_applicants_it_showed(clerk, clerk_client, department):
    for _n in range(3):
        af.application(department)
    clerk_client.get(reverse("admin:applications_application_changelist"))
    clerk_client.get(reverse("admin:applications_application_changelist"), {"q": "13812345678"})
    rows = list(PersonalDataAccess.objects.order_by("id").values_list("kind", "count", "place", "object_id"))
    assert rows == [(Kind.LIST, 3, "政府信息公开申请列表", ""),
                    (Kind.LIST, 3, "政府信息公开申请列表（检索结果）", "")]
    assert "13812345678" not in str(list(PersonalDataAccess.objects.values()))


def test_an_empty_list_shows_nobody_and_writes_nothing(clerk_client, department):
    clerk_client.get(reverse("admin:applications_application_changelist"))
    assert not PersonalDataAccess.objects.exists()


def test_an_export_writes_one_record_with_the_count(clerk, clerk_client, department, other_department):
    for _n in range(4):
        af.application(department)
    af.application(other_department)  # not the clerk's: neither exported nor counted
    response = export(clerk_client)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 4
    assert "13812345678" in [cell.value for cell in sheet[2]]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.kind, access.count, access.object_id) == (clerk, Kind.EXPORT, 4, "")
    assert access.place == "导出政府信息公开申请（.xlsx）"


def test_a_csv_export_is_recorded_and_opens_in_excel(clerk_client, department):
    af.application(department, applicant_name="=HYPERLINK(\"x\")")
    response = export(clerk_client, file_format="1")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "申请编号"
    assert rows[1][rows[0].index("申请人姓名/名称")] == "'=HYPERLINK(\"x\")"
    assert PersonalDataAccess.objects.get().place == "导出政府信息公开申请（.csv）"


def test_the_export_file_has_a_chinese_name(clerk_client, department):
    af.application(department)
    assert "filename*=utf-8''%E4%BE%9D" in export(clerk_client)["Content-Disposition"]


def test_printing_a_notice_is_recorded(clerk, clerk_client, department):
    application = af.application(department)
    notice = notices.issue(application, Notice.Kind.RECEIPT, on=af.MONDAY, by=clerk)
    url = reverse("admin:applications_application_notice", args=[application.pk, notice.pk])
    assert clerk_client.get(url).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.kind, access.object_id) == (Kind.PRINT, str(application.pk))
    assert notice.title in access.place


@pytest.mark.parametrize("page", ["rating", "callback", "message"])
def test_feedback_pages_with_contact_details_are_recorded(clerk, clerk_client, department, page):
    rating = ff.bad_rating(target=department, phone="13800000009", name="李四")
    records = {"rating": rating, "callback": rating.callback,
               "message": ff.message(department=department, phone="13800000009")}
    record = records[page]
    response = clerk_client.get(reverse(f"admin:feedback_{page}_change", args=[record.pk]))
    assert "13800000009" in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.kind, access.object_id) == (clerk, Kind.VIEW, str(record.pk))


# ---- who reads the log ------------------------------------------------------------------------------------

def test_a_clerk_cannot_read_the_access_log(clerk_client, department):
    application = af.application(department)
    clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    access = PersonalDataAccess.objects.get()
    assert clerk_client.get(reverse("admin:portal_personaldataaccess_changelist")).status_code == 403
    assert clerk_client.get(reverse("admin:portal_personaldataaccess_change", args=[access.pk])).status_code == 403
    index = clerk_client.get(reverse("admin:index")).content.decode()
    assert "个人信息查阅记录" not in index


def test_a_supervisor_reads_who_looked_and_filters_by_person_and_kind(clerk, clerk_client, supervisor_client,
                                                                       department):
    application = af.application(department)
    clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    export(clerk_client)
    url = reverse("admin:portal_personaldataaccess_changelist")
    page = supervisor_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert application.tracking_number in html and "导出政府信息公开申请" in html
    assert "13812345678" not in html
    only_exports = supervisor_client.get(url, {"kind": "export", "user__id__exact": clerk.pk}).content.decode()
    assert "导出政府信息公开申请" in only_exports and "详情页" not in only_exports


def test_nobody_changes_or_deletes_an_access_record(clerk_client, supervisor, admin_user, department):
    application = af.application(department)
    clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    access = PersonalDataAccess.objects.get()
    for user in (supervisor, admin_user):
        client = signed_in(user)
        change_url = reverse("admin:portal_personaldataaccess_change", args=[access.pk])
        assert client.get(reverse("admin:portal_personaldataaccess_delete", args=[access.pk])).status_code == 403
        assert client.post(reverse("admin:portal_personaldataaccess_delete", args=[access.pk]),
                           {"post": "yes"}).status_code == 403
        assert b'name="_save"' not in client.get(change_url).content
        assert client.post(change_url, {"place": "x"}).status_code == 403
        listing = client.post(reverse("admin:portal_personaldataaccess_changelist"),
                              {"action": "delete_selected", "_selected_action": [access.pk], "post": "yes"})
        assert listing.status_code in (200, 302)
    assert PersonalDataAccess.objects.filter(pk=access.pk, place=access.place).exists()


def test_the_access_log_is_append_only_in_code(clerk_client, department):
    application = af.application(department)
    clerk_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    access = PersonalDataAccess.objects.get()
    with pytest.raises(TypeError):
        access.save()
    with pytest.raises(TypeError):
        access.delete()
    with pytest.raises(TypeError):
        PersonalDataAccess.objects.all().delete()
    with pytest.raises(TypeError):
        PersonalDataAccess.objects.update(count=0)
    assert not LogEntry.objects.filter(content_type__model="personaldataaccess").exists()


# ---- query guards -----------------------------------------------------------------------------------------

def _looks(client, application, times):
    for _n in range(times):
        client.get(reverse("admin:applications_application_change", args=[application.pk]))


@pytest.mark.parametrize("looks", [3, 30])
def test_the_access_log_list_runs_a_fixed_number_of_queries(clerk_client, supervisor_client, department, looks,
                                                             django_assert_max_num_queries):
    _looks(clerk_client, af.application(department), looks)
    with django_assert_max_num_queries(13):
        response = supervisor_client.get(reverse("admin:portal_personaldataaccess_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_the_request_list_with_its_access_row_runs_a_fixed_number_of_queries(clerk_client, department, rows,
                                                                             django_assert_max_num_queries):
    for _n in range(rows):
        af.application(department)
    with django_assert_max_num_queries(17):
        response = clerk_client.get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 200
    assert PersonalDataAccess.objects.get().count == rows


def test_record_names_the_user_even_after_the_account_is_gone(department):
    clerk = f.clerk(department, username="temp_clerk")
    client = signed_in(clerk)
    client.get(reverse("admin:applications_application_change", args=[af.application(department).pk]))
    clerk.delete()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.username) == (None, "temp_clerk")


def test_record_can_be_called_by_custom_pages(rf, clerk, department):
    request = rf.get("/", REMOTE_ADDR="10.0.0.9")
    request.user = clerk
    application = af.application(department)
    access = access_log.record(request, Kind.DOWNLOAD, obj=application, place="申请材料.pdf")
    assert (access.kind, access.address, access.object_repr) == (Kind.DOWNLOAD, "10.0.0.9",
                                                                 application.tracking_number)


def test_downloading_an_applicants_document_is_recorded_without_its_file_name(clerk, clerk_client, department):
    application = af.application(department)
    document = Document.objects.create(application=application, kind=Document.Kind.APPLICANT, name="张秀英身份证.pdf",
                                       file=f.uploaded("张秀英身份证.pdf"))
    assert clerk_client.get(document.file.url).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.kind, access.object_id) == (clerk, Kind.DOWNLOAD, str(application.pk))
    assert access.place == "下载申请文件（申请材料）"


def test_a_draft_items_attachment_is_not_personal_data(clerk_client, department):
    attached = f.attachment(f.publication(department_=department))
    assert clerk_client.get(attached.file.url).status_code == 200
    assert not PersonalDataAccess.objects.exists()
