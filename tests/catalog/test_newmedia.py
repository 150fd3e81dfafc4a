"""政务新媒体: the overdue rule (pure and in SQL), the reviewed filings, clerk scoping, the update import and the
public pages."""

import datetime as dt

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from catalog import newmedia, newmedia_filings
from catalog.models import NewMediaAccount, NewMediaFiling, NewMediaUpdate
from catalog.models.newmedia import AccountStatus, FilingKind, FilingStatus, Platform, UpdateFrequency
from catalog.newmedia_filings import STEPS, FilingError
from tests import factories as f
from tests.catalog import newmedia_factories as nf
from tests.catalog import sheets as book
from tests.test_csp_pages import violations

D = dt.date
W = UpdateFrequency
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

# Fast password hashing (the role fixtures make users), a media folder and a cache of each test's own.
pytestmark = pytest.mark.usefixtures("isolated_site")

# ---- the overdue rule --------------------------------------------------------------------------------------------

# (frequency, opened_on, updates, closed_on, status, cut-off day, overdue?)
CASES = [
    # Weekly, updated Mon 2 Mar: due 9 Mar (2 + 7); on the 9th exactly at the limit, on the 10th one day over.
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2)], None, AccountStatus.IN_OPERATION, D(2026, 3, 9), False),
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2)], None, AccountStatus.IN_OPERATION, D(2026, 3, 10), True),
    # Never updated: counted from the opening day, 1 Mar + 7 = 8 Mar.
    (W.WEEKLY, D(2026, 3, 1), [], None, AccountStatus.IN_OPERATION, D(2026, 3, 8), False),
    (W.WEEKLY, D(2026, 3, 1), [], None, AccountStatus.IN_OPERATION, D(2026, 3, 9), True),
    # Every two weeks: 2 Mar + 14 = 16 Mar; calendar days, so the weekend counts.
    (W.FORTNIGHTLY, D(2026, 3, 1), [D(2026, 3, 2)], None, AccountStatus.IN_OPERATION, D(2026, 3, 16), False),
    (W.FORTNIGHTLY, D(2026, 3, 1), [D(2026, 3, 2)], None, AccountStatus.IN_OPERATION, D(2026, 3, 17), True),
    # Monthly: 31 Jan + 30 = 2 Mar.
    (W.MONTHLY, D(2026, 1, 1), [D(2026, 1, 31)], None, AccountStatus.IN_OPERATION, D(2026, 3, 2), False),
    (W.MONTHLY, D(2026, 1, 1), [D(2026, 1, 31)], None, AccountStatus.IN_OPERATION, D(2026, 3, 3), True),
    # The latest update on or before the cut-off counts; one recorded after it does not undo the lateness.
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2), D(2026, 3, 12)], None, AccountStatus.IN_OPERATION, D(2026, 3, 11),
     True),
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2), D(2026, 3, 12)], None, AccountStatus.IN_OPERATION, D(2026, 3, 12),
     False),
    # Closed (关停) or cancelled (注销): never overdue from the closing day on, whatever the last update.
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2)], D(2026, 3, 20), AccountStatus.CLOSED, D(2026, 3, 20), False),
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2)], D(2026, 3, 20), AccountStatus.CANCELLED, D(2026, 5, 1), False),
    # ...but a past cut-off before the closing still finds it overdue then.
    (W.WEEKLY, D(2026, 3, 1), [D(2026, 3, 2)], D(2026, 3, 20), AccountStatus.CLOSED, D(2026, 3, 19), True),
    # Not yet opened on the cut-off day.
    (W.WEEKLY, D(2026, 3, 1), [], None, AccountStatus.IN_OPERATION, D(2026, 2, 1), False),
]


@pytest.mark.django_db
def test_overdue_rule_and_its_query_agree_on_every_boundary(department):
    accounts = []
    for frequency, opened_on, updates, closed_on, status, on, expected in CASES:
        account = nf.account(department, frequency=frequency, opened_on=opened_on, updates=updates,
                             closed_on=closed_on, status=status)
        last = max((day for day in updates if day <= on), default=None)
        assert newmedia.account_is_overdue(account, last_updated_on=last, on=on) is expected, (frequency, on)
        accounts.append((account, on, expected))
    for account, on, expected in accounts:
        assert NewMediaAccount.objects.overdue(on=on).filter(pk=account.pk).exists() is expected, (account, on)


