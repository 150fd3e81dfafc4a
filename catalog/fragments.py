"""Cached HTML: directory fragments and whole public pages.

A township's directory prints all ~1,500 entries of the standard directory with their publication counts, and
the home page every township and village: rendering them took most of those pages' time at county scale. The
rendered fragment is kept in Django's cache (Redis or the database cache table, shared by all workers) under a
key that includes a version number; any save or delete of a publication, entry, domain, division, department,
attachment or tag, and any bulk creation of publications, bumps the version, so no page shows stale content after
a change made through the ORM. `TIMEOUT` bounds staleness after changes made behind the ORM's back (raw SQL,
queryset.update).

Whole pages for visitors without a session (`anonymous_page`) are kept in two tiers: each worker process holds
recently served pages in a bounded in-memory LRU (`LOCAL_BYTES`), in front of the shared cache, where they are
stored compressed. A worker reads the shared version number at most once every `VERSION_RECHECK` seconds; a change
made in the worker itself bumps its own copy at once. So a change shows at once in the worker that made it, and
in every other worker within `VERSION_RECHECK` seconds.
"""

import functools
import hashlib
import logging
import re
import threading
import time
import zlib
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from portal import idempotency
from portal.context_processors import A11Y_COOKIE, display_preferences

VERSION_KEY = "catalog:fragments:version"
TIMEOUT = 600
PAGE_TIMEOUT = 300
META_TIMEOUT = 7 * 24 * 3600
VERSION_RECHECK = 1.0
LOCAL_BYTES = 32 * 1024 * 1024

# Cookies that a cached page may be served with: the CSRF cookie (the token is filled in per visitor), the
# display preferences (A11Y_COOKIE, part of the key) and a citizen's session (see _shareable).
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')
# Each form's submitted-once key (portal.idempotency) must be fresh for every visitor too.
KEY_PLACEHOLDER = b"\x00submission-key\x00"
KEY_FIELD = re.compile(rb'(name="' + idempotency.FIELD_NAME.encode() + rb'" value=")'
                       + idempotency.KEY_PATTERN.encode() + rb'"')
PLACEHOLDERS = re.compile(b"(" + re.escape(CSRF_PLACEHOLDER) + b"|" + re.escape(KEY_PLACEHOLDER) + b")")

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_known = {"version": None, "checked": 0.0}
_worker_fragments: dict[tuple[str, int], object] = {}


class LocalPages:
    """A worker's recently served pages, least recently used dropped first once they pass `limit` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.pages: OrderedDict[str, tuple[float, object, int]] = OrderedDict()

    def get(self, key: str):
        with _lock:
            found = self.pages.get(key)
            if found is None:
                return None
            expires, content, _size = found
            if expires < time.monotonic():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return content

    def put(self, key: str, content, timeout: float, size: int | None = None) -> None:
        """Keep `content` (bytes, or anything else whose size in bytes is given) for `timeout` seconds."""
        size = len(content) if size is None else size
        if size > self.limit // 4:
            return
        with _lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = (time.monotonic() + timeout, content, size)
            self.size += size
            while self.size > self.limit:
                self._drop(next(iter(self.pages)))

    def clear(self) -> None:
        with _lock:
            self.pages.clear()
            self.size = 0

    def _drop(self, key: str) -> None:
        self.size -= self.pages.pop(key)[2]


local_pages = LocalPages(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", LOCAL_BYTES))


def version() -> int:
    """The catalogue's version: read from the shared cache at most every VERSION_RECHECK seconds per worker."""
    now = time.monotonic()
    if _known["version"] is not None and now - _known["checked"] < VERSION_RECHECK:
        return _known["version"]
    try:
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, 1, None)
            value = cache.get(VERSION_KEY, 1)
    except Exception:  # the cache table's database or Redis is down: DatabaseError, redis' ConnectionError, ...
        if _known["version"] is None:
            raise
        # Keep serving this worker's pages while it restarts (a change made meanwhile shows once it is back).
        logger.warning("shared cache unreachable; serving pages of catalogue version %s", _known["version"])
        value = _known["version"]
    _known.update(version=value, checked=now)
    return value


