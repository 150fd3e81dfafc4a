"""Public forms: the rating widget, a message or error report, a tracking-number lookup, rating an answer."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from applications.validators import validate_phone
from catalog.models import Department
from feedback.inbox import normalise_tracking_number
from feedback.models import Channel, Level, Message, Rating
from portal.idempotency import SubmissionKeyMixin
from portal.plain_messages import PlainMessagesMixin

#: Channels a public page may claim: the website itself, a QR code, the kiosk at a review point.
PUBLIC_CHANNELS = [Channel.WEBSITE, Channel.QR, Channel.REVIEW_POINT]


class HoneypotMixin(forms.Form):
    """A field people never see; bots fill it in. A filled honeypot is accepted silently and discarded."""

    website = forms.CharField(required=False, label=_("请勿填写此项"))

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def clean_phone_value(value: str) -> str:
    value = value.strip()
    if value:
        validate_phone(value)
    return value


class RatingForm(PlainMessagesMixin, SubmissionKeyMixin, HoneypotMixin):
    target_kind = forms.ChoiceField(choices=Rating.Target.choices, widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    channel = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("满意程度"), choices=Level.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("请选择满意程度。")})
    comment = forms.CharField(label=_("意见建议"), required=False, max_length=500)
    name = forms.CharField(label=_("称呼"), required=False, max_length=30)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean_channel(self):
        """A channel a public page may not claim (电话, 现场 are entered by staff) counts as the website."""
        channel = self.cleaned_data["channel"]
        return channel if channel in PUBLIC_CHANNELS else Channel.WEBSITE


class MessageForm(PlainMessagesMixin, SubmissionKeyMixin, HoneypotMixin):
    kind = forms.ChoiceField(label=_("类型"), choices=Message.Kind.choices, widget=forms.RadioSelect,
                             initial=Message.Kind.QUESTION)
    department = forms.ModelChoiceField(
        label=_("办理单位"), queryset=Department.objects.active().only("pk", "name"), required=False,
        empty_label=_("（纠错可不选，由县政府信息公开工作机构转办）"),
    )
    page_url = forms.CharField(label=_("出错的页面"), required=False, max_length=500)
    subject = forms.CharField(label=_("标题"), max_length=100)
    body = forms.CharField(label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label=_("称呼（可选）"), required=False, max_length=30)
    phone = forms.CharField(label=_("联系电话（可选）"), required=False, max_length=20)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Reached from a page's 我要纠错 link: the page is known and shown by its title, not typed in.
        if self["page_url"].value():
            self.fields["page_url"].widget = forms.HiddenInput()

    def clean_page_url(self):
        url = self.cleaned_data["page_url"].strip()
        if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())):
            raise forms.ValidationError(_("页面地址应为本网站的页面。"))
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Message.Kind.QUESTION and not cleaned.get("department"):
            self.add_error("department", _("请选择要留言的单位。"))
        return cleaned


class DepartmentChoiceForm(PlainMessagesMixin, forms.Form):
    department = forms.ModelChoiceField(
        label=_("要评价的单位"), queryset=Department.objects.active().only("pk", "name"),
        error_messages={"required": _("请选择单位。"), "invalid_choice": _("请从列表中选择单位。")},
    )


class TrackForm(PlainMessagesMixin, forms.Form):
    number = forms.CharField(label=_("查询码"), max_length=30)

    def clean_number(self):
        return normalise_tracking_number(self.cleaned_data["number"])


class AnswerRatingForm(PlainMessagesMixin, forms.Form):
    level = forms.ChoiceField(label=_("您对答复的评价"), choices=Level.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("请选择满意程度。")})
