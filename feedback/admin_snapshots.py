"""Admin for 随手拍: categories, and reports handled through the step pages of feedback.snapshots.

Staff see the reports their departments received or handle (village reports are the township staff's work,
catalog.access); supervisors see all, and the 督办 filter lists the dispatched reports past their deadline.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from catalog.roles import sees_all_departments
from feedback import snapshots
from feedback.models import IssueCategory, IssueEvent, IssuePhoto, IssueReport, IssueStatus
from feedback.privacy import redact
from portal import badges
from portal.admin_steps import StepAdminMixin, StepForm
from portal.photos import PhotosField
from portal.readonly_admin import ReadOnlyInline

FACES_AND_PLATES = _("公开前请逐张查看照片：照片中能认出的人脸、车牌号、门牌号、证件等个人信息不得公开；"
                     "有这些内容的照片请不要勾选。")


def _departments():
    return Department.objects.active().select_related("division").order_by("division__level", "division__tree_id",
                                                                            "division__lft", "order", "code")


class DispatchForm(StepForm):
    department = forms.ModelChoiceField(label=_("承办单位"), queryset=Department.objects.none(),
                                        error_messages={"required": _("请选择承办单位。")})
    workdays = forms.IntegerField(label=_("办理期限（工作日）"), min_value=1, max_value=60,
                                  error_messages={"required": _("请填写办理期限。"),
                                                  "min_value": _("办理期限至少1个工作日。"),
                                                  "max_value": _("办理期限最多60个工作日。"),
                                                  "invalid": _("办理期限请填写整数。")},
                                  help_text=_("从交办次日起算，节假日不计。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()
        self.fields["workdays"].initial = settings.ISSUE_DUE_WORKDAYS
        self.fields["note"].label = _("交办意见")


class TransferForm(StepForm):
    department = forms.ModelChoiceField(label=_("转给"), queryset=Department.objects.none(),
                                        error_messages={"required": _("请选择转办的单位。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments().exclude(pk=self.obj.department_id)


class ReplyForm(StepForm):
    note = None
    text = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000,
                           error_messages={"required": _("请填写办理结果。")},
                           help_text=_("群众将看到这段答复；同意公开的，审核后也会显示在随手拍公开栏。"))
    photos = PhotosField(label=_("办理结果照片（可选）"), max_count=snapshots.MAX_PHOTOS,
                         help_text=_("最多5张，jpg、png 或 webp；照片的拍摄地点等信息会在保存前去除。"))

    def step_kwargs(self) -> dict:
        return {"text": self.cleaned_data["text"], "photos": self.cleaned_data["photos"]}


class PublicForm(StepForm):
    """What goes on the board: the text without personal data, and the photos staff checked."""

    note = None
    public_body = forms.CharField(label=_("公开的问题描述"), widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": _("请填写公开的问题描述。")},
                                  help_text=_("已自动去除电话、身份证号等；请再删去姓名、门牌号等能认出个人的内容。"))
    public_reply = forms.CharField(label=_("公开的办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo_ids = forms.MultipleChoiceField(label=_("公开的照片"), required=False,
                                          widget=forms.CheckboxSelectMultiple, help_text=FACES_AND_PLATES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.obj
        self.fields["public_body"].initial = report.public_body or redact(report.body, names=(report.name,))
        self.fields["public_reply"].initial = report.public_reply or redact(report.reply, names=(report.name,))
        self.fields["photo_ids"].choices = [
            (str(photo.pk), format_html('<img src="{}" alt="{}" style="max-width:240px;vertical-align:top"> {}',
                                        photo.image.url, photo.get_kind_display(), photo.get_kind_display()))
            for photo in report.photos.all()
        ]
        self.fields["photo_ids"].initial = [str(photo.pk) for photo in report.photos.all() if photo.is_public]

    def step_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"public_body": data["public_body"], "public_reply": data["public_reply"],
                "photo_ids": [int(pk) for pk in data["photo_ids"]]}


@admin.register(IssueCategory)
class IssueCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "order", "is_active"]
    list_editable = ["order", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # A category in use stays (PROTECT); switch it off instead.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.reports.exists())


class IssuePhotoInline(ReadOnlyInline):
    model = IssuePhoto
    fields = ["kind", "thumbnail", "is_public", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("照片（已去除拍摄地点等信息）")

    @admin.display(description=_("照片"))
    def thumbnail(self, obj):
        return format_html('<a href="{}"><img src="{}" alt="{}" style="max-width:200px"></a>', obj.image.url,
                           obj.image.url, obj.get_kind_display())


class IssueEventInline(ReadOnlyInline):
    model = IssueEvent
    fields = ["at", "kind", "by", "from_department", "to_department", "due_on", "status_after", "note"]
    verbose_name_plural = _("办理记录")


class OverdueFilter(admin.SimpleListFilter):
    """督办: dispatched reports past their deadline (IssueReportQuerySet.overdue)."""

    title = _("督办")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("已逾期"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(on=timezone.localdate())
        return queryset


class PublicFilter(admin.SimpleListFilter):
    title = _("公开")
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [("pending", _("群众同意公开、待审核")), ("yes", _("已公开"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.awaiting_public_review()
        if self.value() == "yes":
            return queryset.public()
        return queryset


@admin.register(IssueReport)
class IssueReportAdmin(StepAdminMixin, admin.ModelAdmin):
    step_module = snapshots
    change_form_template = "admin/step_change_form.html"
    inlines = [IssuePhotoInline, IssueEventInline]
    list_display = ["tracking_number", "category", "division", "status", "department", "due", "created_at",
                    "is_public"]
    list_filter = ["status", OverdueFilter, PublicFilter, "category", ("department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["category", "division", "department"]
    search_fields = ["tracking_number", "body", "phone"]
    show_full_result_count = False
    fieldsets = [
        (_("群众反映"), {"fields": ["tracking_number", "category", "division", "location", "body", "name", "phone",
                                "wants_public", "created_at"]}),
        (_("办理"), {"fields": ["status", "receiver", "department", "dispatched_at", "due_on", "due_is_provisional",
                              "reply", "replied_at", "rating"]}),
        (_("公开栏"), {"fields": ["is_public", "public_body", "public_reply"]}),
    ]
    readonly_fields = [name for _title, options in fieldsets for name in options["fields"]]

    @admin.display(description=_("办理期限"))
    def due(self, obj):
        if obj.status != IssueStatus.DISPATCHED:
            return "—"
        return badges.render_deadline(**obj.deadline_badge())

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all_departments(request.user):
            return queryset
        return queryset.for_user(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())

    def has_change_permission(self, request, obj=None):
        return False  # every change is a step (feedback.snapshots)

    def has_add_permission(self, request):
        return False  # citizens report on the public site; nothing is typed in for them

    def has_delete_permission(self, request, obj=None):
        return False

    def step_templates(self) -> list[str]:
        return ["admin/feedback/issuereport/step.html", *super().step_templates()]
