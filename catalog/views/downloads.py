"""Open data downloads of a division: its standard directory (.xlsx, the official layout) and the metadata of
the items published in it and below it (.xlsx or CSV).

Only public data: published items' list fields (never bodies' drafts, review notes or who edited what). The CSV
is streamed row by row, so a county's 200,000 items cost constant memory; the .xlsx is built in memory and is
offered up to DOWNLOAD_XLSX_MAX_ROWS rows (a year at a time for a busy county), with a Chinese page saying so
beyond that. Text that a spreadsheet would run as a formula is neutralised in both formats.
"""

import csv
import datetime as dt

import openpyxl
from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from catalog.excel.directory import DirectoryFormat, EntryResource
from catalog.models import Division, Entry, Publication
from catalog.views.common import in_subtree
from portal import spreadsheets
from portal.localdates import local_day_bounds

HEADERS = ["索引号", "标题", "文号", "发布机构", "所属区划", "公开领域", "公开事项", "信息类别", "成文日期", "发布日期",
           "有效性", "网址"]
CSV_BATCH = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response, filename: str):
    """A download under its Chinese file name (RFC 5987 `filename*`)."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def _published(place: Division, year: int | None):
    items = (Publication.objects.public().filter(**in_subtree("division", place))
             .select_related("department", "division", "entry__domain")
             .only("pk", "index_number", "title", "document_number", "document_type", "formed_on", "published_at",
                   "validity", "department__name", "division__name", "entry__name", "entry__domain__name")
             .order_by("-published_at", "-pk"))
    if year is not None:
        start, end = local_day_bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
        items = items.filter(published_at__gte=start, published_at__lt=end)
    return items


def _row(request, item) -> list:
    published = timezone.localtime(item.published_at).date() if item.published_at else None
    return [item.index_number or "", item.title, item.document_number, item.department.name, item.division.name,
            item.entry.domain.name, item.entry.name, item.get_document_type_display(), item.formed_on, published,
            item.get_validity_display(), request.build_absolute_uri(reverse("catalog:publication", args=[item.pk]))]


class _Echo:
    def write(self, value):
        return value


def _csv_lines(request, items):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)  # the byte-order mark makes Excel read the Chinese text as UTF-8
    for item in items.iterator(chunk_size=CSV_BATCH):
        yield writer.writerow([f"'{value}" if spreadsheets.is_formula_like(value) else value
                               for value in _row(request, item)])


@require_GET
def division_directory(request, code):
    """The standard directory that applies at this division's level, in the official layout (.xlsx)."""
    place = get_object_or_404(Division, code=code)
    entries = (Entry.objects.for_level(place.level).select_related("domain", "parent")
               .order_by("domain", "tree_id", "lft"))
    dataset = EntryResource().export(queryset=entries)
    content = DirectoryFormat().export_data(dataset)
    return _attachment(HttpResponse(content, content_type=DirectoryFormat().get_content_type()),
                       f"{place.name}政务公开标准目录.xlsx")


@require_GET
def division_items(request, code, fmt):
    """Metadata of the items published in this division and below it, as CSV (streamed) or .xlsx."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    place = get_object_or_404(Division, code=code)
    year = _year(request)
    items = _published(place, year)
    name = f"{place.name}{f'{year}年' if year else ''}公开信息目录"
    if fmt == "csv":
        return _attachment(StreamingHttpResponse(_csv_lines(request, items), content_type="text/csv; charset=utf-8"),
                           f"{name}.csv")
    limit = settings.DOWNLOAD_XLSX_MAX_ROWS
    count = items.count()
    if count > limit:
        years = range(timezone.localdate().year, timezone.localdate().year - 5, -1)
        return render(request, "catalog/download_too_large.html",
                      {"place": place, "count": count, "limit": limit, "year": year, "years": years})
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "公开信息目录"
    sheet.append(HEADERS)
    for item in items.iterator(chunk_size=CSV_BATCH):
        sheet.append(_row(request, item))
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKL", (22, 40, 22, 20, 14, 14, 20, 12, 12, 12, 8, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    content = spreadsheets.save(workbook, name)
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), f"{name}.xlsx")
