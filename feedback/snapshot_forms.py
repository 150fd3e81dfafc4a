"""Public forms of 随手拍: the report, the look-up by code and phone digits, the rating of the handling."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.validators import validate_phone
from catalog.models import Level as DivisionLevel
from feedback import snapshots
from feedback.forms import HoneypotMixin
from feedback.models import IssueCategory, Level
from portal.idempotency import SubmissionKeyMixin
from portal.photos import PhotosField
from portal.plain_messages import PlainMessagesMixin


class PlaceIterator(forms.models.ModelChoiceIterator):
    """Villages and communities under their township's name, as <optgroup>s (one query for the whole list)."""

    def __iter__(self):
        yield ("", "请选择村（社区）")
        groups, order = {}, []
        for division in self.queryset.select_related("parent").order_by("tree_id", "lft"):
            township = division if division.level == DivisionLevel.TOWNSHIP else division.parent
            if township.pk not in groups:
                groups[township.pk] = (township.name, [])
                order.append(township.pk)
            label = f"{division.name}（乡镇、街道本级）" if division.level == DivisionLevel.TOWNSHIP else division.name
            groups[township.pk][1].append((division.pk, label))
        yield from (groups[pk] for pk in order)


class PlaceField(forms.ModelChoiceField):
    """The village or community where the problem is."""

    iterator = PlaceIterator

    def __init__(self, **kwargs):
        super().__init__(queryset=snapshots.reportable_divisions(), **kwargs)


class ReportForm(PlainMessagesMixin, SubmissionKeyMixin, HoneypotMixin):
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=IssueCategory.objects.filter(is_active=True),
                                      widget=forms.RadioSelect, empty_label=None,
                                      error_messages={"required": _("请选择问题类别。"),
                                                      "invalid_choice": _("请选择问题类别。")})
    division = PlaceField(label=_("所在村（社区）"),
                          error_messages={"required": _("请选择问题所在的村（社区）。"),
                                          "invalid_choice": _("请选择问题所在的村（社区）。")})
    location = forms.CharField(label=_("具体位置"), required=False, max_length=100,
                               help_text=_("例如路名、门牌号或附近的标志性建筑（选填）。"))
    body = forms.CharField(label=_("问题描述"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("请描述您看到的问题。")})
    photos = PhotosField(label=_("照片（选填，最多5张）"), max_count=snapshots.MAX_PHOTOS,
                         help_text=_("jpg、png 或 webp。照片中的拍摄地点、时间、手机型号等信息会在保存前自动去除。"))
    wants_public = forms.BooleanField(label=_("同意在随手拍公开栏公开我反映的问题和照片（不公开姓名和电话）"),
                                      required=False)
    name = forms.CharField(label=_("称呼"), required=False, max_length=30, help_text=_("选填，例如“王先生”。"))
    phone = forms.CharField(label=_("联系电话"), max_length=20,
                            error_messages={"required": _("请填写联系电话，以便告知办理结果。")},
                            help_text=_("用于查询办理情况和回访，不会公开。"))

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        validate_phone(value)
        return value


class TrackForm(PlainMessagesMixin, forms.Form):
    tracking_number = forms.CharField(label=_("查询码"), max_length=30,
                                      error_messages={"required": _("请输入查询码。")},
                                      help_text=_("提交后显示的查询码，例如 SP7K3MQ9TX2。"))
    phone_last4 = forms.RegexField(label=_("联系电话后四位"), regex=r"^\d{4}$",
                                   error_messages={"invalid": _("请输入联系电话的最后4位数字。"),
                                                   "required": _("请输入联系电话的最后4位数字。")})


class RateForm(PlainMessagesMixin, forms.Form):
    level = forms.ChoiceField(label=_("您对办理结果满意吗？"), choices=Level.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("请选择满意程度。"),
                                              "invalid_choice": _("请选择满意程度。")})
    comment = forms.CharField(label=_("意见建议"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
