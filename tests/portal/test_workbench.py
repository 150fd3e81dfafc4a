"""The staff's work page (the admin index): each figure equals the list it links to, scoped to the person."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import newmedia_filings, publishing
from feedback.models import Callback, Level
from portal.reports import workbench
from tests import factories
from tests.catalog import newmedia_factories as nf
from tests.portal import reports_factories as rf

# Wednesday 13 May 2026; five working days later is Wednesday 20 May (no holiday in between).
TODAY = dt.date(2026, 5, 13)


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 13, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def workload(department, clerk, reviewer, *, copies=1):
    """For `department`, `copies` of: a request overdue, one due soon, one not; a callback case overdue, one in
    time, one closed; a message overdue, one in time, one answered; an item awaiting review, one returned; a weekly
    new-media account last updated 8 days ago (overdue), one updated yesterday, and a filing awaiting review."""
    for _copy in range(copies):
        rf.application(department, received_on=dt.date(2026, 4, 1), due_on=dt.date(2026, 5, 12))
        rf.application(department, received_on=dt.date(2026, 4, 20), due_on=dt.date(2026, 5, 20))
        rf.application(department, received_on=dt.date(2026, 5, 12), due_on=dt.date(2026, 6, 10))
        for due_on, status in ((dt.date(2026, 5, 11), Callback.Status.OPEN),
                               (dt.date(2026, 5, 15), Callback.Status.OPEN),
                               (dt.date(2026, 5, 11), Callback.Status.CLOSED_SATISFIED)):
            rated = rf.rating(department, level=Level.DISSATISFIED, on=dt.date(2026, 5, 8))
            rf.callback(rated, callback_due_on=due_on, rectification_due_on=dt.date(2026, 6, 5), status=status)
        rf.message(department, on=dt.date(2026, 4, 20), due_on=dt.date(2026, 5, 12))
        rf.message(department, on=dt.date(2026, 5, 11), due_on=dt.date(2026, 5, 25))
        rf.message(department, on=dt.date(2026, 4, 20), due_on=dt.date(2026, 5, 12), answered_on=dt.date(2026, 5, 6))
        waiting = factories.publication(department_=department, created_by=clerk)
        publishing.submit(waiting, by=clerk)
        returned = factories.publication(department_=department, created_by=clerk)
        publishing.submit(returned, by=clerk)
        publishing.reject(returned, by=reviewer, note="请补充附件。")
        nf.account(department, opened_on=dt.date(2026, 1, 5), updates=[dt.date(2026, 5, 5)])
        nf.account(department, opened_on=dt.date(2026, 1, 5), updates=[dt.date(2026, 5, 12)])
        newmedia_filings.propose(nf.filing(department), by=clerk)


def figures(user) -> dict[str, int]:
    return {f"{section.title}/{task.label}": task.count
            for section in workbench.sections_for(user, today=TODAY) for task in section.tasks}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["clerk_a", "reviewer_a", "supervisor", "superuser"])
def test_each_figure_equals_the_count_of_the_list_it_links_to(users_by_role, department, other_department, role):
    reviewer = users_by_role["reviewer_a"]
    workload(department, users_by_role["clerk_a"], reviewer)
    workload(other_department, users_by_role["clerk_b"], factories.reviewer(other_department))
    user = users_by_role[role]
    client = signed_in(user)
    tasks = [task for section in workbench.sections_for(user, today=TODAY) for task in section.tasks]
    assert tasks
    for task in tasks:
        response = client.get(task.url)
        assert response.status_code == 200, task
        assert response.context["cl"].result_count == task.count, task


def test_a_clerk_counts_their_own_departments_work_only(users_by_role, department, other_department):
    clerk = users_by_role["clerk_a"]
    workload(department, clerk, users_by_role["reviewer_a"])
    workload(other_department, users_by_role["clerk_b"], factories.reviewer(other_department))
    assert figures(clerk) == {
        "公开信息/退回我修改": 1,
        "依申请公开/5个工作日内到期": 1, "依申请公开/已逾期": 1,
        "差评回访/办理中": 2, "差评回访/已逾期": 1,
        "留言与纠错/未答复": 2, "留言与纠错/逾期未答复": 1,
        "随手拍/待交办": 0, "随手拍/办理中": 0, "随手拍/逾期督办": 0, "随手拍/待审核公开": 0,
        "政务新媒体/逾期未更新的账号": 1,
    }


def test_a_reviewer_sees_what_awaits_their_review(users_by_role, department):
    workload(department, users_by_role["clerk_a"], users_by_role["reviewer_a"])
    assert figures(users_by_role["reviewer_a"])["公开信息/待我审核"] == 1
    assert figures(users_by_role["reviewer_a"])["政务新媒体/待我审核的备案"] == 1


def test_a_supervisor_counts_every_department_and_has_the_reports(users_by_role, department, other_department):
    workload(department, users_by_role["clerk_a"], users_by_role["reviewer_a"])
    workload(other_department, users_by_role["clerk_b"], factories.reviewer(other_department))
    supervisor = users_by_role["supervisor"]
    assert figures(supervisor)["依申请公开/已逾期"] == 2
    assert figures(supervisor)["政务新媒体/逾期未更新的账号"] == 2
    page = signed_in(supervisor).get(reverse("admin:index")).content.decode()
    assert 'id="workbench"' in page
    assert reverse("reports:assessment") in page


def test_a_clerk_has_no_report_links(clerk_client):
    page = clerk_client.get(reverse("admin:index")).content.decode()
    assert 'id="workbench"' in page
    assert reverse("reports:dashboard") not in page


def test_the_work_page_takes_as_many_queries_with_much_work_as_with_little(users_by_role, department,
                                                                            django_assert_max_num_queries):
    clerk, reviewer = users_by_role["clerk_a"], users_by_role["reviewer_a"]
    client = signed_in(clerk)
    workload(department, clerk, reviewer)
    with CaptureQueriesContext(connection) as little:
        client.get(reverse("admin:index"))
    workload(department, clerk, reviewer, copies=3)
    with django_assert_max_num_queries(len(little.captured_queries)):
        assert client.get(reverse("admin:index")).status_code == 200


def test_a_clerk_sees_their_departments_overdue_directory_entries(users_by_role, department):
    from catalog.models import Entry, Publication

    # A monthly list last updated on 10 March: due 20 working days after 31 March, so 待更新 on 13 May.
    entry = factories.entry(factories.domain(), name="低保金发放情况", update_cycle=Entry.UpdateCycle.MONTHLY,
                            time_limit_workdays=20, publisher_text=department.name)
    factories.publication(entry, department, status=Publication.Status.PUBLISHED,
                          published_at=rf.at(dt.date(2026, 3, 10)))
    clerk = users_by_role["clerk_a"]
    tasks = {task.label: task for section in workbench.sections_for(clerk, today=TODAY) for task in section.tasks}
    task = tasks[f"待更新目录事项（{department.display_name}）"]
    assert task.count == 1 and task.is_late
    response = signed_in(clerk).get(task.url)
    assert response.context["cl"].result_count == 1
