"""Per-IP rate limits for public forms, kept in Django's cache so they hold across workers (DESIGN §8).

IP addresses are never stored: only a salted hash derived from SECRET_KEY. The applications app has the same
idea in portal/ratelimit.py on its branch; the two are to be unified when merged.
"""

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

_SALT = "gongkai.feedback.ip"


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def ip_hash(request) -> str:
    """A salted, non-reversible hash of the client's IP address (64 hex characters)."""
    return salted_hmac(_SALT, client_ip(request), algorithm="sha256").hexdigest()


def hit(request, action: str, limit: int, window_seconds: int) -> bool:
    """Count one `action` from this client; False once it has done it more than `limit` times in the window."""
    window = int(time.time() // window_seconds)
    key = f"throttle:{action}:{ip_hash(request)}:{window}"
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit
