"""Excel imports in the admin: the row cap, large files checked and written by the task worker with a progress page,
bad files storing nothing, and other users working on while an import writes."""

import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from catalog.models import Entry, Publication
from portal import imports
from portal.models import ImportJob
from tests import factories as f
from tests.catalog import sheets as book
from tests.conftest import IMMEDIATE_TASKS

IMPORT_URL = reverse("admin:catalog_publication_import")
HEADERS = ["索引号", "标题", "公开领域", "公开事项", "发布机构", "成文日期"]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(__file__).resolve().parents[2]


def publications_sheet(department, entry, rows, bad=()):
    """An .xlsx of `rows` new drafts; the rows numbered in `bad` (1 = the first below the header) name a
    department the clerk does not belong to."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("公开信息")
    sheet.append(HEADERS)
    for number in range(1, rows + 1):
        publisher = "不存在的单位" if number in bad else department.name
        sheet.append([None, f"批量导入的信息{number}", entry.domain.name, entry.name, publisher, "2026-04-01"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content, name="信息.xlsx"):
    return client.post(IMPORT_URL, {"import_file": f.uploaded(name, content), "format": "0"})


@pytest.fixture
def entry():
    return f.entry(name="办事指南")


@pytest.fixture
def small_background(settings):
    """Files above 10 rows go to the worker, 7 rows per batch: a 25-row file runs as four batches."""
    settings.IMPORT_BACKGROUND_ROWS = 10
    settings.IMPORT_BATCH_ROWS = 7


def job_page(client, job):
    return client.get(reverse("admin:catalog_publication_import_job", args=[job.pk])).content.decode()


# Row cap ---------------------------------------------------------------------------------------------------------


def test_rows_are_counted_below_each_header_and_only_when_they_hold_a_value():
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.append(["标题", "成文日期"])
    for number in range(12):
        first.append([f"信息{number}", "2026-04-01"])
    first.cell(400, 3).border = openpyxl.styles.Border(left=openpyxl.styles.Side(style="thin"))  # formatted, empty
    second = workbook.create_sheet("第二页")
    second.append(["标题"])
    second.append(["另一条"])
    workbook.create_sheet("空白页")
    assert imports.count_rows(book.save(workbook)) == 13
    assert imports.count_rows(b"not a workbook") is None


def test_a_file_over_the_row_cap_is_refused_with_the_limit_and_its_row_count(clerk_client, department, entry,
                                                                             settings):
    settings.IMPORT_MAX_ROWS = 20
    page = upload(clerk_client, publications_sheet(department, entry, 21)).content.decode()
    assert "该文件有 21 行数据，超过了每次导入的上限 20 行" in page
    assert not Publication.objects.exists() and not ImportJob.objects.exists()


def test_a_file_at_the_row_cap_is_accepted(clerk_client, department, entry, settings, small_background):
    settings.IMPORT_MAX_ROWS = 20
    response = upload(clerk_client, publications_sheet(department, entry, 20))
    assert response.status_code == 302
    assert Publication.objects.count() == 20


def test_the_default_cap_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`IMPORT_MAX_ROWS` | `{settings.IMPORT_MAX_ROWS:,}`" in readme


# In the background -----------------------------------------------------------------------------------------------


def test_a_large_file_is_imported_in_the_background_with_progress(clerk_client, clerk, department, entry,
                                                                 small_background, monkeypatch):
    seen = []
    real_update = imports._update

    def watch(job, **fields):
        real_update(job, **fields)
        seen.append((job.status, job.rows_checked, job.rows_written))

    monkeypatch.setattr(imports, "_update", watch)
    response = upload(clerk_client, publications_sheet(department, entry, 25))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:catalog_publication_import_job", args=[job.pk])
    assert (job.status, job.total_rows, job.rows_checked, job.rows_written) == ("done", 25, 25, 25)
    # Four batches of at most 7 rows, checked then written: each step visible on the page as it happens.
    assert [checked for status, checked, _w in seen if status == "validating"] == [0, 7, 14, 21, 25]
    assert [written for status, _c, written in seen if status == "writing"] == [0, 7, 14, 21, 25]
    assert Publication.objects.filter(created_by=clerk, status=Publication.Status.DRAFT).count() == 25
    assert job.data is None  # the file is not kept once the job has ended
    page = job_page(clerk_client, job)
    assert "导入完成：新增 25 条，更新 0 条" in page
    assert 'http-equiv="refresh"' not in page


def test_the_progress_page_shows_rows_done_of_the_total_and_refreshes_itself(clerk_client, clerk):
    job = ImportJob.objects.create(created_by=clerk, model="catalog.publication", file_name="信息.xlsx",
                                   status=ImportJob.Status.WRITING, total_rows=50_000, rows_checked=50_000,
                                   rows_written=12_500)
    page = " ".join(job_page(clerk_client, job).split())
    assert '正在写入：已处理 <strong class="gongkai-import-done">12,500</strong> / 50,000 行（25%）' in page
    assert '<progress max="50000" value="12500">' in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_a_job_nobody_picks_up_says_the_worker_may_not_be_running(clerk_client, clerk):
    job = ImportJob.objects.create(created_by=clerk, model="catalog.publication", file_name="信息.xlsx")
    assert "后台任务进程可能没有运行" not in job_page(clerk_client, job)
    with time_machine.travel(job.created_at + imports.dt.timedelta(minutes=2)):
        assert "后台任务进程可能没有运行" in job_page(clerk_client, job)


def test_only_the_uploader_sees_the_job(department, clerk):
    job = ImportJob.objects.create(created_by=clerk, model="catalog.publication", file_name="信息.xlsx")
    other = Client()
    other.force_login(f.clerk(department))
    assert other.get(reverse("admin:catalog_publication_import_job", args=[job.pk])).status_code == 404


def test_a_bad_file_lists_every_problem_in_chinese_and_stores_nothing(clerk_client, department, entry,
                                                                      small_background):
    upload(clerk_client, publications_sheet(department, entry, 25, bad={3, 20}))
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.rows_checked == 25 and job.rows_written == 0
    assert job.errors == ["表格第4行：发布机构“不存在的单位”不是您所在的单位。",
                          "表格第21行：发布机构“不存在的单位”不是您所在的单位。"]
    assert not Publication.objects.exists()
    page = job_page(clerk_client, job)
    assert "校验未通过，本文件的数据一条也没有导入" in page and "表格第21行" in page


def test_an_unreadable_large_file_gets_the_formats_chinese_message(clerk_client, department, entry,
                                                                   small_background):
    content = publications_sheet(department, entry, 25)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    workbook.active.delete_cols(5)  # no 发布机构 column
    upload(clerk_client, book.save(workbook))
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    assert job.errors == ["表头不符：第一行应为列名，缺少“发布机构”。请在本系统导出的公开信息表格中填写后导入。"]


def test_a_worker_that_dies_while_writing_is_resumed_from_the_page_without_losing_or_repeating_rows(
        clerk_client, department, entry, small_background, settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS  # enqueued, not run: this test plays the worker
    upload(clerk_client, publications_sheet(department, entry, 25))
    job = ImportJob.objects.get()
    model_admin = admin.site._registry[Publication]
    real_log = model_admin.generate_log_entries
    batches = []

    def die_in_third_batch(result, request):
        batches.append(result)
        if len(batches) == 3:
            raise SystemExit("the worker was killed")
        return real_log(result, request)

    monkeypatch.setattr(model_admin, "generate_log_entries", die_in_third_batch)
    with pytest.raises(SystemExit):
        imports.run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_written) == ("writing", 14)
    assert Publication.objects.count() == 14  # the third batch rolled back with the job's count
    monkeypatch.setattr(model_admin, "generate_log_entries", real_log)
    settings.TASKS = IMMEDIATE_TASKS
    assert "继续导入" not in job_page(clerk_client, job)  # maybe only slow: not yet
    with time_machine.travel(job.updated_at + ImportJob.STALLED_AFTER + imports.dt.timedelta(seconds=1)):
        page = job_page(clerk_client, job)
        assert "导入已停顿" in page and "已写入的 14 行已保存" in page
        clerk_client.post(reverse("admin:catalog_publication_import_job", args=[job.pk]), {"_resume": "继续导入"})
    job.refresh_from_db()
    assert (job.status, job.rows_written) == ("done", 25)
    assert sorted(Publication.objects.values_list("title", flat=True)) == sorted(
        f"批量导入的信息{number}" for number in range(1, 26))


def test_the_directory_is_imported_in_the_background_too(admin_client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    f.domain(name="社会救助", code="social-assistance")
    response = admin_client.post(reverse("admin:catalog_entry_import"),
                                 {"import_file": f.uploaded("目录.xlsx", book.county_workbook()), "format": "0"})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:catalog_entry_import_job", args=[job.pk])
    assert job.status == "done", job.errors
    assert Entry.objects.count() == 5


def test_a_small_file_keeps_the_preview_and_confirmation(clerk_client, department, entry):
    preview = upload(clerk_client, publications_sheet(department, entry, 3))
    assert preview.status_code == 200 and "confirm_form" in preview.context
    assert not ImportJob.objects.exists() and not Publication.objects.exists()


def test_rows_past_one_batch_are_imported_in_the_background_with_the_default_settings(clerk_client, department,
                                                                                      entry):
    """Background above 200 rows, 500 rows per batch: 501 rows are two batches checked, then two written. A
    50,000-row file is measured by bench/imports.py (far too slow for the suite)."""
    response = upload(clerk_client, publications_sheet(department, entry, 501))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.rows_checked, job.rows_written) == ("done", 501, 501), job.errors
    assert job.totals["written_new"] == 501
    assert Publication.objects.count() == 501


# The real worker --------------------------------------------------------------------------------------------------


def worker_environment():
    """The environment of a worker process that uses the test database (PostgreSQL: its name in DATABASE_URL)."""
    database = connection.settings_dict
    url = (f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
           f"{database['PORT'] or 5432}/{database['NAME']}")
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}


def run_worker():
    """`manage.py db_worker --batch`: a process of its own on PostgreSQL; on SQLite, whose test database lives in
    this process's memory, the same command in this process."""
    if connection.vendor == "postgresql":
        finished = subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
            cwd=ROOT, env=worker_environment(), capture_output=True, text=True, timeout=300)
        assert finished.returncode == 0, finished.stdout + finished.stderr
    else:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_backends_worker_runs_the_import(settings, small_background):
    settings.TASKS = DATABASE_TASKS
    department = f.department()
    client = Client()
    client.force_login(f.clerk(department))
    entry = f.entry(name="办事指南")
    upload(client, publications_sheet(department, entry, 25))
    job = ImportJob.objects.get()
    assert job.status == "queued" and DBTaskResult.objects.get(pk=job.task_id).status == "READY"
    assert "排队等待后台处理" in job_page(client, job)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    assert Publication.objects.filter(department=department).count() == 25


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_worker_reports_a_running_worker_and_a_missing_one(settings):
    settings.TASKS = DATABASE_TASKS
    with pytest.raises(CommandError, match="没有后台任务进程处理任务"):
        call_command("check_worker", timeout=1)
    if connection.vendor != "postgresql":
        pytest.skip("a worker process beside this one needs a database both can open: PostgreSQL")
    # The worker runs the first check's task, left waiting, and then the second's, and exits.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--max-tasks", "2",
         "--interval", "0.2"], cwd=ROOT, env=worker_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out = io.StringIO()
        call_command("check_worker", timeout=240, stdout=out)
        assert "后台任务进程正常" in out.getvalue()
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


