"""The disclosure guide (政府信息公开指南, Regulation Art. 12): generated from the organ's data (catalog.guides),
followed by the text the disclosure office adds in admin."""

import nh3
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from catalog.models.divisions import Division

# Tags a guide needs: headings, paragraphs, lists, tables and links; nh3 strips everything else.
GUIDE_TAGS = {
    "h2", "h3", "h4", "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "table", "thead",
    "tbody", "tr", "th", "td", "blockquote", "span", "div",
}


def sanitise_guide_html(html: str) -> str:
    return nh3.clean(html or "", tags=GUIDE_TAGS, attributes={"a": {"href", "title"}, "td": {"colspan", "rowspan"},
                                                                "th": {"colspan", "rowspan", "scope"}})


class GuidePage(models.Model):
    """One guide per division at most; the one without a division is the county government's."""

    division = models.OneToOneField(
        Division,
        verbose_name=_("所属区划"),
        related_name="guide_page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示本级（县）人民政府的公开指南；乡镇（街道）可各有一份。"),
    )
    body = models.TextField(
        _("补充内容"), blank=True,
        help_text=_("显示在自动生成的指南（机关名称、地址、办公时间、申请方式、收费、救济途径）之后。"
                    "可使用标题、段落、列表、表格和链接；脚本和样式会被自动去除。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")
        constraints = [
            # NULL is the county's guide; coalesce so that there is only one of those too.
            models.UniqueConstraint(
                Coalesce("division", Value(0)),
                name="one_guide_per_division",
                violation_error_message=_("该区划的公开指南已存在，请修改原记录。"),
            )
        ]

    def __str__(self):
        return f"{self.division.government_name if self.division else '本县'}政府信息公开指南补充内容"

    def save(self, *args, **kwargs):
        self.body = sanitise_guide_html(self.body)
        super().save(*args, **kwargs)
