"""The annual report's layout as the 2021 national format prints it: table 二's (五) and (六) as blocks of their
own, table 四's 行政复议 | 行政诉讼 {未经复议直接起诉, 复议后起诉} header, on screen, in print and in the .xlsx; old
published snapshots still render. And the bases cited on rows 三(四)1 and 三(五)5."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from applications import workflow
from applications.classification import Outcome, Reason
from applications.models import RequestSettings
from portal.reports import annual, xlsx
from portal.reports.models import AnnualReportInput, PublishedAnnualReport, ReviewCase
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def county_2025():
    county = f.county()
    f.department(county, name="县民政局")
    report = AnnualReportInput.objects.create(division=county, year=2025, licensing_decisions=11,
                                              penalty_decisions=22, coercion_decisions=33)
    for kind, result in [("reconsideration", "upheld"), ("lawsuit_direct", "corrected"),
                         ("lawsuit_direct", "pending"), ("lawsuit_after", "other")]:
        ReviewCase.objects.create(report=report, kind=kind, result=result)
    return county


def _block(html: str, caption: str) -> str:
    return html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]


def test_table_two_prints_five_and_six_as_blocks_of_their_own(supervisor_client, county_2025):
    html = supervisor_client.get("/reports/annual/?year=2025").content.decode()
    five, six = _block(html, "第二十条第（五）项"), _block(html, "第二十条第（六）项")
    assert "行政许可" in five and ">11<" in five and "行政处罚" not in five
    assert "行政处罚" in six and ">22<" in six and "行政强制" in six and ">33<" in six and "行政许可" not in six
    assert "第二十条第（五）项、第（六）项" not in html


def test_table_four_groups_lawsuits_under_one_header_over_two_rows(supervisor_client, county_2025):
    html = supervisor_client.get("/reports/annual/?year=2025").content.decode()
    table = html.split('<table class="report-table cases-table">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert '<th scope="colgroup" colspan="5" rowspan="2">行政复议</th>' in rows[0]
    assert '<th scope="colgroup" colspan="10">行政诉讼</th>' in rows[0]
    assert re.findall(r'colspan="5">(.*?)</th>', rows[1]) == ["未经复议直接起诉", "复议后起诉"]
    assert rows[2].count("结果维持") == 3
    # 行政复议: 1 upheld; direct: 1 corrected + 1 pending; after: 1 other.
    assert re.findall(r'<td class="num">(\d+)</td>', rows[3]) == [
        "1", "0", "0", "0", "1", "0", "1", "0", "1", "2", "0", "0", "1", "0", "1"]


def test_xlsx_merges_the_headers_as_the_format_prints_them(county_2025):
    report = annual.build(county_2025, 2025, D(2026, 1, 20))
    ws = load_workbook(BytesIO(xlsx.annual_workbook(annual.snapshot(report)))).active
    cells = {cell.value: cell.coordinate for row in ws.iter_rows() for cell in row if cell.value is not None}
    merged = {str(rng) for rng in ws.merged_cells.ranges}
    top = ws[cells["行政复议"]].row
    assert f"A{top}:E{top + 1}" in merged  # 行政复议 over two header rows
    assert f"F{top}:O{top}" in merged  # 行政诉讼 over ten columns
    assert f"F{top + 1}:J{top + 1}" in merged and f"K{top + 1}:O{top + 1}" in merged
    assert ws[f"F{top + 1}"].value == "未经复议直接起诉" and ws[f"K{top + 1}"].value == "复议后起诉"
    assert [ws.cell(row=top + 3, column=col).value for col in range(1, 16)] == [
        1, 0, 0, 0, 1, 0, 1, 0, 1, 2, 0, 0, 1, 0, 1]
    for caption, label, value in [("第二十条第（五）项", "行政许可", 11), ("第二十条第（六）项", "行政处罚", 22)]:
        caption_row = ws[cells[caption]].row
        assert ws.cell(row=caption_row + 2, column=1).value == label
        assert ws.cell(row=caption_row + 2, column=2).value == value


OLD_SNAPSHOT = {
    # A report published before this layout: the same keys, in the shape `annual.snapshot` has always written.
    "title": "测试县人民政府2024年政府信息公开工作年度报告", "organ_name": "测试县人民政府", "year": 2024,
    "overview": "旧版总体情况", "documents": [["规章", 0, 0, 0], ["行政规范性文件", 2, 1, 9]],
    "decisions": [["行政许可", 7], ["行政处罚", 8], ["行政强制", 9]], "fee_amount": "0.0000",
    "requests": [{"label": "一、本年新收政府信息公开申请数量", "level": 0, "is_heading": False,
                  "values": [1, 0, 0, 0, 0, 0, 1]}],
    "cases": [{"label": "行政复议", "counts": [1, 0, 0, 0], "total": 1},
              {"label": "行政诉讼（未经复议直接起诉）", "counts": [0, 0, 0, 0], "total": 0},
              {"label": "行政诉讼（复议后起诉）", "counts": [0, 0, 0, 0], "total": 0}],
    "problems": "", "other_matters": "",
}


def test_old_published_snapshot_renders_in_the_new_layout(client, admin_user):
    organ = f.department(f.county(), name="测试县人民政府办公室", is_disclosure_office=True)
    published = PublishedAnnualReport.objects.create(
        organ=organ, year=2024, organ_name="测试县人民政府", title=OLD_SNAPSHOT["title"], snapshot=OLD_SNAPSHOT,
        published_at=timezone.now(), published_by=admin_user)
    response = client.get(published.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "旧版总体情况" in html
    assert ">7<" in _block(html, "第二十条第（五）项") and ">9<" in _block(html, "第二十条第（六）项")
    assert "复议后起诉" in html
    workbook = client.get(f"/annual-reports/{published.pk}.xlsx")
    assert workbook.status_code == 200
    assert load_workbook(BytesIO(workbook.content)).active["A1"].value == OLD_SNAPSHOT["title"]


# The bases cited on 三(四)1 and 三(五)5 ------------------------------------------------------------------------

def _reply(application, reason, outcome):
    workflow.reply(application, by=None, outcome=outcome, reason=reason, reply_text="答复",
                   delivered_by="post", replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    application.refresh_from_db()
    return application


def test_not_held_cites_article_36_items_4_and_5(department):
    application = _reply(af.application(department), Reason.NOT_HELD, Outcome.UNAVAILABLE)
    assert application.legal_basis == "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项"


def test_confirmation_cites_what_the_office_entered_and_never_article_39(department):
    application = _reply(af.application(department), Reason.CONFIRMATION, Outcome.NOT_PROCESSED)
    assert application.legal_basis == "《中华人民共和国政府信息公开条例》"
    assert "第三十九条" not in application.notices.get(kind="reply").html

    settings = RequestSettings.current()
    settings.confirmation_basis = "《示范省政府信息公开办法》第二十条"
    settings.save()
    application = _reply(af.application(department), Reason.CONFIRMATION, Outcome.NOT_PROCESSED)
    assert application.legal_basis == "《示范省政府信息公开办法》第二十条"
    assert "根据《示范省政府信息公开办法》第二十条的规定" in application.notices.get(kind="reply").html


def test_supervisor_edits_the_cited_basis_in_the_admin(client):
    supervisor = f.supervisor()
    client.force_login(supervisor)
    response = client.get("/admin/applications/requestsettings/")
    assert response.status_code == 302 and response.url.endswith("/requestsettings/1/change/")
    response = client.post(response.url, {"confirmation_basis": "《示范省政府信息公开办法》第二十条",
                                          "repeat_threshold": 3, "repeat_window_months": 12,
                                          "repeat_similarity": 50})
    assert response.status_code == 302
    assert RequestSettings.current().confirmation_basis == "《示范省政府信息公开办法》第二十条"
