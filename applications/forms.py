"""Forms for requests: the public application form, the status lookup, the correction, and the clerks' step forms."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from applications import deadlines, validators
from applications.classification import REASONS_BY_OUTCOME, ApplicantKind, Outcome, Reason
from applications.models import Application, Channel, ClockPause, ObtainMethod
from catalog.models import Department
from portal import admin_steps, workdays
from portal.idempotency import SubmissionKeyMixin
from portal.plain_messages import PlainMessagesMixin
from portal.uploads import FileCheck


def limit_length(field: forms.CharField, limit: int) -> None:
    """Give a text field the length limit from settings, replacing the one it was declared with."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by portal.uploads.FileCheck."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("validators", [FileCheck()])
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(items) > settings.REQUEST_MAX_FILES:
            raise forms.ValidationError(f"一次最多上传{settings.REQUEST_MAX_FILES}个文件。")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ApplicantFieldsMixin:
    """Normalisation shared by the public form and the clerks' registration form."""

    def clean_id_number(self):
        return re.sub(r"\s", "", self.cleaned_data.get("id_number", "")).upper()

    def clean_credit_code(self):
        return re.sub(r"\s", "", self.cleaned_data.get("credit_code", "")).upper()

    def clean_phone(self):
        return validators.normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_postcode(self):
        return re.sub(r"\s", "", self.cleaned_data.get("postcode", ""))


APPLICANT_FIELDS = [
    "applicant_kind", "applicant_name", "id_type", "id_number", "credit_code", "legal_representative",
    "contact_name", "phone", "email", "address", "postcode", "department", "description", "delivery_form",
    "obtain_method",
]


