"""The staff's work page (工作台, the admin's index): what waits for the signed-in person, each figure linked to
the admin list that shows exactly those records.

Each count is the same queryset the linked list applies: the list's department scope (`for_user`, as
DepartmentScopedAdminMixin) and the named filter behind the link's parameter (ReviewQueueFilter,
DeadlineFilter, OverdueFilter, AnsweredFilter, OverdueForFilter, the status field). One COUNT query per figure
(the directory's overdue entries: four queries for all the person's departments), whatever the data.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from applications.models import SOON_WORKDAYS, Application
from catalog import newmedia_filings, publishing
from catalog.freshness import overdue_by_department, overdue_changelist_url, required_by_department
from catalog.models import Department, Entry, NewMediaAccount, NewMediaFiling, Publication
from catalog.roles import is_supervisor
from feedback.models import Callback, IssueReport, IssueStatus, Message
from portal.reports import links


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str
    #: Past a deadline: shown in the warning colour while there is any.
    is_late: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    tasks: list[Task]


def _can_view(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def _task(label: str, queryset, model: str, *, is_late: bool = False, **filters) -> Task:
    return Task(label, queryset.count(), links.changelist(model, **filters), is_late)


def sections_for(user, *, today: dt.date) -> list[Section]:
    """The work page of `user` on `today`: only the lists they may open, scoped to the departments they see."""
    sections = []
    if _can_view(user, Publication):
        scoped = Publication.objects.for_user(user)
        tasks = []
        if user.has_perm(publishing.REVIEW_PERMISSION):
            tasks.append(_task("待我审核", scoped.awaiting_review_by(user), "catalog.publication", queue="mine"))
        if user.has_perm(publishing.CLERK_PERMISSION):
            tasks.append(_task("退回我修改", scoped.returned_to(user), "catalog.publication", queue="returned"))
        if tasks:
            sections.append(Section("公开信息", tasks))
    if _can_view(user, Application):
        scoped = Application.objects.for_user(user)
        sections.append(Section("依申请公开", [
            _task(f"{SOON_WORKDAYS}个工作日内到期", scoped.due_within(SOON_WORKDAYS, on=today),
                  "applications.application", deadline="soon"),
            _task("已逾期", scoped.overdue(on=today), "applications.application", is_late=True, deadline="overdue"),
        ]))
    if _can_view(user, Callback):
        scoped = Callback.objects.for_user(user)
        sections.append(Section("差评回访", [
            _task("办理中", scoped.open(), "feedback.callback", status__exact=Callback.Status.OPEN),
            _task("已逾期", scoped.overdue(on=today), "feedback.callback", is_late=True, overdue="yes"),
        ]))
    if _can_view(user, Message):
        scoped = Message.objects.for_user(user)
        sections.append(Section("留言与纠错", [
            _task("未答复", scoped.pending(), "feedback.message", answered="no"),
            _task("逾期未答复", scoped.overdue(on=today), "feedback.message", is_late=True, overdue="yes"),
        ]))
    if _can_view(user, IssueReport):
        # 随手拍: the supervisors' list is every dispatched report past its deadline (督办), as IssueReport's admin
        # scope and its OverdueFilter show it.
        scoped = IssueReport.objects.for_user(user)
        sections.append(Section("随手拍", [
            _task("待交办", scoped.filter(status=IssueStatus.RECEIVED), "feedback.issuereport",
                  status__exact=IssueStatus.RECEIVED),
            _task("办理中", scoped.in_handling(), "feedback.issuereport", status__exact=IssueStatus.DISPATCHED),
            _task("逾期督办", scoped.overdue(on=today), "feedback.issuereport", is_late=True, overdue="yes"),
            _task("待审核公开", scoped.awaiting_public_review(), "feedback.issuereport", public="pending"),
        ]))
    if _can_view(user, NewMediaAccount):
        # 政务新媒体: accounts overdue today (catalog.newmedia) for the owners' staff and, all of them, supervisors.
        tasks = [_task("逾期未更新的账号", NewMediaAccount.objects.for_user(user).overdue(on=today),
                       "catalog.newmediaaccount", is_late=True, overdue_on=today)]
        if user.has_perm(newmedia_filings.REVIEW_PERMISSION):
            tasks.insert(0, _task("待我审核的备案", NewMediaFiling.objects.awaiting_review_by(user),
                                  "catalog.newmediafiling", queue="mine"))
        sections.append(Section("政务新媒体", tasks))
    if _can_view(user, Entry) and not user.is_superuser:
        # The departments the user works for (with the villages their township handles) that have entries 待更新,
        # each linked to its list as OverdueForFilter reads it; supervisors read the same figure for every
        # department on the quarterly sheet instead. A constant number of queries however many departments.
        departments = list(Department.objects.acted_for_by(user).select_related("division"))
        overdue = overdue_by_department(required_by_department(departments), today)
        tasks = [Task(f"待更新目录事项（{department.display_name}）", len(overdue[department.pk]),
                      overdue_changelist_url(department), is_late=True)
                 for department in departments if overdue[department.pk]]
        if tasks:
            sections.append(Section("公开目录", tasks))
    return sections


def report_links(user) -> list[tuple[str, str]]:
    """The supervisors' pages, for supervisors and superusers only (portal.reports.views.supervisor_required)."""
    if not is_supervisor(user):
        return []
    return [("数据看板", reverse("reports:dashboard")), ("季度考核表", reverse("reports:assessment")),
            ("政府信息公开工作年度报告", reverse("reports:annual")),
            ("多次申请的信息（《条例》第四十四条）", reverse("admin:applications_application_repeated"))]
