"""In a real browser: a visitor opens the latest published annual report from the home page and prints it."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.classification import Outcome
from portal.reports import publishing
from tests import factories as f
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_latest_annual_report_opens_from_the_home_page_and_prints_on_a4(live_server, page):
    year = timezone.localdate().year - 1
    bureau = f.department(f.county(), name="县民政局")
    rf.concluded(bureau, received_on=dt.date(year, 3, 2), concluded_on=dt.date(year, 3, 20),
                 outcome=Outcome.DISCLOSED)
    inputs = rf.annual_input(bureau.division, year, department=bureau, overview="本年度总体情况")
    published = publishing.publish(inputs, by=f.reviewer(bureau))
    published_on = timezone.localdate(published.published_at)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="政府信息公开年报").first.click()
    page.steps.shot("list")
    page.get_by_role("link", name=f"县民政局{year}年政府信息公开工作年度报告").click()
    page.wait_for_url(f"**{published.get_absolute_url()}")
    page.steps.shot("report")
    assert page.get_by_role("heading", level=1).inner_text() == f"县民政局{year}年政府信息公开工作年度报告"

    page.emulate_media(media="print")
    page.steps.shot("print")
    signature = page.locator(".report-signature")
    assert signature.is_visible()
    assert signature.inner_text().split() == [
        "县民政局", f"{published_on.year}年{published_on.month}月{published_on.day}日发布"]
    assert page.get_by_text("本年度总体情况").is_visible()
    assert page.get_by_text("校验").count() == 0  # no internal cross-check lines
    for hidden in (".site-header", ".breadcrumbs", "a[download]"):
        assert not page.locator(hidden).first.is_visible(), hidden
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
