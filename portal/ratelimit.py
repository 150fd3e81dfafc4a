"""Rate limits for public forms and sign-in, shared by every app (DESIGN §8).

A limit counts hits of one action by one subject within a fixed window: the client (a salted hash of its IP
address, never the address itself) or a target (a tracking number, an account name), so that one service-hall
terminal or a carrier's NAT, which many citizens share, does not lock out a township while a single tracking
number still cannot be guessed at.

The client's address is REMOTE_ADDR, unless `RATELIMIT_IP_HEADER` names the header the county's reverse proxy
sets (e.g. "HTTP_X_REAL_IP", or "HTTP_X_FORWARDED_FOR" with `RATELIMIT_TRUSTED_PROXIES` proxies appending to it):
behind a proxy every request comes from the proxy's address. The header is never read when the setting is unset,
and of X-Forwarded-For only the entry the trusted proxies added counts (what a client sends itself comes first).

Counting is check-and-count in one atomic step (`take`), done before the work, so that 20 parallel attempts
cannot pass a limit of 5; what turns out not to count is handed back (`give_back`): an invalid form, a refused
step, a right password. Only accepted submissions and wrong guesses use up a limit.

    if not ratelimit.take_client(request, "apply-submit", 5, 3600):
        ...  # refuse: five requests from this client in the last hour

Counters live in Django's cache (Redis, whose INCR is atomic) or, when the cache is the database table, in
`portal.models.RateCounter` rows counted under a row lock: the database cache's incr is a read and a write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import random

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

TOO_MANY_MESSAGE = "操作过于频繁，请稍后再试。"


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or what the trusted proxy put in `RATELIMIT_IP_HEADER`."""
    header = getattr(settings, "RATELIMIT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    proxies = max(1, getattr(settings, "RATELIMIT_TRUSTED_PROXIES", 1))
    if len(entries) >= proxies:
        return entries[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def ip_hash(request) -> str:
    """A salted, non-reversible hash of the client's IP (64 hex characters): stored instead of the address."""
    return salted_hmac("gongkai.ip", client_ip(request), algorithm="sha256").hexdigest()


def client(request) -> str:
    """The subject that stands for the client."""
    return "ip:" + ip_hash(request)[:32]


def target(value: str) -> str:
    """The subject that stands for a target (a tracking number, an account name), case and spaces ignored."""
    return "to:" + salted_hmac("gongkai.target", (value or "").strip().lower()).hexdigest()[:32]


def cache_key(action: str, subject: str) -> str:
    return f"ratelimit:{action}:{subject}"


def _counts_in_database() -> bool:
    return isinstance(caches["default"], DatabaseCache)


def _database_take(key: str, limit: int, window_seconds: int) -> bool:
    from portal.models import RateCounter

    now = timezone.now()
    with transaction.atomic():
        counter, created = RateCounter.objects.select_for_update().get_or_create(
            key=key, defaults={"count": 0, "expires_at": now + dt.timedelta(seconds=window_seconds)})
        if counter.expires_at <= now:
            counter.count, counter.expires_at = 0, now + dt.timedelta(seconds=window_seconds)
        if counter.count >= limit:
            return False
        counter.count += 1
        counter.save(update_fields=["count", "expires_at"])
    if created and random.random() < 0.01:  # noqa: S311 - housekeeping, not security
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return True


def _cache_take(key: str, limit: int, window_seconds: int) -> bool:
    cache.add(key, 0, timeout=window_seconds)
    try:
        current = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=window_seconds)
        current = cache.incr(key)
    if current > limit:
        _cache_give_back(key)
        return False
    return True


def _cache_give_back(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing left to give back
        cache.decr(key)


def take(action: str, subject: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for `subject` if it has hits left, in one atomic step: True if counted, False if refused
    (a refused hit is not counted)."""
    key = cache_key(action, subject)
    if _counts_in_database():
        return _database_take(key, limit, window_seconds)
    return _cache_take(key, limit, window_seconds)


def take_all(action: str, limits: list[tuple[str, int, int]]) -> bool:
    """`take` for each (subject, limit, window_seconds); all or nothing: a refusal gives back those counted."""
    taken = []
    for subject, limit, window_seconds in limits:
        if not take(action, subject, limit, window_seconds):
            for earlier in taken:
                give_back(action, earlier)
            return False
        taken.append(subject)
    return True


def give_back(action: str, subject: str) -> None:
    """Undo one counted hit: what was counted turned out not to count (invalid input, a right guess)."""
    key = cache_key(action, subject)
    if _counts_in_database():
        from portal.models import RateCounter

        RateCounter.objects.filter(key=key, count__gt=0, expires_at__gt=timezone.now()).update(count=F("count") - 1)
    else:
        _cache_give_back(key)


def count(action: str, subject: str) -> int:
    """How many hits `subject` has in the current window for `action`."""
    key = cache_key(action, subject)
    if _counts_in_database():
        from portal.models import RateCounter

        row = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("count", flat=True)
        return row.first() or 0
    return int(cache.get(key, 0) or 0)


def reset(action: str, subject: str) -> None:
    key = cache_key(action, subject)
    if _counts_in_database():
        from portal.models import RateCounter

        RateCounter.objects.filter(key=key).delete()
    else:
        cache.delete(key)


def take_client(request, action: str, limit: int, window_seconds: int) -> bool:
    """`take` for the client making `request`."""
    return take(action, client(request), limit, window_seconds)


def give_back_client(request, action: str) -> None:
    give_back(action, client(request))


def limit(action: str, limit: int, window_seconds: int, methods=("POST",), template="portal/rate_limited.html"):
    """View decorator: count requests with `methods`; beyond the limit answer 429 with a Chinese page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not take_client(request, action, limit, window_seconds):
                return render(request, template, {"message": TOO_MANY_MESSAGE}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
