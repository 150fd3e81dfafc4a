"""Admin for satisfaction surveys: the questionnaire built with inlines, the clerks' paper entry (one page per
questionnaire, keyboard only, 保存并录入下一份) and the questionnaires returned (read-only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from catalog.scoping import DepartmentScopedAdminMixin
from feedback import surveys
from feedback.errors import FeedbackError
from feedback.models import Question, Survey, SurveyResponse
from feedback.survey_forms import PaperForm
from portal.readonly_admin import ReadOnlyAdminMixin


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 3
    fields = ["order", "text", "kind", "options", "is_required"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "options":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 30})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _answered(self, obj) -> bool:
        return obj is not None and obj.pk is not None and obj.responses.exists()

    # Once questionnaires came back, the questions are what they answered: changing them would change the answers.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._answered(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._answered(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._answered(obj)


@admin.register(Survey)
class SurveyAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "department", "opens_on", "closes_on", "is_published", "figures_line", "links"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    date_hierarchy = "opens_on"
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "department", "intro", "opens_on", "closes_on", "is_published"]}),
        ("统计", {"fields": ["issued_count"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        mine = list(self.user_departments(request)[:2])
        if len(mine) == 1:
            initial.setdefault("department", mine[0].pk)
        return initial

    @admin.display(description="回收 / 有效 / 有效率")
    def figures_line(self, obj):
        f = obj.figures()
        rate = "—" if f.valid_rate is None else f"{f.valid_rate}%"
        return f"{f.returned}（线上{f.online}，线下{f.offline}）/ {f.valid} / {rate}"

    @admin.display(description="操作")
    def links(self, obj):
        return format_html('<a href="{}">录入纸质问卷</a> · <a href="{}">查看结果</a>',
                           reverse("admin:feedback_survey_paper", args=[obj.pk]),
                           reverse("reports:survey_results", args=[obj.pk]))

    def get_urls(self):
        return [path("<int:pk>/paper/", self.admin_site.admin_view(self.paper_view), name="feedback_survey_paper"),
                *super().get_urls()]

    def paper_view(self, request, pk):
        """One paper questionnaire per page: typed in with digits, 保存并录入下一份 shows an empty page again."""
        survey = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            surveys.check_can_enter_paper(survey, by=request.user)
        except FeedbackError as error:
            raise PermissionDenied(error.message) from None
        questions = list(survey.questions.all())
        form = PaperForm(request.POST or None, questions=questions)
        if request.method == "POST" and form.is_valid():
            try:
                response = surveys.submit_response(
                    survey, form.answers(), channel=SurveyResponse.Channel.OFFLINE, by=request.user,
                    paper_number=form.cleaned_data["paper_number"])
            except FeedbackError as error:
                messages.error(request, error.message)
            else:
                count = survey.responses.filter(channel=SurveyResponse.Channel.OFFLINE).count()
                verdict = "有效" if response.is_valid else f"无效（缺答必答题第{response.missing}题）"
                messages.success(request, f"已保存第 {count} 份纸质问卷：{verdict}。")
                if "_next" in request.POST:
                    return redirect("admin:feedback_survey_paper", pk=survey.pk)
                return redirect("admin:feedback_survey_change", survey.pk)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": survey, "survey": survey,
            "form": form, "title": f"录入纸质问卷：{survey}", "figures": survey.figures(),
        }
        return TemplateResponse(request, "admin/feedback/survey/paper.html", context)


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_path = "survey__department"
    list_display = ["pk", "survey", "channel", "is_valid", "missing", "paper_number", "submitted_at", "entered_by"]
    list_filter = ["channel", "is_valid"]
    search_fields = ["paper_number", "survey__title"]
    fields = ["survey", "channel", "is_valid", "missing", "paper_number", "submitted_at", "entered_by", "answers_list"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survey", "entered_by")

    @admin.display(description="回答")
    def answers_list(self, obj):
        rows = []
        for answer in obj.answers.select_related("question").order_by("question__order", "number"):
            q = answer.question
            value = answer.text if q.kind == Question.Kind.TEXT else q.option_list[answer.number - 1]
            rows.append((q.order, q.text, value))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}. {}：{}</li>", rows)) if rows else "（未作答）"
