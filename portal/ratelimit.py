"""Per-client rate limits for public forms, shared by every app (DESIGN §8).

Counts live in Django's cache (Redis or the database cache table), so limits hold across processes. A client is
identified by a salted hash of its IP address (REMOTE_ADDR; set `RATELIMIT_IP_HEADER`, e.g.
"HTTP_X_REAL_IP", only behind a proxy that overwrites that header); the raw address is never stored.

    from portal import ratelimit

    if not ratelimit.hit(request, "feedback-submit", limit=5, window_seconds=3600):
        ...  # refuse: too many submissions from this client in the last hour

    @ratelimit.limit("apply-submit", limit=5, window_seconds=3600)   # counts POSTs only by default
    def apply(request): ...

Windows are fixed: they start with the first counted hit and last `window_seconds`.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac

TOO_MANY_MESSAGE = "操作过于频繁，请稍后再试。"


def client_ip(request) -> str:
    header = getattr(settings, "RATELIMIT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "") or "unknown"


def ip_hash(request) -> str:
    """A salted, non-reversible hash of the client's IP (64 hex characters): stored instead of the address."""
    return salted_hmac("gongkai.ip", client_ip(request), algorithm="sha256").hexdigest()


def cache_key(request, action: str) -> str:
    return f"ratelimit:{action}:{ip_hash(request)[:32]}"


def count(request, action: str) -> int:
    """How many hits this client has in the current window for `action`."""
    return int(cache.get(cache_key(request, action), 0) or 0)


def is_limited(request, action: str, limit: int) -> bool:
    """Whether the client has already used up `limit` hits, without counting one more."""
    return count(request, action) >= limit


def hit(request, action: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for the client and `action`; True while the count is within `limit`, False beyond it."""
    key = cache_key(request, action)
    cache.add(key, 0, timeout=window_seconds)
    try:
        current = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        current = 1
    return current <= limit


def reset(request, action: str) -> None:
    cache.delete(cache_key(request, action))


def limit(action: str, limit: int, window_seconds: int, methods=("POST",), template="portal/rate_limited.html"):
    """View decorator: count requests with `methods`; beyond the limit answer 429 with a Chinese page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(request, action, limit, window_seconds):
                return render(request, template, {"message": TOO_MANY_MESSAGE}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
