"""Change records with the old and new values, so that the admin log can show what a form changed, not only which
fields: "联系电话：13800000001 → 13900000002".

Django's admin writes a LogEntry for every change made through a form, its change message a JSON list such as
`[{"changed": {"fields": ["联系电话"]}}]`. `ChangeRecordAdminMixin` adds the values to that same entry
(`"values": [{"field": "联系电话", "old": "…", "new": "…"}]`), shown as text, never as stored: Django's
`get_change_message` (the record's own 历史 page, which clerks may open) ignores them and keeps saying which fields
changed, and `describe` (the supervisors' 操作日志) shows each field's old and new value. Supervisors see the values
whole: a record is defended with what was actually written, and the log is theirs alone.
"""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

EMPTY = "（空）"
ARROW = " → "


def _display(form, name: str, value) -> str:
    """A form field's value as a person reads it: choice labels, names of related records, 是/否, dates."""
    field = form.fields[name]
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, list | tuple | models.QuerySet):
            names = [str(item) if isinstance(item, models.Model) else
                     str(queryset.model._default_manager.filter(pk=item).first() or item) for item in value]
            return "、".join(names) or EMPTY
        return str(queryset.model._default_manager.filter(pk=value).first() or value)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(key): label for key, label in _flat(choices)}
        return str(labels.get(str(value), value))
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def field_changes(form) -> list[dict]:
    """For each field the form changed: its label and the old and new values as text."""
    changes = []
    for name in form.changed_data:
        if name not in form.fields or name not in form.cleaned_data:
            continue
        old = _display(form, name, form.initial.get(name))
        new = _display(form, name, form.cleaned_data[name])
        if old != new:
            changes.append({"field": str(capfirst(form.fields[name].label or name)), "old": old, "new": new})
    return changes


class ChangeRecordAdminMixin:
    """For a ModelAdmin whose records someone may have to account for: the admin log keeps old and new values."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if add or not isinstance(message, list):
            return message
        values = field_changes(form)
        if values:
            for part in message:
                if "changed" in part:
                    part["changed"]["values"] = values
                    break
        return message


def describe(entry: LogEntry) -> list[str]:
    """The log entry as lines a person reads: old → new for each changed field where the values were kept, Django's
    sentence for everything else (added or deleted inline records, entries written before values were kept)."""
    try:
        parts = json.loads(entry.change_message)
    except json.JSONDecodeError:
        parts = None
    if not isinstance(parts, list):
        return [entry.get_change_message() or entry.get_action_flag_display()]
    lines = []
    for part in parts:
        changed = part.get("changed") if isinstance(part, dict) else None
        if changed and changed.get("values") and "name" not in changed:
            lines.extend(f"{value['field']}：{value['old']}{ARROW}{value['new']}" for value in changed["values"])
        else:
            sentence = LogEntry(change_message=json.dumps([part]), action_flag=entry.action_flag).get_change_message()
            if sentence:
                lines.append(sentence)
    return lines or [entry.get_action_flag_display()]
