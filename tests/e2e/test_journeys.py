"""Whole journeys through the real UI in Debian's chromium: a citizen, a clerk in admin, a supervisor.

Data is set up through the factories; every step after that is a click, a typed word or a download in the browser,
with a screenshot (kept when the test fails). Only the final assertions look into the database.
"""

import io
import re

import openpyxl
import pytest
from django.utils import timezone

from applications.models import Application, Document, Status
from catalog.models import Publication
from feedback.models import Callback, Level, Rating
from tests import factories
from tests.applications.factories import submitted_online
from tests.e2e.conftest import no_horizontal_scroll
from tests.portal import reports_factories

# serialized_rollback: the role groups made by data migrations must survive the flush of a transactional test.
journey = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Test-pass-2026"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
REPLY_PDF = b"%PDF-1.4\n% reply to the applicant\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def resident_id(first17: str) -> str:
    """A citizen ID number with its GB 11643-1999 check character (ISO 7064 MOD 11-2), worked out here."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def test_resident_id_helper_matches_a_published_example():
    # GB 11643-1999's own example: 11010519491231002X.
    assert resident_id("11010519491231002") == "11010519491231002X"


def admin_login(page, live_server, username, next_path="/admin/"):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()


# 1. A citizen browses to a village's publication, finds it again by search, and rates it. ---------------------

@pytest.fixture
def village_catalogue():
    county = factories.county(name="示范县")
    township = factories.township(county, segment="100", name="城关镇")
    village = factories.village(township, suffix="201", name="东坪村")
    factories.village(township, suffix="202", name="西岭村")
    government = factories.department(township, name="城关镇人民政府", is_disclosure_office=True)
    domain = factories.domain("社会救助", code="social-assistance", is_village_level=True)
    top = factories.entry(domain, name="最低生活保障", is_village_level=True)
    leaf = factories.entry(parent=top, name="低保对象名单", content="户主姓名、保障人数", is_village_level=True)
    now = timezone.now()
    published = factories.publication(
        leaf, government, division=village, title="东坪村2026年第三季度低保对象名单公示",
        status=Publication.Status.PUBLISHED, published_at=now, body="<p>经村民代表会议评议，公示如下。</p>",
    )
    relief = factories.entry(domain, name="临时救助", is_village_level=True)
    factories.publication(
        relief, government, division=township, title="城关镇临时救助工作规程", status=Publication.Status.PUBLISHED,
        published_at=now, body="<p>规程全文。</p>",
    )
    return published


@journey
def test_citizen_browses_to_a_village_publication_searches_and_rates_it(village_catalogue, page, live_server):
    steps = page.steps
    page.goto(live_server.url + "/")
    steps.shot("home")
    page.get_by_role("link", name="城关镇", exact=True).first.click()
    page.get_by_role("heading", name=re.compile("城关镇政务公开")).wait_for()
    steps.shot("township")
    page.locator("#children-heading + ul").get_by_role("link", name="东坪村").click()
    page.get_by_role("heading", name=re.compile("东坪村政务公开")).wait_for()
    steps.shot("village-directory")
    page.locator("summary", has_text="社会救助").click()
    page.get_by_role("link", name="低保对象名单", exact=True).click()
    page.get_by_role("heading", name="低保对象名单", level=1).wait_for()
    steps.shot("entry")
    page.get_by_role("link", name="东坪村2026年第三季度低保对象名单公示").click()
    page.get_by_role("heading", name="东坪村2026年第三季度低保对象名单公示", level=1).wait_for()
    assert page.get_by_text("经村民代表会议评议").is_visible()
    steps.shot("publication")

    page.get_by_role("link", name="首页", exact=True).first.click()
    page.get_by_label("搜索公开信息").fill("低保对象")
    page.get_by_role("button", name="搜索").click()
    results = page.locator("ol.search-results")
    results.wait_for()
    steps.shot("search-results")
    found = results.get_by_role("link", name=re.compile("东坪村2026年第三季度"))
    assert found.count() == 1
    assert found.text_content() == "东坪村2026年第三季度低保对象名单公示"
    assert "".join(found.locator("mark").all_text_contents()) == "低保对象"
    assert "临时救助工作规程" not in results.inner_text()
    results.get_by_role("link", name=re.compile("东坪村2026年第三季度")).click()
    page.get_by_role("heading", name="东坪村2026年第三季度低保对象名单公示", level=1).wait_for()

    widget = page.locator("section.rating-widget")
    widget.get_by_text("不满意", exact=True).click()
    widget.locator("summary").click()
    widget.get_by_label("意见建议").fill("名单公示的字太小，看不清。")
    widget.get_by_label("联系电话").fill("139 0579 0000")
    steps.shot("rating-filled")
    widget.get_by_role("button", name="提交评价").click()
    page.get_by_text("我们将在").wait_for()
    steps.shot("rated")

    rating = Rating.objects.get()
    assert (rating.publication, rating.level) == (village_catalogue, Level.DISSATISFIED)
    assert Callback.objects.filter(rating=rating).exists()


# 2. A citizen applies for information and gets a tracking number. ----------------------------------------------

@journey
def test_citizen_applies_and_gets_a_tracking_number(page, live_server):
    factories.department(name="县民政局")
    steps = page.steps
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="依申请公开").first.click()
    page.get_by_role("heading", level=1).first.wait_for()
    steps.shot("apply-form")
    page.get_by_role("radio", name="自然人", exact=True).check()
    page.get_by_label(re.compile("^姓名")).fill("王桂兰")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label(re.compile("^证件号码")).fill(resident_id("33990119560312004"))
    page.get_by_label(re.compile("^联系电话")).fill("13967851234")
    page.get_by_label(re.compile("^通信地址")).fill("示范县城关镇东坪村3组12号")
    page.get_by_label("向哪个机关申请").select_option(label="县民政局")
    page.get_by_label(re.compile("^所需政府信息的名称")).fill("2025年度东坪村低保对象名单及保障金额。")
    page.get_by_role("radio", name="电子文档", exact=True).check()
    page.get_by_role("radio", name="在线查看", exact=True).check()
    steps.shot("apply-filled")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name="申请已提交").wait_for()
    steps.shot("submitted")

    shown = page.locator(".tracking-number").inner_text().strip()
    application = Application.objects.get()
    assert shown == application.tracking_number
    assert (application.applicant_name, application.status) == ("王桂兰", Status.SUBMITTED)


# 3. Clerk asks for a correction, the citizen corrects, the clerk replies, the citizen downloads the reply and
# opens and prints the reply notice (答复书). ------------------------------------------------------------------

@journey
def test_correction_and_reply_round_trip_between_clerk_and_citizen(page, another_page, live_server, tmp_path):
    department = factories.department(name="县民政局")
    factories.clerk(department, username="minzheng")
    application = submitted_online(department, on=timezone.localdate(), phone="13967851234",
                                   description="东坪村低保名单。")
    number = application.tracking_number
    clerk = page

    admin_login(clerk, live_server, "minzheng")
    clerk.wait_for_url(f"{live_server.url}/admin/")
    clerk.steps.shot("admin-index")
    clerk.goto(f"{live_server.url}/admin/applications/application/")
    clerk.locator("#searchbar").fill(number)
    clerk.locator("#changelist-search [type=submit]").click()
    clerk.steps.shot("found")
    clerk.get_by_role("link", name=number).click()
    clerk.get_by_role("link", name="确认收到申请").click()
    clerk.steps.shot("confirm-receipt")
    clerk.get_by_role("button", name="办理：确认收到申请").click()
    clerk.get_by_text("已办理“确认收到申请”").wait_for()
    clerk.get_by_role("link", name="告知补正").click()
    clerk.get_by_label("需要补正的事项").fill("请写明所需名单的年度和村名，并上传身份证明。")
    clerk.steps.shot("request-correction")
    clerk.get_by_role("button", name="办理：告知补正").click()
    clerk.get_by_text("已办理“告知补正”").wait_for()
    clerk.steps.shot("correction-requested")

    citizen = another_page(viewport={"width": 375, "height": 740})
    citizen.goto(f"{live_server.url}/apply/status/")
    citizen.get_by_label("申请编号").fill(number)
    citizen.get_by_label("联系电话后四位").fill("1234")
    citizen.get_by_role("button", name="查询").click()
    citizen.get_by_role("heading", name="请补正申请").wait_for()
    citizen.steps.shot("status-correction")
    assert no_horizontal_scroll(citizen)
    citizen.get_by_label("补正内容").fill("需要2025年度东坪村的低保对象名单。")
    citizen.get_by_label(re.compile("^补正材料")).set_input_files(
        {"name": "身份证明.pdf", "mimeType": "application/pdf", "buffer": PDF})
    citizen.get_by_role("button", name="提交补正").click()
    citizen.get_by_text("补正材料已提交").wait_for()
    citizen.steps.shot("corrected")
    assert Document.objects.filter(application__tracking_number=number, kind=Document.Kind.CORRECTION).count() == 1

    clerk.reload()
    clerk.get_by_role("link", name="收到补正").click()
    clerk.get_by_role("button", name="办理：收到补正").click()
    clerk.get_by_text("已办理“收到补正”").wait_for()
    clerk.get_by_role("link", name="答复", exact=True).click()
    clerk.get_by_label("办理结果").select_option(label="予以公开")
    clerk.get_by_label("答复内容").fill("经查，您申请的信息予以公开，见所附文件。")
    clerk.get_by_label(re.compile("^答复文件")).set_input_files(
        {"name": "答复书.pdf", "mimeType": "application/pdf", "buffer": REPLY_PDF})
    clerk.steps.shot("reply-filled")
    clerk.get_by_role("button", name="办理：答复").click()
    clerk.get_by_text("已办理“答复”").wait_for()
    clerk.steps.shot("replied")

    citizen.reload()
    citizen.get_by_role("heading", name="答复", exact=True).wait_for()
    assert citizen.get_by_text("予以公开").first.is_visible()
    citizen.steps.shot("status-replied")
    assert no_horizontal_scroll(citizen)
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="答复书.pdf").click()
    assert download_info.value.suggested_filename == "答复书.pdf"
    saved = tmp_path / "reply.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes() == REPLY_PDF
    assert Application.objects.get(tracking_number=number).status == Status.REPLIED

    citizen.get_by_role("link", name="查看、打印答复书").click()
    citizen.get_by_role("heading", name="政府信息公开申请答复书").wait_for()
    assert citizen.get_by_text("县民政局").first.is_visible()
    assert citizen.get_by_text("申请行政复议").first.is_visible()
    assert no_horizontal_scroll(citizen)
    citizen.steps.shot("reply-notice")
    citizen.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    citizen.get_by_role("button", name="打印答复书").click()
    assert citizen.evaluate("window.printed") == 1
    citizen.emulate_media(media="print")
    assert not citizen.get_by_role("button", name="打印答复书").is_visible()
    citizen.steps.shot("reply-notice-print")


# 4. A supervisor downloads the quarterly assessment sheet. -----------------------------------------------------

@journey
def test_supervisor_downloads_the_quarterly_assessment_sheet(page, live_server, tmp_path):
    county = factories.county(name="示范县")
    department = factories.department(county, name="县民政局")
    today = timezone.localdate()
    reports_factories.application(department, received_on=today)
    reports_factories.application(department, received_on=today)
    factories.supervisor(username="ducha")
    steps = page.steps

    admin_login(page, live_server, "ducha")
    steps.shot("admin")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="督查报表").click()
    page.get_by_role("link", name="季度考核表").click()
    page.locator("table.assessment-table").wait_for()
    steps.shot("assessment")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel 考核表").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "sheet.xlsx"
    download_info.value.save_as(saved)

    sheet = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))["考核表"]
    quarter = "一二三四"[(today.month - 1) // 3]
    assert sheet["A1"].value.startswith(f"示范县{today.year}年第{quarter}季度政府信息公开工作考核表")
    headers = [cell.value for cell in sheet[2]]
    row = {header: cell.value for header, cell in zip(headers, sheet[3], strict=True)}
    assert row["单位"] == "县民政局"
    assert row["收到申请数"] == 2