class ApplicationForm(PlainMessagesMixin, SubmissionKeyMixin, ApplicantFieldsMixin, forms.ModelForm):
    """The public form (申请表). `website` is a honeypot that people never see and bots fill in; `submission_key`
    makes a resubmitted form answer with the request already stored (portal.idempotency)."""

    website = forms.CharField(label="网址（请勿填写）", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    files = MultipleFileField(label="附件（可选，例如身份证明、已有文件的复印件）")

    REQUIRED_FOR_ONE_KIND = ("id_type", "id_number", "credit_code", "contact_name")

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "applicant_kind": forms.RadioSelect,
            "delivery_form": forms.RadioSelect,
            "obtain_method": forms.RadioSelect,
        }
        labels = {"applicant_name": "姓名（自然人）或名称（法人或其他组织）"}
        help_texts = {
            "phone": "用于联系您；查询办理进度时需要输入后四位。",
            "description": "请写明所需信息的名称、文号，或时间、地点、事项等便于查找的特征。",
            "credit_code": "法人或其他组织填写。",
            "id_number": "自然人填写。",
        }
        error_messages = {
            "applicant_name": {"required": "请填写姓名或名称。"},
            "phone": {"max_length": validators.PHONE_FORMAT},
            "postcode": {"max_length": validators.POSTCODE_FORMAT},
            "description": {"required": "请写明您需要的政府信息。"},
            "department": {"required": "请选择向哪个机关申请。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.recipients().select_related("division")
        self.fields["department"].label = "向哪个机关申请"
        self.fields["department"].help_text = (
            "村民委员会、居民委员会不受理政府信息公开申请；需要村（社区）的信息，请选择所在的乡镇人民政府"
            "或街道办事处。")
        self.fields["department"].empty_label = "请选择"
        self.fields["id_type"].choices = [("", "请选择")] + list(self.fields["id_type"].choices)[1:]
        self.fields["obtain_method"].choices = [c for c in ObtainMethod.choices]
        self.fields["applicant_kind"].choices = [
            (kind, label if kind == ApplicantKind.NATURAL_PERSON else f"法人或其他组织：{label}")
            for kind, label in ApplicantKind.choices
        ]
        for name in ("applicant_kind", "delivery_form", "obtain_method"):
            self.fields[name].required = True
        # Required for one kind of applicant only (Application.clean): marked, but not `required`, since the other
        # kind's fields are hidden and empty.
        for name in self.REQUIRED_FOR_ONE_KIND:
            self.fields[name].widget.attrs["aria-required"] = "true"
        limit_length(self.fields["description"], settings.REQUEST_TEXT_MAX_CHARS)
        self.fields["files"].label = f"附件（可选，最多{settings.REQUEST_MAX_FILES}个，例如身份证明、已有文件的复印件）"

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class StatusLookupForm(PlainMessagesMixin, forms.Form):
    tracking_number = forms.CharField(label="申请编号", max_length=30,
                                      help_text="提交申请后显示的编号，例如 YS7K3MQ9TX2。")
    phone_last4 = forms.RegexField(label="联系电话后四位", regex=r"^\d{4}$",
                                   error_messages={"invalid": "请输入联系电话的最后4位数字。",
                                                   "required": "请输入联系电话的最后4位数字。"})


class CorrectionForm(PlainMessagesMixin, SubmissionKeyMixin):
    text = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    files = MultipleFileField(label="补正材料（可选）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["text"], settings.REQUEST_TEXT_MAX_CHARS)
        self.fields["files"].label = f"补正材料（可选，最多{settings.REQUEST_MAX_FILES}个文件）"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("files"):
            raise forms.ValidationError("请填写补正内容或上传补正材料。")
        return cleaned


# Clerks' step forms: each field is named as the workflow function's keyword argument. ------------------------

class DateInput(forms.DateInput):
    """The browser's date picker, which needs ISO dates whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's own argument name)
        super().__init__(attrs, format=format)


def _today():
    return timezone.localdate()


class StepForm(admin_steps.StepForm):
    """A clerk's step on a request (portal.admin_steps); `version` makes a step on a stale page refuse."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, obj: Application, step, **kwargs):
        self.application = obj
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", obj.version)
        super().__init__(*args, obj=obj, step=step, **kwargs)

    def step_kwargs(self) -> dict:
        kwargs = {key: value for key, value in self.cleaned_data.items() if key != "version"}
        return {**kwargs, "expected_version": self.cleaned_data["version"]}

    def after_refusal(self):
        """The same input on the request as it is now, so that resubmitting acts on what the clerk sees."""
        data = self.data.copy()
        data["version"] = self.application.version
        return type(self)(data, obj=self.application, step=self.step)


class ConfirmReceiptForm(StepForm):
    received_on = forms.DateField(label="确认收到日期", widget=DateInput, initial=_today,
                                  help_text="网上、传真、电子邮件和平信申请，以与申请人确认收到之日为收到申请之日（《条例》第三十一条）。")
    arrived_on = forms.DateField(label="信件到达日期（平信）", widget=DateInput, required=False,
                                 help_text="平信应于到达当日与申请人确认收到；确认晚于到达的，系统将标注。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application.channel != Channel.ORDINARY_POST:
            del self.fields["arrived_on"]
        elif self.application.arrived_on:
            self.fields["arrived_on"].initial = self.application.arrived_on


class RequestCorrectionForm(StepForm):
    instructions = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 5}))
    correction_due_on = forms.DateField(label="补正期限", widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_due_on"].initial = workdays.add_workdays(_today(), 15)


class RecordCorrectionForm(StepForm):
    corrected_on = forms.DateField(label="收到补正日期", widget=DateInput, initial=_today,
                                   help_text="答复期限自收到补正之日起重新计算20个工作日（《条例》第三十条）。")


DELIVERY_HELP = ("当面送达、网上或电子送达的，以发出当日为对方收到之日；"
                 "邮寄的，收到回执后请办理“登记送达日期”，此前期限为估算。")


class DeliveryField(forms.ChoiceField):
    """How a letter or notice goes out; the page preselects 当面送达, and a post without a choice means it too."""

    def __init__(self, label: str):
        super().__init__(label=label, choices=ClockPause.Delivery.choices, widget=forms.RadioSelect,
                         initial=ClockPause.Delivery.IN_PERSON, help_text=DELIVERY_HELP, required=False)

    def clean(self, value):
        return super().clean(value) or ClockPause.Delivery.IN_PERSON


def delivery_field(label: str) -> forms.ChoiceField:
    return DeliveryField(label)


class StartConsultationForm(StepForm):
    kind = forms.ChoiceField(label="征求对象类别", choices=[(k, ClockPause.Kind(k).label) for k in
                                                          (ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.OTHER_ORGAN)])
    party = forms.CharField(label="征求意见对象名称", max_length=100)
    delivery = delivery_field("征求意见书送达方式")


def _open_pause_choices(application: Application, kinds, **only) -> list:
    return [(pause.kind, f"{pause.get_kind_display()}（{pause.started_on:%Y年%m月%d日}发出）")
            for pause in application.pauses.filter(kind__in=kinds, ended_on__isnull=True, **only)]


class RecordDeliveryForm(StepForm):
    """The day the consulted party received the letter (Art. 32, 34) or the applicant the fee notice."""

    kind = forms.ChoiceField(label="登记哪一项的送达日期")
    received_on = forms.DateField(label="对方收到日期", widget=DateInput, initial=_today,
                                  help_text="以邮件回执或签收记录上的日期为准；回复或缴费期限自该日起计算。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _open_pause_choices(self.application, ClockPause.Kind.values,
                                                          received_on__isnull=True)


class EndConsultationForm(StepForm):
    kind = forms.ChoiceField(label="征求意见事项")
    outcome = forms.ChoiceField(
        label="征求意见结果", choices=ClockPause.Outcome.choices, widget=forms.RadioSelect,
        initial=ClockPause.Outcome.ANSWERED,
        help_text="期限内未回复：其他机关视为同意（《条例》第三十四条）；第三方由本机关依法决定是否公开（第三十二条）。"
                  "计时自答复期限届满之日的次日起恢复。",
    )
    ended_on = forms.DateField(label="收到意见日期（已回复时填写）", widget=DateInput, initial=_today, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _open_pause_choices(
            self.application, (ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.OTHER_ORGAN))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == ClockPause.Outcome.ANSWERED and not cleaned.get("ended_on"):
            self.add_error("ended_on", "请填写收到意见的日期。")
        return cleaned


class FeeNoticeForm(StepForm):
    scheme = forms.ChoiceField(label="计费方式", choices=[("item", "按件计收"), ("volume", "按量计收")],
                               widget=forms.RadioSelect)
    nth_this_month = forms.IntegerField(label="本月第几件申请（按件）", min_value=1, required=False)
    pages = forms.IntegerField(label="页数（按量）", min_value=0, required=False)
    delivery = delivery_field("收费通知送达方式")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nth_this_month"].initial = self.application.nth_request_this_month()

    def clean(self):
        cleaned = super().clean()
        scheme = cleaned.get("scheme")
        if scheme == "item" and not cleaned.get("nth_this_month"):
            self.add_error("nth_this_month", "按件计收请填写本月第几件申请。")
        if scheme == "volume" and cleaned.get("pages") is None:
            self.add_error("pages", "按量计收请填写页数。")
        return cleaned

    def step_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["scheme"] == "item":
            amount = deadlines.per_item_fee(data["nth_this_month"])
            basis = f"该申请人本月第{data['nth_this_month']}件申请"
        else:
            amount = deadlines.per_volume_fee(data["pages"])
            basis = f"共{data['pages']}页"
        return {"scheme": data["scheme"], "amount": amount, "basis": basis, "note": data["note"],
                "delivery": data["delivery"], "expected_version": data["version"]}


class FeePaidForm(StepForm):
    paid_on = forms.DateField(label="缴费日期", widget=DateInput, initial=_today)


class ExtendForm(StepForm):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=deadlines.MAX_EXTENSION_WORKDAYS,
                                  initial=deadlines.MAX_EXTENSION_WORKDAYS)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))


