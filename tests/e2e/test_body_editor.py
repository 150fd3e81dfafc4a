"""A clerk pastes a table from WPS into the body editor, a reviewer checks the preview and approves, and a citizen
reads the table on a 375 px phone, scrolling it sideways inside its own box under the hint."""

import re

import pytest
from django.utils import timezone

from catalog.models import Publication
from catalog.sanitize import TABLE_HINT
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.test_csp_browser import LISTEN
from tests.e2e.test_journeys import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
COLUMNS = ["序号", "户主姓名", "家庭人口", "保障人数", "所在村民小组", "备注", "月保障金额（元）"]
# What WPS Writer puts on the clipboard when a name list is copied (trimmed): Office namespaces, a style block,
# conditional comments, mso- styles, classes, <font>, <o:p> and spreadsheet number attributes.
WPS_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
    "<head><meta charset=\"utf-8\"><style>.xl65 { mso-number-format:'0.00'; font-family:宋体; }</style></head><body>"
    "<!--StartFragment--><!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml>"
    "<![endif]-->"
    '<p class="MsoNormal" style="mso-pagination:widow-orphan"><font face="仿宋_GB2312">经村民代表会议评议，'
    "现将低保对象名单公示如下：<o:p></o:p></font></p>"
    '<table border="1" cellspacing="0" class="MsoTableGrid" style="border-collapse:collapse;mso-yfti-tbllook:1184">'
    '<tr style="mso-yfti-firstrow:yes">'
    + "".join(f'<td class="xl65" style="mso-pattern:auto"><p class="MsoNormal"><b>{name}</b><o:p></o:p></p></td>'
              for name in COLUMNS)
    + "</tr>"
    + "".join(
        f'<tr><td x:num="{n}">{n}</td><td><span style="font-family:宋体">王某某</span></td><td x:num>3</td>'
        f"<td x:num>2</td><td>第{n}村民小组</td><td>新增对象</td>"
        f'<td class="xl65" x:num="{1260 + n}">{1260 + n:,}.00</td></tr>'
        for n in range(1, 5)
    )
    + "</table><!--EndFragment--></body></html>"
)
PASTE = """(html) => {
    const editor = document.querySelector('.prose-editor .tiptap');
    editor.focus();
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', '');
    editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


@pytest.fixture
def office(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    county = factories.county(name="示范县")
    department = factories.department(county, name="县民政局")
    factories.clerk(department, username="minzheng")
    factories.reviewer(department, username="shenhe")
    domain = factories.domain("社会救助", code="social-assistance")
    factories.entry(parent=factories.entry(domain, name="最低生活保障"), name="低保对象名单")
    return department


def test_pasted_wps_table_goes_through_review_to_a_phone(office, page, another_page, live_server):
    clerk = page
    clerk.add_init_script(LISTEN)
    admin_login(clerk, live_server, "minzheng", "/admin/catalog/publication/add/")
    clerk.locator(".prose-editor .tiptap").wait_for()
    clerk.steps.shot("add-form")
    titles = clerk.evaluate("[...document.querySelectorAll('.prose-editor [title]')].map(e => e.title)")
    assert titles and not [title for title in titles if re.search("[A-Za-z]", title)], titles
    clerk.get_by_role("button", name="加粗").wait_for()
    clerk.get_by_role("button", name="插入表格").click()
    clerk.get_by_text("包含表头行").wait_for()
    clerk.steps.shot("table-dialog")
    clerk.get_by_role("button", name="取消").click()
    clerk.locator(".field-entry .select2-selection").click()
    clerk.locator(".select2-container--open .select2-search__field").fill("低保")
    clerk.locator(".select2-results__option", has_text="低保对象名单").click()
    clerk.get_by_label("标题").fill("东坪村2026年第三季度低保对象名单公示")
    clerk.get_by_label("成文日期").fill("2026-03-02")
    clerk.evaluate(PASTE, WPS_HTML)
    editor_table = clerk.locator(".prose-editor .tiptap table")
    editor_table.wait_for()
    clerk.steps.shot("pasted")
    assert editor_table.locator("tr").count() == 5
    assert editor_table.locator("tr").first.locator("th, td").count() == len(COLUMNS)
    assert clerk.evaluate("window.__cspViolations") == []
    clerk.locator("input[name=_submit_for_review]").click()
    clerk.get_by_text("已提交审核").wait_for()
    clerk.steps.shot("submitted")

    stored = Publication.objects.get(title="东坪村2026年第三季度低保对象名单公示")
    assert stored.status == Publication.Status.PENDING
    assert "<table>" in stored.body and "1,264.00" in stored.body
    for junk in ("mso-", "Mso", "o:p", "<font", "style=", "class=", "x:num", "<!--"):
        assert junk not in stored.body, junk

    reviewer = another_page()
    reviewer.add_init_script(LISTEN)
    admin_login(reviewer, live_server, "shenhe", f"/admin/catalog/publication/{stored.pk}/change/")
    reviewer.get_by_role("link", name="发布预览").click()
    reviewer.get_by_role("heading", name="发布预览").wait_for()
    reviewer.get_by_role("region", name="表格（可左右滑动）").wait_for()
    assert reviewer.get_by_role("cell", name="月保障金额（元）").is_visible()
    reviewer.steps.shot("preview")
    assert reviewer.evaluate("window.__cspViolations") == []
    reviewer.get_by_role("link", name="审核通过并发布").click()
    reviewer.get_by_role("button", name="办理：审核通过并发布").click()
    reviewer.get_by_text("已办理“审核通过并发布”").wait_for()
    reviewer.steps.shot("approved")

    citizen = another_page(viewport=PHONE)
    citizen.goto(f"{live_server.url}/publications/{stored.pk}/")
    box = citizen.get_by_role("region", name="表格（可左右滑动）")
    hint = citizen.get_by_text(TABLE_HINT)
    assert hint.is_visible()
    citizen.steps.shot("phone")
    assert no_horizontal_scroll(citizen)
    assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "at 375 px the table should be wider than its box"
    last = citizen.get_by_role("cell", name="1,264.00")
    last.scroll_into_view_if_needed()
    citizen.steps.shot("phone-scrolled")
    assert fully_inside(last, box)
    assert no_horizontal_scroll(citizen)


def fully_inside(cell, box) -> bool:
    inner, outer = cell.bounding_box(), box.bounding_box()
    return outer["x"] - 1 <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1


@pytest.mark.parametrize("mode", ["大字版", "高对比度"])
def test_wide_table_scrolls_with_its_hint_on_a_phone_in_accessible_modes(mode, office, page, live_server):
    entry = factories.entry(name="低保资金发放")
    published = factories.publication(
        entry, office, title="低保对象名单", status=Publication.Status.PUBLISHED,
        published_at=timezone.now(),
        body=WPS_HTML,
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name=mode).click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/publications/{published.pk}/")
    page.steps.shot(mode)
    box = page.get_by_role("region", name="表格（可左右滑动）")
    assert page.get_by_text(TABLE_HINT).is_visible()
    assert no_horizontal_scroll(page)
    last = page.get_by_role("cell", name="1,261.00")
    last.scroll_into_view_if_needed()
    assert fully_inside(last, box)
