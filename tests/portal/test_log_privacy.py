"""Personal data stays out of the server's logs: no query strings, form values or tracking numbers."""

import datetime as dt
import io
import logging
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger, SafeAtoms

from portal import gunicorn_conf
from portal.log_privacy import PrivateExceptionReporter, StripQueryStrings, scrub
from tests.applications import factories as af

pytestmark = pytest.mark.usefixtures("isolated_site")
README = Path(__file__).resolve().parents[2] / "README.md"
# Kept away from the code that fails below: an error report quotes the source lines around each frame.
POSTED = {"phone": "13812345678", "name": "张秀英"}
QUERY_PHONE = "13900001111"
SESSION = "secret-session"


@pytest.fixture
def captured():
    """What the configured handlers of Django's loggers print, as text."""
    stream = io.StringIO()
    handlers = [handler for name in ("django", "django.server") for handler in logging.getLogger(name).handlers
                if isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stderr, sys.stdout)]
    assert handlers
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def test_scrub_drops_query_strings_and_masks_tracking_numbers():
    assert scrub("GET /search/?q=13812345678 HTTP/1.1") == "GET /search/ HTTP/1.1"
    assert scrub("Not Found: /feedback/messages/LY260302-7K3M9Q/") == "Not Found: /feedback/messages/LY****/"
    assert scrub("Not Found: /apply/status/YS23456789A/") == "Not Found: /apply/status/YS****/"
    site = "https://gongkai.example.gov.cn/admin/"
    assert scrub(f"{site}?q=张三&x=1 next") == f"{site} next"
    assert scrub("问题是什么?") == "问题是什么?"


def test_the_development_servers_request_lines_lose_their_query(captured):
    logging.getLogger("django.server").info('"%s" %s %s',
                                            "GET /admin/applications/application/?q=13812345678 HTTP/1.1", "200", "9")
    printed = captured.getvalue()
    assert "/admin/applications/application/" in printed
    assert "13812345678" not in printed and "?q=" not in printed


def test_a_404_for_an_old_link_prints_no_tracking_number(captured, db):
    response = Client().get("/feedback/messages/LY260302-7K3M9Q/", {"q": "13812345678"})
    assert response.status_code == 404
    printed = captured.getvalue()
    assert "Not Found" in printed
    assert "7K3M9Q" not in printed and "13812345678" not in printed


def test_every_configured_handler_carries_the_filter():
    configured = [handler for name in ("django", "django.server", "") for handler in logging.getLogger(name).handlers
                  if handler.name in ("console", "django.server", "mail_admins")]
    assert {handler.name for handler in configured} == {"console", "django.server", "mail_admins"}
    for handler in configured:
        assert any(isinstance(f, StripQueryStrings) for f in handler.filters), handler.name


def _fail(request, form_data):
    raise ValueError("boom")


def test_an_error_report_shows_no_form_query_or_variable_values(settings):
    settings.DEBUG = False
    request = RequestFactory().post(f"/apply/?phone={QUERY_PHONE}", POSTED)
    request.COOKIES["sessionid"] = SESSION
    try:
        _fail(request, dict(POSTED))
    except ValueError:
        report = PrivateExceptionReporter(request, *sys.exc_info())
        text, html = report.get_traceback_text(), report.get_traceback_html()
    for page in (text, html):
        for private in (*POSTED.values(), QUERY_PHONE, SESSION):
            assert private not in page
    assert "phone" in html and "form_data" in html  # fields and variables are named, their values hidden


def test_the_status_look_up_never_puts_the_tracking_number_in_a_url(client, department):
    application = af.application(department)
    form = client.get(reverse("applications:status")).content.decode()
    assert 'method="post"' in form
    answer = client.post(reverse("applications:status"),
                         {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    assert answer.status_code == 302
    assert application.tracking_number not in answer["Location"]
    page = client.get(answer["Location"])
    assert application.tracking_number in page.content.decode()
    assert all(application.tracking_number not in url for url in (
        reverse("applications:status_detail"), reverse("applications:submit_correction"),
        reverse("applications:download", args=[1])))


def test_gunicorns_access_log_prints_paths_without_query_strings():
    config = Config()
    config.set("access_log_format", gunicorn_conf.access_log_format)
    logger = Logger(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/search/?q=13812345678", "PATH_INFO": "/search/",
               "QUERY_STRING": "q=13812345678", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_REFERER": "https://gongkai.example.gov.cn/admin/?q=张秀英"}
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("X-REAL-IP", "10.20.30.40")])
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=12))
    line = config.access_log_format % SafeAtoms(atoms)
    assert '"GET /search/ HTTP/1.1" 200 512' in line and "10.20.30.40" in line
    assert "13812345678" not in line and "张秀英" not in line
    assert "-c python:portal.gunicorn_conf" in README.read_text(encoding="utf-8")
