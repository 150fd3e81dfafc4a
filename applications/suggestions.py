"""Search before you ask: published items suggested while a citizen describes the information on the request
form, and the count of requests they avoided.

Art. 36(1): information already published proactively is answered by telling the applicant where to find it, the
commonest reply; showing it before the request is filed saves the citizen the wait and the office the reply.
Only counts per day are kept (SuggestionDay): a suggestion opened from a form (known by the form's submission key,
a random value that identifies nobody) counts as followed; the same form submitted within a day after that counts
as submitted after all; the difference is the requests avoided.
"""

import datetime as dt

from django.core.cache import cache

from applications.models import SuggestionDay
from catalog import search
from portal import idempotency

FOLLOWED_FOR_SECONDS = 24 * 3600
MIN_CHARACTERS = 4


def _cache_key(key: str) -> str:
    return f"apply-suggestion-followed:{key}"


def find(text: str, limit: int = 5) -> tuple[list[str], list]:
    """The terms used and the published items matching a description (nothing for a few characters)."""
    text = (text or "").strip()
    if len("".join(text.split())) < MIN_CHARACTERS:
        return [], []
    return search.suggest(text, limit)


def followed(key: str | None, today: dt.date) -> bool:
    """Count a suggestion opened from the form with submission key `key`: once per form; False if not counted."""
    key = idempotency.clean_key(key)
    if key is None or not cache.add(_cache_key(key), today.isoformat(), timeout=FOLLOWED_FOR_SECONDS):
        return False
    SuggestionDay.objects.record(today, "followed")
    return True


def submitted(key: str | None) -> bool:
    """The form with `key` was submitted: if a suggestion was followed from it, it did not avoid a request."""
    key = idempotency.clean_key(key)
    if key is None:
        return False
    day = cache.get(_cache_key(key))
    if day is None:
        return False
    cache.delete(_cache_key(key))
    SuggestionDay.objects.record(dt.date.fromisoformat(day), "submitted_after")
    return True