def bump() -> None:
    """Invalidate every cached fragment and page (their keys name the old version)."""
    try:
        value = cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY, 1)
    _known.update(version=value, checked=time.monotonic())
    local_pages.clear()
    _worker_fragments.clear()


def forget_local() -> None:
    """Drop this worker's copies and its remembered version (tests, where the database rolls back under it)."""
    _known.update(version=None, checked=0.0)
    local_pages.clear()
    _worker_fragments.clear()


def fragment(name: str, *parts, build) -> str:
    """The cached fragment `name` for `parts`; `build()` renders it when it is missing or out of date."""
    key = f"catalog:fragments:{name}:{':'.join(str(p) for p in parts)}:v{version()}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # rendered by our own templates, escaped there


def worker_fragment(name: str, build) -> str:
    """A small fragment kept in this worker's memory for the current version (e.g. a form's long option list).

    For fragments cheaper to rebuild than to fetch from the shared cache; `name` must come from a fixed set, as
    nothing but a version change or forget_local() removes them.
    """
    return mark_safe(worker_data(name, build))


def worker_data(name: str, build):
    """A value derived from the catalogue, kept in this worker's memory for the current version.

    For small tables every request of a kind needs (the search's synonyms and entry names) and option lists;
    `name` must come from a fixed set, as nothing but a version change or forget_local() removes them.
    """
    key = (name, version())
    value = _worker_fragments.get(key)
    if value is None:
        value = build()
        if len(_worker_fragments) > 100:
            _worker_fragments.clear()  # older versions' copies
        _worker_fragments[key] = value
    return value


def _shareable(request) -> str | None:
    """The display preferences this request's page depends on, or None when its page may be personal."""
    if request.method != "GET":
        return None
    session = False
    for name in request.COOKIES:
        if name == settings.SESSION_COOKIE_NAME:
            session = True
        elif name not in (settings.CSRF_COOKIE_NAME, A11Y_COOKIE):
            return None  # e.g. flash messages waiting in their cookie
    # A citizen's session (a request's status page verified, a form's rate limit) makes no public page personal;
    # a signed-in user or messages waiting in the session do.
    if session and (request.user.is_authenticated or SessionStorage.session_key in request.session):
        return None
    return ",".join(name for name, on in display_preferences(request).items() if on)


def _pieces(content: bytes) -> tuple[bytes, ...]:
    """A stored page cut at its placeholders: text, placeholder, text, … (odd positions are placeholders)."""
    return tuple(PLACEHOLDERS.split(content))


def _personalise(request, pieces: tuple[bytes, ...]) -> bytes:
    """A stored page for this visitor: their own CSRF token and fresh submission keys where the page has forms.

    The page is kept cut at its placeholders, so filling them in is a single join: a township's directory is
    ~300 kB, and searching and replacing through it on every request cost more than the rest of the request.
    """
    if len(pieces) == 1:
        return pieces[0]
    filled = list(pieces)
    token = None
    for index in range(1, len(filled), 2):
        if filled[index] == CSRF_PLACEHOLDER:
            token = token or get_token(request).encode()
            filled[index] = token
        else:
            filled[index] = idempotency.new_key().encode()
    return b"".join(filled)


def _storable(request, response) -> bytes | None:
    """The response's content with its CSRF token and submission keys made placeholders, or None if the page is
    personal."""
    # Without a session cookie the user is anonymous and the session empty (reading them is harmless); what would
    # make this response personal is a session write, a flash message queued for later or a cookie of its own.
    session = getattr(request, "session", None)
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
    if (response.status_code != 200 or response.streaming or response.cookies or queued
            or (session is not None and session.modified)):
        return None
    content = response.content
    tokens = set(CSRF_FIELD.findall(content))
    # get_token() flags the request: a token rendered anywhere but a form's hidden field can't be told apart.
    if len(tokens) > 1 or (request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not tokens):
        return None
    for token in tokens:
        content = content.replace(token, CSRF_PLACEHOLDER)
    content, keys = KEY_FIELD.subn(rb"\1" + KEY_PLACEHOLDER + rb'"', content)
    if content.count(b'name="' + idempotency.FIELD_NAME.encode() + b'"') != keys:
        return None  # a key rendered some other way would be shared by every visitor
    return content


