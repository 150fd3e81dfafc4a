"""Pages loaded in chromium report no Content-Security-Policy violation: the policy the
portal sends is strict, so any inline script, style attribute or handler would show up here."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from feedback import inbox
from tests import factories
from tests.catalog import public_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
                              (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


@pytest.fixture
def site(db, settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    c = public_data.build(publications=3)
    message = inbox.submit_message(kind="question", department=c.department, subject="低保", body="需要哪些材料？")
    inbox.answer_message(message, by=None, answer="请带身份证。", publish=True)
    return c


def visit(page, url):
    """Open `url`, let its scripts run, and return the CSP violations the page and the console reported."""
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations") + console


def test_public_pages_raise_no_csp_violation(page, live_server, site):
    page.add_init_script(LISTEN)
    found = {}
    for path in ["/", f"/publications/{site.policy.pk}/", "/search/?q=低保", f"/entries/{site.leaf.pk}/",
                 "/apply/", "/feedback/messages/new/", f"/feedback/rate/department/{site.department.pk}/",
                 "/feedback/qa/", "/guide/"]:
        violations = visit(page, live_server.url + path)
        page.steps.shot(path.strip("/").replace("/", "-") or "home")
        if violations:
            found[path] = violations
    # The large-font toggle posts a form and reloads: its script must run under the policy too.
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="大字版").click()
    page.wait_for_load_state("networkidle")
    if page.evaluate("window.__cspViolations"):
        found["large font"] = page.evaluate("window.__cspViolations")
    assert found == {}


def test_report_and_admin_pages_raise_no_csp_violation(page, live_server, site):
    client = Client()
    # A superuser (also a supervisor for the reports): the role groups may be flushed by earlier browser tests.
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie,
                               "url": live_server.url}])
    page.add_init_script(LISTEN)
    found = {}
    for path in ["/reports/", "/reports/assessment/", "/reports/annual/", "/admin/",
                 "/admin/catalog/publication/", f"/admin/catalog/publication/{site.policy.pk}/change/",
                 "/admin/catalog/entry/", "/admin/feedback/message/"]:
        violations = visit(page, live_server.url + path)
        page.steps.shot(path.strip("/").replace("/", "-"))
        assert "登录" not in page.title() or path == "/admin/", path
        if violations:
            found[path] = violations
    assert found == {}
