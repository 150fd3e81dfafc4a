"""Every public page type and the report pages satisfy the Content-Security-Policy they are sent with:
no inline <script>, no style="..." attribute, no on...= handler, no javascript: URL."""

import datetime as dt
import re

import pytest
from django.test import Client

from applications import verification
from catalog.models import Publication
from feedback import inbox
from tests import factories as f
from tests.applications import factories as af
from tests.catalog import public_data
from tests.feedback import factories as ff

pytestmark = pytest.mark.usefixtures("isolated_site")
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STYLE_BLOCK = re.compile(r"<style\b", re.I)


def violations(html: str) -> list[str]:
    found = []
    for name, pattern in [("inline script", INLINE_SCRIPT), ("style attribute", STYLE_ATTRIBUTE),
                          ("event handler", HANDLER_ATTRIBUTE), ("javascript: URL", JAVASCRIPT_URL),
                          ("style block", STYLE_BLOCK)]:
        found += [f"{name}: {match.group(0)[:120]}" for match in pattern.finditer(html)]
    return found


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>", '<p style="color:red">x</p>', '<a href="#" onclick="x()">x</a>',
    '<a href="javascript:x()">x</a>', "<style>p{}</style>",
])
def test_the_checker_finds_each_kind_of_violation(html):
    assert violations(html)


def test_the_checker_accepts_external_scripts_and_styles():
    assert violations('<script src="/static/js/portal.js" defer></script><link rel="stylesheet" href="/s.css">') == []


@pytest.fixture
def site(db):
    c = public_data.build(publications=5)
    # A clerk pasted markup that CSP would block into the body: the sanitiser must have removed it.
    Publication.objects.filter(pk=c.policy.pk).update(
        body='<p style="color:red" onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x()">链接</a>')
    c.policy.refresh_from_db()
    c.policy.save()
    point = ff.review_point(department=c.department, division=c.county)
    message = inbox.submit_message(kind="question", department=c.department, subject="低保", body="需要哪些材料？")
    inbox.answer_message(message, by=None, answer="请带身份证。", publish=True)
    application = af.application(c.department, received_on=dt.date(2026, 3, 2))
    return {"c": c, "point": point, "message": message, "application": application}


def public_urls(site):
    c = site["c"]
    return [
        "/", "/directory/", f"/divisions/{c.county.code}/", f"/divisions/{c.township.code}/",
        f"/divisions/{c.village.code}/", f"/domains/{c.domain.code}/", f"/entries/{c.leaf.pk}/",
        f"/entries/{c.top.pk}/", f"/publications/{c.policy.pk}/", f"/departments/{c.department.pk}/",
        f"/themes/{c.theme.slug}/", f"/life-events/{c.life_event.slug}/", f"/audiences/{c.audience.slug}/",
        "/search/?q=低保", "/search/", "/guide/", f"/guide/{c.township.code}/", "/apply/", "/apply/status/",
        "/feedback/", "/feedback/rate/department/", f"/feedback/rate/department/{c.department.pk}/",
        "/feedback/points/", f"/feedback/points/{site['point'].pk}/", "/feedback/messages/new/",
        "/feedback/messages/track/", "/feedback/qa/", f"/entries/{c.leaf.pk}/subscribe/",
        f"/divisions/{c.township.code}/subscribe/", "/subscriptions/sent/",
        "/no-such-page/",
    ]


def test_every_public_page_satisfies_the_policy(site):
    client = Client()
    checked = {}
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        checked[url] = violations(response.content.decode())
    assert {url: found for url, found in checked.items() if found} == {}


def test_invalid_form_pages_satisfy_the_policy(site):
    client = Client()
    pages = [client.post("/apply/", {}), client.post("/apply/status/", {"tracking_number": "x"}),
             client.post("/feedback/messages/new/", {"kind": "question"}),
             client.post(f"/entries/{site['c'].leaf.pk}/subscribe/", {"email": "x"}),
             client.post("/feedback/rate/", {"target_kind": "department", "target_id": site["c"].department.pk})]
    for response in pages:
        assert response.status_code in (200, 400)
        assert violations(response.content.decode()) == []


def test_the_applicants_status_page_satisfies_the_policy(site):
    client = Client()
    application = site["application"]
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    session = client.session
    assert session.get(verification.session_key(application.tracking_number))
    response = client.get("/apply/status/progress/")
    assert response.status_code == 200
    assert violations(response.content.decode()) == []


def test_report_pages_satisfy_the_policy(site):
    client = Client()
    client.force_login(f.supervisor())
    for url in ("/reports/", "/reports/assessment/", "/reports/annual/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert violations(response.content.decode()) == [], url
