"""Admin for publications: scoped to the clerk's departments, review-before-publish as actions and buttons,
attachments inline, the change history read-only, Excel export and bulk import of drafts."""

from django import forms
from django.contrib import admin, messages
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from catalog import history, publishing
from catalog.admin_preview import PublicationPreviewMixin
from catalog.body_editor import PublicationBodyForm
from catalog.excel.publications import PublicationFormat, PublicationResource
from catalog.models import Attachment, Publication, PublicationChange
from catalog.publishing import STEPS, PublishingError
from catalog.scoping import DepartmentScopedAdminMixin
from portal import spreadsheets
from portal.admin_files import FILE_NAME_OVERRIDES
from portal.admin_filters import RelatedOnlyListFilter
from portal.admin_steps import ReasonForm, StepAdminMixin, StepForm
from portal.imports import ConfirmedImportMixin
from portal.readonly_admin import ReadOnlyInline

WORKFLOW_FIELDS = ["index_number", "status", "created_by", "submitted_by", "submitted_at", "reviewed_by",
                   "reviewed_at", "review_note", "published_at", "deadline_display", "is_timely", "withdrawn_at",
                   "withdrawn_reason", "no_interpretation_reason"]
CONTENT_FIELDS = ["entry", "division", "department", "title", "document_number", "document_type", "formed_on",
                  "interprets", "body", "validity", "validity_changed_on", "related"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["file", "name", "order", "size"]
    readonly_fields = ["size"]
    formfield_overrides = FILE_NAME_OVERRIDES

    def _is_draft(self, obj):
        return obj is None or obj.status == Publication.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_delete_permission(request, obj)


class ChangeInline(ReadOnlyInline):
    """The publication's history, newest last; nobody edits or deletes it."""

    model = PublicationChange
    fields = ["changed_at", "action", "changed_by", "summary", "note"]
    readonly_fields = fields
    verbose_name_plural = _("修改记录")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class YearFilter(admin.SimpleListFilter):
    title = _("成文年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request).order_by().annotate(y=ExtractYear("formed_on"))
            .values_list("y", flat=True).distinct()
        )
        return [(str(year), f"{year}年") for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(formed_on__year=int(value))
        return queryset


class ReviewQueueFilter(admin.SimpleListFilter):
    """A reviewer's queue (pending items of their departments that they neither drafted nor submitted) and a
    clerk's drafts sent back for changes; the work page links to both."""

    title = _("审核任务")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        choices = []
        if request.user.has_perm(publishing.REVIEW_PERMISSION):
            choices.append(("mine", _("待我审核")))
        if request.user.has_perm(publishing.CLERK_PERMISSION):
            choices.append(("returned", _("退回我修改")))
        return choices

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.awaiting_review_by(request.user)
        if self.value() == "returned":
            return queryset.returned_to(request.user)
        return queryset


class StepNoteForm(StepForm):
    """A publishing step's page and the list actions that need a note: the reviewer's opinion."""

    def __init__(self, *args, obj=None, step, **kwargs):
        super().__init__(*args, obj=obj, step=step, **kwargs)
        self.fields["note"].label = step.note_label or _("意见（可不填）")


class ApproveForm(StepNoteForm):
    """Approving: a policy document without an interpretation to publish with it asks for the reason (三同步)."""

    no_interpretation_reason = forms.CharField(
        label=_("未同步发布政策解读的原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("规章、行政规范性文件应与政策解读同步发布；已提交审核的解读将一并发布。没有解读时请写明原因。"),
    )

    def __init__(self, *args, obj=None, step, **kwargs):
        super().__init__(*args, obj=obj, step=step, **kwargs)
        if obj is None or not obj.needs_interpretation:
            del self.fields["no_interpretation_reason"]

    def step_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class WithoutInterpretationFilter(admin.SimpleListFilter):
    """政策文件未同步解读: the quarterly sheet's figure opens this list (PublicationQuerySet.without_interpretation)."""

    title = _("三同步")
    parameter_name = "without_interpretation"

    def lookups(self, request, model_admin):
        return [("1", _("政策文件未同步发布解读"))]

    def queryset(self, request, queryset):
        return queryset.without_interpretation() if self.value() == "1" else queryset


class WithdrawForm(StepNoteForm, ReasonForm):
    """Withdrawing takes the note as the reason citizens are told."""


@admin.register(Publication)
class PublicationAdmin(PublicationPreviewMixin, StepAdminMixin, DepartmentScopedAdminMixin, ConfirmedImportMixin,
                       spreadsheets.ExportFileNameMixin, ImportExportMixin, admin.ModelAdmin):
    form = PublicationBodyForm
    step_module = publishing
    resource_classes = [PublicationResource]
    formats = [PublicationFormat]
    change_form_template = "admin/catalog/publication/change_form.html"
    list_display = ["title", "index_number", "department", "status", "formed_on", "published_at",
                    "validity", "met_time_limit_display"]
    list_filter = [ReviewQueueFilter, WithoutInterpretationFilter, "status", "validity",
                   ("entry__domain", RelatedOnlyListFilter),
                   ("division", RelatedOnlyListFilter),
                   ("department", RelatedOnlyListFilter), YearFilter, "document_type", "is_timely"]
    search_fields = ["title", "index_number", "document_number"]
    list_select_related = ["department", "entry"]
    list_per_page = 50
    date_hierarchy = "published_at"
    autocomplete_fields = ["entry", "division", "related", "interprets"]
    inlines = [AttachmentInline, ChangeInline]
    actions = ["submit_selected", "approve_selected", "reject_selected", "withdraw_selected"]
    fieldsets = [
        (_("基本信息"), {"fields": ["entry", "division", "department", "title", "document_number", "document_type",
                                "formed_on", "interprets"]}),
        (_("正文"), {"fields": ["body"]}),
        (_("有效性与相关信息"), {"fields": ["validity", "validity_changed_on", "related"]}),
        (_("审核与发布"), {"fields": WORKFLOW_FIELDS, "classes": ["collapse"]}),
    ]

    @admin.display(description=_("按时公开"), boolean=True)
    def met_time_limit_display(self, obj):
        return obj.met_time_limit

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj is not None else self.fieldsets[:-1]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [AttachmentInline]

    @admin.display(description=_("公开时限截止日"))
    def deadline_display(self, obj):
        if obj.deadline_on is None:
            return "-"
        shown = f"{obj.deadline_on:%Y-%m-%d}"
        return f"{shown}（暂定：当年节假日安排尚未录入）" if obj.deadline_is_provisional else shown

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "division" in form.base_fields:
            form.base_fields["division"].required = False
            form.base_fields["division"].help_text = _("留空则为发布机构所在的区划。")
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        departments = list(self.user_departments(request).values_list("pk", flat=True)[:2])
        if len(departments) == 1:
            initial.setdefault("department", departments[0])
        return initial

    def get_readonly_fields(self, request, obj=None):
        readonly = list(WORKFLOW_FIELDS)
        editable = obj.editable_fields() if obj is not None else None
        if editable is not None:
            readonly += [name for name in CONTENT_FIELDS if name not in editable]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.editable_fields() == set():
            return False  # pending review or withdrawn: nothing to edit, the page is read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Publication.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        history.save(obj, by=request.user)

    def _submit_if_asked(self, request, obj):
        """The "保存并提交审核" button: save, then submit in one step."""
        if "_submit_for_review" not in request.POST:
            return
        try:
            publishing.submit(obj, by=request.user)
        except PublishingError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, f"“{obj.title}”已提交审核。", messages.SUCCESS)

    def response_add(self, request, obj, post_url_continue=None):
        self._submit_if_asked(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._submit_if_asked(request, obj)
        return super().response_change(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touched = []
        if change and "related" in form.changed_data:
            touched.append(str(_("相关信息")))
        if any(formset.has_changed() for formset in formsets if formset.model is Attachment):
            touched.append(str(_("附件")))
        if touched:
            history.record(form.instance, PublicationChange.Action.EDITED, by=request.user,
                           fields=["related" if t == str(_("相关信息")) else "attachments" for t in touched],
                           summary="\n".join(f"{t}：已修改" for t in touched))

    # Workflow: actions on the list, buttons on the change page -----------------------------------------------

    def _run(self, request, queryset, step_name, note=""):
        step = STEPS[step_name]
        form = self.step_form_class(step)({"note": note}, obj=None, step=step)
        form.is_valid()
        done, refused = 0, []
        for publication in queryset:
            try:
                getattr(publishing, step_name)(publication, by=request.user, **form.step_kwargs())
                done += 1
            except PublishingError as error:
                refused.append(error.message)
        if done:
            self.message_user(request, f"已{step.label} {done} 条信息。", messages.SUCCESS)
        for message in refused[:10]:
            self.message_user(request, message, messages.ERROR)
        if len(refused) > 10:
            self.message_user(request, f"另有 {len(refused) - 10} 条未能{step.label}。", messages.ERROR)

    def _run_with_note(self, request, queryset, step_name):
        step = STEPS[step_name]
        form = self.step_form_class(step)(request.POST if "apply" in request.POST else None, step=step)
        if form.is_bound:
            if form.is_valid() and form.cleaned_data["note"].strip():
                self._run(request, queryset, step_name, note=form.cleaned_data["note"])
                return None
            self.message_user(request, f"请填写{step.note_label}。", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": step.label,
            "opts": self.model._meta,
            "step": step,
            "form": form,
            "queryset": queryset,
            "action": f"{step_name}_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/publication/step_note.html", context)

    @admin.action(description=_("提交审核"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run(request, queryset, "submit")

    @admin.action(description=_("审核通过并发布"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._run(request, queryset, "approve")

    @admin.action(description=_("退回修改"), permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._run_with_note(request, queryset, "reject")

    @admin.action(description=_("撤回已发布的信息"), permissions=["review"])
    def withdraw_selected(self, request, queryset):
        return self._run_with_note(request, queryset, "withdraw")

    def has_review_permission(self, request):
        return request.user.has_perm(publishing.REVIEW_PERMISSION)

    # Excel ------------------------------------------------------------------------------------------------------

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def import_job_resource(self, job):
        return PublicationResource(user=job.created_by)

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def has_import_permission(self, request):
        return request.user.has_perm("catalog.add_publication")

    unreadable_file_message = "无法读取该文件，请上传由本系统导出的公开信息 Excel 表格（.xlsx）。"

    def has_export_permission(self, request):
        return request.user.has_perm("catalog.view_publication")

    def get_export_filename(self, request, queryset, file_format):
        return "公开信息.xlsx"
