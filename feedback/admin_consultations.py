"""Admin for 意见征集: the draft with its dates and explanation, its steps (发布征求意见, 公布意见采纳情况), and
the comments, moderated one by one (审核通过并公开, 不予公开) and answered with their 采纳情况 on the consultation's
page."""

import datetime as dt

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.scoping import DepartmentScopedAdminMixin
from feedback import comments, consultations
from feedback.models import Comment, Consultation
from feedback.models.consultations import MIN_COMMENT_DAYS
from portal.admin_steps import StepAdminMixin

C = Consultation.Status
DRAFT_FIELDS = ["title", "department", "explanation", "draft_text", "opens_on", "contact"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    can_delete = False
    fields = ["submitted_at", "body", "commenter", "status", "adoption", "adoption_note", "moderate"]
    readonly_fields = ["submitted_at", "body", "commenter", "status", "moderate"]
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.status != C.CONCLUDED)

    @admin.display(description="意见人")
    def commenter(self, obj):
        parts = [obj.name or "未留称呼", obj.phone or "未留电话"]
        if obj.wants_reply:
            parts.append("需要回复")
        if obj.show_name:
            parts.append("同意公开称呼")
        return "，".join(parts)

    @admin.display(description="审核")
    def moderate(self, obj):
        if obj.pk is None:
            return ""
        return format_html('<a href="{}">审核</a>', reverse("admin:feedback_comment_change", args=[obj.pk]))


@admin.register(Consultation)
class ConsultationAdmin(StepAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    step_module = consultations
    change_form_template = "admin/step_change_form.html"
    list_display = ["title", "department", "opens_on", "closes_on", "status", "comment_counts"]
    list_filter = ["status"]
    search_fields = ["title"]
    autocomplete_fields = ["final_publication"]
    inlines = [CommentInline]
    fieldsets = [
        ("征求意见稿", {"fields": DRAFT_FIELDS}),
        ("征求意见期限", {"fields": ["closes_on", "shortened_reason"], "description": (
            f"一般不少于{MIN_COMMENT_DAYS}日（重大行政决策程序暂行条例）；确需缩短的，写明理由。")}),
        ("意见采纳情况", {"fields": ["feedback_summary", "final_publication"]}),
        ("状态", {"fields": ["status", "published_at", "feedback_published_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        today = timezone.localdate()
        initial.setdefault("opens_on", today)
        initial.setdefault("closes_on", today + dt.timedelta(days=MIN_COMMENT_DAYS - 1))
        mine = list(self.user_departments(request)[:2])
        if len(mine) == 1:
            initial.setdefault("department", mine[0].pk)
        return initial

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "published_at", "feedback_published_at"]
        if obj is not None and obj.status != C.DRAFT:
            readonly += DRAFT_FIELDS  # what the public commented on stays as it was published
        if obj is not None and obj.status == C.CONCLUDED:
            readonly += ["closes_on", "shortened_reason", "feedback_summary"]
        return readonly

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="意见（待审核 / 已公开 / 不予公开）")
    def comment_counts(self, obj):
        counts = {status: 0 for status in Comment.Status.values}
        for status in obj.comments.values_list("status", flat=True):
            counts[status] += 1
        return f"{counts['pending']} / {counts['shown']} / {counts['hidden']}"


@admin.register(Comment)
class CommentAdmin(StepAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    step_module = comments
    change_form_template = "admin/step_change_form.html"
    department_path = "consultation__department"
    list_display = ["pk", "consultation", "submitted_at", "status", "wants_reply", "adoption"]
    list_filter = ["status", "wants_reply", "adoption"]
    search_fields = ["body", "consultation__title"]
    fields = ["consultation", "submitted_at", "body", "name", "phone", "wants_reply", "show_name", "status",
              "moderated_by", "moderated_at", "hidden_reason", "adoption", "adoption_note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultation", "consultation__department")

    def get_readonly_fields(self, request, obj=None):
        readonly = [name for name in self.fields if name not in ("adoption", "adoption_note")]
        if obj is not None and obj.consultation.status == C.CONCLUDED:
            readonly += ["adoption", "adoption_note"]
        return readonly

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
