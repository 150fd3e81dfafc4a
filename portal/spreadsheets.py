"""Every .xlsx the portal writes is saved through here: no text anyone typed becomes a formula, and every sheet
prints well on A4.

Titles, 文号, directory elements and imported cells are text that citizens and clerks wrote. A cell whose text
starts with = + - @ (or a tab or carriage return, which spreadsheet programs skip) would run as a formula when the
file is opened (OWASP "CSV injection"); `neutralise` stores such a cell as text with Excel's quote prefix, so it
shows exactly as typed and stays text when edited. `save` is the one way our openpyxl writers produce bytes, and
`XLSX` is the django-import-export format every admin export uses (its own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT
only drops a leading "=" and turns every value, numbers and blanks too, into text, so it is left off).
"""

from __future__ import annotations

import re
from io import BytesIO

import openpyxl
import tablib
from django.utils.http import content_disposition_header
from import_export import fields
from import_export.formats import base_formats
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from tablib.formats import registry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(workbook: openpyxl.Workbook) -> None:
    """Make every formula, and every text that a spreadsheet would read as one, plain text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


#: Wider than this (in Excel's character units) a sheet prints on landscape A4; A4 portrait holds about 90.
PORTRAIT_WIDTH = 95
DEFAULT_COLUMN_WIDTH = 8.43


def sheet_width(sheet) -> float:
    """The sheet's used columns' widths added up, as Excel measures them."""
    return sum(
        sheet.column_dimensions[get_column_letter(column)].width or DEFAULT_COLUMN_WIDTH
        for column in range(1, sheet.max_column + 1)
    )


def prepare_for_print(sheet, title: str) -> None:
    """A4, landscape where the table is wide, one page wide (as many pages long as it takes), the header rows
    above the frozen panes repeated on every page, the title in the page header and page numbers in the footer."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sheet_width(sheet) > PORTRAIT_WIDTH else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth, setup.fitToHeight = 1, 0
    if sheet.freeze_panes:
        header_rows = coordinate_to_tuple(sheet.freeze_panes)[0] - 1
        if header_rows:
            sheet.print_title_rows = f"1:{header_rows}"
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def save(workbook: openpyxl.Workbook, title: str = "") -> bytes:
    """The workbook's .xlsx bytes, with no cell that runs as a formula, each sheet set up to print (its page
    header shows `title`, or the sheet's own name)."""
    neutralise(workbook)
    for sheet in workbook.worksheets:
        prepare_for_print(sheet, title or sheet.title)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dataset_workbook(dataset, title: str = "") -> bytes:
    """A tablib dataset as one sheet (header row frozen and repeated on every printed page), written through
    `save`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    title = title or dataset.title or ""
    sheet.title = SHEET_NAME_UNSAFE.sub("", title)[:31] or "Sheet1"
    registry.get_format("xlsx").dset_sheet(dataset, sheet, freeze_panes=True)
    return save(workbook, title)


def dataset_csv(dataset) -> str:
    """A tablib dataset as CSV, where a quote prefix cannot be stored: formula-like text gets a leading apostrophe,
    as OWASP advises."""
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([f"'{value}" if is_formula_like(value) else value for value in row])
    return safe.export("csv")


class XLSX(base_formats.XLSX):
    """django-import-export's .xlsx format, written through `save`."""

    def export_data(self, dataset, **kwargs):
        return dataset_workbook(dataset)


def column(name: str, attribute: str | None = None, method: str | None = None):
    """A django-import-export field for the sheet column `name`: read from and written to the model's `attribute`,
    or written by the resource's `method` (export only)."""
    return fields.Field(attribute=attribute, column_name=name, dehydrate_method=method)


class SheetError(ValueError):
    """A file that cannot be the sheet an import expects (a wrong header row, no rows to import): the message says
    why, in words for the clerk, and the import form shows it as it is (portal.imports.ConfirmedImportMixin)."""


class CheckedXLSX(XLSX):
    """An import's .xlsx, checked for its header row and for rows to import before any row is read."""

    #: The columns the header row must name.
    required_columns: tuple[str, ...] = ()
    #: Said after the missing columns: where a sheet with the right header comes from.
    header_hint = ""
    #: What the rows are, in "表格只有表头，没有要导入的…".
    rows_noun = "数据"

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        headers = [str(header or "").strip() for header in dataset.headers or []]
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            raise SheetError(f"表头不符：第一行应为列名，缺少“{'”“'.join(missing)}”。{self.header_hint}")
        if not any(any(value not in (None, "") for value in row) for row in dataset):
            raise SheetError(f"表格只有表头，没有要导入的{self.rows_noun}。")
        return dataset


class CSV(base_formats.CSV):
    """django-import-export's .csv format, written through `dataset_csv`, with the byte-order mark that makes Excel
    and WPS read the Chinese text as UTF-8."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + dataset_csv(dataset)


class ExportFileNameMixin:
    """For an ImportExportMixin admin: the download keeps its Chinese file name (RFC 5987 `filename*`), which
    django-import-export would put in a plain `filename="…"` that browsers show garbled, and its printed pages are
    headed with what was exported (the model's name)."""

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        dataset.title = str(self.model._meta.verbose_name_plural)
        return dataset

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

