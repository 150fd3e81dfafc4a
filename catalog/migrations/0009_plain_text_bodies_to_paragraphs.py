"""Bodies typed as plain text (before the rich-text editor) become HTML paragraphs, so that their line breaks
show on the page: a blank line starts a new <p>, a single line break becomes <br>, and the text is HTML-escaped.
A body that already holds markup is left alone, so running this twice changes nothing.

The conversion is frozen here rather than imported, as a migration must keep doing what it did when written.
Going back turns bodies made only of paragraphs and line breaks into plain text again; no text is lost either way.
"""

import html
import re

from django.db import migrations

# Any tag a sanitised body or a pasted document can hold; a body with none of them is plain text.
MARKUP = re.compile(
    r"<\s*/?\s*(p|br|hr|h[1-6]|ul|ol|li|table|caption|col|colgroup|thead|tbody|tfoot|tr|th|td|div|span|strong|"
    r"b|em|i|u|s|sub|sup|a|img|blockquote|font|pre)\b[^>]*>",
    re.IGNORECASE,
)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n[ \t\n]*")
ONLY_PARAGRAPHS = re.compile(r"^(<p>.*?</p>)+$", re.DOTALL)


def is_html(body: str) -> bool:
    return bool(MARKUP.search(body))


def text_to_html(body: str) -> str:
    """Plain text as paragraphs. Stored plain bodies went through nh3, which escaped `<` and `&`: unescape first
    so that they are escaped exactly once."""
    text = html.unescape(body).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    paragraphs = [part for part in PARAGRAPH_BREAK.split(text) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.rstrip(" \t"), quote=False) for line in part.rstrip().split("\n"))
        + "</p>"
        for part in paragraphs
    )


def html_to_text(body: str) -> str:
    """The inverse of text_to_html for a body made only of paragraphs and line breaks; None for anything else."""
    if not ONLY_PARAGRAPHS.match(body):
        return None
    paragraphs = re.findall(r"<p>(.*?)</p>", body, re.DOTALL)
    if any(MARKUP.search(part.replace("<br>", "")) for part in paragraphs):
        return None
    return "\n\n".join(html.unescape(part.replace("<br>", "\n")) for part in paragraphs)


def forwards(apps, schema_editor):
    Publication = apps.get_model("catalog", "Publication")
    for pk, body in Publication.objects.exclude(body="").values_list("pk", "body").iterator():
        if body.strip() and not is_html(body):
            Publication.objects.filter(pk=pk).update(body=text_to_html(body))


def backwards(apps, schema_editor):
    Publication = apps.get_model("catalog", "Publication")
    for pk, body in Publication.objects.filter(body__startswith="<p>").values_list("pk", "body").iterator():
        text = html_to_text(body)
        if text is not None:
            Publication.objects.filter(pk=pk).update(body=text)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_index_uploaded_file_names")]

    operations = [migrations.RunPython(forwards, backwards)]
