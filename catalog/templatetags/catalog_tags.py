"""Template helpers for the public catalogue pages."""

import nh3
from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from catalog.models import Tag

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
    """Stored HTML is sanitised on save; clean again on output so that nothing unsafe ever reaches a page."""
    return mark_safe(nh3.clean(html or ""))
