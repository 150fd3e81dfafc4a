"""The supervisors' pages: access, the sheet, the annual report, the dashboard, downloads and admin links."""

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from applications.classification import Outcome
from catalog.models import Department, Publication
from portal.reports import assessment
from portal.reports.models import AnnualReportInput, ReviewCase
from portal.reports.scope import Period
from tests import factories as f
from tests.factories import FOOTER_QUERIES
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
PAGES = ["/reports/", "/reports/assessment/", "/reports/assessment.xlsx", "/reports/annual/", "/reports/annual.xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def mid_quarter(time_machine):
    """The pages default to today's quarter and last year, and the fixtures act today: a fixed day in the middle of
    a quarter, Wed 13 May 2026 10:00 in Beijing, with the clock running from there."""
    time_machine.move_to(dt.datetime(2026, 5, 13, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))


@pytest.fixture
def county():
    county = f.county()
    bureau = f.department(county, name="县民政局")
    today = timezone.localdate()
    entry = f.entry()
    f.publication(entry, bureau, formed_on=today, status=Publication.Status.PUBLISHED, published_at=timezone.now())
    rf.concluded(bureau, received_on=today, concluded_on=today, replied_on=today, due_on=today,
                 outcome=Outcome.DISCLOSED)
    bad = rf.rating(bureau, level="dissatisfied", on=today)
    rf.callback(bad, callback_due_on=today, rectification_due_on=today + dt.timedelta(days=20))
    rf.rating(bureau, level="satisfied", on=today)
    rf.message(bureau, on=today, due_on=today)
    return county


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", PAGES)
def test_clerks_are_refused(client, county, url):
    client.force_login(f.clerk(f.department()))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_supervisors_see_every_page(supervisor_client, county, url):
    response = supervisor_client.get(url)
    assert response.status_code == 200


def test_superusers_see_the_sheet(client, county):
    client.force_login(f.user(is_superuser=True, is_staff=True))
    assert client.get("/reports/assessment/").status_code == 200


@pytest.mark.parametrize("query", ["year=abc", "quarter=9", "government=999999", "government=x", "year=1800"])
def test_junk_query_strings_answer_404(supervisor_client, county, query):
    assert supervisor_client.get(f"/reports/assessment/?{query}").status_code == 404


def test_unknown_sort_column_is_ignored(supervisor_client, county):
    assert supervisor_client.get("/reports/assessment/?sort=__class__&dir=up").status_code == 200


def test_sheet_download_is_an_xlsx_attachment(supervisor_client, county):
    response = supervisor_client.get("/reports/assessment.xlsx")
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_sheet_shows_grade_badges_and_sort_links(supervisor_client, county):
    html = supervisor_client.get("/reports/assessment/?sort=score&dir=desc").content.decode()
    assert re.search(r'class="badge grade-(green|yellow|red)"', html)
    assert "sort=grade" in html
    assert 'aria-sort="descending"' in html


def test_pages_carry_no_inline_styles_or_scripts(supervisor_client, county):
    for url in ["/reports/", "/reports/assessment/", "/reports/annual/"]:
        html = supervisor_client.get(url).content.decode()
        assert " style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_dashboard_draws_each_chart_with_its_data_table(supervisor_client, county):
    html = supervisor_client.get("/reports/").content.decode()
    assert html.count("<figure class=\"chart") == 5
    assert html.count("<table>") == 5
    assert "<svg class=\"chart-svg" in html


def test_dashboard_query_count_does_not_grow_with_departments(supervisor_client, county,
                                                              django_assert_max_num_queries):
    for n in range(10):
        rf.rating(f.department(county, name=f"县局{n}"), level="satisfied", on=timezone.localdate())
    # The charts, the organs owing last year's annual report (one query), the two counts of the 无人处理 alarm,
    # the requests avoided by the request form's suggestions (one query), the session and the footer; measured
    # after a first visit, so that it does not depend on whether an earlier test warmed the footer's cache.
    supervisor_client.get("/reports/")
    with django_assert_max_num_queries(18):
        supervisor_client.get("/reports/")


def test_annual_report_page_shows_the_checks_and_the_manual_inputs(supervisor_client, county):
    year = timezone.localdate().year - 1
    AnnualReportInput.objects.create(division=county, year=year, licensing_decisions=4321, problems="更新不及时")
    html = supervisor_client.get(f"/reports/annual/?year={year}").content.decode()
    assert "4321" in html
    assert "更新不及时" in html
    assert "一 + 二 = 三（七） + 四 —— 通过" in html


def test_nav_link_to_reports_is_shown_to_supervisors_only(client, county):
    clerk = Client()
    clerk.force_login(f.clerk(f.department()))
    client.force_login(f.supervisor())
    assert 'href="/reports/"' in client.get("/").content.decode()
    assert 'href="/reports/"' not in clerk.get("/").content.decode()
    assert 'href="/reports/"' not in Client().get("/").content.decode()


def test_every_figure_link_uses_filters_the_target_admin_accepts(client, county):
    """Each link's parameters are lookups or list filters its admin accepts (no "?e=1" error redirect)."""
    today = timezone.localdate()
    sheet = assessment.build(county, Period.quarter_of(today), today)
    client.force_login(f.user(is_superuser=True, is_staff=True))
    links = [url for row in sheet.rows for url in row.links.values()]
    assert all(links)
    for url in links:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "cl" in response.context, url


def test_sheet_links_point_at_the_counted_records(supervisor_client, county):
    html = unescape(supervisor_client.get("/reports/assessment/").content.decode())
    assert "/admin/applications/application/?department__id__exact=" in html
    assert "received_on__gte=" in html


def test_admin_export_of_rows_is_for_superusers(client, county):
    client.force_login(f.supervisor(is_staff=True))
    assert client.get("/admin/reports/assessmentrule/export-rows/").status_code == 403
    client.force_login(f.user(is_superuser=True, is_staff=True))
    today = timezone.localdate()
    period = Period.quarter_of(today)
    response = client.get("/admin/reports/assessmentrule/export-rows/", {
        "government": county.pk, "year": period.year, "quarter": period.quarter, "file_format": "csv"})
    assert response.status_code == 200
    assert "县民政局" in response.content.decode()


def test_admin_export_form_rejects_junk_with_a_message(client, county):
    client.force_login(f.user(is_superuser=True, is_staff=True))
    response = client.get("/admin/reports/assessmentrule/export-rows/", {"government": "x", "year": "abc"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_supervisors_edit_rules_and_annual_inputs_in_admin(client):
    client.force_login(f.supervisor(is_staff=True))
    for url in ["/admin/reports/assessmentrule/add/", "/admin/reports/annualreportinput/add/"]:
        assert client.get(url).status_code == 200, url
    assert admin.site.is_registered(ReviewCase) is False  # entered inline under the annual report


def test_supervisor_role_may_view_and_change_the_report_models():
    from django.contrib.auth.models import Group

    from catalog.roles import SUPERVISOR

    codenames = set(Group.objects.get(name=SUPERVISOR).permissions.filter(
        content_type__app_label="reports").values_list("codename", flat=True))
    assert {"view_assessmentrule", "change_assessmentrule", "change_annualreportinput",
            "add_reviewcase"} <= codenames


def test_sheet_page_query_count_does_not_grow_with_departments(supervisor_client, county,
                                                               django_assert_max_num_queries):
    for n in range(10):
        rf.rating(f.department(county, name=f"县局{n}"), level="satisfied", on=timezone.localdate())
    with django_assert_max_num_queries(28 + FOOTER_QUERIES):  # the sheet builds in 20, whatever the departments
        supervisor_client.get("/reports/assessment/")
    with django_assert_max_num_queries(28):
        supervisor_client.get("/reports/assessment.xlsx")


def test_annual_report_page_query_count_is_bounded(supervisor_client, county, django_assert_max_num_queries):
    with django_assert_max_num_queries(14 + FOOTER_QUERIES):
        supervisor_client.get("/reports/annual/")


def test_dashboard_alarm_links_to_the_cases_and_messages_nobody_can_act_on(supervisor_client, county):
    from feedback.models import Callback, Message
    from tests.feedback import factories as ff

    nobody = f.department(county, name="无人局")
    f.clerk(Department.objects.exclude(pk=nobody.pk).get(name="县民政局"))  # the fixture's bureau now has staff
    ff.bad_rating(nobody)
    ff.message(nobody)
    ff.message(nobody)
    assert (Callback.objects.unowned().count(), Message.objects.unowned().count()) == (1, 2)
    html = supervisor_client.get("/reports/").content.decode()
    assert "无人处理的差评回访 1 件" in html and "/admin/feedback/callback/?unowned=yes" in html
    assert "无人处理的留言 2 件" in html and "/admin/feedback/message/?unowned=yes" in html
