"""Submitted once: a public form that creates a record stores it once, however often the same form is posted.

Each rendering of such a form carries a fresh random key in a hidden field (`new_key`, rendered by the
`{% submission_key_field %}` tag in portal_tags); the record it creates keeps the key in a unique, nullable
`submission_key` column (`key_field`). When the same key comes back (a citizen whose first POST was committed
but whose response was lost presses 刷新 / 重新提交), the view finds the record and answers as the first
submission did, with the same tracking number; `create_once` leaves the race of two simultaneous POSTs to the
unique constraint. A missing or malformed key (a page from before this feature, junk) counts as no key: the
form works as it always did. Nothing stores a key for a POST that was refused (rate limit, invalid input).

Keys are made only by `new_key`. A page cache that stores HTML with such a form in it must give every visitor
a fresh key there, as it must a fresh CSRF token.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "submission_key"
KEY_BYTES = 16  # 128 random bits: 22 URL-safe characters
MAX_LENGTH = 64
KEY_PATTERN = r"[A-Za-z0-9_-]{16,64}"  # what new_key makes, with room for other lengths
_KEY_RE = re.compile(KEY_PATTERN)

T = TypeVar("T", bound=models.Model)


def new_key() -> str:
    """A fresh key for one rendering of a form. The only place keys are made."""
    return secrets.token_urlsafe(KEY_BYTES)


def clean_key(value) -> str | None:
    """`value` if it is a well-formed key (16-64 URL-safe characters), else None ("no key")."""
    return value if isinstance(value, str) and _KEY_RE.fullmatch(value) else None


def posted_key(data) -> str | None:
    """The well-formed key in POST data (a QueryDict or dict), else None, whatever the rest of the data."""
    return clean_key(data.get(FIELD_NAME)) if data is not None else None


def key_field() -> models.CharField:
    """The model column: unique when set, NULL for records made without a key (staff, imports, old forms)."""
    return models.CharField(_("提交标识"), max_length=MAX_LENGTH, unique=True, null=True, blank=True,
                            editable=False, help_text=_("防止同一表单重复提交"))


class SubmissionKeyField(forms.CharField):
    """The hidden field: cleans to the key or None, never to an error; a fresh key when shown unbound."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", new_key)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_key(value)

    def bound_data(self, data, initial):
        # A form shown again after an error keeps its key (nothing was stored); junk is replaced.
        return clean_key(data) or new_key()


class SubmissionKeyMixin(forms.Form):
    """Adds the hidden `submission_key` field to a public form that creates a record."""

    submission_key = SubmissionKeyField()

    def posted_key(self) -> str | None:
        """The well-formed key this bound form carries, readable before (or without) full validation."""
        return posted_key(self.data) if self.is_bound else None


def _queryset(model_or_queryset) -> models.QuerySet:
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def find(model_or_queryset, key: str | None):
    """The record stored earlier with `key`, or None (always None without a key)."""
    if key is None:
        return None
    return _queryset(model_or_queryset).filter(**{FIELD_NAME: key}).first()


def is_taken(model_or_queryset, key: str | None) -> bool:
    """Whether a record with `key` exists: for services that catch IntegrityError for reasons of their own and
    must let a key conflict through to `create_once`."""
    return key is not None and _queryset(model_or_queryset).filter(**{FIELD_NAME: key}).exists()


def create_once(model_or_queryset, key: str | None, create: Callable[[str | None], T]) -> tuple[T, bool]:
    """`(record, True)` from `create(key)`, or `(earlier record, False)` when `key` was stored before.

    `create` must save the new record with `submission_key=key` (None: no key, so it always creates). It runs in a
    savepoint: when a simultaneous POST with the same key wins the race, the unique constraint makes this insert
    fail, the savepoint is rolled back and the winner's record is returned instead. `model_or_queryset` is where
    the earlier record is looked for (a queryset narrows it, e.g. to one request's events).
    """
    if key is None:
        return create(None), True
    earlier = find(model_or_queryset, key)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return create(key), True
    except IntegrityError:
        earlier = find(model_or_queryset, key)
        if earlier is None:
            raise
        return earlier, False