def test_due_day_is_the_later_of_opening_and_last_update_plus_the_allowed_days():
    assert newmedia.update_due_on(opened_on=D(2026, 3, 1), last_updated_on=None, frequency_days=7) == D(2026, 3, 8)
    assert newmedia.update_due_on(opened_on=D(2026, 3, 10), last_updated_on=D(2026, 3, 2),
                                  frequency_days=7) == D(2026, 3, 17)


# ---- reviewed filings --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_clerk_proposes_opening_and_the_reviewer_approves_it(department, clerk, reviewer, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    filing = newmedia_filings.propose(nf.filing(department, name="民政之声", link="https://mp.example.cn/mz"),
                                      by=clerk)
    assert filing.status == FilingStatus.PENDING and not NewMediaAccount.objects.exists()
    newmedia_filings.approve(filing, by=reviewer, note="同意")
    account = NewMediaAccount.objects.get(name="民政之声")
    assert (account.status, account.opened_on, account.department) == (AccountStatus.IN_OPERATION, D(2026, 3, 2),
                                                                       department)
    assert filing.account == account and filing.decided_by == reviewer


@pytest.mark.django_db
def test_a_clerk_cannot_approve_and_a_reviewer_cannot_approve_their_own_filing(department, clerk, reviewer):
    filing = newmedia_filings.propose(nf.filing(department), by=clerk)
    with pytest.raises(FilingError, match="审核员"):
        newmedia_filings.approve(filing, by=clerk)
    own = newmedia_filings.propose(nf.filing(department), by=reviewer)
    with pytest.raises(FilingError, match="不能审核自己提交的备案"):
        newmedia_filings.approve(own, by=reviewer)
    assert not NewMediaAccount.objects.exists()


@pytest.mark.django_db
def test_only_the_owner_departments_staff_file_and_review(department, other_department, clerk, reviewer):
    with pytest.raises(FilingError, match="本单位"):
        newmedia_filings.propose(nf.filing(other_department), by=clerk)
    theirs = newmedia_filings.propose(nf.filing(other_department), by=f.clerk(other_department))
    with pytest.raises(FilingError, match="县教育局"):
        newmedia_filings.approve(theirs, by=reviewer)


@pytest.mark.django_db
def test_every_step_is_refused_on_a_decided_filing(department, clerk, reviewer):
    for status in (FilingStatus.APPROVED, FilingStatus.REJECTED):
        filing = newmedia_filings.propose(nf.filing(department), by=clerk)
        NewMediaFiling.objects.filter(pk=filing.pk).update(status=status)
        filing.refresh_from_db()
        assert newmedia_filings.allowed_steps(filing, reviewer) == []
        for name in STEPS:
            with pytest.raises(FilingError, match="不能"):
                getattr(newmedia_filings, name)(filing, by=reviewer, note="意见")


@pytest.mark.django_db
def test_returning_a_filing_needs_a_reason_and_changes_nothing(department, clerk, reviewer):
    account = nf.account(department, name="旧名称")
    filing = newmedia_filings.propose(nf.filing(department, kind=FilingKind.CHANGE, account_=account, name="新名称"),
                                      by=clerk)
    with pytest.raises(FilingError, match="请填写退回意见"):
        newmedia_filings.reject(filing, by=reviewer, note=" ")
    newmedia_filings.reject(filing, by=reviewer, note="名称不规范")
    account.refresh_from_db()
    assert account.name == "旧名称" and filing.status == FilingStatus.REJECTED


@pytest.mark.django_db
def test_change_applies_the_new_details_and_keeps_the_qr_code_when_none_is_uploaded(department, clerk, reviewer):
    account = nf.account(department, name="旧名称", qr_image=f.uploaded("码.png", PNG), operator="办公室")
    old_qr = account.qr_image.name
    filing = newmedia_filings.propose(nf.filing(department, kind=FilingKind.CHANGE, account_=account, name="新名称",
                                                operator="宣传股", update_frequency=W.FORTNIGHTLY), by=clerk)
    newmedia_filings.approve(filing, by=reviewer)
    account.refresh_from_db()
    assert (account.name, account.operator, account.update_frequency) == ("新名称", "宣传股", W.FORTNIGHTLY)
    assert account.qr_image.name == old_qr


