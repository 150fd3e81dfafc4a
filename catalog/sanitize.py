"""Sanitising the HTML body of a publication (DESIGN §8: published HTML is sanitised) with nh3.

Ordinary document markup survives; scripts, event handlers, style attributes, non-http(s) URLs and images
from other sites do not.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "img",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
# Relative URLs pass through; absolute ones must use one of these schemes (no javascript:, no data:).
URL_SCHEMES = {"http", "https"}


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    """Images must come from this site: county intranets are often offline and the CSP allows only 'self'."""
    if element == "img" and attribute == "src" and (value.startswith("//") or ":" in value.split("/", 1)[0]):
        return None
    return value


def clean_html(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_local_images_only,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
