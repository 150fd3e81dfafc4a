"""The public's comment on a draft (意见征集)."""

from django import forms

from feedback.consultations import BODY_MAX_CHARS
from feedback.forms import HoneypotMixin, clean_phone_value
from portal.idempotency import SubmissionKeyMixin
from portal.plain_messages import PlainMessagesMixin


class CommentForm(PlainMessagesMixin, SubmissionKeyMixin, HoneypotMixin):
    body = forms.CharField(label="您的意见", max_length=BODY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 6}))
    wants_reply = forms.BooleanField(label="需要工作人员联系我、答复我的意见", required=False)
    name = forms.CharField(label="称呼（可选，需要答复的必填）", required=False, max_length=30)
    phone = forms.CharField(label="联系电话（可选，需要答复的必填）", required=False, max_length=20)
    show_name = forms.BooleanField(label="公开我的称呼（不勾选则显示为“网友”）", required=False)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_reply"):
            if not cleaned.get("name", "").strip() and "name" not in self.errors:
                self.add_error("name", "需要答复的，请填写称呼。")
            if not cleaned.get("phone") and "phone" not in self.errors:
                self.add_error("phone", "需要答复的，请填写联系电话。")
        if cleaned.get("show_name") and not cleaned.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", "请填写要公开的称呼，或不勾选“公开我的称呼”。")
        return cleaned
