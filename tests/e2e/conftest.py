"""Browser tests in Debian's chromium, driven by Playwright. Never downloads a browser.

In CI (CI=true) a missing chromium is a failure; elsewhere these tests skip and say why. On failure, the
screenshots taken at each step are kept in tests/e2e/screenshots/<test name>/ (always, with E2E_KEEP_SCREENSHOTS=1).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
SCREENSHOTS = Path(__file__).parent / "screenshots"



def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def isolated(isolated_site):
    """Uploads made through the live server (attachments, corrections, replies) stay out of the project, and
    rate limits and mail stay within the test (tests/conftest.py)."""


# Module scope: the browser, and the DJANGO_ALLOW_ASYNC_UNSAFE it needs, live only while browser tests run; the
# variable must not leak into other tests' subprocesses (`check --deploy` refuses it: async.E001).
@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    if not os.path.exists(CHROMIUM):
        reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs the rest of the module in a greenlet with its own context variables, where
    # Django's `connections` hands out new connection objects: they lack the migrated state that the test
    # database was serialised to, so serialized_rollback would restore nothing (no role groups, for one).
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


class Steps:
    """Takes a screenshot at each named step; they are kept only when the test fails.

    Pages opened with the `another_page` fixture share their test's Steps, so the numbering follows the story
    whichever person's browser a step happens in.
    """

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.count = 0

    def shot(self, name: str, page=None) -> None:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        (page or self.page).screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def _new_page(browser, **options):
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(locale="zh-CN", accept_downloads=True, **options)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser, request):
    opened = _new_page(browser)
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    opened.steps = Steps(opened, folder)
    yield opened
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    if failed:
        opened.steps.shot("failure")
        print(f"screenshots of each step: {folder}")
    elif not os.environ.get("E2E_KEEP_SCREENSHOTS"):
        shutil.rmtree(folder, ignore_errors=True)
    opened.context.close()


@pytest.fixture
def another_page(browser, page, request):
    """Opens a page in a separate browser context (another person: own cookies and session).

    Its `steps` is the test's own Steps bound to this page, so `another.steps.shot(name)` screenshots it in turn.
    """
    opened = []

    def open_page(**options):
        made = _new_page(browser, **options)
        made.steps = _BoundSteps(page.steps, made)
        opened.append(made)
        return made

    yield open_page
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    for made in opened:
        if failed:
            made.steps.shot("failure")
        made.context.close()


class _BoundSteps:
    def __init__(self, steps: Steps, page):
        self.steps = steps
        self.page = page

    def shot(self, name: str) -> None:
        self.steps.shot(name, page=self.page)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
