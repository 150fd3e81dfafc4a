"""The rich-text editor for publication bodies in the admin: django-prose-editor's ProseMirror/Tiptap bundle,
served as static files by the portal itself, started by our own module script (the admin's CSP allows no
inline script, so the package's import map is not used).

The editor keeps what a notice needs (paragraphs, headings, lists, emphasis, links, tables with merged cells)
and drops everything else when a clerk pastes from WPS or Word; `catalog.sanitize.clean_html` enforces the same
allow-list on the server whatever the browser sends.
"""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.forms.widgets import Media, Script


class BodyEditorWidget(AdminTextareaWidget):
    """A textarea that our module script turns into the editor; without JavaScript it stays a textarea of HTML."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 20, "data-body-editor": "", **(attrs or {})})

    @property
    def media(self):
        return Media(
            css={"all": ["django_prose_editor/material-icons.css", "django_prose_editor/editor.css",
                         "django_prose_editor/overrides.css"]},
            js=[Script("js/body-editor.js", type="module")],
        )

    def use_required_attribute(self, initial):
        return False  # the textarea is hidden behind the editor, where a browser cannot point at it


class PublicationBodyForm(forms.ModelForm):
    """The publication admin's form: the body in the editor, everything else as the admin makes it."""

    class Meta:
        widgets = {"body": BodyEditorWidget}
