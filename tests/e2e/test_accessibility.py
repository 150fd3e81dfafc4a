"""An accessibility audit (axe-core, shipped by axe-playwright-python) of the main public pages and forms.

GB/T 37668 follows WCAG 2.0; axe-core checks the WCAG A and AA rules a machine can check. Every page is audited
in the normal, large-font and high-contrast modes; a serious or critical violation fails the test and names
the rule and the elements.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from catalog.models import Publication
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MODES = {"normal": "", "large": "large", "contrast": "contrast"}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def county_data():
    county = factories.county(name="示范县")
    township = factories.township(county, segment="100", name="城关镇")
    factories.village(township, suffix="201", name="东坪村")
    department = factories.department(county, name="县民政局")
    domain = factories.domain("社会救助", code="social-assistance")
    entry = factories.entry(domain, name="低保对象名单")
    publication = factories.publication(
        entry, department, title="示范县2026年第三季度城乡居民最低生活保障对象名单公示",
        status=Publication.Status.PUBLISHED, published_at=timezone.now(),
        body="<p>现将低保对象名单公示如下。</p><table><thead><tr><th>户主</th><th>金额（元）</th></tr></thead>"
             "<tbody><tr><td>王某某</td><td>1,260.00</td></tr></tbody></table>",
    )
    return {"township": township, "department": department, "domain": domain, "entry": entry,
            "publication": publication}


def public_pages(data) -> list[tuple[str, str]]:
    return [
        ("首页", "/"),
        ("公开目录", "/directory/"),
        ("乡镇", f"/divisions/{data['township'].code}/"),
        ("领域", f"/domains/{data['domain'].code}/"),
        ("事项", f"/entries/{data['entry'].pk}/"),
        ("信息", f"/publications/{data['publication'].pk}/"),
        ("检索", "/search/?q=低保"),
        ("公开指南", "/guide/"),
        ("依申请公开", "/apply/"),
        ("进度查询", "/apply/status/"),
        ("互动交流", "/feedback/"),
        ("留言", "/feedback/messages/new/"),
        ("公开答复", "/feedback/qa/"),
        ("查阅点", "/feedback/points/"),
        ("网站地图", "/sitemap/"),
    ]


def blocking_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found


def use_mode(page, live_server, mode: str) -> None:
    page.context.clear_cookies()
    if MODES[mode]:
        page.context.add_cookies([{"name": "a11y", "value": MODES[mode], "url": live_server.url}])


@pytest.mark.parametrize("mode", list(MODES))
def test_main_public_pages_have_no_serious_accessibility_violation(county_data, page, live_server, mode):
    use_mode(page, live_server, mode)
    problems = {}
    for name, path in public_pages(county_data):
        page.goto(live_server.url + path)
        found = blocking_violations(page)
        if found:
            page.steps.shot(f"{mode}-{name}")
            problems[f"{name} {path}"] = found
    assert not problems, f"axe-core found serious or critical violations in {mode} mode: {problems}"


@pytest.mark.parametrize("mode", list(MODES))
def test_forms_showing_their_errors_have_no_serious_accessibility_violation(county_data, page, live_server, mode):
    use_mode(page, live_server, mode)
    problems = {}
    for name, path in [("依申请公开", "/apply/"), ("留言", "/feedback/messages/new/")]:
        page.goto(live_server.url + path)
        page.locator("main form[novalidate] [type=submit]").last.click()
        page.locator("[data-error-summary]").wait_for()  # the page now shows the form's error summary
        found = blocking_violations(page)
        if found:
            page.steps.shot(f"{mode}-{name}-errors")
            problems[f"{name} {path}"] = found
    assert not problems, f"axe-core found serious or critical violations in {mode} mode: {problems}"


def test_the_audit_catches_a_serious_violation(county_data, page, live_server):
    """The audit is live: an image without alternative text and an unlabelled field are reported."""
    page.goto(live_server.url + "/")
    assert not blocking_violations(page)
    page.evaluate("""() => {
        const img = document.createElement('img'); img.src = '/static/favicon.svg';
        const input = document.createElement('input'); input.type = 'text';
        document.querySelector('main').append(img, input);
    }""")
    found = blocking_violations(page)
    assert any(line.startswith("image-alt") for line in found)
    assert any(line.startswith("label") for line in found)