class Page(NamedTuple):
    """A stored page: its content cut at the placeholders, its entity tag and when that content first appeared."""

    pieces: tuple[bytes, ...]
    etag: str
    modified: float

    @property
    def personal(self) -> bool:
        """True when the page holds forms, whose CSRF token and submission keys are each visitor's own."""
        return len(self.pieces) > 1


def _page(content: bytes, modified: float) -> Page:
    return Page(_pieces(content), f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"', modified)


def _first_seen(meta_key: str, etag: str) -> float:
    """When this content of the page first appeared (Last-Modified): kept across catalogue versions, so a change
    elsewhere that leaves this page as it was does not make it look modified."""
    known = cache.get(meta_key)
    if known and known[0] == etag:
        return known[1]
    now = time.time()
    cache.set(meta_key, (etag, now), META_TIMEOUT)
    return now


def _with_cache_headers(request, response, page: Page):
    """Headers for the county's reverse proxy and the browser, and a 304 where the visitor already has the page.

    A page without forms is the same bytes for every such visitor: the proxy may keep it `PROXY_MAX_AGE`
    seconds (s-maxage) and then revalidate it with its ETag, which is answered by 304 as long as the page's
    content did not change — so a publication outdates exactly the pages whose content it changes. Browsers
    revalidate every time (max-age=0), so a change of display preferences (part of the page's key, and of its
    ETag) shows at once. A page with forms carries the visitor's own CSRF token and submission keys: private, and
    always sent whole (a cached copy's used submission key would make a second rating look like a replay).
    """
    if page.personal:
        patch_cache_control(response, private=True, no_cache=True)
        return response
    response.headers["ETag"] = page.etag
    response.headers["Last-Modified"] = http_date(page.modified)
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PROXY_MAX_AGE)
    return response


def _serve(request, page: Page):
    if not page.personal:
        not_modified = get_conditional_response(request, etag=page.etag, last_modified=int(page.modified))
        if not_modified is not None:
            return _with_cache_headers(request, not_modified, page)
    return _with_cache_headers(request, HttpResponse(_personalise(request, page.pieces)), page)


def anonymous_page(view):
    """Serve a whole public page from the cache to visitors who are not signed in and have no messages waiting.

    Such a visitor's page is the same for every such visitor with the same display preferences, except for the
    CSRF token and submitted-once keys of its forms, which are stored as placeholders and filled in for each
    visitor (with a CSRF cookie set for those who have none, as on a freshly rendered page). The key includes the
    catalogue's version, so a change through the ORM shows at once (in other workers within VERSION_RECHECK
    seconds); PAGE_TIMEOUT bounds anything else (e.g. the newest items of a day). Pages for signed-in users or
    with messages waiting are rendered each time and marked private.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        preferences = _shareable(request)
        if preferences is None:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}|{preferences}".encode()).hexdigest()
        meta_key = f"catalog:page:meta:{view.__name__}:{path}"
        key = f"catalog:page:z:{view.__name__}:{path}:v{version()}"
        page = local_pages.get(key)
        if page is None:
            stored = cache.get(key)
            if stored is not None:
                compressed, modified = stored
                content = zlib.decompress(compressed)
                page = _page(content, modified)
                local_pages.put(key, page, PAGE_TIMEOUT, size=len(content))
        if page is not None:
            return _serve(request, page)
        response = view(request, *args, **kwargs)
        content = _storable(request, response)
        if content is None:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        page = _page(content, 0.0)
        page = page._replace(modified=_first_seen(meta_key, page.etag))
        # A township's page is ~300 kB of HTML; compressed it is a tenth of that to fetch from the cache.
        cache.set(key, (zlib.compress(content, 6), page.modified), PAGE_TIMEOUT)
        local_pages.put(key, page, PAGE_TIMEOUT, size=len(content))
        if not page.personal:
            not_modified = get_conditional_response(request, etag=page.etag, last_modified=int(page.modified))
            if not_modified is not None:
                return _with_cache_headers(request, not_modified, page)
        return _with_cache_headers(request, response, page)

    return wrapped
