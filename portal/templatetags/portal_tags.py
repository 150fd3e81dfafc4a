"""Template helpers shared by every public page."""

import functools

import segno
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from segno.encoder import DataOverflowError

from portal import idempotency

register = template.Library()

# Encoding a QR code costs 10-30 ms of pure Python, and base.html prints one on every page. The SVG is a pure
# function of (url, scale), so a bounded per-process memo is safe: nothing in it needs sharing between workers.
QR_MEMO_SIZE = 4096


@register.simple_tag(takes_context=True)
def qr_svg(context, url=None, scale=3):
    """An inline SVG QR code of `url` (default: the current page), to open it on a phone."""
    request = context.get("request")
    if url is None:
        url = request.build_absolute_uri() if request is not None else "/"
    return mark_safe(_svg(url, scale))


@functools.lru_cache(maxsize=QR_MEMO_SIZE)
def _svg(url: str, scale: int) -> str:
    try:
        code = segno.make(url, error="m")
    except DataOverflowError:
        # A junk, overlong query string must not break the page: encode the address without it.
        code = segno.make(url.split("?", 1)[0][:1000], error="m")
    svg = code.svg_inline(scale=scale, dark="#000", light="#fff", title="二维码")
    return svg.replace("<svg ", '<svg role="img" aria-label="用手机扫码打开本页" ', 1)


@register.simple_tag
def submission_key_field(form=None):
    """The hidden submitted-once key (portal.idempotency) of a public form that creates a record: the key a bound
    `form` carries when it is shown again after an error, or an unbound form is given as its initial value (the
    request form shown again with suggestions), otherwise a fresh one."""
    if getattr(form, "is_bound", False):
        key = idempotency.posted_key(form.data)
    else:
        key = idempotency.clean_key((getattr(form, "initial", None) or {}).get(idempotency.FIELD_NAME))
    return format_html('<input type="hidden" name="{}" value="{}">', idempotency.FIELD_NAME,
                       key or idempotency.new_key())



@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, id_prefix=""):
    """The box at the top of a form that failed: each problem, linked to its field (portal.plain_messages).
    static/js/portal.js moves the focus to it, so that a phone scrolls to it and a screen reader reads it."""
    rows = form.error_summary(id_prefix) if form is not None and form.is_bound and form.errors else []
    return {"rows": rows}


@register.filter
def thousands(value) -> str:
    """A count with comma thousands separators (12,500), as the admin's Chinese messages write them; Django's
    intcomma follows the zh-hans locale, which groups nothing."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""
