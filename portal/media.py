"""Uploaded files at /media/<path>, served only to someone who may see the row that owns the file.

The owner is looked up in every model with a FileField (read from the app registry, so a new upload field is
covered without touching this module). A file is public when its model's manager offers `public()` and the row
is in it: attachments of published items, photos of open review points. Otherwise the requester must be staff
who can see the row in the admin: in the queryset of the row's ModelAdmin (the department scoping every admin
has) with view permission, or, for a model the admin only shows inline, in the parent's admin and in that
inline. Anything else answers 404, for anonymous users and staff alike, so a file's existence is not revealed.
"""

import functools
import os
import re

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from portal import access_log
from portal.uploads import FILE_CONTENT_SECURITY_POLICY, IMAGE

NOT_FOUND = "找不到该文件，或您无权查看。工作人员请先登录后台，再打开文件链接。"
MISSING_ON_DISK = "该文件的登记记录存在，但服务器上找不到文件本身，请联系网站管理员。"


#: `UploadTo` names files `<random hex>-<safe name>`; the prefix is dropped when no better name is kept.
_RANDOM_PREFIX = re.compile(r"^[0-9a-f]{12}-")

#: Rows per model looked at for one file name (names are random, so more than one is already odd).
_OWNERS_PER_MODEL = 5


@functools.cache
def file_fields() -> tuple[tuple[type[models.Model], tuple[str, ...]], ...]:
    """Every concrete model with upload fields, and the names of those fields."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        names = tuple(f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField))
        if names:
            found.append((model, names))
    return tuple(found)


def is_safe_name(path: str) -> bool:
    """A storage-relative name: no absolute path, no `..` or empty segment, no backslash or control character."""
    if not path or path.startswith("/") or "\\" in path or any(ord(char) < 32 or char == "\x7f" for char in path):
        return False
    return all(part not in {"", ".", ".."} for part in path.split("/"))


def _owners(name: str):
    """(row, field name) for each row of any model whose upload field holds `name`."""
    for model, fields in file_fields():
        holds = models.Q()
        for field in fields:
            holds |= models.Q(**{field: name})
        for row in model._default_manager.filter(holds)[:_OWNERS_PER_MODEL]:
            for field in fields:
                if getattr(row, field).name == name:
                    yield row, field


def _is_public(row) -> bool:
    """Public by the model's own `public()` queryset, the one its public views use."""
    public = getattr(type(row)._default_manager, "public", None)
    return callable(public) and public().filter(pk=row.pk).exists()


def _admin_shows(model_admin, request, obj) -> bool:
    return model_admin.get_queryset(request).filter(pk=obj.pk).exists() and model_admin.has_view_permission(
        request, obj
    )


def _parent_link(model, inline_class, parent_model):
    """The one foreign key from `model` to `parent_model` that the inline uses, or None if it is not clear."""
    links = [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and issubclass(parent_model, field.related_model)
        and (inline_class.fk_name is None or field.name == inline_class.fk_name)
    ]
    return links[0] if len(links) == 1 else None


def _inline_hosts(model):
    """(parent ModelAdmin, inline class, foreign key) for each registered admin that shows `model` inline."""
    for parent_admin in admin.site._registry.values():
        for inline_class in parent_admin.inlines:
            if inline_class.model is model:
                link = _parent_link(model, inline_class, parent_admin.model)
                if link is not None:
                    yield parent_admin, inline_class, link


def _staff_may_view(request, row) -> bool:
    """True if the admin would show this row (and so its file link) to the signed-in user."""
    if not admin.site.has_permission(request):
        return False
    model = type(row)
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:
        return _admin_shows(model_admin, request, row)
    hosts = list(_inline_hosts(model))
    for parent_admin, inline_class, link in hosts:
        parent = getattr(row, link.name)
        if parent is None or not _admin_shows(parent_admin, request, parent):
            continue
        for inline in parent_admin.get_inline_instances(request, parent):
            if (
                isinstance(inline, inline_class)
                and inline.has_view_permission(request, parent)
                and inline.get_queryset(request).filter(pk=row.pk, **{link.name: parent}).exists()
            ):
                return True
    if hosts:
        return False
    opts = model._meta
    user = request.user
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _download_name(row, name: str) -> str:
    """The original file name where the model keeps one, otherwise the stored name without its random prefix."""
    kept = getattr(row, "download_name", "") or _RANDOM_PREFIX.sub("", os.path.basename(name))
    return "".join(char for char in kept if char.isprintable()) or os.path.basename(name)


def _record_download(request, row) -> None:
    """A file of a record whose admin logs personal-data access (a request's documents, shown inline on the request)
    is on the access log as a download of that record; the file's name, which may name the applicant, is not kept."""
    model_admin, record = admin.site._registry.get(type(row)), row
    if model_admin is None:
        for parent_admin, _inline, link in _inline_hosts(type(row)):
            parent = getattr(row, link.name)
            if parent is not None:
                model_admin, record = parent_admin, parent
                break
    if isinstance(model_admin, access_log.PersonalDataAdminMixin):
        kind = row.get_kind_display() if hasattr(row, "get_kind_display") else ""
        what = f"{row._meta.verbose_name}（{kind}）" if kind else str(row._meta.verbose_name)
        access_log.record(request, access_log.Kind.DOWNLOAD, obj=record, place=f"下载{what}")


@require_safe
def serve(request, path):
    """Stream the file at MEDIA_ROOT/<path> to whoever may see its owner; 404 for everyone else (the site's 404
    page shows the message, portal.views.page_not_found)."""
    if not is_safe_name(path):
        raise Http404(NOT_FOUND)
    owners = list(_owners(path))
    allowed = next((owner for owner in owners if _is_public(owner[0])), None)
    is_public = allowed is not None
    if allowed is None:
        allowed = next((owner for owner in owners if _staff_may_view(request, owner[0])), None)
    if allowed is None:
        raise Http404(NOT_FOUND)
    row, field = allowed
    try:
        handle = getattr(row, field).open("rb")
    except (OSError, SuspiciousFileOperation, ValueError) as error:
        raise Http404(MISSING_ON_DISK) from error
    is_image = os.path.splitext(path)[1].lower().lstrip(".") in IMAGE
    response = FileResponse(handle, as_attachment=not is_image, filename=_download_name(row, path))
    response.headers["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not is_public:
        patch_cache_control(response, private=True, no_store=True)
        _record_download(request, row)
    return response
