"""One way to take a workflow step in the admin, for every app: the buttons on a change page and the step page
behind each come from the service module's `Step` table (portal.steps), the contrib way (get_urls +
admin_site.admin_view + a form + TemplateResponse, as `UserAdmin.user_change_password`).

A ModelAdmin using `StepAdminMixin` names its service module (`step_module`) with
- `STEPS`, the table;
- one function per step named after it, called as `function(obj, by=user, **form.step_kwargs())`;
- `check(step_name, obj, by=user)`, which refuses a step page the user may not use;
- `allowed_steps(obj, user)`, the buttons.
Each step declares its form (`Step.form`, a subclass of `StepForm`); a refused step's message
(portal.errors.StepRefused) is shown on the step page and nothing is stored. A step taken is also written to the
admin's log (LogEntry), besides the record's own history that the step function writes.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.module_loading import import_string

from portal.errors import StepRefused


class StepForm(forms.Form):
    """The input of one step on one record; `step_kwargs()` are the keyword arguments of the step's function."""

    note = forms.CharField(label="办理说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, obj, step, **kwargs):
        self.obj = obj
        self.step = step
        super().__init__(*args, **kwargs)
        if step.note_label and "note" in self.fields:
            self.fields["note"].label = step.note_label  # required by the step itself, which says so in its words

    def step_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    def after_refusal(self):
        """The form to show again once the step was refused (the record re-read): by default the same."""
        return self


class ReasonForm(StepForm):
    """A step whose function takes the note as its `reason` (withdrawing a publication, closing a callback)."""

    def step_kwargs(self) -> dict:
        return {"reason": self.cleaned_data["note"]}


class StepAdminMixin:
    #: The service module with the step table, the step functions and allowed_steps(obj, user).
    step_module = None
    step_template = "admin/step.html"

    def step_buttons(self, request, obj) -> list:
        """The steps shown as buttons on the change page of `obj`."""
        return self.step_module.allowed_steps(obj, request.user)

    def has_step_permission(self, request, obj) -> bool:
        """Who may open a step page at all; the step itself decides the rest."""
        return self.has_view_permission(request, obj)

    def step_form_class(self, step):
        return import_string(step.form) if step.form else StepForm

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/step/<str:step_name>/", self.admin_site.admin_view(self.step_view),
                 name="{}_{}_step".format(*info)),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_step_permission(request, obj):
            extra_context["workflow_steps"] = self.step_buttons(request, obj)
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def step_view(self, request, object_id, step_name):
        step = self.step_module.STEPS.get(step_name)
        obj = self.get_object(request, unquote(object_id))
        if step is None or obj is None:
            raise Http404
        if not self.has_step_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        if request.method != "POST":
            try:
                self.step_module.check(step.name, obj, by=request.user)
            except StepRefused as error:
                messages.error(request, error.message)
                return redirect(change_url)
        form_class = self.step_form_class(step)
        form = form_class(request.POST or None, request.FILES or None, obj=obj, step=step)
        if request.method == "POST" and form.is_valid():
            try:
                getattr(self.step_module, step.name)(obj, by=request.user, **form.step_kwargs())
            except StepRefused as error:
                messages.error(request, error.message)
                obj.refresh_from_db()
                form = form.after_refusal()
            else:
                self.log_change(request, obj, f"办理“{step.label}”")
                messages.success(request, f"已办理“{step.label}”。")
                if self.has_view_permission(request, obj):  # a transfer may have taken it out of sight
                    return redirect(change_url)
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "step": step,
            "form": form,
            "change_url": change_url,
            "title": f"{step.label}：{obj}",
            "is_multipart": form.is_multipart(),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, self.step_templates(), context)

    def step_templates(self) -> list[str]:
        return [f"admin/{self.opts.app_label}/{self.opts.model_name}/step.html", self.step_template]
