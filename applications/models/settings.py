"""The disclosure office's settings for requests (依申请公开设置): one row, edited in the admin."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.classification import Reason, legal_basis

#: The 2019 Regulation names no article for 三(五)5 要求行政机关确认或重新出具已获取信息 (Art. 39 para. 2 is about
#: 公开出版物), so until the office enters the basis it relies on, the Regulation as a whole is cited.
CONFIRMATION_DEFAULT = "《中华人民共和国政府信息公开条例》"


class RequestSettings(models.Model):
    """The cited basis the Regulation leaves open, and the Art. 44 threshold for repeatedly requested information.

    One row; `current()` returns it, or unsaved defaults before anyone has entered it.
    """

    confirmation_basis = models.CharField(
        _("“要求行政机关确认或重新出具已获取信息”的依据"), max_length=200, default=CONFIRMATION_DEFAULT,
        help_text=_("年度报告表三（五）5。《条例》（2019年修订）没有专门规定这一情形的条款（第三十九条第二款针对的是"
                    "公开出版物），请填写本机关答复时援引的依据；答复书和办理进度页按此引用。"),
    )
    repeat_threshold = models.PositiveSmallIntegerField(
        _("重复申请提示件数"), default=3, validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_("同一信息在统计期内被申请达到此件数的，列入“多次申请的信息”，供纳入主动公开（《条例》第四十四条）。"),
    )
    repeat_window_months = models.PositiveSmallIntegerField(
        _("统计期（月）"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    repeat_similarity = models.PositiveSmallIntegerField(
        _("描述相似度（%）"), default=50, validators=[MinValueValidator(10), MaxValueValidator(100)],
        help_text=_("两份申请描述的分词重合比例（重合词数 ÷ 较短描述的词数）达到此值，视为申请同一信息。"),
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("依申请公开设置")
        verbose_name_plural = _("依申请公开设置")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "RequestSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def basis_for(self, outcome: str, reason: str = "") -> str:
        """The basis a reply cites: the office's entry where the Regulation is silent, else the fixed table."""
        if reason == Reason.CONFIRMATION:
            return self.confirmation_basis.strip() or CONFIRMATION_DEFAULT
        return legal_basis(outcome, reason)
