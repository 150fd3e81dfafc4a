"""A 50,000-row Excel import of publications, measured: the upload request, and the task worker's check and write.

    .venv/bin/python bench/imports.py                      # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench_imports .venv/bin/python bench/imports.py
    .venv/bin/python bench/imports.py --rows 5000

The upload goes through the admin's import page (Django's test client, the database task backend, so the request
only counts the rows and enqueues); the job is then run in this process exactly as `manage.py db_worker` runs it.
Prints the timings and writes them to bench/imports.json. Not part of `make test` or `make bench`.
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str | None):
    folder = None
    if not database_url:
        folder = tempfile.mkdtemp(prefix="gongkai-bench-imports-")
        database_url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    return database_url


def workbook(rows: int, department, entry) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("公开信息")
    sheet.append(["索引号", "标题", "公开领域", "公开事项", "发布机构", "成文日期", "正文"])
    for number in range(1, rows + 1):
        sheet.append([None, f"批量导入测试信息第{number}条", entry.domain.name, entry.name, department.name,
                      "2026-04-01", f"第{number}条信息的正文。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args(argv)
    url = setup(os.environ.get("DATABASE_URL"))

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from catalog.models import Department, Division, Domain, Entry, Publication
    from catalog.roles import CLERK
    from portal import imports
    from portal.models import ImportJob

    division, _ = Division.objects.get_or_create(code="339988000000", defaults={"name": "基准县", "level": "county",
                                                                                          "kind": "county"})
    department, _ = Department.objects.get_or_create(code="BENCHIMP01", defaults={"name": "基准导入局",
                                                                                  "division": division})
    domain, _ = Domain.objects.get_or_create(code="bench-imports", defaults={"name": "基准导入领域"})
    entry = Entry.objects.filter(domain=domain, name="基准导入事项").first() or Entry.objects.create(
        domain=domain, name="基准导入事项")
    clerk = get_user_model().objects.filter(username="benchimporter").first()
    if clerk is None:
        clerk = get_user_model().objects.create_user("benchimporter", password="Bench@2026", is_staff=True)
        clerk.groups.add(Group.objects.get(name=CLERK))
        clerk.departments.add(department)
    before = Publication.objects.filter(department=department).count()

    started = time.perf_counter()
    content = workbook(args.rows, department, entry)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    counted = imports.count_rows(content)
    count_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(clerk)
    database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=database_tasks, IMPORT_MAX_ROWS=max(args.rows, 50_000)):
        started = time.perf_counter()
        response = client.post(reverse("admin:catalog_publication_import"),
                               {"import_file": SimpleUploadedFile("基准.xlsx", content), "format": "0"})
        request_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.content[:2000]
    job = ImportJob.objects.filter(created_by=clerk).latest("created_at")

    marks = {}
    real_update = imports._update

    def timed(job, **fields):
        real_update(job, **fields)
        marks.setdefault(job.status, time.perf_counter())

    imports._update = timed
    started = time.perf_counter()
    status = imports.run_job(job.pk)
    finished = time.perf_counter()
    imports._update = real_update
    job.refresh_from_db()
    written = Publication.objects.filter(department=department).count() - before
    validating_started = marks.get("validating", started)
    writing_started = marks.get("writing", finished)
    figures = {
        "database": url.split("@")[-1] if "@" in url else url,
        "rows": args.rows,
        "file_bytes": len(content),
        "generate_file_seconds": round(generated, 2),
        "count_rows_seconds": round(count_seconds, 3),
        "counted_rows": counted,
        "upload_request_seconds": round(request_seconds, 2),
        "worker_read_file_seconds": round(validating_started - started, 2),
        "worker_validate_seconds": round(writing_started - validating_started, 2),
        "worker_write_seconds": round(finished - writing_started, 2),
        "worker_total_seconds": round(finished - started, 2),
        "status": status,
        "rows_written": job.rows_written,
        "publications_created": written,
    }
    for name, value in figures.items():
        print(f"{name:28} {value}")
    (ROOT / "bench" / "imports.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    if status != "done" or written != args.rows:
        sys.exit(f"the import did not store every row: {job.errors[:5]}")


if __name__ == "__main__":
    main()
