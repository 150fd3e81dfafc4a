"""Open data downloads of a division: the standard directory and published items' metadata (.xlsx and CSV)."""

import csv
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse

from catalog.models import Entry, Publication
from tests import factories
from tests.catalog.public_data import build

pytestmark = pytest.mark.django_db


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[list[str]]:
    text = streamed(response)
    assert text.startswith("\ufeff")  # Excel reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_items_csv_lists_the_published_items_of_the_division_and_below_and_nothing_else(client):
    c = build(6)
    factories.publication(entry_=c.leaf, department_=c.township_government, division=c.village,
                          title="村里的草稿", status=Publication.Status.DRAFT)
    response = client.get(reverse("catalog:division_items_download", args=[c.township.code, "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "城关镇公开信息目录.csv" in unquote(response["Content-Disposition"])
    header, *rows = csv_rows(response)
    assert header[:3] == ["索引号", "标题", "文号"]
    expected = set(Publication.objects.public().filter(division__in=[c.township, c.village])
                   .values_list("title", flat=True))
    assert {row[1] for row in rows} == expected and "村里的草稿" not in {row[1] for row in rows}
    assert all(row[-1].startswith("http://testserver/publications/") for row in rows)


def test_a_title_that_looks_like_a_formula_stays_text_in_both_formats(client):
    c = build(1)
    factories.publication(entry_=c.leaf, department_=c.township_government, division=c.township,
                          title="=HYPERLINK(\"http://x\")", status=Publication.Status.PUBLISHED,
                          published_at=c.policy.published_at)
    rows = csv_rows(client.get(reverse("catalog:division_items_download", args=[c.township.code, "csv"])))
    assert "'=HYPERLINK(\"http://x\")" in {row[1] for row in rows}
    response = client.get(reverse("catalog:division_items_download", args=[c.township.code, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if str(row[1].value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_items_xlsx_has_a_frozen_header_and_a_row_per_item_and_prints_on_a4(client):
    c = build(6)
    response = client.get(reverse("catalog:division_items_download", args=[c.county.code, "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.max_row - 1 == Publication.objects.public().count()


def test_beyond_the_xlsx_limit_a_chinese_page_offers_a_year_or_the_csv(client, settings):
    settings.DOWNLOAD_XLSX_MAX_ROWS = 3
    c = build(6)
    response = client.get(reverse("catalog:division_items_download", args=[c.county.code, "xlsx"]))
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "超过 Excel 下载的上限 3 条" in page and "items.csv" in page


def test_the_csv_streams_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    c = build(40)
    url = reverse("catalog:division_items_download", args=[c.county.code, "csv"])
    with django_assert_max_num_queries(3):  # the division, then the items in one batch
        assert len(csv_rows(client.get(url))) == Publication.objects.public().count() + 1


def test_a_year_filter_keeps_that_years_items(client):
    c = build(3)
    rows = csv_rows(client.get(reverse("catalog:division_items_download", args=[c.county.code, "csv"]) + "?year=2001"))
    assert rows == [rows[0]]  # only the header: nothing published in 2001


def test_the_directory_download_is_the_entries_that_apply_at_the_divisions_level(client):
    c = build(1)
    factories.entry(c.domain, name="县级才有的事项", is_village_level=False, is_township_level=False,
                    is_county_level=True)
    response = client.get(reverse("catalog:division_directory_download", args=[c.village.code]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    text = " ".join(str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
                    if cell.value)
    for entry in Entry.objects.for_level("village"):
        assert entry.name in text
    assert "县级才有的事项" not in text


def test_unknown_places_and_formats_are_404s(client):
    c = build(1)
    assert client.get(reverse("catalog:division_items_download", args=[c.county.code, "pdf"])).status_code == 404
    assert client.get(reverse("catalog:division_items_download", args=["999999999999", "csv"])).status_code == 404
    assert client.get(reverse("catalog:division_directory_download", args=["999999999999"])).status_code == 404


def test_the_division_page_links_its_downloads(client):
    c = build(1)
    page = client.get(reverse("catalog:division", args=[c.township.code])).content.decode()
    assert reverse("catalog:division_items_download", args=[c.township.code, "csv"]) in page
    assert reverse("catalog:division_directory_download", args=[c.township.code]) in page
