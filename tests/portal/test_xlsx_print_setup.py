"""Every .xlsx we write prints well: A4, landscape where wide, one page wide, header rows on every page, the title
in the page header (portal.spreadsheets.save)."""

import io

import openpyxl
import pytest
import tablib

from catalog.excel.sheets import write_directory
from portal import spreadsheets
from tests import factories

pytestmark = pytest.mark.django_db


def load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_a_wide_sheet_prints_landscape_one_page_wide_with_its_header_rows_repeated():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["考核表"])
    sheet.append([f"列{n}" for n in range(1, 15)])
    sheet.freeze_panes = "C3"
    sheet = load(spreadsheets.save(workbook, "示范县2026年第二季度考核表")).active
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.oddHeader.center.text == "示范县2026年第二季度考核表"
    assert "&P" in sheet.oddFooter.center.text


def test_a_narrow_sheet_prints_portrait_under_its_own_name():
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["项目", "权重"])
    sheet = load(spreadsheets.save(workbook)).active
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.oddHeader.center.text == "说明"
    assert sheet.print_title_rows is None


def test_a_title_with_an_ampersand_is_not_read_as_a_header_code():
    workbook = openpyxl.Workbook()
    sheet = load(spreadsheets.save(workbook, "教育&卫生")).active
    assert sheet.oddHeader.center.text == "教育&&卫生"


def test_admin_exports_repeat_their_header_row_under_the_exported_name():
    dataset = tablib.Dataset(["县民政局", "=1+1"], headers=["单位", "标题"], title="公开信息")
    sheet = load(spreadsheets.dataset_workbook(dataset)).active
    assert sheet.title == "公开信息"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "公开信息"


def test_quarterly_sheet_download_prints_landscape_with_its_title(supervisor_client):
    factories.department(factories.county(), name="县民政局")
    workbook = load(supervisor_client.get("/reports/assessment.xlsx").content)
    sheet = workbook["考核表"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"
    assert "考核表" in sheet.oddHeader.center.text
    assert workbook["说明"].oddHeader.center.text


def test_annual_report_download_prints_one_page_wide_with_its_title(supervisor_client):
    factories.department(factories.county(), name="县民政局")
    sheet = load(supervisor_client.get("/reports/annual.xlsx").content).active
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert "年度报告" in sheet.oddHeader.center.text


def test_directory_export_repeats_its_three_header_rows_on_every_page():
    dataset = tablib.Dataset(headers=["领域", "一级事项", "二级事项"])
    dataset.append(["社会救助", "最低生活保障", "低保对象名单"])
    workbook = load(write_directory(dataset, []))
    sheet = workbook.worksheets[0]
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.page_setup.orientation == "landscape"
