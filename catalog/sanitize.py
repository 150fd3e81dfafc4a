"""Sanitising the HTML body of a publication (DESIGN §8: published HTML is sanitised) with nh3, and preparing it
for the page.

Ordinary document markup survives: paragraphs, headings, lists, emphasis, links and tables (with merged cells).
Scripts, event handlers, style and class attributes, Word and WPS markup (`<o:p>`, `<font>`, `mso-` styles,
conditional comments), non-http(s) links and images from anywhere but this site do not.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
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
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with everything inside them, not just unwrapped: their text is code or styling, never the notice.
DROPPED_WITH_CONTENT = {"script", "style", "template", "xml", "title", "head"}

TABLE_HINT = "左右滑动查看完整表格"
# Any tag a body or a pasted document may hold; text with none of them is plain text, not HTML.
MARKUP = re.compile(
    r"<\s*/?\s*(p|br|hr|h[1-6]|ul|ol|li|table|caption|col|colgroup|thead|tbody|tfoot|tr|th|td|div|span|strong|"
    r"b|em|i|u|s|sub|sup|a|img|blockquote|font|pre)\b[^>]*>",
    re.IGNORECASE,
)


def _own_path(src: str) -> bool:
    """Whether an image source is a path on this site under the media or static URL.

    `//host`, `\\\\host` and `/\\host` all reach another host in a browser (backslashes count as slashes), so a
    source must start with our own prefix and hold no backslash at all.
    """
    if "\\" in src or any(ord(ch) < 0x21 for ch in src):
        return False
    prefixes = [prefix for prefix in (settings.MEDIA_URL, settings.STATIC_URL) if prefix and prefix.startswith("/")]
    return any(src.startswith(prefix) and not src.startswith("//") for prefix in prefixes)


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    """Images must come from this site: county intranets are often offline and the CSP allows only 'self'."""
    if element == "img" and attribute == "src" and not _own_path(value):
        return None
    return value


class _Rewriter(HTMLParser):
    """Re-emits nh3's output unchanged except for what `drop_bare_images` and `wrap_tables` ask for.

    nh3 serialises well-formed HTML, so a start tag's own text can be copied as it is; working on parsed tags
    (never on the text with a regular expression) keeps attribute values from being taken for markup.
    """

    def __init__(self, *, drop_bare_images=False, wrap_tables=False):
        super().__init__(convert_charrefs=False)
        self.drop_bare_images = drop_bare_images
        self.wrap_tables = wrap_tables
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and self.drop_bare_images and not dict(attrs).get("src"):
            return
        if tag == "table" and self.wrap_tables:
            self.out.append(
                f'<div class="table-box"><p class="table-hint" aria-hidden="true">{escape(TABLE_HINT)}</p>'
                f'<div class="table-scroll" role="region" tabindex="0" aria-label="表格（可左右滑动）">'
            )
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag == "table" and self.wrap_tables:
            self.out.append("</div></div>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def rewrite(self, html: str) -> str:
        self.feed(html)
        self.close()
        return "".join(self.out)


def clean_html(html: str) -> str:
    """The body as it is stored: only the allowed markup, images only from this site (others removed whole)."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_local_images_only,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _Rewriter(drop_bare_images=True).rewrite(cleaned) if "<img" in cleaned else cleaned


def render_body(html: str) -> str:
    """The body as a page shows it: cleaned again (nothing unsafe reaches a page even if the database was
    edited by hand), each table in its own sideways-scrolling box under a hint, so that a wide table never
    pushes the page wider than a phone nor has its last columns cut off."""
    cleaned = clean_html(html)
    return _Rewriter(wrap_tables=True).rewrite(cleaned) if "<table" in cleaned else cleaned


def text_to_html(text: str) -> str:
    """A body typed as plain text (a spreadsheet cell) as HTML: a blank line starts a paragraph, a single line
    break stays a line break, `<` and `&` are text. Text that already holds markup is returned as it is."""
    if not text or MARKUP.search(text):
        return text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    paragraphs = [part for part in re.split(r"\n[ \t]*\n[ \t\n]*", lines) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line.rstrip(" \t"), quote=False) for line in part.rstrip().split("\n")) + "</p>"
        for part in paragraphs
    )
