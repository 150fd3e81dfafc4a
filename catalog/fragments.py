"""Cached HTML fragments of the directory pages (issue 7 benchmark).

A township's directory prints all ~1,500 entries of the standard directory with their publication counts, and
the home page every township and village: rendering them took most of those pages' time at county scale. The
rendered fragment is kept in Django's cache (Redis or the database cache table, shared by all workers) under a
key that includes a version number; any save or delete of a publication, entry, domain, division or department,
and any bulk creation of publications, bumps the version, so no page shows stale counts after a change made
through the ORM. `TIMEOUT` bounds staleness after changes made behind the ORM's back (raw SQL, queryset.update).
"""

from django.core.cache import cache
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
