"""The clerks' admin: scoping, the workflow as actions and buttons, history, attachments, Excel."""

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalog import history, publishing
from catalog.models import Entry, Publication, PublicationChange
from tests import factories as f
from tests.catalog import sheets as book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]
S = Publication.Status
CHANGELIST = "admin:catalog_publication_changelist"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_clerk_sees_only_their_departments_publications(client, department, clerk):
    mine = f.publication(department_=department, title="本局的通知")
    f.publication(title="别人的通知")
    client.force_login(clerk)
    response = client.get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == [mine]


def test_clerk_cannot_open_another_departments_publication(client, clerk):
    other = f.publication(title="别人的通知")
    client.force_login(clerk)
    response = client.get(reverse("admin:catalog_publication_change", args=[other.pk]), follow=True)
    assert "别人的通知" not in response.content.decode()


def test_clerk_adds_a_draft_with_an_index_number_and_history(client, department, clerk):
    entry = f.entry()
    client.force_login(clerk)
    response = client.post(reverse("admin:catalog_publication_add"), {
        "entry": entry.pk, "division": department.division.pk, "department": department.pk,
        "title": "关于低保复核的通知",
        "document_number": "", "document_type": "notice", "formed_on": "2026-03-02", "body": "<p>正文</p>",
        "validity": "valid", "validity_changed_on": "",
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
        "attachments-0-file": f.uploaded("通知.pdf"), "attachments-0-name": "", "attachments-0-order": "0",
        "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = Publication.objects.get(title="关于低保复核的通知")
    assert (item.status, item.created_by, item.index_number) == (S.DRAFT, clerk, f"{department.code}/2026-00001")
    assert item.attachments.get().name == "通知.pdf"
    assert item.changes.filter(action=PublicationChange.Action.CREATED, changed_by=clerk).exists()


def test_clerk_cannot_file_under_another_department(client, clerk):
    other = f.department()
    client.force_login(clerk)
    response = client.post(reverse("admin:catalog_publication_add"), {
        "entry": f.entry().pk, "division": other.division.pk, "department": other.pk, "title": "越权",
        "document_type": "notice", "formed_on": "2026-03-02", "validity": "valid",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not Publication.objects.filter(title="越权").exists()


def test_change_page_offers_the_reviewer_approve_and_reject_buttons(client, department, clerk, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    client.force_login(reviewer)
    page = client.get(reverse("admin:catalog_publication_change", args=[item.pk])).content.decode()
    assert reverse("admin:catalog_publication_step", args=[item.pk, "approve"]) in page
    assert reverse("admin:catalog_publication_step", args=[item.pk, "reject"]) in page


def test_change_page_shows_the_history(client, department, clerk):
    item = f.publication(department_=department, title="旧标题")
    item.title = "新标题"
    history.save(item, by=clerk)
    client.force_login(clerk)
    page = client.get(reverse("admin:catalog_publication_change", args=[item.pk])).content.decode()
    assert "标题：旧标题 → 新标题" in page


def test_approve_button_publishes(client, department, clerk, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    client.force_login(reviewer)
    response = client.post(reverse("admin:catalog_publication_step", args=[item.pk, "approve"]), {"note": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == S.PUBLISHED


def test_self_approval_by_button_shows_an_error_and_changes_nothing(client, department, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=reviewer)
    client.force_login(reviewer)
    response = client.post(reverse("admin:catalog_publication_step", args=[item.pk, "approve"]), {"note": ""})
    assert any("不能审核自己" in message for message in messages_of(response))
    item.refresh_from_db()
    assert item.status == S.PENDING


def test_step_view_for_unknown_step_or_id_is_404(client, department, reviewer):
    item = f.publication(department_=department)
    client.force_login(reviewer)
    assert client.get(reverse("admin:catalog_publication_step", args=[item.pk, "publish-now"])).status_code == 404
    assert client.get(reverse("admin:catalog_publication_step", args=[999999, "approve"])).status_code == 404


def test_self_approval_by_action_shows_an_error(client, department, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=reviewer)
    client.force_login(reviewer)
    response = client.post(reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": [item.pk]})
    assert any("不能审核自己" in message for message in messages_of(response))
    item.refresh_from_db()
    assert item.status == S.PENDING


def test_submit_action_submits_the_selected_drafts(client, department, clerk):
    items = [f.publication(department_=department) for _ in range(2)]
    client.force_login(clerk)
    client.post(reverse(CHANGELIST), {"action": "submit_selected", "_selected_action": [i.pk for i in items]})
    assert set(Publication.objects.values_list("status", flat=True)) == {S.PENDING}


def test_reject_action_asks_for_a_note_first(client, department, clerk, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    client.force_login(reviewer)
    response = client.post(reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [item.pk]})
    assert response.status_code == 200 and "退回意见" in response.content.decode()
    client.post(reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [item.pk], "apply": "1",
                                      "note": "请补充附件"})
    item.refresh_from_db()
    assert (item.status, item.review_note) == (S.DRAFT, "请补充附件")


def test_clerk_has_no_approve_action(client, clerk):
    client.force_login(clerk)
    actions = dict(client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices)
    assert "submit_selected" in actions and "approve_selected" not in actions


def test_published_item_title_is_read_only_in_admin(client, department, clerk, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    publishing.approve(item, by=reviewer)
    client.force_login(clerk)
    form = client.get(reverse("admin:catalog_publication_change", args=[item.pk])).context["adminform"].form
    assert "title" not in form.fields and "validity" in form.fields


def test_changelist_survives_junk_query_strings(client, clerk):
    client.force_login(clerk)
    for query in ("?year=abc", "?status=nonsense", "?o=99", "?entry__domain__id__exact=x", "?p=9999"):
        assert client.get(reverse(CHANGELIST) + query).status_code in (200, 302)


def test_entry_tree_admin_lists_the_directory(admin_client):
    parent = f.entry(name="最低生活保障")
    f.entry(parent=parent, name="办事指南")
    page = admin_client.get(reverse("admin:catalog_entry_changelist")).content.decode()
    assert "最低生活保障" in page and "办事指南" in page


def test_entry_import_in_admin_previews_then_imports(admin_client):
    f.domain(name="社会救助", code="social-assistance")
    upload = f.uploaded("社会救助目录.xlsx", book.county_workbook())
    preview = admin_client.post(reverse("admin:catalog_entry_import"), {"import_file": upload, "format": "0"})
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert Entry.objects.count() == 0
    response = admin_client.post(reverse("admin:catalog_entry_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Entry.objects.count() == 5


def test_entry_import_in_admin_shows_row_errors_in_chinese(admin_client):
    f.domain(name="社会救助", code="social-assistance")
    bad = [book.ROWS[0][:7] + (None, None, "√", None, None, None)]
    upload = f.uploaded("目录.xlsx", book.county_workbook(rows=bad))
    page = admin_client.post(reverse("admin:catalog_entry_import"), {"import_file": upload, "format": "0"})
    assert "请勾选公开对象" in page.content.decode()


def test_clerk_cannot_import_the_directory(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("admin:catalog_entry_import")).status_code == 403


def test_publication_export_and_reimport_of_drafts(client, department, clerk):
    entry = f.entry(name="办事指南")
    f.publication(department_=department, entry_=entry, title="待修改的草稿", document_number="示民〔2026〕1号")
    client.force_login(clerk)
    exported = client.post(reverse("admin:catalog_publication_export"), {
        "format": "0", "resource": "0", **{f"publicationresource_{name}": "on" for name in (
            "index_number", "title", "domain", "entry", "department", "division", "document_number",
            "document_type", "formed_on", "published_at", "validity", "status", "timely", "body")}})
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(2, headers.index("标题") + 1).value = "改好的标题"
    sheet.append([None, "新导入的信息", entry.domain.name, "办事指南", department.name, "", "", "公示公告",
                  "2026-04-01", None, "有效", None, None, "<p>正文<script>x</script></p>"])
    content = book.save(sheet.parent)
    preview = client.post(reverse("admin:catalog_publication_import"),
                          {"import_file": f.uploaded("信息.xlsx", content), "format": "0"})
    assert preview.status_code == 200 and "confirm_form" in preview.context, preview.content.decode()[:3000]
    client.post(reverse("admin:catalog_publication_process_import"), preview.context["confirm_form"].initial)
    assert set(Publication.objects.values_list("title", flat=True)) == {"改好的标题", "新导入的信息"}
    assert "<script" not in Publication.objects.get(title="新导入的信息").body


def test_publication_import_into_another_department_is_refused(client, department, clerk):
    other = f.department(name="县教育体育局")
    entry = f.entry(name="办事指南")
    workbook = openpyxl.Workbook()
    workbook.active.append(["索引号", "标题", "公开领域", "公开事项", "发布机构", "成文日期"])
    workbook.active.append([None, "越权导入", entry.domain.name, "办事指南", other.name, "2026-04-01"])
    client.force_login(clerk)
    page = client.post(reverse("admin:catalog_publication_import"),
                       {"import_file": f.uploaded("信息.xlsx", book.save(workbook)), "format": "0"})
    assert "不是您所在的单位" in page.content.decode()
    assert not Publication.objects.filter(title="越权导入").exists()


def test_division_left_empty_defaults_to_the_departments(client, department, clerk):
    client.force_login(clerk)
    response = client.post(reverse("admin:catalog_publication_add"), {
        "entry": f.entry().pk, "division": "", "department": department.pk, "title": "不填区划",
        "document_type": "notice", "formed_on": "2026-03-02", "validity": "valid",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    assert Publication.objects.get(title="不填区划").division == department.division


def test_opening_a_step_the_user_may_not_take_explains_why(client, department, clerk):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    client.force_login(clerk)
    response = client.get(reverse("admin:catalog_publication_step", args=[item.pk, "approve"]))
    assert response.status_code == 302
    assert any("审核员" in message for message in messages_of(response))


@pytest.mark.parametrize("count", [3, 30])
def test_publication_list_runs_a_constant_number_of_queries(client, department, clerk, django_assert_max_num_queries,
                                                            count):
    entry = f.entry()
    for n in range(count):
        f.publication(department_=department, entry_=entry, title=f"通知{n}")
    client.force_login(clerk)
    with django_assert_max_num_queries(22):
        assert client.get(reverse(CHANGELIST)).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_entry_tree_runs_a_constant_number_of_queries(admin_client, django_assert_max_num_queries, count):
    parent = f.entry()
    for n in range(count):
        f.entry(parent=parent, name=f"二级事项{n}")
    with django_assert_max_num_queries(20):
        assert admin_client.get(reverse("admin:catalog_entry_changelist")).status_code == 200


def test_published_item_cannot_be_deleted(client, department, clerk, reviewer):
    item = f.publication(department_=department)
    publishing.submit(item, by=clerk)
    publishing.approve(item, by=reviewer)
    client.force_login(clerk)
    client.post(reverse("admin:catalog_publication_delete", args=[item.pk]), {"post": "yes"})
    assert Publication.objects.filter(pk=item.pk).exists()


def test_draft_can_be_deleted_by_its_clerk(client, department, clerk):
    item = f.publication(department_=department)
    client.force_login(clerk)
    client.post(reverse("admin:catalog_publication_delete", args=[item.pk]), {"post": "yes"})
    assert not Publication.objects.filter(pk=item.pk).exists()


def test_unreadable_publication_import_file_gets_a_chinese_message(client, clerk):
    client.force_login(clerk)
    page = client.post(reverse("admin:catalog_publication_import"),
                       {"import_file": f.uploaded("信息.xlsx", b"not a spreadsheet"), "format": "0"})
    assert "无法读取该文件" in page.content.decode()


def test_save_and_submit_button_submits_the_new_draft(client, department, clerk):
    client.force_login(clerk)
    client.post(reverse("admin:catalog_publication_add"), {
        "entry": f.entry().pk, "division": "", "department": department.pk, "title": "一步提交",
        "document_type": "notice", "formed_on": "2026-03-02", "validity": "valid", "_submit_for_review": "1",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    })
    item = Publication.objects.get(title="一步提交")
    assert (item.status, item.submitted_by) == (S.PENDING, clerk)


def test_review_queue_lists_pending_items_the_reviewer_did_not_submit(client, department, clerk, reviewer):
    theirs = f.publication(department_=department, title="办事员提交的")
    publishing.submit(theirs, by=clerk)
    own = f.publication(department_=department, title="自己提交的")
    publishing.submit(own, by=reviewer)
    f.publication(department_=department, title="草稿")
    client.force_login(reviewer)
    response = client.get(reverse(CHANGELIST) + "?queue=mine")
    assert list(response.context["cl"].result_list) == [theirs]


def _edit_draft_in_the_admin(client, item, **changes):
    data = {"entry": item.entry_id, "division": item.division_id, "department": item.department_id,
            "title": item.title, "document_number": item.document_number, "document_type": item.document_type,
            "formed_on": item.formed_on.isoformat(), "body": item.body, "validity": item.validity,
            "validity_changed_on": "", "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
            "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0", **changes}
    response = client.post(reverse("admin:catalog_publication_change", args=[item.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_reviewer_who_edited_the_draft_cannot_approve_it(client, department, clerk, reviewer):
    item = f.publication(department_=department, created_by=clerk, title="关于低保复核的通知")
    client.force_login(reviewer)
    _edit_draft_in_the_admin(client, item, title="关于2026年低保复核的通知")
    publishing.submit(item, by=clerk)
    response = client.post(reverse("admin:catalog_publication_step", args=[item.pk, "approve"]), {"note": ""})
    assert any("修改过" in message for message in messages_of(response))
    item.refresh_from_db()
    assert item.status == S.PENDING
    publishing.approve(item, by=f.reviewer(department))  # a reviewer who did not touch it may
    assert item.status == S.PUBLISHED


def test_reviewer_who_added_an_attachment_cannot_approve(client, department, clerk, reviewer):
    item = f.publication(department_=department, created_by=clerk)
    client.force_login(reviewer)
    _edit_draft_in_the_admin(client, item, **{
        "attachments-TOTAL_FORMS": "1", "attachments-0-file": f.uploaded("名单.pdf"), "attachments-0-name": "",
        "attachments-0-order": "0"})
    publishing.submit(item, by=clerk)
    page = client.get(reverse("admin:catalog_publication_change", args=[item.pk])).content.decode()
    assert reverse("admin:catalog_publication_step", args=[item.pk, "approve"]) not in page
    client.post(reverse("admin:catalog_publication_step", args=[item.pk, "approve"]), {"note": ""})
    item.refresh_from_db()
    assert item.status == S.PENDING