class ProposeDeferralForm(StepForm):
    proposed_due_on = forms.DateField(label="拟延迟答复至", widget=DateInput,
                                      help_text="应晚于现行答复期限；经审核员批准后生效，并向申请人发出延迟答复告知书。")
    reason = forms.CharField(
        label="延迟答复理由", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="《条例》第三十五条：写明申请数量、频次明显超过合理范围的情况（如本月已收到该申请人的申请件数），"
                  "申请人说明的理由，以及无法在法定期限内答复的原因。",
    )


class TransferForm(StepForm):
    to_department = forms.ModelChoiceField(label="转给", queryset=Department.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = Department.objects.recipients().exclude(
            pk=self.application.department_id
        )


REASON_CHOICES = [("", "（予以公开、部分公开无需选择）")] + [
    (reason, label) for reason, label in Reason.choices if reason not in (Reason.NO_CORRECTION, Reason.FEE_UNPAID)
]


# Rows for the parts a 部分公开 reply withholds (Art. 37); more than this go into the reply text's own table.
WITHHELD_PART_ROWS = 5
WITHHELD_REASON_CHOICES = [("", "（请选择理由）")] + [
    (Outcome(outcome).label, [(reason, Reason(reason).label) for reason in REASONS_BY_OUTCOME[outcome]])
    for outcome in (Outcome.WITHHELD, Outcome.UNAVAILABLE, Outcome.NOT_PROCESSED)
]


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices)
    reason = forms.ChoiceField(label="具体情形", choices=REASON_CHOICES, required=False)
    reply_text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))
    delivered_by = forms.ChoiceField(label="送达方式", choices=ObtainMethod.choices)
    replied_on = forms.DateField(label="答复日期", widget=DateInput, initial=_today)
    files = MultipleFileField(label="答复文件（可选，最多5个）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_by"].initial = self.application.obtain_method
        for number in range(1, WITHHELD_PART_ROWS + 1):
            self.fields[f"withheld_{number}_description"] = forms.CharField(
                label=f"不予公开的部分{number}", max_length=300, required=False,
                help_text="仅“部分公开”填写：逐项写明不予公开的内容（如“名单中的身份证号码、家庭住址”）。"
                if number == 1 else "",
            )
            self.fields[f"withheld_{number}_reason"] = forms.ChoiceField(
                label=f"不予公开的部分{number}的理由", choices=WITHHELD_REASON_CHOICES, required=False)

    def step_kwargs(self) -> dict:
        kwargs = super().step_kwargs()
        kwargs["withheld_parts"] = [
            (kwargs.pop(f"withheld_{number}_description"), kwargs.pop(f"withheld_{number}_reason"))
            for number in range(1, WITHHELD_PART_ROWS + 1)
        ]
        return kwargs


