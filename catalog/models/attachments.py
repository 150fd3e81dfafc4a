"""Files attached to a publication: PDF, Office documents and images only, checked by content and size."""

import contextlib
import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.publications import Publication
from portal.uploads import DOCUMENTS, FileCheck, UploadTo


class AttachmentQuerySet(models.QuerySet):
    def public(self):
        """What citizens may download: the attachments of public items."""
        return self.filter(publication__in=Publication.objects.public())


class Attachment(models.Model):
    publication = models.ForeignKey(
        "catalog.Publication", verbose_name=_("公开信息"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(
        _("文件"),
        upload_to=UploadTo("attachments"),
        validators=[FileCheck(DOCUMENTS)],
        max_length=200,
        db_index=True,
        help_text=_("支持 PDF、Office/WPS 文档、OFD 和图片。"),
    )
    name = models.CharField(_("显示名称"), max_length=120, blank=True, help_text=_("留空则使用上传时的文件名。"))
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.file:
            if not self.name:
                self.name = os.path.basename(self.file.name)[:120]
            with contextlib.suppress(OSError, ValueError):
                self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()

    @property
    def download_name(self) -> str:
        """The display name with the stored file's real extension, whatever the clerk typed."""
        extension = self.extension.lower()
        return f"{self.name.rsplit('.', 1)[0]}.{extension}" if extension else self.name