# Other users during an import --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_other_users_read_and_write_while_an_import_batch_is_open(settings, small_background, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the county runs PostgreSQL")
    department, other_department = f.department(), f.department()
    entry = f.entry(name="办事指南")
    f.publication(department_=department, entry_=entry, title="已有的信息")
    importer, colleague = f.clerk(department), f.clerk(other_department)
    model_admin = admin.site._registry[Publication]
    real_log = model_admin.generate_log_entries
    seen = {}

    def other_users():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            seen["titles"] = list(Publication.objects.values_list("title", flat=True))
            client = Client()
            client.force_login(colleague)
            seen["list"] = client.get(reverse("admin:catalog_publication_changelist")).status_code
            seen["new"] = f.publication(department_=other_department, entry_=entry, title="同事同时保存").index_number
        except Exception as error:  # reported to the test below
            seen["error"] = error
        finally:
            connections.close_all()

    def in_the_middle_of_a_batch(result, request):
        if "titles" not in seen:  # the first batch's transaction is open and has written its rows
            thread = threading.Thread(target=other_users)
            thread.start()
            thread.join(timeout=30)
        return real_log(result, request)

    monkeypatch.setattr(model_admin, "generate_log_entries", in_the_middle_of_a_batch)
    client = Client()
    client.force_login(importer)
    started = time.monotonic()
    upload(client, publications_sheet(department, entry, 25))
    assert "error" not in seen, seen.get("error")
    assert seen["titles"] == ["已有的信息"]  # the open batch is invisible until it commits, and blocks no reader
    assert seen["list"] == 200 and seen["new"]
    assert time.monotonic() - started < 30
    assert ImportJob.objects.get().status == "done"
    assert Publication.objects.count() == 27
    assert re.fullmatch(r".+/\d{4}-\d{5}", seen["new"])


def test_the_system_administrator_lists_every_import_job_and_nobody_else_does(admin_client, supervisor_client,
                                                                              clerk_client, clerk):
    ImportJob.objects.create(created_by=clerk, model="catalog.publication", file_name="某局信息.xlsx")
    url = reverse("admin:portal_importjob_changelist")
    assert "某局信息.xlsx" in admin_client.get(url).content.decode()
    assert supervisor_client.get(url).status_code == 403
    assert clerk_client.get(url).status_code == 403
