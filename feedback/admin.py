"""Admin for ratings, callback cases, appeals and messages. Every step goes through the service modules.

Clerks see their departments' work only (DepartmentScopedAdminMixin); supervisors see all and alone may close
a callback case or decide an appeal.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from catalog.models import Publication
from catalog.scoping import DepartmentScopedAdminMixin
from feedback import (
    admin_consultations,  # noqa: F401  (registers the 意见征集 admin)
    admin_review_points,  # noqa: F401  (registers the review point admin)
    admin_snapshots,  # noqa: F401  (registers the 随手拍 admin)
    admin_surveys,  # noqa: F401  (registers the survey admin)
    appeals,
    callbacks,
    inbox,
)
from feedback.errors import FeedbackError
from feedback.models import Appeal, Callback, CallbackAttempt, CallbackEvent, Message, Rating
from portal import audit, badges
from portal.access_log import PersonalDataAdminMixin
from portal.admin_filters import RelatedOnlyListFilter
from portal.admin_steps import StepAdminMixin, StepForm
from portal.change_records import ChangeRecordAdminMixin
from portal.readonly_admin import ReadOnlyAdminMixin, ReadOnlyInline

#: How many closed cases a spot-check sample draws (CallbackQuerySet.spot_check_sample).
SPOT_CHECK_SAMPLE_SIZE = 10


def _copy_into(target, source) -> None:
    """Make the admin's unsaved `target` the object a service created, for the admin's redirect and message."""
    target.__dict__.update({k: v for k, v in source.__dict__.items() if k != "_state"})
    target._state.adding = False


def _deadline_changes(obj) -> str:
    """How the case's or message's deadlines moved when a holiday schedule was entered (feedback.recalculation)."""
    changes = list(obj.deadline_changes.all()) if obj.pk else []
    if not changes:
        return _("无")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}：{} → {}（{}，{}）</li>", (
        (change.get_field_display(), date_format(change.old_on), date_format(change.new_on), change.reason,
         date_format(timezone.localtime(change.at), "Y-m-d H:i"))
        for change in changes
    )))


def _due(day, is_provisional: bool, *, done_as: str | None, is_open: bool = True) -> str:
    """The deadline badge for a due date: `done_as` says what was done in time or late (None while not done)."""
    if done_as is not None or not is_open:
        return badges.render_deadline(day, "done", is_provisional=is_provisional, label=done_as or "")
    state = "overdue" if day < timezone.localdate() else "normal"
    return badges.render_deadline(day, state, is_provisional=is_provisional)


class OverdueFilter(admin.SimpleListFilter):
    title = _("是否逾期")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("已逾期")), ("no", _("未逾期"))]

    def queryset(self, request, queryset):
        overdue = queryset.overdue(on=timezone.localdate())
        if self.value() == "yes":
            return overdue
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class AnsweredFilter(admin.SimpleListFilter):
    title = _("是否答复")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("no", _("未答复")), ("yes", _("已答复"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.pending()
        if self.value() == "yes":
            return queryset.answered()
        return queryset


class MessageOverdueFilter(OverdueFilter):
    """Overdue and still unanswered, or answered after the due date (逾期答复)."""

    def lookups(self, request, model_admin):
        return super().lookups(request, model_admin) + [("answered_late", _("逾期答复"))]

    def queryset(self, request, queryset):
        if self.value() == "answered_late":
            return queryset.answered_late()
        return super().queryset(request, queryset)


class RatingGradeFilter(admin.SimpleListFilter):
    """好评/差评 by the rating queryset's own rules (the assessment sheet's figures link here)."""

    title = _("好差评")
    parameter_name = "grade"

    def lookups(self, request, model_admin):
        return [("satisfied", _("满意（含基本满意）")), ("bad", _("差评")), ("to_call_back", _("应回访差评")),
                ("cannot_call_back", _("无法回访"))]

    def queryset(self, request, queryset):
        if self.value() == "satisfied":
            return queryset.satisfied()
        if self.value() == "bad":
            return queryset.bad()
        if self.value() == "to_call_back":
            return queryset.to_call_back()
        if self.value() == "cannot_call_back":
            return queryset.cannot_call_back()
        return queryset


class UnownedFilter(admin.SimpleListFilter):
    """无人处理: open cases or unanswered messages of a department nobody can act for (the supervisors' alarm)."""

    title = _("无人处理")
    parameter_name = "unowned"

    def lookups(self, request, model_admin):
        return [("yes", _("无人处理"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.unowned()
        return queryset


class SpotCheckFilter(admin.SimpleListFilter):
    """A random sample of closed cases not yet spot-checked (?spot_check=<seed>: the same seed, the same sample)."""

    title = _("抽查")
    parameter_name = "spot_check"

    def lookups(self, request, model_admin):
        today = timezone.localdate().isoformat()
        choices = [(today, _("今日随机抽样（%(n)s件）") % {"n": SPOT_CHECK_SAMPLE_SIZE}), ("done", _("已抽查"))]
        if self.value() and self.value() not in (today, "done"):
            choices.append((self.value(), _("抽样 %(seed)s") % {"seed": self.value()}))
        return choices

    def queryset(self, request, queryset):
        if self.value() == "done":
            return queryset.spot_checked()
        if self.value():
            return queryset.spot_check_sample(SPOT_CHECK_SAMPLE_SIZE, seed=self.value())
        return queryset


class RatedBetweenFilter(admin.SimpleListFilter):
    """Cases of the bad ratings counted in a period (?rated=YYYY-MM-DD..YYYY-MM-DD), as the assessment counts them."""

    title = _("差评时段")
    parameter_name = "rated"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        choices = [(f"{start.isoformat()}..{today.isoformat()}", _("本季度差评"))]
        chosen = self.value()
        if chosen and chosen != choices[0][0]:
            choices.append((chosen, chosen.replace("..", " 至 ")))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            start, end = (dt.date.fromisoformat(part) for part in self.value().split("..", 1))
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        return queryset.of_bad_ratings(start, end)


class ProgressFilter(admin.SimpleListFilter):
    title = _("回访整改")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [("called_back_on_time", _("按时回访")), ("rectified", _("已整改"))]

    def queryset(self, request, queryset):
        if self.value() == "called_back_on_time":
            return queryset.called_back_on_time()
        if self.value() == "rectified":
            return queryset.rectified()
        return queryset


# ---- ratings -----------------------------------------------------------------------------------------------


@admin.register(Rating)
class RatingAdmin(PersonalDataAdminMixin, ReadOnlyAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    """A rating's page shows the citizen's name and phone: opening it is on the personal-data access log."""

    list_display = ["created_at", "level", "target_display", "department", "channel", "has_contact",
                    "is_removed", "callback_link", "appeal_link"]
    list_filter = [RatingGradeFilter, "level", "channel", "is_removed", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["comment", "phone"]
    list_select_related = ["department", "publication", "review_point", "application", "callback"]
    date_hierarchy = "created_at"
    readonly_fields = ["level", "department", "publication", "review_point", "application", "channel", "comment",
                       "name", "phone", "created_at", "is_removed"]
    fields = readonly_fields
    actions = ["open_callbacks"]
    show_full_result_count = False

    def has_open_callback_permission(self, request):
        """Department staff open callbacks; supervisors (who may only close them) do not."""
        return request.user.has_perm(callbacks.RECORD_PERMISSION)

    @admin.display(description=_("评价对象"))
    def target_display(self, obj):
        return f"{Rating.Target(obj.target_kind).label}：{obj.target}"

    @admin.display(description=_("留有电话"), boolean=True)
    def has_contact(self, obj):
        return bool(obj.phone)

    @admin.display(description=_("回访"))
    def callback_link(self, obj):
        case = getattr(obj, "callback", None)
        if case is None:
            return _("无法回访") if obj.cannot_be_called_back else "—"
        url = reverse("admin:feedback_callback_change", args=[case.pk])
        return format_html('<a href="{}">{}</a>', url, case.get_status_display())

    @admin.display(description=_("申诉"))
    def appeal_link(self, obj):
        if obj.is_removed:
            return _("已核销")
        url = reverse("admin:feedback_appeal_add") + f"?rating={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("提出申诉"))

    @admin.action(description=_("对所选评价发起回访"), permissions=["open_callback"])
    def open_callbacks(self, request, queryset):
        opened = 0
        for rating in queryset.select_related("callback"):
            try:
                case = callbacks.open_case(rating, opened_on=timezone.localdate())
            except FeedbackError as error:
                messages.error(request, f"{rating}：{error.message}")
            else:
                audit.record(request.user, case, "对评价发起回访", flag=audit.ADDED)
                opened += 1
        if opened:
            messages.success(request, _("已发起 %(n)s 个回访。") % {"n": opened})


# ---- callbacks ---------------------------------------------------------------------------------------------


class AttemptFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.extra_forms:
            if not form.has_changed() or not hasattr(form, "cleaned_data"):
                continue
            try:
                callbacks.check_can_record(
                    self.instance, is_reached=form.cleaned_data.get("is_reached", False),
                    is_satisfied=form.cleaned_data.get("is_satisfied", False),
                    rectification=form.cleaned_data.get("rectification", ""),
                )
            except FeedbackError as error:
                raise forms.ValidationError(error.message) from error


class CallbackAttemptInline(admin.StackedInline):
    model = CallbackAttempt
    formset = AttemptFormSet
    fields = ["called_at", "method", "is_reached", "citizen_said", "rectification", "is_satisfied", "called_by"]
    readonly_fields = ["called_by"]
    can_delete = False
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.is_open else 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_open and request.user.has_perm("feedback.add_callbackattempt")

    def has_change_permission(self, request, obj=None):
        return False


class RectificationForm(StepForm):
    """What the department fixed, and the corrected item when the rated one was put right; the case stays open
    until the citizen is called back on the result."""

    note = None
    rectification = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("整改完成后填写；回访群众确认结果后方可办结。"))
    corrected_publication = forms.ModelChoiceField(
        label=_("整改后的信息"), queryset=Publication.objects.none(), required=False,
        help_text=_("评价的信息有误并已改正发布时选择。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rating = self.obj.rating
        if rating.publication_id is None:
            del self.fields["corrected_publication"]
        else:
            self.fields["corrected_publication"].queryset = (
                Publication.objects.public().filter(department_id=rating.department_id).order_by("-published_at"))
            self.fields["corrected_publication"].initial = rating.publication_id


class SpotCheckForm(StepForm):
    """A supervisor's spot-check call on a closed case: what the citizen said, and whether it was put right."""

    is_confirmed = forms.TypedChoiceField(
        label=_("抽查结果"), choices=[("1", _("群众确认已整改、满意")), ("0", _("群众未确认（可重新打开）"))],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )

    def step_kwargs(self) -> dict:
        return {"is_confirmed": self.cleaned_data["is_confirmed"], "note": self.cleaned_data["note"]}


class CallbackEventInline(ReadOnlyInline):
    model = CallbackEvent
    fields = ["at", "kind", "by", "is_confirmed", "note"]
    verbose_name_plural = _("督查记录（抽查与重新打开）")


@admin.register(Callback)
class CallbackAdmin(PersonalDataAdminMixin, ChangeRecordAdminMixin, StepAdminMixin, DepartmentScopedAdminMixin,
                    admin.ModelAdmin):
    step_module = callbacks
    change_form_template = "admin/step_change_form.html"
    inlines = [CallbackAttemptInline, CallbackEventInline]
    list_display = ["case_number", "department", "rating_level", "status", "overdue_flag", "opened_on", "callback_due",
                    "rectification_due", "first_called_at", "rectified_at"]
    list_display_links = ["case_number"]
    list_filter = ["status", OverdueFilter, ProgressFilter, RatedBetweenFilter, UnownedFilter, SpotCheckFilter,
                   ("rating__department", RelatedOnlyListFilter), "department__division__level"]
    list_select_related = ["department", "rating"]
    search_fields = ["rating__phone", "department__name"]
    readonly_fields = ["rating_display", "citizen", "department", "handled_by", "status", "opened_on",
                       "callback_due_on", "rectification_due_on", "due_dates_provisional", "deadline_changes",
                       "first_called_at", "rectification", "corrected_publication", "rectified_at", "closed_at",
                       "closed_by", "close_reason"]
    show_full_result_count = False
    fieldsets = [
        (_("评价"), {"fields": ["rating_display", "citizen", "department", "handled_by"]}),
        (_("期限与进度"), {"fields": ["status", "opened_on", "callback_due_on", "rectification_due_on",
                                   "due_dates_provisional", "deadline_changes", "first_called_at", "rectification",
                                   "corrected_publication", "rectified_at", "closed_at", "closed_by",
                                   "close_reason"]}),
    ]

    @admin.display(description=_("代为办理单位"))
    def handled_by(self, obj):
        return obj.department.handled_by or "—"

    @admin.display(description=_("期限调整记录"))
    def deadline_changes(self, obj):
        return _deadline_changes(obj)

    def get_ordering(self, request):
        """The queue: open cases first, the nearest due date first."""
        return Callback.queue_ordering()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """The case's own fields are read-only: saving records the attempts of the inline (save_formset)."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not CallbackAttempt:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for attempt_form in formset.extra_forms:
            if not attempt_form.has_changed():
                continue
            data = attempt_form.cleaned_data
            try:
                attempt = callbacks.record_attempt(
                    form.instance, by=request.user, method=data["method"], is_reached=data["is_reached"],
                    citizen_said=data["citizen_said"], rectification=data["rectification"],
                    is_satisfied=data["is_satisfied"], called_at=data["called_at"],
                )
            except FeedbackError as error:
                messages.error(request, error.message)
            else:
                formset.new_objects.append(attempt)

    @admin.display(description=_("评价"))
    def rating_display(self, obj):
        rating = obj.rating
        when = timezone.localtime(rating.created_at)
        return f"{rating.get_level_display()}（{when:%Y-%m-%d %H:%M}）{rating.target}：{rating.comment or '无意见'}"

    @admin.display(description=_("群众联系方式"))
    def citizen(self, obj):
        return " ".join(filter(None, [obj.rating.name, obj.rating.phone])) or _("未留联系方式")

    @admin.display(description=_("评价等级"), ordering="rating__level")
    def rating_level(self, obj):
        return obj.rating.get_level_display()

    @admin.display(description=_("编号"), ordering="pk")
    def case_number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description=_("回访期限"), ordering="callback_due_on")
    def callback_due(self, obj):
        return _due(obj.callback_due_on, obj.due_dates_provisional, is_open=obj.is_open,
                    done_as=_("已回访") if obj.first_called_at else None)

    @admin.display(description=_("整改期限"), ordering="rectification_due_on")
    def rectification_due(self, obj):
        return _due(obj.rectification_due_on, obj.due_dates_provisional, is_open=obj.is_open,
                    done_as=_("已整改") if obj.rectified_at else None)

    @admin.display(description=_("逾期"))
    def overdue_flag(self, obj):
        return format_html('<strong class="days-left-overdue">{}</strong>', _("已逾期")) if obj.is_overdue() else "—"


# ---- appeals -----------------------------------------------------------------------------------------------


class AppealAddForm(forms.ModelForm):
    user = None

    class Meta:
        model = Appeal
        fields = ["rating", "reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rating") is not None:
            try:
                appeals.check_can_file(cleaned["rating"], by=self.user, reason=cleaned.get("reason", ""))
            except FeedbackError as error:
                raise forms.ValidationError(error.message) from error
        return cleaned


class DecisionForm(StepForm):
    """A supervisor's decision on an appeal, with the reasons (required to uphold it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("复核意见")


@admin.register(Appeal)
class AppealAdmin(StepAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    step_module = appeals
    change_form_template = "admin/step_change_form.html"
    list_display = ["__str__", "rating_level", "department", "status", "filed_at", "filed_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["department", "rating", "filed_by"]
    raw_id_fields = ["rating"]
    readonly_fields = ["rating_display", "department", "reason", "status", "filed_by", "filed_at", "decided_by",
                       "decided_at", "decision_note"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["rating", "reason"]
        return list(self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AppealAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:  # the decision is a step (uphold, dismiss), the appeal's own fields are read-only
            _copy_into(obj, appeals.file_appeal(obj.rating, by=request.user, reason=obj.reason))

    @admin.display(description=_("评价"))
    def rating_display(self, obj):
        rating = obj.rating
        return f"{rating.get_level_display()} {timezone.localtime(rating.created_at):%Y-%m-%d} {rating.target}：" \
               f"{rating.comment or '无意见'}"

    @admin.display(description=_("评价等级"))
    def rating_level(self, obj):
        return obj.rating.get_level_display()


# ---- messages ----------------------------------------------------------------------------------------------


class MessageAdminForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["answer", "is_published", "public_subject", "public_body", "public_answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_answered:
            # What the public Q&A would show, for the clerk to check before ticking 公开 (answers from before
            # the copy was prepared on answering have none stored yet).
            for field, text in inbox.public_copy(self.instance).items():
                if field in self.fields and not getattr(self.instance, field):
                    self.initial[field] = text

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer", "") if "answer" in self.fields else self.instance.answer
        if cleaned.get("is_published") and not (answer or "").strip():
            self.add_error("is_published", _("答复后才能公开。"))
        return cleaned


@admin.register(Message)
class MessageAdmin(PersonalDataAdminMixin, ChangeRecordAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    """Answering and publishing are two steps: the answer is saved with a redacted public copy, which the clerk
    then sees, may correct, and publishes by ticking 公开到问答; nothing is published unseen."""

    form = MessageAdminForm
    list_display = ["tracking_number", "kind", "subject", "department", "created_at", "due", "answered_at",
                    "is_published", "answer_level", "overdue_flag"]
    list_filter = ["kind", AnsweredFilter, MessageOverdueFilter, UnownedFilter, "is_published", "answer_level",
                   ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["department"]
    search_fields = ["tracking_number", "subject"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    citizen_fields = ["tracking_number", "kind", "department", "page_url", "subject", "body", "name", "phone",
                      "created_at", "due_on", "due_is_provisional", "deadline_changes"]
    answer_fields = ["timeliness", "answered_at", "answered_by", "answer_level", "answer_rated_at"]
    public_fields = ["is_published", "public_subject", "public_body", "public_answer"]

    @admin.display(description=_("答复时效"))
    def timeliness(self, obj):
        return self.due(obj)

    @admin.display(description=_("期限调整记录"))
    def deadline_changes(self, obj):
        return _deadline_changes(obj)

    def get_fieldsets(self, request, obj=None):
        sets = [(_("留言"), {"fields": self.citizen_fields}), (_("答复"), {"fields": ["answer"] + self.answer_fields})]
        if obj is not None and obj.is_answered:
            sets.append((_("公开到问答（以下为自动去除个人信息后将公开的文本，请核对、修改后再勾选公开）"),
                         {"fields": self.public_fields}))
        return sets

    def get_readonly_fields(self, request, obj=None):
        readonly = self.citizen_fields + self.answer_fields
        if obj is not None and obj.is_answered:
            readonly = readonly + ["answer"]
        return readonly

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        was_answered = Message.objects.answered().filter(pk=obj.pk).exists()
        if not was_answered:
            if form.cleaned_data.get("answer", "").strip():
                inbox.answer_message(obj, by=request.user, answer=form.cleaned_data["answer"])
                request.message_just_answered = True
            return
        obj.save(update_fields=["public_subject", "public_body", "public_answer"])
        if "is_published" in form.changed_data:
            inbox.set_published(obj, form.cleaned_data["is_published"])

    def response_change(self, request, obj):
        if getattr(request, "message_just_answered", False):
            messages.success(request, _("答复已保存。下方“公开到问答”是去除个人信息后将公开的标题、内容和答复："
                                        "请核对（可修改），需要公开时勾选“公开到问答”并保存。"))
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due(self, obj):
        if obj.is_answered_late:
            return badges.render_deadline(obj.due_on, "overdue", label=_("逾期答复"))
        if obj.is_answered:
            return _due(obj.due_on, obj.due_is_provisional, done_as=_("已答复"))
        return badges.render_deadline(obj.due_on, "overdue" if obj.is_overdue() else "normal",
                                      is_provisional=obj.due_is_provisional)

    @admin.display(description=_("逾期"))
    def overdue_flag(self, obj):
        if obj.is_overdue():
            return format_html('<strong class="days-left-overdue">{}</strong>', _("已逾期"))
        if obj.is_answered_late:
            return format_html('<strong class="days-left-overdue">{}</strong>', _("逾期答复"))
        return "—"
