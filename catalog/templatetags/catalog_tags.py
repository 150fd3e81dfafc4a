"""Template helpers for the public catalogue pages."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from catalog.models import Tag
from catalog.sanitize import render_body

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
