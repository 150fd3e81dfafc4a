"""The annual reports' JSON API (/api/v1/annual-reports/): published reports only, as their snapshot holds them,
never who published them nor anything about the applicants counted in them."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from portal.reports import publishing
from tests.portal import reports_factories as rf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]


SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_annual_reports_only_published_current_versions_without_who_published_them(
        client, reviewer, time_machine, django_assert_max_num_queries):
    time_machine.move_to(dt.datetime(2026, 1, 20, 10, tzinfo=SHANGHAI), tick=False)
    department = reviewer.departments.get()
    applicant = rf.application(department, received_on=dt.date(2025, 3, 2))
    inputs = rf.annual_input(department.division, 2025, department=department, licensing_decisions=321)
    rf.annual_input(department.division, 2024, department=department, overview="尚未发布的年报")
    first = publishing.publish(inputs, by=reviewer)
    current = publishing.correct(inputs, by=reviewer, note="更正行政许可件数")

    with django_assert_max_num_queries(2):  # the count and the page, whatever the number of reports
        response = client.get(reverse("reports_api:annual_reports"))
    text = response.content.decode()
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [current.pk]
    assert reviewer.username not in text and applicant.applicant_name not in text and applicant.phone not in text
    assert "尚未发布的年报" not in text
    row = response.json()["results"][0]
    assert (row["year"], row["version"], row["correction_note"]) == (2025, 2, "更正行政许可件数")
    figures = row["figures"]
    assert figures["documents"][1] == {"label": "行政规范性文件", "made": 0, "repealed": 0, "in_force": 0}
    assert figures["decisions"][0] == {"label": "行政许可", "count": 321}
    assert figures["requests"]["columns"][0] == "自然人" and figures["requests"]["columns"][-1] == "总计"
    received = figures["requests"]["rows"][0]
    assert received["label"].startswith("一、本年新收") and received["values"][0] == received["values"][-1] == 1
    assert figures["cases"]["columns"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    older = client.get(reverse("reports_api:annual_report", args=[first.pk])).json()
    assert older["superseded_by"] == current.pk and reviewer.username not in json.dumps(older)
    assert client.get(reverse("reports_api:annual_reports"), {"year": 2024}).json()["count"] == 0
