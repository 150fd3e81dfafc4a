"""Template helpers for the public catalogue pages."""

import functools

import segno
from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalog import fragments
from catalog.models import Tag
from catalog.sanitize import render_body
from portal.models import SiteInfo

register = template.Library()

TAG_URL_NAMES = {
    Tag.Kind.THEME: "catalog:theme",
    Tag.Kind.LIFE_EVENT: "catalog:life_event",
    Tag.Kind.AUDIENCE: "catalog:audience",
}


@register.filter
def tag_url(tag) -> str:
    return reverse(TAG_URL_NAMES[tag.kind], args=[tag.slug])


@register.filter
def clean_html(html) -> str:
    """Stored HTML is sanitised on save; clean again on output so that nothing unsafe ever reaches a page, and
    give each table its sideways-scrolling box."""
    return mark_safe(render_body(html or ""))


@register.simple_tag
def site_footer():
    """The footer's organiser, contact and record numbers, rendered once per worker and catalogue version."""
    return fragments.worker_fragment("site-footer", lambda: render_to_string(
        "includes/site_footer.html", {"site": SiteInfo.current()}))


@register.simple_tag
def demo_banner():
    """A thin notice on every page while the demo county is loaded, so nobody takes it for real data."""
    return fragments.worker_fragment("demo-banner", lambda: render_to_string(
        "includes/demo_banner.html", {"site": SiteInfo.current()}))


@register.simple_tag
def account_qr(account):
    """A new-media account's official QR code: the uploaded image, else one drawn from its link, else a note."""
    label = f"{account.get_platform_display()}“{account.name}”的二维码"
    if account.qr_image:
        return format_html('<img class="account-qr" src="{}" alt="{}" width="144" height="144" loading="lazy">',
                           account.qr_image.url, label)
    if account.link:
        return mark_safe(_link_qr(account.link, label))
    return format_html('<span class="muted">{}</span>', "暂无二维码")


@functools.lru_cache(maxsize=1024)
def _link_qr(link: str, label: str) -> str:
    """The SVG of a QR code of `link` (a pure function of its arguments: a memo per process is safe)."""
    svg = segno.make(link, error="m").svg_inline(scale=3, dark="#000", light="#fff", title=label)
    return svg.replace("<svg ", format_html('<svg class="account-qr" role="img" aria-label="{}" ', label), 1)
