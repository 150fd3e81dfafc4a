"""The admin's Excel imports (django-import-export): the upload-then-confirm step made safe, a row cap, and large
files imported in the background.

django-import-export keeps the uploaded file between the preview and the confirmation under a name that the
confirmation form posts back; its default storage takes that name as a path in the temporary folder, so a posted
name could read, import and then delete any file the server may touch, and the page shows the temporary path.
Here the upload is kept in a folder of its own under a random name, only names this session uploaded are accepted
on confirmation, and uploads nobody confirmed are removed after UPLOAD_MAX_AGE.

A file with more than IMPORT_MAX_ROWS rows is refused at upload with its row count and the limit. django-import-export
checks (a dry run) and writes a file inside the request and in one transaction: a 50,000-row file would outlast
the worker's timeout, and its one long transaction would hold the locks it takes (the index-number counter of a
department, the directory tree's rows; on SQLite the whole database) until the end. So a file with more than
IMPORT_BACKGROUND_ROWS rows becomes an `ImportJob` run by the task worker (`run_job`), and the clerk watches
its page (rows done of the total, the errors, the result).

The job validates the whole file first and writes only when every row passed: a file with any bad row stores
nothing, as a small file's preview and confirmation. Validation is django-import-export's dry run, one batch of
IMPORT_BATCH_ROWS rows at a time: outside any transaction, saving nothing, for a resource whose checks only read
(publications); in a transaction rolled back after each batch for one whose rows write while they are checked
(the directory creates a row's parent items). Writing then commits batch by batch, each batch together with
the job's count of rows written, rather than in one transaction: every lock is held for one batch only, so other
clerks' saves wait at most that long and readers never wait (on PostgreSQL), and a worker that dies mid-way
leaves a job that, run again, continues after the last committed batch, neither losing nor repeating rows. The
one case that can leave part of a file stored is a row that passed validation and fails when written, because
someone changed the data it refers to in between; the job then says how many rows were imported and which row
stopped it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from uuid import uuid4

import tablib
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path as url_path
from django.urls import reverse
from django.utils import timezone, translation
from import_export.results import RowResult
from import_export.signals import post_import
from import_export.tmp_storages import BaseStorage

from portal import spreadsheets
from portal.models import ImportJob

logger = logging.getLogger(__name__)

UPLOAD_DIR = Path(tempfile.gettempdir()) / "gongkai-imports"
UPLOAD_MAX_AGE = dt.timedelta(hours=2)
SESSION_KEY = "import_uploads"
_NAME = re.compile(r"[0-9a-f]{32}")
EXPIRED_MESSAGE = "导入文件已过期或无效，请重新上传。"


class ImportUploadMissing(Exception):
    """The posted name is not an upload that exists."""


def remove_stale_uploads(now: float | None = None) -> int:
    """Delete uploads older than UPLOAD_MAX_AGE (nobody confirmed them); the number removed."""
    cutoff = (now if now is not None else time.time()) - UPLOAD_MAX_AGE.total_seconds()
    removed = 0
    for path in UPLOAD_DIR.glob("*") if UPLOAD_DIR.is_dir() else []:
        if _NAME.fullmatch(path.name) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class ImportUploadStorage(BaseStorage):
    """An upload waiting for confirmation: a file named by 32 random hex digits in UPLOAD_DIR, nothing else."""

    def _path(self) -> Path:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise ImportUploadMissing
        return UPLOAD_DIR / self.name

    def save(self, data):
        UPLOAD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale_uploads()
        self.name = uuid4().hex
        mode = "w" if isinstance(data, str) else "wb"
        with open(self._path(), mode, encoding=self.encoding if mode == "w" else None) as file:
            file.write(data)

    def read(self):
        try:
            with open(self._path(), self.read_mode, encoding=self.encoding if "b" not in self.read_mode else None) as f:
                return f.read()
        except FileNotFoundError as error:
            raise ImportUploadMissing from error

    def remove(self):
        self._path().unlink(missing_ok=True)


# Row cap --------------------------------------------------------------------------------------------------------

_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|t)\b")
# The sheets of an upload (at most UPLOAD_MAX_BYTES compressed) may unpack to this much XML before we stop reading.
MAX_SHEET_XML_BYTES = 512 * 1024 * 1024


class TooLarge(Exception):
    """The workbook unpacks to more than MAX_SHEET_XML_BYTES."""


def count_rows(data: bytes) -> int | None:
    """Rows below the header of every worksheet of an .xlsx file (each sheet's first row holding a value is its
    header), or None when the data is not an .xlsx workbook (the import format then says what is wrong).

    Counted on the sheets' XML, without loading the workbook: a fraction of a second for 50,000 rows, where
    openpyxl needs tens of seconds. A row counts when a cell of it holds a value; rows that are only formatted
    (borders drawn far below the table) do not.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return None
    with archive:
        sheets = [info for info in archive.infolist()
                  if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")]
        if not sheets:
            return None
        if sum(info.file_size for info in sheets) > MAX_SHEET_XML_BYTES:
            raise TooLarge
        total = 0
        for info in sheets:
            xml = archive.read(info)
            rows = sum(1 for match in _ROW.finditer(xml) if match.group(1) and _VALUE.search(match.group(1)))
            total += max(rows - 1, 0)
        return total


def row_cap_message(rows: int, cap: int) -> str:
    return (f"该文件有 {rows:,} 行数据，超过了每次导入的上限 {cap:,} 行。"
            f"请把表格拆分成每份不超过 {cap:,} 行的几个文件，分批导入。")


class RowCapFormMixin:
    """For an import form: counts the uploaded file's rows (`row_count`) and refuses more than IMPORT_MAX_ROWS."""

    row_count = None

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if hasattr(upload, "gongkai_row_count"):  # counted by an earlier form on the same request
            self.row_count = upload.gongkai_row_count
        else:
            data = b"".join(upload.chunks())
            upload.seek(0)
            try:
                self.row_count = count_rows(data)
            except TooLarge:
                raise ValidationError("该文件解压后过大，无法导入。请拆分成几个较小的文件，分批导入。") from None
            upload.gongkai_row_count = self.row_count
        cap = settings.IMPORT_MAX_ROWS
        if self.row_count is not None and self.row_count > cap:
            raise ValidationError(row_cap_message(self.row_count, cap))
        return upload


# Background imports ---------------------------------------------------------------------------------------------


class _FormErrors:
    """Collects what an admin's `add_data_read_fail_error_to_form` would put on the form."""

    def __init__(self):
        self.messages = []

    def add_error(self, field, error):
        self.messages += error.messages if isinstance(error, ValidationError) else [str(error)]


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [str(message) for messages in error.message_dict.values() for message in messages]
        return [str(message) for message in error.messages]
    return [str(error)]


def _row_errors(result, offset: int) -> list[str]:
    """Every problem of a batch's result, each naming the spreadsheet line (the header is line 1)."""
    found = []
    for error in result.base_errors:
        found.append(f"无法导入：{error.error}")
    for number, errors in result.row_errors():
        for error in errors:
            found.append(f"表格第{offset + number + 1}行无法导入：{error.error}")
    for row in result.invalid_rows:
        for message in _messages(row.error):
            found.append(message if message.startswith("表格第") else f"表格第{offset + row.number + 1}行：{message}")
    return found


def _batches(dataset: tablib.Dataset, start: int, size: int):
    for first in range(start, len(dataset), size):
        batch = tablib.Dataset(*dataset[first:first + size], headers=dataset.headers)
        batch.unplaced_columns = getattr(dataset, "unplaced_columns", [])
        yield first, batch


def _update(job: ImportJob, **fields):
    fields["updated_at"] = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _finish(job: ImportJob, status, **fields):
    _update(job, status=status, finished_at=timezone.now(), data=None, **fields)


def run_job(job_id) -> str:
    """Check, then write, the file of an ImportJob (the task worker runs this); returns the job's final status.

    Run again after a worker died, it continues where the job stopped: validation from the start (nothing of it
    was kept), writing after the last committed batch.
    """
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job.status if job else "missing"
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _run(job)
        except Exception:
            logger.exception("Excel import %s failed", job.pk)
            _finish(job, ImportJob.Status.FAILED, error_count=job.error_count + 1,
                    errors=[*job.errors, f"系统错误，导入中断（已导入 {job.rows_written:,} 行）。请联系系统管理员。"])
            raise
    return job.status


def _run(job: ImportJob):
    model_admin = admin.site._registry[apps.get_model(job.model)]
    _update(job, started_at=job.started_at or timezone.now())
    if job.data is None:
        raise ValueError("the job's file is gone")
    input_format = model_admin.get_import_formats()[job.format_index]()
    try:
        dataset = input_format.create_dataset(bytes(job.data))
    except Exception as error:  # the format's own message, as the upload form would show it
        collector = _FormErrors()
        model_admin.add_data_read_fail_error_to_form(collector, error)
        _finish(job, ImportJob.Status.INVALID, errors=collector.messages, error_count=len(collector.messages))
        return
    cap = settings.IMPORT_MAX_ROWS
    if len(dataset) > cap:
        message = row_cap_message(len(dataset), cap)
        _finish(job, ImportJob.Status.INVALID, total_rows=len(dataset), errors=[message], error_count=1)
        return
    size = max(settings.IMPORT_BATCH_ROWS, 1)
    import_kwargs = {"user": job.created_by, "file_name": job.file_name, "raise_errors": False,
                     "rollback_on_validation_errors": True, "use_transactions": True}
    if job.status != ImportJob.Status.WRITING:
        _update(job, status=ImportJob.Status.VALIDATING, total_rows=len(dataset), rows_checked=0)
        resource = model_admin.import_job_resource(job)
        # A resource whose rows write nothing while they are checked is checked outside any transaction (the dry
        # run then saves nothing); others (the directory creates a row's parent items) in one rolled back per batch.
        in_transaction = not getattr(resource, "validates_without_writing", False)
        errors, totals = [], Counter()
        for first, batch in _batches(dataset, 0, size):
            result = resource.import_data(batch, dry_run=True, **{**import_kwargs, "use_transactions": in_transaction})
            errors += _row_errors(result, first)
            totals.update(result.totals)
            _update(job, rows_checked=first + len(batch), errors=errors[:ImportJob.ERRORS_KEPT],
                    error_count=len(errors))
        if errors:
            _finish(job, ImportJob.Status.INVALID)
            return
        _update(job, status=ImportJob.Status.WRITING, totals=_counts(totals, "expected"))
    resource = model_admin.import_job_resource(job)
    for first, batch in _batches(dataset, job.rows_written, size):
        with transaction.atomic():
            # The job's row, locked until this batch commits: a second run of the same job (resumed while this
            # one was only slow) waits here, then sees the rows already written and stops.
            current = ImportJob.objects.select_for_update().filter(pk=job.pk).values_list("status", "rows_written")
            if tuple(current.get()) != (ImportJob.Status.WRITING, first):
                return
            result = resource.import_data(batch, dry_run=False, retain_instance_in_row_result=True, **import_kwargs)
            errors = _row_errors(result, first)
            if errors:
                transaction.set_rollback(True)
            else:
                model_admin.generate_log_entries(result, SimpleNamespace(user=job.created_by))
                written = Counter({key: job.totals.get(key, 0) for key in job.totals if key.startswith("written_")})
                written.update(_counts(result.totals, "written"))
                _update(job, rows_written=first + len(batch), totals={**job.totals, **written})
        if errors:
            stored = f"此前已导入 {job.rows_written:,} 行，" if job.rows_written else ""
            _finish(job, ImportJob.Status.FAILED, errors=[
                f"校验通过后数据有变动，导入在表格第{first + 2}行起的一批中停止：{stored}其余未导入。", *errors,
            ][:ImportJob.ERRORS_KEPT], error_count=len(errors))
            return
    post_import.send(sender=None, model=model_admin.model)
    _finish(job, ImportJob.Status.DONE)


_TOTAL_KEYS = {RowResult.IMPORT_TYPE_NEW: "new", RowResult.IMPORT_TYPE_UPDATE: "update",
               RowResult.IMPORT_TYPE_SKIP: "skip", RowResult.IMPORT_TYPE_DELETE: "delete"}


def _counts(totals, prefix: str) -> dict:
    """A result's rows new, updated, skipped and deleted, as the job keeps them: `expected_*` counted by the
    validation, `written_*` added up batch by batch as the batches commit."""
    return {f"{prefix}_{key}": totals.get(kind, 0) for kind, key in _TOTAL_KEYS.items()}


def start_job(model_admin, request, form) -> ImportJob:
    """Keep the upload as an ImportJob and hand it to the task worker."""
    from portal.tasks import run_import

    upload = form.cleaned_data["import_file"]
    job = ImportJob.objects.create(
        created_by=request.user, model=model_admin.model._meta.label_lower, file_name=upload.name[:200],
        data=b"".join(upload.chunks()), format_index=int(form.cleaned_data["format"]),
        options=model_admin.get_import_job_options(request, form), total_rows=form.row_count or 0,
    )
    result = run_import.enqueue(str(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return job


class ConfirmedImportMixin:
    """For an ImportExportMixin admin: keeps uploads in ImportUploadStorage and confirms only this session's own;
    refuses files over IMPORT_MAX_ROWS and imports those over IMPORT_BACKGROUND_ROWS in the background.

    The admin supplies `import_job_resource(job)` (the resource a background job uses, built from the job's
    user and `options`) and, when the import form has options of its own, `get_import_job_options(request, form)`.
    """

    tmp_storage_class = ImportUploadStorage
    import_job_template = "admin/import_job.html"
    #: Shown when the file is no spreadsheet at all; a SheetError (wrong header, no rows) says what is wrong itself.
    unreadable_file_message = "无法读取该文件，请上传由本系统导出的 Excel 表格（.xlsx）。"

    def add_data_read_fail_error_to_form(self, form, e):
        known = isinstance(e, spreadsheets.SheetError)
        form.add_error("import_file", str(e) if known else self.unreadable_file_message)

    def get_import_form_class(self, request):
        form_class = super().get_import_form_class(request)
        return type(form_class.__name__, (RowCapFormMixin, form_class), {})

    def get_import_job_options(self, request, form) -> dict:
        return {}

    def import_job_resource(self, job):
        raise NotImplementedError

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid() and (form.row_count or 0) > settings.IMPORT_BACKGROUND_ROWS:
                job = start_job(self, request, form)
                return HttpResponseRedirect(self._job_url(job))
        return super().import_action(request, **kwargs)

    def _job_url(self, job):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_import_job", args=[job.pk])

    def get_urls(self):
        opts = self.model._meta
        return [
            url_path("import/job/<uuid:job_id>/", self.admin_site.admin_view(self.import_job_view),
                 name=f"{opts.app_label}_{opts.model_name}_import_job"),
            *super().get_urls(),
        ]

    def import_job_view(self, request, job_id):
        """The job's progress: the uploader's own (or any, for a superuser), refreshed every 2 s until it ends.

        A job whose worker was stopped mid-way (no progress for ImportJob.STALLED_AFTER) can be resumed from here:
        it continues after the last batch written.
        """
        job = get_object_or_404(ImportJob, pk=job_id, model=self.model._meta.label_lower)
        if job.created_by_id != request.user.pk and not request.user.is_superuser:
            raise Http404
        if request.method == "POST" and "_resume" in request.POST and job.is_stalled:
            from portal.tasks import run_import

            _update(job)  # no longer stalled: a second click does not start a second run
            run_import.enqueue(str(job.pk))
            messages.info(request, "已重新交给后台处理，将从上次写入的位置继续。")
            return HttpResponseRedirect(self._job_url(job))
        opts = self.model._meta
        waiting = job.status == ImportJob.Status.QUEUED and timezone.now() - job.created_at > dt.timedelta(minutes=1)
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入{opts.verbose_name_plural}：{job.file_name}",
            "opts": opts,
            "job": job,
            "worker_missing": waiting,
            "changelist_url": reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"),
            "import_url": reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_import"),
        }
        return TemplateResponse(request, self.import_job_template, context)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        name = initial.get("import_file_name")
        if name:
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-4:], name]
        return initial

    def process_import(self, request, **kwargs):
        name = request.POST.get("import_file_name", "")
        own = request.session.get(SESSION_KEY, [])
        if request.method == "POST" and self.has_import_permission(request) and name not in own:
            return self._upload_expired(request)
        try:
            response = super().process_import(request, **kwargs)
        except ImportUploadMissing:
            return self._upload_expired(request)
        request.session[SESSION_KEY] = [item for item in own if item != name]
        return response

    def _upload_expired(self, request):
        messages.error(request, EXPIRED_MESSAGE)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
