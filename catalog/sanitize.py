"""Sanitising the HTML body of a publication (DESIGN §8: published HTML is sanitised) with nh3.

Ordinary document markup survives; scripts, event handlers, style attributes and non-http(s) URLs do not.
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


def clean_html(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