class RegisterForm(ApplicantFieldsMixin, forms.ModelForm):
    """Clerks register a request that came in person, by post, fax or e-mail, with its receipt date."""

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS + ["channel", "submitted_on", "arrived_on", "received_on"]
        widgets = {"submitted_on": DateInput, "arrived_on": DateInput, "received_on": DateInput}
        help_texts = {
            "received_on": "当面提交：即提交之日，无需填写；挂号信：签收之日；"
                           "平信、传真、电子邮件：与申请人确认收到之日（《条例》第三十一条）。尚未确认的可暂不填写，确认后再办理“确认收到申请”。",
        }

    def clean_department(self):
        department = self.cleaned_data["department"]
        if department is not None and not department.receives_requests:
            raise forms.ValidationError(
                "%(name)s不受理政府信息公开申请：涉及村（社区）事务的申请由所在乡镇人民政府（街道办事处）受理，"
                "请选择该乡镇人民政府（街道办事处）。", params={"name": department.name})
        return department

    def clean(self):
        from applications.workflow import WorkflowError, check_receipt

        cleaned = super().clean()
        channel = cleaned.get("channel")
        # Art. 31: a request handed in person is received the day it is submitted, and no other day.
        if channel == Channel.IN_PERSON:
            cleaned["submitted_on"] = cleaned.get("submitted_on") or timezone.localdate()
            if cleaned.get("received_on") and cleaned["received_on"] != cleaned["submitted_on"]:
                self.add_error("received_on", f"当面提交的申请，以提交之日（{cleaned['submitted_on']:%Y年%m月%d日}）"
                                              "为收到申请之日（《条例》第三十一条），请勿另填。")
                return cleaned
            cleaned["received_on"] = cleaned["submitted_on"]
            self.instance.submitted_on = self.instance.received_on = cleaned["received_on"]
        if channel and not self.errors:
            try:
                check_receipt(channel, submitted_on=cleaned.get("submitted_on"), arrived_on=cleaned.get("arrived_on"),
                              received_on=cleaned.get("received_on"), today=timezone.localdate())
            except WorkflowError as error:
                raise forms.ValidationError(error.message) from error
        return cleaned
