"""政府网站工作年度报表: counted figures from the portal's data, entered ones from the admin, 未填 never shown as 0."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from catalog.models import Publication
from feedback import inbox
from portal.models import SiteInfo
from portal.reports import website
from portal.reports.models import WebsiteYearInput
from tests import factories
from tests.feedback import factories as feedback_factories

pytestmark = pytest.mark.django_db


def row(report, label):
    return next(r for section in report.sections for r in section.rows if r.label == label)


def published(year, month, **fields):
    return factories.publication(status=Publication.Status.PUBLISHED,
                                 published_at=feedback_factories.at(dt.date(year, month, 10)), **fields)


@pytest.fixture
def year_2025(clerk, department):
    # 3 items published in 2025, one of them a policy interpretation; one in 2024 and a draft do not count.
    published(2025, 2)
    published(2025, 6)
    published(2025, 11, document_type=Publication.DocumentType.INTERPRETATION)
    published(2024, 12)
    factories.publication()
    # 3 messages received in 2025: two answered (after 1 day and after 3 days), one of them published to the Q&A.
    first = feedback_factories.message(department, on=dt.date(2025, 3, 2))
    second = feedback_factories.message(department, on=dt.date(2025, 5, 6))
    feedback_factories.message(department, on=dt.date(2025, 9, 1))
    feedback_factories.message(department, on=dt.date(2024, 9, 1))
    inbox.answer_message(first, by=clerk, answer="请携带身份证和户口簿。", publish=True,
                         at=feedback_factories.at(dt.date(2025, 3, 3)))
    inbox.answer_message(second, by=clerk, answer="已转交民政部门办理。",
                         at=feedback_factories.at(dt.date(2025, 5, 9)))


def test_the_portal_counts_what_it_records(year_2025):
    report = website.build(2025)
    assert row(report, "信息公开目录信息更新量").value == 3
    assert row(report, "解读材料数量").value == 1
    assert row(report, "留言办理：收到留言数量（单位：条）").value == 3
    assert row(report, "留言办理：办结留言数量（单位：条）").value == 2
    assert str(row(report, "留言办理：平均办理时间（单位：天）").value) == "2.0"  # (1 + 3) / 2
    assert row(report, "留言办理：公开答复数量（单位：条）").value == 1
    assert row(report, "无障碍浏览").shown == "是"


def test_what_nobody_entered_is_unfilled_not_zero_and_sums_say_so(year_2025):
    report = website.build(2025)
    visits = row(report, "网站总访问量（单位：次）")
    assert visits.source == website.MISSING and visits.shown == "未填"
    total = row(report, "总数")
    assert total.value == 3 and total.source == website.PARTIAL  # 概况类 and 政务动态 not entered yet
    assert report.missing > 20


def test_entered_figures_complete_the_sums(year_2025):
    WebsiteYearInput.objects.create(year=2025, page_views=120000, overview_updates=12, news_updates=40,
                                    interpretation_products=2, media_commentaries=0, security_owner=True)
    report = website.build(2025)
    assert row(report, "网站总访问量（单位：次）").value == 120000
    total = row(report, "总数")
    assert (total.value, total.source) == (55, website.COUNTED)  # 12 + 40 + 3
    readings = row(report, "解读信息发布总数（单位：条）")
    assert (readings.value, readings.source) == (3, website.COUNTED)  # 1 + 2 + 0: a 0 entered is a figure
    assert row(report, "是否明确网站安全责任人").shown == "是"


def test_the_sites_identity_comes_from_the_footer_settings():
    site = SiteInfo.current()
    site.site_code = "3399000001"
    site.save()
    report = website.build(2025)
    assert row(report, "政府网站标识码").value == "3399000001"
    assert row(report, "主办单位").value == site.organiser


def test_supervisors_see_the_report_and_download_it_clerks_cannot(year_2025, supervisor_client, clerk_client):
    page = supervisor_client.get(reverse("reports:website") + "?year=2025")
    assert page.status_code == 200 and "2025年政府网站工作年度报表" in page.content.decode()
    assert clerk_client.get(reverse("reports:website")).status_code == 403
    download = supervisor_client.get(reverse("reports:website_xlsx") + "?year=2025")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    values = {sheet.cell(r, 1).value.strip(): sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)
              if sheet.cell(r, 1).value}
    assert values["信息公开目录信息更新量"] == 3 and values["网站总访问量（单位：次）"] == "未填"
    assert sheet.print_title_rows == "$1:$2"  # the title and the header repeat on every printed page


def test_a_year_out_of_range_is_a_404_not_a_500(supervisor_client):
    assert supervisor_client.get(reverse("reports:website") + "?year=abc").status_code == 404


def test_supervisors_may_enter_the_figures_in_the_admin(supervisor_client):
    assert supervisor_client.get(reverse("admin:reports_websiteyearinput_add")).status_code == 200
