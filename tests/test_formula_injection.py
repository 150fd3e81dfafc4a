"""No text anyone typed becomes a formula in an .xlsx the portal writes, and downloads keep their Chinese names."""

import io
from urllib.parse import quote

import openpyxl
import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from catalog.excel.directory import DirectoryFormat, EntryResource
from catalog.models import Entry
from portal import spreadsheets
from tests import factories as f
from tests.catalog import sheets as book

pytestmark = pytest.mark.django_db

ATTACKS = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]


def cells_with(sheet, texts):
    return [cell for row in sheet.iter_rows() for cell in row if cell.value in texts]


def assert_plain_text(sheet, texts):
    found = cells_with(sheet, texts)
    assert {cell.value for cell in found} == set(texts)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)


def test_publication_export_writes_formula_like_titles_and_document_numbers_as_text(client):
    office = f.department(name="县民政局")
    for n, attack in enumerate(ATTACKS):
        f.publication(department_=office, title=attack, document_number=f"{attack}{n}")
    client.force_login(f.clerk(office))
    response = client.post(reverse("admin:catalog_publication_export"), {
        "format": "0", "resource": "0", **{f"publicationresource_{name}": "on" for name in (
            "index_number", "title", "document_number", "formed_on")}})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert_plain_text(sheet, ATTACKS + [f"{attack}{n}" for n, attack in enumerate(ATTACKS)])
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_publication_export_keeps_its_chinese_file_name(client):
    office = f.department(name="县民政局")
    f.publication(department_=office)
    client.force_login(f.clerk(office))
    response = client.post(reverse("admin:catalog_publication_export"), {
        "format": "0", "resource": "0", "publicationresource_title": "on"})
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('公开信息.xlsx')}"


def test_directory_export_writes_imported_formula_like_cells_as_text():
    f.domain(name="社会救助", code="social-assistance")
    dataset = DirectoryFormat().create_dataset(book.county_workbook())
    EntryResource().import_data(dataset)
    leaf = Entry.objects.filter(children__isnull=True).first()
    Entry.objects.filter(pk=leaf.pk).update(content="=1+1", basis="@cmd")
    content = DirectoryFormat().export_data(EntryResource().export(Entry.objects.all()))
    assert_plain_text(openpyxl.load_workbook(io.BytesIO(content)).active, ["=1+1", "@cmd"])


def test_assessment_and_annual_downloads_write_formula_like_names_as_text(client):
    county = f.county()
    f.department(county, name="=cmd|' /C calc'!A0")
    client.force_login(f.supervisor())
    year = timezone.localdate().year
    sheet = client.get("/reports/assessment.xlsx")
    assert_plain_text(openpyxl.load_workbook(io.BytesIO(sheet.content)).active, ["=cmd|' /C calc'!A0"])
    assert "filename*=utf-8''" in sheet["Content-Disposition"]
    from portal.reports.models import AnnualReportInput

    AnnualReportInput.objects.create(division=county, year=year - 1, overview="+总体情况")
    annual = client.get(f"/reports/annual.xlsx?year={year - 1}")
    assert_plain_text(openpyxl.load_workbook(io.BytesIO(annual.content)).active, ["+总体情况"])


def test_plain_csv_export_prefixes_formula_like_text_with_an_apostrophe():
    dataset = tablib.Dataset(["=1+1", "县民政局", 3], headers=["a", "b", "c"])
    assert spreadsheets.dataset_csv(dataset).splitlines()[1] == "'=1+1,县民政局,3"


def test_numbers_stay_numbers():
    dataset = tablib.Dataset([-5, "-"], headers=["n", "t"])
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.dataset_workbook(dataset))).active
    assert sheet["A2"].value == -5 and sheet["A2"].data_type == "n"
    assert sheet["B2"].value == "-" and sheet["B2"].data_type == "s"
