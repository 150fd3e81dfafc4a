"""随手拍 in the browser: a citizen on a 375 px phone reports a problem with a photo, the township clerk dispatches
it in the admin, the handling department replies with a photo of the result, and the citizen follows the report
with the code and phone digits to the rating; the approved report then shows on the board without the phone."""

import re

from feedback.models import IssueReport, IssueStatus, Level
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.test_journeys import admin_login, journey
from tests.feedback.snapshot_factories import category, jpeg_bytes

PHONE = "13905795678"


@journey
def test_citizen_reports_with_a_photo_and_follows_it_to_the_rating(page, another_page, live_server):
    township = factories.township(name="城关镇")
    government = factories.department(division=township, name="城关镇人民政府", is_disclosure_office=True)
    factories.village(parent=township, name="东坪村")
    handler = factories.department(name="县住房和城乡建设局")
    factories.clerk(government, username="chengguan")
    factories.clerk(handler, username="zhujian")
    factories.reviewer(government, username="shenhe")
    category("道路设施")

    citizen = another_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    citizen.goto(f"{live_server.url}/suishoupai/")
    citizen.get_by_role("link", name="我要反映问题").click()
    citizen.get_by_role("button", name="提交").click()  # nothing filled in: Chinese messages, nothing stored
    citizen.get_by_text("请描述您看到的问题。").first.wait_for()
    assert not IssueReport.objects.exists()
    citizen.get_by_label("道路设施").check()
    citizen.get_by_label("所在村（社区）").select_option(label="东坪村")
    citizen.get_by_label("问题描述").fill("东坪村村口的路灯坏了，晚上很黑。")
    citizen.get_by_label(re.compile("^照片")).set_input_files(
        {"name": "路灯.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()})
    citizen.get_by_label(re.compile("同意在随手拍公开栏公开")).check()
    citizen.get_by_label("联系电话").fill(PHONE)
    citizen.steps.shot("report-filled")
    assert no_horizontal_scroll(citizen)
    citizen.get_by_role("button", name="提交").click()
    citizen.get_by_text("提交成功").wait_for()
    citizen.steps.shot("submitted")
    code = IssueReport.objects.get().tracking_number
    assert citizen.get_by_text(code).first.is_visible()
    assert citizen.locator("img.issue-photo").first.evaluate("img => img.naturalWidth") > 0
    assert no_horizontal_scroll(citizen)

    clerk = page
    admin_login(clerk, live_server, "chengguan", next_path="/admin/feedback/issuereport/")
    clerk.get_by_role("link", name=code).click()
    clerk.get_by_role("link", name="交办").click()
    clerk.get_by_label("承办单位").select_option(label="县住房和城乡建设局")
    clerk.get_by_label("办理期限（工作日）").fill("5")
    clerk.steps.shot("dispatch")
    clerk.get_by_role("button", name="办理：交办").click()
    clerk.get_by_text("已办理“交办”").wait_for()

    clerk.context.clear_cookies()
    admin_login(clerk, live_server, "zhujian", next_path="/admin/feedback/issuereport/")
    clerk.get_by_role("link", name=code).click()
    clerk.get_by_role("link", name="反馈办理结果").click()
    clerk.locator("textarea[name=text]").fill("已更换路灯灯头，当晚恢复照明。")
    clerk.get_by_label(re.compile("^办理结果照片")).set_input_files(
        {"name": "修好了.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()})
    clerk.get_by_role("button", name="办理：反馈办理结果").click()
    clerk.get_by_text("已办理“反馈办理结果”").wait_for()
    clerk.steps.shot("replied")

    citizen.context.clear_cookies()  # another day: the citizen comes back with the code
    citizen.goto(f"{live_server.url}/suishoupai/track/")
    citizen.get_by_label("查询码").fill(code.lower())
    citizen.get_by_label("联系电话后四位").fill(PHONE[-4:])
    citizen.get_by_role("button", name="查询").click()
    citizen.get_by_role("heading", name=re.compile("^办理结果")).wait_for()
    assert citizen.get_by_text("已更换路灯灯头").is_visible()
    citizen.get_by_text("满意", exact=True).click()
    citizen.steps.shot("rating")
    assert no_horizontal_scroll(citizen)
    citizen.get_by_role("button", name="提交评价").click()
    citizen.get_by_text("感谢您的评价").wait_for()
    citizen.steps.shot("rated")
    report = IssueReport.objects.get()
    assert report.status == IssueStatus.RATED
    assert (report.rating.level, report.rating.department) == (Level.SATISFIED, handler)

    clerk.context.clear_cookies()
    admin_login(clerk, live_server, "shenhe", next_path="/admin/feedback/issuereport/")
    clerk.get_by_role("link", name=code).click()
    clerk.get_by_role("link", name="审核公开").click()
    clerk.locator("input[name=photo_ids]").first.check()
    clerk.get_by_role("button", name="办理：审核公开").click()
    clerk.get_by_text("已办理“审核公开”").wait_for()

    citizen.goto(f"{live_server.url}/suishoupai/")
    citizen.get_by_text("群众已反映 1 起，已协调处理 1 件。").wait_for()
    html = citizen.content()
    assert "东坪村村口的路灯坏了" in html and PHONE not in html
    assert citizen.locator("img.issue-photo").first.evaluate("img => img.naturalWidth") > 0
    citizen.steps.shot("board")
    assert no_horizontal_scroll(citizen)
