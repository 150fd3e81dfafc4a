"""Citizens' personal data kept out of the server's logs.

A URL's query string carries what someone typed: a citizen's search words (a name, an ID number), a clerk's admin
search for a phone number (`?q=`). Form bodies carry names, phones and addresses. Logs are kept for months, copied
to other machines and read by people who may not see personal data, so:

- the status look-up and the message look-up are posted and their pages named without the tracking number (see
  `applications.verification` and `feedback.views`);
- `StripQueryStrings`, a logging filter on every handler, removes the query string from any path in a log record
  (Django's development server prints each request line) and masks tracking numbers and 查询码 that an old
  bookmark may still put in a path;
- `PrivateExceptionReporterFilter` and `PrivateExceptionReporter` keep error reports (ADMINS' e-mails, any handler
  that renders them) free of query strings, form values, uploaded file names, cookies and the values of local
  variables outside debug mode;
- gunicorn's access log prints the path alone (`%(U)s`, never `%(r)s` or `%(q)s`): `portal/gunicorn_conf.py`,
  which the README's production command loads.
"""

from __future__ import annotations

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

_QUERY = re.compile(r"(/[^\s?#\"'<>]*)\?[^\s#\"'<>]*")
_TRACKING = re.compile(r"\b(YS|LY|JC)(?:\d{6}-?)?[0-9A-Z]{6,9}\b")


def scrub(text: str) -> str:
    """`text` with every path's query string removed and tracking numbers masked (their prefix kept)."""
    return _TRACKING.sub(r"\1****", _QUERY.sub(r"\1", text))


def _scrub_value(value):
    return scrub(value) if isinstance(value, str) else value


class StripQueryStrings(logging.Filter):
    """Removes query strings and tracking numbers from a record's message and arguments; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub_value(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _scrub_value(arg) for key, arg in record.args.items()}
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Outside debug mode an error report names the form fields and query parameters but shows none of their
    values, nor the query string or cookies in the request's headers."""

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return {key: self.cleansed_substitute for key in request.POST}

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            for key in ("QUERY_STRING", "HTTP_COOKIE", "HTTP_REFERER", "REQUEST_URI", "RAW_URI"):
                if key in meta:
                    meta[key] = self.cleansed_substitute
        return meta

    def get_traceback_frame_variables(self, request, tb_frame):
        """Local variables hold forms, requests and records with personal data: their names only."""
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_cookies(self, request):
        cookies = super().get_safe_cookies(request)
        if self.is_active(request):
            return {key: self.cleansed_substitute for key in cookies}
        return cookies


class PrivateExceptionReporter(ExceptionReporter):
    """Django's error report without query parameters' values, uploaded file names or the URL's query string."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            hidden = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, hidden) for key in self.request.GET]
            data["request_FILES_items"] = [(key, hidden) for key in self.request.FILES]
            data["request_insecure_uri"] = scrub(data.get("request_insecure_uri", ""))
        return data
