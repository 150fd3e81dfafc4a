"""Checks for uploaded files: size, extension, and that the content really is what the extension says.

Used by every model and form that accepts a file (publication attachments, request documents, photos).
"""

import os
import re
import secrets
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

PDF = {"pdf"}
OFFICE = {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "ofd", "txt"}
IMAGE = {"jpg", "jpeg", "png", "gif", "webp"}
DOCUMENTS = PDF | OFFICE | IMAGE

#: A served upload is never a page: no scripts, no plug-ins, no framing, and a sandbox if opened directly.
FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def _looks_like(extension: str, head: bytes, file) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if extension in {"doc", "xls", "ppt", "wps", "et", "dps"}:
        return head.startswith(_OLE)
    if extension in {"docx", "xlsx", "pptx"}:
        return head.startswith(_ZIP) and _zip_has(file, "[Content_Types].xml")
    if extension == "ofd":
        return head.startswith(_ZIP) and _zip_has(file, "OFD.xml")
    if extension == "txt":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return b"\x00" not in head
        return True
    return False


def _zip_has(file, member: str) -> bool:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


@deconstructible
class FileCheck:
    """A model/form field validator: size limit from settings, allowed extensions, content sniffing."""

    def __init__(self, extensions=frozenset(DOCUMENTS)):
        self.extensions = frozenset(extensions)

    def __call__(self, file):
        name = getattr(file, "name", "") or ""
        extension = os.path.splitext(name)[1].lower().lstrip(".")
        if extension not in self.extensions:
            allowed = "、".join(sorted(self.extensions))
            shown = extension or "无扩展名"
            raise ValidationError(f"不支持的文件类型“{shown}”，请上传以下格式：{allowed}。", code="extension")
        size = getattr(file, "size", None) or 0
        if size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES / 1024 / 1024
            message = f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {limit:.0f} MB。"
            raise ValidationError(message, code="size")
        if size == 0:
            raise ValidationError("文件是空的，请重新选择。", code="empty")
        try:
            file.seek(0)
            head = file.read(16)
            file.seek(0)
        except (OSError, ValueError) as error:
            raise ValidationError("无法读取上传的文件，请重新选择。", code="unreadable") from error
        if not _looks_like(extension, head, file):
            raise ValidationError(f"文件内容与扩展名“.{extension}”不符，请上传真实的文件。", code="content")

    def __eq__(self, other):
        return isinstance(other, FileCheck) and other.extensions == self.extensions


def safe_file_name(name: str, max_stem: int = 60) -> str:
    """Keep letters (Chinese included), digits, dot, dash and underscore; drop paths and anything else."""
    name = unicodedata.normalize("NFKC", os.path.basename(name.replace("\\", "/")))
    stem, extension = os.path.splitext(name)
    stem = re.sub(r"[^\w\-]+", "_", stem, flags=re.UNICODE).strip("._") or "file"
    extension = re.sub(r"[^A-Za-z0-9]", "", extension)[:8].lower()
    return f"{stem[:max_stem]}.{extension}" if extension else stem[:max_stem]


@deconstructible
class UploadTo:
    """upload_to callable: `<folder>/<year>/<month>/<random>-<safe name>`, never guessable or clashing."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename):
        today = timezone.localdate()
        return f"{self.folder}/{today:%Y/%m}/{secrets.token_hex(6)}-{safe_file_name(filename)}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.folder == self.folder


_STORED_PREFIX = re.compile(r"^[0-9a-f]{12}-")


def stored_name(path: str) -> str:
    """The name a person gave a stored file (UploadTo's path without its folders and random prefix)."""
    return _STORED_PREFIX.sub("", os.path.basename(path or ""), count=1)
