"""Files in the admin shown by their name, never by their storage path (folder, date and random prefix)."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from portal.uploads import stored_name


class _NamedFile:
    """What the clearable file widget prints for the current file: its name, linked to its URL."""

    def __init__(self, value):
        self.url = value.url
        self._name = stored_name(value.name)

    def __str__(self):
        return self._name


class FileNameInput(admin.widgets.AdminFileWidget):
    def format_value(self, value):
        if self.is_initial(value):
            return _NamedFile(value)
        return super().format_value(value)


#: `formfield_overrides` for an admin or inline that edits a file.
FILE_NAME_OVERRIDES = {models.FileField: {"widget": FileNameInput}}


def file_link(value, name: str = "") -> str:
    """A read-only file: `name` (or the stored file's own name) linked to the file."""
    if not value:
        return "-"
    return format_html('<a href="{}">{}</a>', value.url, name or stored_name(value.name))
