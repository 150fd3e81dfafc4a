"""Publishing the annual reports (Art. 49–50): a reviewer of the organ publishes a frozen snapshot.

The step's record is the report's inputs (`AnnualReportInput`): a government's inputs are published by that
government's disclosure office (政府信息公开工作机构), a department's by the department. Publishing stores every
figure and text of the report as computed at that moment (annual.snapshot) in a `PublishedAnnualReport`, which is
never changed afterwards. A correction is a new version with a required note: it supersedes the old one on the
public site, and the old one stays readable, marked as corrected. Each step bumps the page cache's version
(catalog.fragments) so the public pages show the report at once.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog import fragments
from catalog.access import acts_for, is_signed_in
from catalog.models import Department, Level
from portal import steps
from portal.badges import render_deadline
from portal.errors import StepRefused
from portal.reports import annual
from portal.reports.models import AnnualReportInput, PublishedAnnualReport
from portal.steps import Step

UNPUBLISHED = "unpublished"
PUBLISHED = "published"
PERMISSION = "reports.publish_annual_report"

STEPS = {
    "publish": Step("publish", "发布年度报告", frozenset({UNPUBLISHED}), PUBLISHED, PERMISSION),
    "correct": Step("correct", "发布更正版本", frozenset({PUBLISHED}), PUBLISHED, PERMISSION, note_label="更正说明"),
}


class AnnualReportError(StepRefused):
    """A publishing step on an annual report that is not allowed; the message is for the user."""


def organ_of(report_input: AnnualReportInput) -> Department | None:
    """The organ that publishes the report: the department, or the government's disclosure office."""
    if report_input.department_id:
        return report_input.department
    return Department.objects.filter(division=report_input.division_id, is_disclosure_office=True).first()


def current(report_input: AnnualReportInput, organ: Department | None = None) -> PublishedAnnualReport | None:
    organ = organ or organ_of(report_input)
    if organ is None:
        return None
    return PublishedAnnualReport.objects.current().filter(organ=organ, year=report_input.year).first()


def status(report_input: AnnualReportInput) -> str:
    return PUBLISHED if current(report_input) else UNPUBLISHED


def check(step_name: str, report_input: AnnualReportInput, *, by, note: str | None = None) -> Step:
    """Raise AnnualReportError unless `by` may take the step now; `note=None` skips the note check.

    Only a reviewer acting for the organ publishes, only once the year is over, and only a report whose
    table 三 passes its cross-checks (the check builds the report: a few dozen queries).
    """
    step = STEPS[step_name]
    if not is_signed_in(by):
        raise AnnualReportError("请先登录。")
    organ = organ_of(report_input)
    if organ is None:
        raise AnnualReportError(f"{report_input.division}尚未设置政府信息公开工作机构，无法发布本级政府年度报告。")
    year = report_input.year
    if not step.allows(status(report_input)):
        done = "已发布，如需更正请发布更正版本" if step_name == "publish" else "尚未发布，不能更正"
        raise AnnualReportError(f"{organ.name}{year}年度报告{done}。")
    if not by.has_perm(step.permission) or not acts_for(by, organ):
        raise AnnualReportError(f"只有“{organ.name}”的审核员可以{step.label}。")
    if year >= timezone.localdate().year:
        raise AnnualReportError(f"{year}年度尚未结束，年度报告应在次年发布。")
    if note is not None and step.needs_note and not note.strip():
        raise AnnualReportError(f"请填写{step.note_label}。")
    return step


def _cross_checked(organ: Department, year: int) -> annual.AnnualReport:
    report = annual.build_for_organ(organ, year, timezone.localdate())
    failed = [check.label for check in report.requests.checks if not check.ok]
    if failed:
        raise AnnualReportError(f"表三校验未通过（{'；'.join(failed)}），请核对依申请公开数据后再发布。")
    return report


def _store(report_input, *, by, step_name: str, note: str) -> PublishedAnnualReport:
    check(step_name, report_input, by=by, note=note)
    organ = organ_of(report_input)
    report = _cross_checked(organ, report_input.year)
    previous = current(report_input, organ)
    try:
        with transaction.atomic():
            published = PublishedAnnualReport.objects.create(
                organ=organ, year=report_input.year, version=previous.version + 1 if previous else 1,
                supersedes=previous, organ_name=report.organ_name, title=report.title,
                snapshot=annual.snapshot(report), correction_note=note.strip() if previous else "",
                published_at=timezone.now(), published_by=by,
            )
    except IntegrityError:  # someone else published the same version in the meantime
        raise AnnualReportError(f"{organ.name}{report_input.year}年度报告刚刚已由他人发布，请刷新后查看。") from None
    fragments.bump()
    return published


def publish(report_input: AnnualReportInput, *, by, note: str = "") -> PublishedAnnualReport:
    """Publish the report as computed now; refused once published (a correction is `correct`)."""
    return _store(report_input, by=by, step_name="publish", note=note)


def correct(report_input: AnnualReportInput, *, by, note: str) -> PublishedAnnualReport:
    """Publish a new version that supersedes the current one; the old version stays readable."""
    return _store(report_input, by=by, step_name="correct", note=note)


def allowed_steps(report_input: AnnualReportInput, user) -> list[Step]:
    return steps.allowed(STEPS, check, report_input, user)


@dataclass(frozen=True)
class Unpublished:
    organ: Department
    title: str
    due_on: dt.date
    is_overdue: bool

    @property
    def badge(self) -> str:
        return render_deadline(self.due_on, "overdue" if self.is_overdue else "normal")


def deadline(organ: Department, year: int) -> dt.date:
    """When `organ`'s report for `year` is due: 31 March for the county government's, 31 January for the
    departments' and the townships' (Art. 49)."""
    government = annual.reports_for_government(organ)
    if government is not None and government.level == Level.COUNTY:
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def unpublished(today: dt.date) -> tuple[int, list[Unpublished]]:
    """Last year's reports not yet published: the year and, for each organ that owes one (the active departments
    of the county and the townships; villages are not administrative organs), its deadline, overdue after it."""
    year = today.year - 1
    published = PublishedAnnualReport.objects.filter(year=year).values("organ")
    organs = (Department.objects.active().filter(division__level__in=[Level.COUNTY, Level.TOWNSHIP])
              .exclude(pk__in=published).select_related("division"))
    rows = []
    for organ in organs:
        due_on = deadline(organ, year)
        government = annual.reports_for_government(organ)
        name = annual.government_name(government, organ) if government is not None else organ.name
        rows.append(Unpublished(organ, f"{name}{year}年政府信息公开工作年度报告", due_on, today > due_on))
    rows.sort(key=lambda row: (not row.is_overdue, row.due_on))
    return year, rows
