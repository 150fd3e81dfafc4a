"""Publishing the annual reports: a reviewer's step, a frozen snapshot, the public pages and the dashboard."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from applications.classification import Outcome, Reason
from catalog import fragments
from portal.reports import publishing
from portal.reports.models import PublishedAnnualReport
from tests import factories as f
from tests.factories import FOOTER_QUERIES
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def on(time_machine, day: dt.date):
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def bureau_2025(department, time_machine):
    """县民政局's 2025: two requests received (one concluded, one carried on) and its own report's inputs."""
    on(time_machine, D(2026, 1, 20))
    rf.concluded(department, received_on=D(2025, 3, 2), concluded_on=D(2025, 3, 20), outcome=Outcome.DISCLOSED)
    rf.application(department, received_on=D(2025, 12, 20))
    return rf.annual_input(department.division, 2025, department=department, licensing_decisions=321,
                           overview="民政局总体情况原文")


def received_total(data: dict) -> int:
    return data["requests"][0]["values"][-1]


def test_publishing_freezes_the_figures_and_text_as_they_were(bureau_2025, reviewer, department, client):
    published = publishing.publish(bureau_2025, by=reviewer)
    assert published.organ == department and published.version == 1
    assert published.title == "县民政局2025年政府信息公开工作年度报告"
    assert received_total(published.snapshot) == 2  # 1 concluded + 1 carried on, both received in 2025

    # Later: a third 2025 request is registered and the text is rewritten.
    rf.application(department, received_on=D(2025, 11, 3))
    bureau_2025.overview = "改写后的总体情况"
    bureau_2025.licensing_decisions = 999
    bureau_2025.save()
    fragments.bump()

    published.refresh_from_db()
    assert received_total(published.snapshot) == 2
    page = client.get(published.get_absolute_url()).content.decode()
    assert "民政局总体情况原文" in page and "改写后的总体情况" not in page
    assert ">321<" in page and ">999<" not in page
    book = load_workbook(BytesIO(client.get(f"/annual-reports/{published.pk}.xlsx").content))
    cells = [cell for row in book.active.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "民政局总体情况原文" in cells and 321 in cells and 999 not in cells
    assert "县民政局" in cells and "2026年1月20日发布" in cells
    assert not any(str(cell).startswith("校验") for cell in cells)
    assert int(book.active.page_setup.paperSize) == 9  # A4


def test_a_published_report_row_cannot_be_saved_again(bureau_2025, reviewer):
    published = publishing.publish(bureau_2025, by=reviewer)
    published.title = "改过的标题"
    with pytest.raises(ValueError):
        published.save()
    assert PublishedAnnualReport.objects.get().title == "县民政局2025年政府信息公开工作年度报告"


def test_publishing_is_refused_before_the_year_is_over(department, reviewer, time_machine):
    on(time_machine, D(2025, 12, 31))
    inputs = rf.annual_input(department.division, 2025, department=department)
    with pytest.raises(publishing.AnnualReportError, match="2025年度尚未结束"):
        publishing.publish(inputs, by=reviewer)
    assert not PublishedAnnualReport.objects.exists()


def test_publishing_is_refused_to_a_clerk_a_supervisor_and_another_departments_reviewer(
        bureau_2025, clerk, supervisor, other_department):
    for user in (clerk, supervisor, f.reviewer(other_department)):
        with pytest.raises(publishing.AnnualReportError, match="只有“县民政局”的审核员可以发布年度报告"):
            publishing.publish(bureau_2025, by=user)
    assert not PublishedAnnualReport.objects.exists()


def test_publishing_twice_is_refused_and_a_correction_is_a_new_version_keeping_the_old(bureau_2025, reviewer,
                                                                                      client):
    first = publishing.publish(bureau_2025, by=reviewer)
    with pytest.raises(publishing.AnnualReportError, match="已发布，如需更正请发布更正版本"):
        publishing.publish(bureau_2025, by=reviewer)
    with pytest.raises(publishing.AnnualReportError, match="请填写更正说明"):
        publishing.correct(bureau_2025, by=reviewer, note=" ")

    bureau_2025.overview = "更正后的总体情况"
    bureau_2025.save()
    second = publishing.correct(bureau_2025, by=reviewer, note="更正行政许可数量")
    assert (second.version, second.supersedes) == (2, first)
    assert list(PublishedAnnualReport.objects.current()) == [second]
    old_page = client.get(first.get_absolute_url()).content.decode()
    assert "民政局总体情况原文" in old_page and "本报告已更正" in old_page
    new_page = client.get(second.get_absolute_url()).content.decode()
    assert "更正后的总体情况" in new_page and "更正行政许可数量" in new_page
    listed = client.get("/annual-reports/").content.decode()
    assert second.get_absolute_url() in listed and first.get_absolute_url() not in listed


def test_publishing_is_refused_when_table_three_fails_its_cross_checks(bureau_2025, reviewer, department):
    # A request concluded as 予以公开 with a withholding reason fits no row of table 三.
    rf.concluded(department, received_on=D(2025, 5, 6), concluded_on=D(2025, 5, 30), outcome=Outcome.DISCLOSED,
                 reason=Reason.STATE_SECRET)
    with pytest.raises(publishing.AnnualReportError, match="表三校验未通过"):
        publishing.publish(bureau_2025, by=reviewer)
    assert not PublishedAnnualReport.objects.exists()


def test_the_government_report_is_published_by_its_disclosure_office(department, time_machine):
    on(time_machine, D(2026, 3, 2))
    county = department.division
    office = f.department(county, name="示范县人民政府办公室", is_disclosure_office=True)
    rf.concluded(department, received_on=D(2025, 3, 2), concluded_on=D(2025, 3, 20), outcome=Outcome.DISCLOSED)
    inputs = rf.annual_input(county, 2025, overview="县政府总体情况")
    with pytest.raises(publishing.AnnualReportError, match="只有“示范县人民政府办公室”的审核员"):
        publishing.publish(inputs, by=f.reviewer(department))
    published = publishing.publish(inputs, by=f.reviewer(office))
    assert published.organ == office
    assert published.organ_name == f"{county.name}人民政府"
    assert published.title == f"{county.name}人民政府2025年政府信息公开工作年度报告"
    assert received_total(published.snapshot) == 1  # the county's report counts its departments' requests


def test_public_list_and_report_page_in_few_queries(bureau_2025, reviewer, other_department, client,
                                                    django_assert_max_num_queries):
    published = publishing.publish(bureau_2025, by=reviewer)
    for year in (2023, 2024, 2025):
        publishing.publish(rf.annual_input(other_department.division, year, department=other_department),
                           by=f.reviewer(other_department))
    # A first visit renders: the page of reports, its count and the years, the footer, and the page cache's
    # read, count, lookup and write (the database cache of the tests); the same however many reports are listed.
    with django_assert_max_num_queries(3 + 2 * FOOTER_QUERIES + 4):
        listed = client.get("/annual-reports/").content.decode()
    assert published.title in listed and "县教育局2023年政府信息公开工作年度报告" in listed
    assert [year in listed for year in ("2023年度", "2024年度", "2025年度")] == [True] * 3
    with django_assert_max_num_queries(2):  # cached for visitors without a session (catalog.fragments)
        assert client.get("/annual-reports/").content.decode() == listed
    # The report: one query for the report and the versions it is linked with, besides footer and cache.
    with django_assert_max_num_queries(1 + 2 * FOOTER_QUERIES + 4):
        page = client.get(published.get_absolute_url()).content.decode()
    assert "一 + 二 = 三（七） + 四" not in page and "校验" not in page
    assert "县民政局<br>2026年1月20日发布" in page
    assert client.get(f"/annual-reports/?organ={published.organ_id}").status_code == 200
    assert client.get("/annual-reports/?organ=abc").status_code == 404
    assert client.get("/annual-reports/?year=x").status_code == 404
    assert client.get("/annual-reports/99999/").status_code == 404


def test_home_department_page_and_guide_link_to_the_reports(department, client):
    assert 'href="/annual-reports/"' in client.get("/").content.decode()
    department_page = client.get(f"/departments/{department.pk}/").content.decode()
    assert f'href="/annual-reports/?organ={department.pk}"' in department_page
    assert 'href="/annual-reports/' in client.get("/guide/").content.decode()


def test_search_finds_published_reports_by_their_title(bureau_2025, reviewer, client):
    publishing.publish(bureau_2025, by=reviewer)
    page = client.get("/search/", {"q": "民政局 年报"}).content.decode()
    assert "县民政局2025年政府信息公开工作年度报告" in page
    assert "县民政局2025年" not in client.get("/search/", {"q": "教育 年报"}).content.decode()


@pytest.mark.parametrize(("today", "bureau_overdue", "county_overdue"), [
    (D(2026, 1, 31), False, False),  # the departments' last day
    (D(2026, 2, 1), True, False),  # departments late; the county government has until 31 March
    (D(2026, 3, 31), True, False),
    (D(2026, 4, 1), True, True),
])
def test_dashboard_lists_who_has_not_published_last_years_report(department, other_department, time_machine,
                                                                 today, bureau_overdue, county_overdue):
    on(time_machine, D(2026, 1, 5))
    f.department(department.division, name="县政府办公室", is_disclosure_office=True)
    inputs = rf.annual_input(other_department.division, 2025, department=other_department)
    publishing.publish(inputs, by=f.reviewer(other_department))
    f.department(f.village(f.township(department.division)), name="石门村村民委员会")  # not an organ that reports

    on(time_machine, today)
    year, rows = publishing.unpublished(today)
    assert year == 2025
    by_name = {row.organ.name: row for row in rows}
    assert set(by_name) == {"县民政局", "县政府办公室"}  # 县教育局 published; villages owe none
    assert by_name["县民政局"].due_on == D(2026, 1, 31)
    assert by_name["县民政局"].is_overdue is bureau_overdue
    assert by_name["县政府办公室"].due_on == D(2026, 3, 31)
    assert by_name["县政府办公室"].is_overdue is county_overdue
    assert ("已逾期" in by_name["县民政局"].badge) is bureau_overdue


def test_dashboard_page_shows_the_unpublished_in_red(supervisor_client, department, time_machine):
    on(time_machine, D(2026, 2, 1))
    page = supervisor_client.get("/reports/").content.decode()
    assert "2025年度政府信息公开工作年度报告未发布的机关" in page
    assert '<tr class="overdue"><td>县民政局</td>' in page and "已逾期" in page


def test_reviewer_publishes_from_the_inputs_admin_page(bureau_2025, reviewer, other_department):
    from django.test import Client

    outsider = Client()
    outsider.force_login(f.reviewer(other_department))
    assert outsider.get(f"/admin/reports/annualreportinput/{bureau_2025.pk}/change/").status_code == 302
    signed_in = Client()
    signed_in.force_login(reviewer)
    change_url = f"/admin/reports/annualreportinput/{bureau_2025.pk}/change/"
    step_url = f"/admin/reports/annualreportinput/{bureau_2025.pk}/step/publish/"
    assert step_url in signed_in.get(change_url).content.decode()
    response = signed_in.post(step_url, {"note": ""})
    assert response.status_code == 302
    assert PublishedAnnualReport.objects.get().published_by == reviewer
    assert step_url not in signed_in.get(change_url).content.decode()  # published: only the correction is offered
    again = signed_in.post(step_url, {"note": ""}, follow=True).content.decode()
    assert "已发布，如需更正请发布更正版本" in again
    assert PublishedAnnualReport.objects.count() == 1
