"""Change records: the admin log keeps each changed field's old and new value and shows them as lines with the
fields' Chinese names, never the JSON Django stores."""

import pytest
from django import forms
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from applications.models import Application
from portal import change_records
from tests.applications import factories as af
from tests.feedback import factories as ff
from tests.portal.test_access_log import change_form_data

pytestmark = pytest.mark.usefixtures("isolated_site")


def change(client, admin_name, obj, **changes):
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time")


def test_changing_an_applicants_phone_keeps_the_old_and_new_number(clerk_client, department):
    application = af.application(department)
    entry = change(clerk_client, "applications_application", application, phone="13900001111",
                   address="示范县解放路8号")
    assert change_records.describe(entry) == ["联系电话：13812345678 → 13900001111",
                                              "通信地址：示范县人民路1号 → 示范县解放路8号"]


def test_a_value_cleared_reads_as_empty(clerk_client, department):
    application = af.application(department, email="zhang@example.com")
    entry = change(clerk_client, "applications_application", application, email="")
    assert change_records.describe(entry) == ["电子邮箱：zhang@example.com → （空）"]


def test_the_supervisors_admin_log_shows_old_and_new_values_not_json(clerk_client, supervisor_client, department):
    application = af.application(department)
    change(clerk_client, "applications_application", application, phone="13900001111")
    html = supervisor_client.get(reverse("admin:admin_logentry_changelist")).content.decode()
    assert "联系电话：13812345678 → 13900001111" in html
    assert '"changed"' not in html and "[{" not in html and "&quot;" not in html
    entry = LogEntry.objects.get(object_id=str(application.pk))
    detail = supervisor_client.get(reverse("admin:admin_logentry_change", args=[entry.pk])).content.decode()
    assert "联系电话：13812345678 → 13900001111" in detail


def test_the_records_own_history_says_which_fields_changed(clerk_client, department):
    application = af.application(department)
    change(clerk_client, "applications_application", application, phone="13900001111")
    history = clerk_client.get(reverse("admin:applications_application_history", args=[application.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "联系电话" in html and "[{" not in html


def test_answering_a_message_records_the_answer(clerk_client, department):
    message = ff.message(department=department)
    entry = change(clerk_client, "feedback_message", message, answer="请带身份证到村委会办理。")
    assert "答复：（空） → 请带身份证到村委会办理。" in change_records.describe(entry)


def test_an_entry_without_values_reads_as_djangos_sentence(clerk):
    entry = LogEntry(change_message='[{"changed": {"fields": ["联系电话"]}}]', action_flag=2)
    assert change_records.describe(entry) == ["已修改联系电话。"]
    assert change_records.describe(LogEntry(change_message="确认节假日安排已录入", action_flag=2)) == [
        "确认节假日安排已录入"]


class RequestForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["department", "delivery_form", "obtain_method"]


def test_choices_and_related_records_read_as_their_names(department, other_department):
    application = af.application(department)
    form = RequestForm({"department": other_department.pk, "delivery_form": "paper", "obtain_method": "online"},
                       instance=application)
    assert form.is_valid(), form.errors
    assert change_records.field_changes(form) == [
        {"field": "办理机关", "old": "县民政局", "new": "县教育局"},
        {"field": "提供形式", "old": "电子文档", "new": "纸质"},
    ]


def test_a_long_answer_is_cut_in_the_list_and_whole_on_the_record(clerk_client, supervisor_client, department):
    answer = "请带身份证到村委会办理。" * 30 + "末尾"
    entry = change(clerk_client, "feedback_message", ff.message(department=department), answer=answer)
    listing = supervisor_client.get(reverse("admin:admin_logentry_changelist")).content.decode()
    assert "答复：（空） → 请带身份证" in listing and "末尾" not in listing
    detail = supervisor_client.get(reverse("admin:admin_logentry_change", args=[entry.pk])).content.decode()
    assert "末尾" in detail