@pytest.mark.django_db
def test_closing_then_cancelling_an_account(department, clerk, reviewer, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    account = nf.account(department)
    close = newmedia_filings.propose(nf.filing(department, kind=FilingKind.CLOSE, account_=account,
                                               effective_on=D(2026, 4, 1)), by=clerk)
    newmedia_filings.approve(close, by=reviewer)
    account.refresh_from_db()
    assert (account.status, account.closed_on) == (AccountStatus.CLOSED, D(2026, 4, 1))
    with pytest.raises(FilingError, match="已关停，不能变更"):
        newmedia_filings.propose(nf.filing(department, kind=FilingKind.CHANGE, account_=account), by=clerk)
    cancel = newmedia_filings.propose(nf.filing(department, kind=FilingKind.CANCEL, account_=account), by=clerk)
    newmedia_filings.approve(cancel, by=reviewer)
    account.refresh_from_db()
    assert (account.status, account.closed_on) == (AccountStatus.CANCELLED, D(2026, 4, 1))


@pytest.mark.django_db
def test_one_pending_filing_per_account_and_closing_needs_a_reason(department, clerk):
    account = nf.account(department)
    newmedia_filings.propose(nf.filing(department, kind=FilingKind.CLOSE, account_=account), by=clerk)
    with pytest.raises(FilingError, match="已有待审核的备案"):
        newmedia_filings.propose(nf.filing(department, kind=FilingKind.CANCEL, account_=account), by=clerk)
    other = nf.account(department)
    with pytest.raises(FilingError, match="请填写关停的原因"):
        newmedia_filings.propose(nf.filing(department, kind=FilingKind.CLOSE, account_=other, reason=""), by=clerk)


@pytest.mark.django_db
def test_reviewer_approves_in_the_admin_with_the_step_button(client, department, clerk, reviewer):
    filing = newmedia_filings.propose(nf.filing(department, name="民政之声"), by=clerk)
    client.force_login(reviewer)
    page = client.get(reverse("admin:catalog_newmediafiling_change", args=[filing.pk])).content.decode()
    assert reverse("admin:catalog_newmediafiling_step", args=[filing.pk, "approve"]) in page
    change = newmedia_filings.propose(nf.filing(department, kind=FilingKind.CHANGE, name="民政之窗",
                                                account_=nf.account(department, name="民政之家")), by=clerk)
    shown = client.get(reverse("admin:catalog_newmediafiling_change", args=[change.pk])).content.decode()
    assert "账号名称：民政之家 → 民政之窗" in shown
    response = client.post(reverse("admin:catalog_newmediafiling_step", args=[filing.pk, "approve"]), {"note": ""})
    assert response.status_code == 302
    assert NewMediaAccount.objects.filter(name="民政之声", status=AccountStatus.IN_OPERATION).exists()


@pytest.mark.django_db
def test_clerk_files_a_change_from_the_accounts_page_prefilled(client, department, clerk):
    account = nf.account(department, name="民政之声", handle="mzzs")
    client.force_login(clerk)
    page = client.get(reverse("admin:catalog_newmediaaccount_change", args=[account.pk])).content.decode()
    add_url = reverse("admin:catalog_newmediafiling_add") + f"?kind=change&amp;account={account.pk}"
    assert add_url in page and "申请注销" in page
    form = client.get(add_url.replace("&amp;", "&")).context["adminform"].form
    assert form.initial["name"] == "民政之声" and form.initial["handle"] == "mzzs"


@pytest.mark.django_db
def test_clerks_see_and_file_for_their_own_departments_accounts_only(client, department, other_department, clerk):
    mine, theirs = nf.account(department, name="本局账号"), nf.account(other_department, name="他局账号")
    client.force_login(clerk)
    listed = client.get(reverse("admin:catalog_newmediaaccount_changelist")).context["cl"].result_list
    assert list(listed) == [mine]
    assert client.get(reverse("admin:catalog_newmediaaccount_change", args=[theirs.pk])).status_code == 302
    form = client.get(reverse("admin:catalog_newmediafiling_add")).context["adminform"].form
    assert list(form.fields["department"].queryset) == [department]
    assert list(form.fields["account"].queryset) == [mine]


@pytest.mark.django_db
def test_admin_list_flags_and_filters_overdue_accounts(client, department, clerk, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    late = nf.account(department, name="逾期账号", updates=[D(2026, 3, 2)])
    nf.account(department, name="按时账号", updates=[D(2026, 3, 18)])
    client.force_login(clerk)
    url = reverse("admin:catalog_newmediaaccount_changelist")
    response = client.get(url, {"overdue_on": "2026-03-20"})
    assert list(response.context["cl"].result_list) == [late]
    page = client.get(url).content.decode()
    assert page.count("<strong>逾期未更新</strong>") == 1 and "2026-03-09" in page  # 2 Mar + 7


# ---- update dates --------------------------------------------------------------------------------------------------


def update_sheet(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["平台", "账号名称", "更新日期"])
    for row in rows:
        workbook.active.append(list(row))
    return book.save(workbook)


def import_updates(client, content):
    return client.post(reverse("admin:catalog_newmediaupdate_import"),
                       {"import_file": f.uploaded("更新.xlsx", content), "format": "0"})


@pytest.mark.django_db
def test_update_sheet_imports_after_preview(client, department, clerk, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    account = nf.account(department, name="民政之声", updates=[D(2026, 3, 2)])
    client.force_login(clerk)
    preview = import_updates(client, update_sheet(("微信公众号", "民政之声", "2026-03-18"),
                                                  ("微信公众号", "民政之声", D(2026, 3, 2))))
    assert "confirm_form" in preview.context, preview.content.decode()[:2000]
    assert "微信公众号“民政之声”" in preview.content.decode()
    client.post(reverse("admin:catalog_newmediaupdate_process_import"), preview.context["confirm_form"].initial)
    assert sorted(account.updates.values_list("updated_on", flat=True)) == [D(2026, 3, 2), D(2026, 3, 18)]
    assert account.updates.get(updated_on=D(2026, 3, 18)).recorded_by == clerk


@pytest.mark.django_db
def test_a_bad_row_names_its_sheet_row_and_nothing_is_stored(client, department, other_department, clerk,
                                                             time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    nf.account(department, name="民政之声")
    nf.account(other_department, name="他局账号")
    nf.account(department, name="已关停账号", status=AccountStatus.CLOSED, closed_on=D(2026, 3, 10))
    client.force_login(clerk)
    page = import_updates(client, update_sheet(
        ("微信公众号", "民政之声", "2026-03-18"),
        ("微信公众号", "不存在的账号", "2026-03-18"),
        ("微信公众号", "他局账号", "2026-03-18"),
        ("微信公众号", "民政之声", "三月十八日"),
        ("微信公众号", "已关停账号", "2026-03-12"),
        ("微信公众号", "民政之声", "2026-04-01"),
    )).content.decode()
    assert "表格第3行：未找到本单位的微信公众号账号“不存在的账号”" in page
    assert "表格第4行：未找到本单位的微信公众号账号“他局账号”" in page
    assert "表格第5行：更新日期“三月十八日”无法识别" in page
    assert "表格第6行：账号已于2026-03-10已关停，不再登记更新。" in page
    assert "表格第7行：更新日期不能晚于今天。" in page
    assert not NewMediaUpdate.objects.exists()


@pytest.mark.django_db
def test_a_sheet_without_the_columns_is_refused_in_chinese(client, clerk):
    client.force_login(clerk)
    workbook = openpyxl.Workbook()
    workbook.active.append(["账号", "日期"])
    page = import_updates(client, book.save(workbook)).content.decode()
    assert "表头不符" in page and "缺少“平台”“账号名称”“更新日期”" in page


@pytest.mark.django_db
def test_clerk_records_an_update_in_the_admin(client, department, clerk, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    account = nf.account(department)
    client.force_login(clerk)
    response = client.post(reverse("admin:catalog_newmediaupdate_add"),
                           {"account": account.pk, "updated_on": "2026-03-19"})
    assert response.status_code == 302
    assert account.updates.get().recorded_by == clerk
    again = client.post(reverse("admin:catalog_newmediaupdate_add"),
                        {"account": account.pk, "updated_on": "2026-03-19"})
    assert "该账号这一天的更新已登记" in again.content.decode()


# ---- public pages --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_page_lists_official_accounts_with_qr_codes_and_no_personal_data(client, department):
    nf.account(department, name="民政之声", handle="mzzs", link="https://mp.example.cn/mzzs",
               operator="县民政局办公室", operator_person="张运营", operator_phone="13800001234")
    nf.account(department, name="民政图片", platform=Platform.WEIBO, qr_image=f.uploaded("码.png", PNG))
    nf.account(department, name="旧账号", status=AccountStatus.CLOSED, closed_on=D(2026, 3, 10))
    page = client.get(reverse("catalog:newmedia")).content.decode()
    assert "县民政局" in page and "民政之声" in page and "mzzs" in page and "微博" in page
    assert 'aria-label="微信公众号“民政之声”的二维码"' in page and "<svg" in page
    assert 'alt="微博“民政图片”的二维码"' in page
    assert "旧账号" not in page
    for private in ("张运营", "13800001234", "县民政局办公室"):
        assert private not in page
    retired = client.get(reverse("catalog:newmedia_retired")).content.decode()
    assert "旧账号" in retired and "已关停" in retired and "民政之声" not in retired
    assert violations(page) == [] and violations(retired) == []  # the strict CSP holds, QR codes included


@pytest.mark.django_db
def test_public_page_finds_an_account_by_name(client, department):
    nf.account(department, name="民政之声")
    nf.account(department, name="教育之窗")
    page = client.get(reverse("catalog:newmedia"), {"q": "民政"}).content.decode()
    assert "民政之声" in page and "教育之窗" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 40])
def test_public_pages_run_a_constant_number_of_queries(department, other_department, django_assert_max_num_queries,
                                                       count):
    for n in range(count):
        nf.account(department if n % 2 else other_department, name=f"账号{n}", link=f"https://mp.example.cn/{n}")
        nf.account(department, name=f"旧账号{n}", status=AccountStatus.CANCELLED, closed_on=D(2026, 3, 10))
    for name in ("catalog:newmedia", "catalog:newmedia_retired"):
        with django_assert_max_num_queries(6):  # the cache version, the footer, the count and the page
            assert Client().get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_site_map_and_sitemap_xml_list_the_new_media_pages(client):
    f.county()
    assert reverse("catalog:newmedia") in client.get(reverse("sitemap_page")).content.decode()
    listed = client.get("/sitemap-pages.xml").content.decode()
    assert reverse("catalog:newmedia") in listed and reverse("catalog:newmedia_retired") in listed


@pytest.mark.django_db
def test_accounts_page_links_to_its_update_days(client, department, clerk):
    account = nf.account(department, updates=[D(2026, 3, 2), D(2026, 3, 9)])
    nf.account(department, updates=[D(2026, 3, 3)])
    client.force_login(clerk)
    page = client.get(reverse("admin:catalog_newmediaaccount_change", args=[account.pk]))
    url = dict(page.context["account_links"])["更新登记记录"]
    assert client.get(url).context["cl"].result_count == 2


@pytest.mark.django_db
def test_a_decided_filing_cannot_be_edited(department, clerk, reviewer):
    filing = newmedia_filings.propose(nf.filing(department), by=clerk)
    newmedia_filings.reject(filing, by=reviewer, note="名称不规范")
    filing.name = "改过的名称"
    with pytest.raises(FilingError, match="已审核，不能修改"):
        newmedia_filings.propose(filing, by=clerk)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_account_list_in_the_admin_runs_a_constant_number_of_queries(client, department, clerk,
                                                                     django_assert_max_num_queries, count):
    for n in range(count):
        nf.account(department, name=f"账号{n}", updates=[D(2026, 3, 2), D(2026, 3, 9)])
    client.force_login(clerk)
    with django_assert_max_num_queries(17):  # 17 with 2 or 20 accounts: last updates come in the list's query
        assert client.get(reverse("admin:catalog_newmediaaccount_changelist")).status_code == 200


@pytest.mark.django_db
def test_the_admin_form_shows_a_refused_proposal_as_its_error_and_stores_nothing(rf, department, other_department,
                                                                                clerk):
    from django.contrib import admin

    filing = newmedia_filings.propose(nf.filing(department, name="旧名称"), by=clerk)
    outsider = f.clerk(other_department)
    request = rf.post("/")
    request.user = outsider
    form_class = admin.site._registry[NewMediaFiling].get_form(request, filing, change=True)
    data = {"kind": filing.kind, "department": department.pk, "platform": filing.platform, "name": "改过的名称",
            "update_frequency": filing.update_frequency, "reason": ""}
    form = form_class(data, instance=filing)
    assert not form.is_valid()
    assert "只能为本单位的政务新媒体提交备案" in str(form.non_field_errors())
    assert NewMediaFiling.objects.get(pk=filing.pk).name == "旧名称"
