"""Plain Chinese error messages for public forms: each of Django's generic messages ("这个字段是必填项。",
"确保该值…", "输入一个有效的 Email 地址。") is replaced by one that names the field and says what to do, and a
field shows one message at a time, never the same problem twice."""

import re

from django import forms
from django.forms.utils import ErrorList

#: What a hidden field's error says: the citizen did not type it, the page they came from was stale or altered.
HIDDEN_FIELD_MESSAGE = "页面信息已失效，请返回原页面重新提交。"


def short_label(field: forms.Field, name: str) -> str:
    """The field's label without its bracketed notes ("联系电话（可选）" -> "联系电话") or trailing colon."""
    label = str(field.label or name)
    return re.sub(r"（[^）]*）|\([^)]*\)", "", label).strip(" ：:") or label


def _defaults(field: forms.Field) -> dict:
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or isinstance(
        field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple))


def plain_messages(field: forms.Field, name: str) -> dict:
    """The messages a field should show, for each kind of failure Django may report on it."""
    if field.widget.is_hidden:
        return dict.fromkeys(["required", "invalid", "invalid_choice", "max_length", "min_length", "min_value",
                              "max_value", "null_characters_not_allowed", "invalid_pk_value", "step_size"],
                             HIDDEN_FIELD_MESSAGE)
    label = short_label(field, name)
    messages = {
        "required": f"请选择{label}。" if _is_choice(field) else f"请填写{label}。",
        "invalid_choice": f"请从列出的选项中选择{label}。",
        "invalid_list": f"请从列出的选项中选择{label}。",
        "invalid_pk_value": f"请从列出的选项中选择{label}。",
        "max_length": f"{label}最多填写%(limit_value)s个字，现在是%(show_value)s个字，请删减。",
        "min_length": f"{label}至少填写%(limit_value)s个字。",
        "null_characters_not_allowed": f"{label}中有无法识别的字符，请删除后重新填写。",
        "invalid": f"{label}的格式不正确，请核对。",
        "min_value": f"{label}不能小于%(limit_value)s。",
        "max_value": f"{label}不能大于%(limit_value)s。",
    }
    if isinstance(field, forms.EmailField):
        messages["invalid"] = f"请填写正确的{label}，例如 name@example.com。"
    elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        messages["invalid"] = f"{label}请填写数字。"
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        messages["invalid"] = f"{label}请按“年-月-日”填写，例如 2026-01-31。"
    if isinstance(field, forms.FileField):
        messages.update({
            "required": f"请上传{label}。",
            "invalid": f"{label}上传失败，请重新选择文件。",
            "missing": f"{label}上传失败，请重新选择文件。",
            "empty": f"{label}中有空文件（0字节），请检查后重新选择。",
            "max_length": "文件名最多%(max)d个字，请把文件改名后再上传。",
            "contradiction": f"{label}请选择上传新文件或清除，不能同时进行。",
        })
    return messages


def _dedupe(errors: ErrorList) -> list:
    seen, kept = set(), []
    for error in errors.as_data():
        text = " ".join(error.messages)
        if text not in seen:
            seen.add(text)
            kept.append(error)
    return kept


class PlainMessagesMixin:
    """For public forms. Replaces every message a field still has from Django with `plain_messages` (messages the
    form set itself are kept), and after validation keeps one message per field and no repeated form-wide one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            defaults, plain = _defaults(field), plain_messages(field, name)
            for code, message in plain.items():
                current = field.error_messages.get(code)
                if current is None or (code in defaults and str(current) == str(defaults[code])):
                    field.error_messages[code] = message

    def full_clean(self):
        super().full_clean()
        for name, errors in (self._errors or {}).items():
            kept = _dedupe(errors)
            errors.data[:] = kept if name == forms.forms.NON_FIELD_ERRORS else kept[:1]

    def error_summary(self, id_prefix: str = "") -> list[tuple[str, str]]:
        """(id of the field to link to, message) for each error, form-wide ones and hidden fields' without a link.
        `id_prefix` is for templates that give their inputs ids of their own ("rate-department-3" + "-phone")."""
        rows = [("", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            if field.widget.is_hidden:
                target = ""
            elif id_prefix:
                target = f"{id_prefix}-{name}"
            elif isinstance(field.widget, forms.RadioSelect):
                target = f"{bound.auto_id}_0"
            else:
                target = bound.id_for_label or bound.auto_id
            rows.extend((target, message) for message in self.errors[name])
        return rows
