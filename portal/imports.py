"""The upload-then-confirm step of the admin's Excel imports (django-import-export), made safe.

django-import-export keeps the uploaded file between the preview and the confirmation under a name that the
confirmation form posts back; its default storage takes that name as a path in the temporary folder, so a posted
name could read, import and then delete any file the server may touch, and the page shows the temporary path.
Here the upload is kept in a folder of its own under a random name, only names this session uploaded are accepted
on confirmation, and uploads nobody confirmed are removed after UPLOAD_MAX_AGE.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.tmp_storages import BaseStorage

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


class ConfirmedImportMixin:
    """For an ImportExportMixin admin: keeps uploads in ImportUploadStorage and confirms only this session's own."""

    tmp_storage_class = ImportUploadStorage

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
