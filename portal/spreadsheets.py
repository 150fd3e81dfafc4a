"""Every .xlsx the portal writes is saved through here, so that no text anyone typed becomes a formula.

Titles, 文号, directory elements and imported cells are text that citizens and clerks wrote. A cell whose text
starts with = + - @ (or a tab or carriage return, which spreadsheet programs skip) would run as a formula when the
file is opened (OWASP "CSV injection"); `neutralise` stores such a cell as text with Excel's quote prefix, so it
shows exactly as typed and stays text when edited. `save` is the one way our openpyxl writers produce bytes, and
`XLSX` is the django-import-export format every admin export uses (its own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT
only drops a leading "=" and turns every value, numbers and blanks too, into text, so it is left off).
"""

from __future__ import annotations

from io import BytesIO

import openpyxl
import tablib
from django.utils.http import content_disposition_header
from import_export.formats import base_formats
from tablib.formats import registry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def save(workbook: openpyxl.Workbook) -> bytes:
    """The workbook's .xlsx bytes, with no cell that runs as a formula."""
    neutralise(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dataset_workbook(dataset) -> bytes:
    """A tablib dataset as one sheet (header row frozen), written through `save`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    registry.get_format("xlsx").dset_sheet(dataset, sheet, freeze_panes=True)
    return save(workbook)


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


class ExportFileNameMixin:
    """For an ImportExportMixin admin: the download keeps its Chinese file name (RFC 5987 `filename*`), which
    django-import-export would put in a plain `filename="…"` that browsers show garbled."""

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

