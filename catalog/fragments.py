"""Cached HTML fragments of the directory pages (issue 7 benchmark).

A township's directory prints all ~1,500 entries of the standard directory with their publication counts, and
the home page every township and village: rendering them took most of those pages' time at county scale. The
rendered fragment is kept in Django's cache (Redis or the database cache table, shared by all workers) under a
key that includes a version number; any save or delete of a publication, entry, domain, division or department,
and any bulk creation of publications, bumps the version, so no page shows stale counts after a change made
through the ORM. `TIMEOUT` bounds staleness after changes made behind the ORM's back (raw SQL, queryset.update).
"""

import functools
import hashlib
import zlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.safestring import mark_safe

VERSION_KEY = "catalog:fragments:version"
TIMEOUT = 600


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY, 1)
    return value


def bump() -> None:
    """Invalidate every cached fragment (their keys name the old version)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, None)


def fragment(name: str, *parts, build) -> str:
    """The cached fragment `name` for `parts`; `build()` renders it when it is missing or out of date."""
    key = f"catalog:fragments:{name}:{':'.join(str(p) for p in parts)}:v{version()}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # rendered by our own templates, escaped there


PAGE_TIMEOUT = 300


def anonymous_page(view):
    """Serve a whole directory page from the cache to visitors who send no cookie at all.

    Such a visitor has no session, no messages, no display preferences and no CSRF token, so the page is the same
    for all of them. A page is stored only when rendering it created none of those either (a page with a form
    needing a CSRF token is never stored). The key includes the fragments' version, so a change through the ORM
    shows at once; PAGE_TIMEOUT bounds anything else (e.g. the newest items of a day).
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.COOKIES:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        key = f"catalog:page:z:{view.__name__}:{path}:v{version()}"
        stored = cache.get(key)
        if stored is not None:
            return HttpResponse(zlib.decompress(stored))
        response = view(request, *args, **kwargs)
        # Without a cookie the session is empty and the user anonymous (reading them is harmless); what would
        # make this response personal is a CSRF token, a session write or a flash message queued for later.
        session = getattr(request, "session", None)
        queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
        touched = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or queued or (session is not None and session.modified)
        if response.status_code == 200 and not response.cookies and not touched and not response.streaming:
            # A township's page is ~270 kB of HTML; compressed it is a tenth of that to fetch from the cache.
            cache.set(key, zlib.compress(response.content, 6), PAGE_TIMEOUT)
        return response

    return wrapped
