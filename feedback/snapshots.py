"""随手拍: a citizen's report and its handling, 反映 → 交办 → 反馈 → 评价, one function per step.

- `submit`: the citizen reports (category, text, up to MAX_PHOTOS photos stored without metadata, the village or
  community, a phone); the government of that township receives it (`receiving_department`).
- `dispatch` (交办): the receiving department's staff send it to the competent department or township with a
  deadline of so many working days (counted from the day of dispatch, which is not counted); `reject` (不予受理)
  ends a report that is not a problem the government handles, with the reason told to the citizen.
- `transfer` (转办): the handling department passes it to another one; the deadline runs on. `return_report`
  (退回): it hands it back to the receiving department, which dispatches again with a new deadline.
- `reply` (反馈): the handling department answers with text and photos of the result.
- `rate` (评价): the citizen rates the handling with the five 好差评 levels; the rating's target is the handling
  department, and a bad one enters the callback loop (feedback.ratings.submit_rating, feedback.callbacks).
- `approve_public` / `withdraw_public`: what the citizen agreed to make public goes on the board only after staff
  with the publishing permission approve a copy without personal data, and the photos they chose.
A dispatched report past its deadline is 督办: `IssueReportQuerySet.overdue`, on the supervisors' work page.
Every step writes its `IssueEvent` inside the same transaction, the report locked (`select_for_update`).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.access import acts_for, is_signed_in
from catalog.models import Department, Division
from catalog.models import Level as DivisionLevel
from feedback import ratings
from feedback.errors import FeedbackError
from feedback.models import IssueEvent, IssueEventKind, IssuePhoto, IssueReport, IssueStatus, Level
from feedback.models.snapshots import HANDLED_STATES
from feedback.privacy import redact
from portal import steps
from portal.photos import CleanPhoto
from portal.steps import Step
from portal.workdays import add_workdays, any_provisional

MAX_PHOTOS = 5
#: Staff of the receiving or handling department triage, dispatch, transfer, return and reply.
HANDLE_PERMISSION = "feedback.change_issuereport"
#: Approving what goes on the public board (reviewers).
PUBLISH_PERMISSION = "feedback.publish_issuereport"

RECEIVED = frozenset({IssueStatus.RECEIVED})
DISPATCHED = frozenset({IssueStatus.DISPATCHED})
REPLIED = frozenset({IssueStatus.REPLIED})
NOT_REJECTED = frozenset(set(IssueStatus.values) - {IssueStatus.REJECTED})

STEPS = {step.name: step for step in [
    Step("dispatch", "交办", RECEIVED, IssueStatus.DISPATCHED, HANDLE_PERMISSION,
         "feedback.admin_snapshots.DispatchForm"),
    Step("reject", "不予受理", RECEIVED, IssueStatus.REJECTED, HANDLE_PERMISSION, "portal.admin_steps.ReasonForm",
         note_label="不予受理的理由（将告知群众）"),
    Step("transfer", "转办", DISPATCHED, None, HANDLE_PERMISSION, "feedback.admin_snapshots.TransferForm",
         note_label="转办理由"),
    Step("return_report", "退回受理单位", DISPATCHED, IssueStatus.RECEIVED, HANDLE_PERMISSION,
         "portal.admin_steps.ReasonForm", note_label="退回理由"),
    Step("reply", "反馈办理结果", DISPATCHED, IssueStatus.REPLIED, HANDLE_PERMISSION,
         "feedback.admin_snapshots.ReplyForm"),
    Step("rate", "群众评价", REPLIED, IssueStatus.RATED, admin=False),
    Step("approve_public", "审核公开", NOT_REJECTED, None, PUBLISH_PERMISSION,
         "feedback.admin_snapshots.PublicForm"),
    Step("withdraw_public", "撤回公开", NOT_REJECTED, None, PUBLISH_PERMISSION, "portal.admin_steps.ReasonForm",
         note_label="撤回理由"),
]}


# Receiving ---------------------------------------------------------------------------------------------------

def township_of(division: Division) -> Division:
    return division.parent if division.level == DivisionLevel.VILLAGE else division


def receiving_department(division: Division) -> Department | None:
    """The government of the report's township (its disclosure office if marked, else its first active
    department); for a county-level place, the county's disclosure office."""
    if division.level == DivisionLevel.COUNTY:
        return Department.objects.active().county_disclosure_office().order_by("pk").first()
    township = township_of(division)
    return (Department.objects.active().filter(division=township)
            .order_by("-is_disclosure_office", "order", "pk").first())


def reportable_divisions():
    """The places a citizen may choose: villages, communities and townships."""
    return Division.objects.filter(level__in=[DivisionLevel.VILLAGE, DivisionLevel.TOWNSHIP])


def submit(*, category, division: Division, body: str, phone: str, photos: list[CleanPhoto] = (),
           location: str = "", name: str = "", wants_public: bool = False, ip_hash: str = "",
           submission_key: str | None = None, created_at=None, tracking_number: str | None = None) -> IssueReport:
    """Store a report, its photos (already cleaned by portal.photos) and its first event, all or nothing."""
    if not body.strip():
        raise FeedbackError(_("请描述您看到的问题。"))
    if not phone.strip():
        raise FeedbackError(_("请填写联系电话，以便告知办理结果。"))
    if len(photos) > MAX_PHOTOS:
        raise FeedbackError(_("最多上传%(count)d张照片。") % {"count": MAX_PHOTOS})
    if not category.is_active:
        raise FeedbackError(_("请选择问题类别。"))
    receiver = receiving_department(division)
    if receiver is None:
        raise FeedbackError(_("该地暂未开通随手拍受理，请拨打当地政府电话反映。"))
    report = IssueReport(
        category=category, division=division, body=body.strip(), location=location.strip(), name=name.strip(),
        phone=phone.strip(), wants_public=wants_public, receiver=receiver, department=receiver,
        ip_hash=ip_hash, submission_key=submission_key, created_at=created_at or timezone.now(),
    )
    if tracking_number:
        report.tracking_number = tracking_number
    with transaction.atomic():
        report.save()
        _store_photos(report, photos, IssuePhoto.Kind.PROBLEM)
        _event(report, IssueEventKind.SUBMIT, by=None, at=report.created_at, to_department=receiver)
    return report


def _store_photos(report: IssueReport, photos, kind: str) -> None:
    for photo in photos:
        IssuePhoto.objects.create(report=report, kind=kind, image=photo.content, width=photo.width,
                                  height=photo.height, created_at=report.created_at if kind == IssuePhoto.Kind.PROBLEM
                                  else timezone.now())


def _event(report: IssueReport, kind: str, *, by, at=None, from_department=None, to_department=None,
           note: str = "") -> IssueEvent:
    return IssueEvent.objects.create(
        report=report, kind=kind, by=by, at=at or timezone.now(), from_department=from_department,
        to_department=to_department, status_after=report.status, due_on=report.due_on, note=note.strip(),
    )


# Checks ------------------------------------------------------------------------------------------------------

def _acts_on(user, report: IssueReport, *departments) -> bool:
    return any(acts_for(user, department) for department in departments if department is not None)


def check(step_name: str, report: IssueReport, *, by) -> Step:
    """Raise FeedbackError unless `by` may take the step on `report` now (its input aside)."""
    step = STEPS[step_name]
    if not step.allows(report.status):
        raise FeedbackError(_("该随手拍当前为“%(status)s”，不能%(step)s。") % {
            "status": report.get_status_display(), "step": step.label})
    if step_name == "rate":
        return step  # the citizen's own step: the caller verified the browser holds the tracking number
    if not is_signed_in(by) or not by.has_perm(step.permission):
        raise FeedbackError(_("您没有办理该事项的权限。"))
    if step_name in ("dispatch", "reject"):
        if not acts_for(by, report.receiver_id):
            raise FeedbackError(_("只有受理单位的工作人员可以交办或不予受理。"))
    elif step_name in ("approve_public", "withdraw_public"):
        if not report.wants_public:
            raise FeedbackError(_("群众未同意公开，不能公开。"))
        if step_name == "withdraw_public" and not report.is_public:
            raise FeedbackError(_("该随手拍尚未公开。"))
        if not _acts_on(by, report, report.receiver_id, report.department_id):
            raise FeedbackError(_("只有受理或办理单位的工作人员可以审核公开。"))
    elif not acts_for(by, report.department_id):
        raise FeedbackError(_("只有办理单位的工作人员可以办理。"))
    return step


def allowed_steps(report: IssueReport, user) -> list[Step]:
    return steps.allowed(STEPS, check, report, user)


def _locked(report: IssueReport) -> IssueReport:
    return IssueReport.objects.select_for_update().get(pk=report.pk)


# Staff steps -------------------------------------------------------------------------------------------------

def due_date(dispatched_on: dt.date, workdays: int) -> dt.date:
    """The n-th working day after the day of dispatch (the day itself is not counted)."""
    return add_workdays(dispatched_on, workdays)


def dispatch(report: IssueReport, *, by, department: Department, workdays: int | None = None, note: str = "",
             at=None) -> IssueReport:
    """交办: to `department`, due `workdays` working days after today (settings.ISSUE_DUE_WORKDAYS by default)."""
    workdays = settings.ISSUE_DUE_WORKDAYS if workdays is None else workdays
    if not 1 <= workdays <= 60:
        raise FeedbackError(_("办理期限应为1至60个工作日。"))
    if department is None or not department.is_active:
        raise FeedbackError(_("请选择承办单位。"))
    at = at or timezone.now()
    with transaction.atomic():
        report = _locked(report)
        check("dispatch", report, by=by)
        dispatched_on = timezone.localdate(at)
        previous = report.department
        report.department, report.status, report.dispatched_at = department, IssueStatus.DISPATCHED, at
        report.due_on = due_date(dispatched_on, workdays)
        report.due_is_provisional = any_provisional(dispatched_on, report.due_on)
        report.save()
        _event(report, IssueEventKind.DISPATCH, by=by, at=at, from_department=previous, to_department=department,
               note=note or _("%(days)d个工作日内办结") % {"days": workdays})
    return report


def reject(report: IssueReport, *, by, reason: str, at=None) -> IssueReport:
    if not reason.strip():
        raise FeedbackError(_("请填写不予受理的理由。"))
    with transaction.atomic():
        report = _locked(report)
        check("reject", report, by=by)
        report.status = IssueStatus.REJECTED
        report.reply = reason.strip()
        report.is_public = False
        report.save()
        _event(report, IssueEventKind.REJECT, by=by, at=at, note=reason)
    return report


def transfer(report: IssueReport, *, by, department: Department, note: str, at=None) -> IssueReport:
    """转办: the handling department passes the report to `department`; the deadline is unchanged."""
    if not note.strip():
        raise FeedbackError(_("请填写转办理由。"))
    if department is None or not department.is_active:
        raise FeedbackError(_("请选择转办的单位。"))
    with transaction.atomic():
        report = _locked(report)
        check("transfer", report, by=by)
        if department.pk == report.department_id:
            raise FeedbackError(_("不能转办给本单位。"))
        previous = report.department
        report.department = department
        report.save()
        _event(report, IssueEventKind.TRANSFER, by=by, at=at, from_department=previous, to_department=department,
               note=note)
    return report


def return_report(report: IssueReport, *, by, reason: str, at=None) -> IssueReport:
    """退回: not this department's matter; the receiving department dispatches again, with a new deadline."""
    if not reason.strip():
        raise FeedbackError(_("请填写退回理由。"))
    with transaction.atomic():
        report = _locked(report)
        check("return_report", report, by=by)
        previous = report.department
        report.department, report.status = report.receiver, IssueStatus.RECEIVED
        report.due_on, report.due_is_provisional = None, False
        report.save()
        _event(report, IssueEventKind.RETURN, by=by, at=at, from_department=previous, to_department=report.receiver,
               note=reason)
    return report


def reply(report: IssueReport, *, by, text: str, photos: list[CleanPhoto] = (), at=None) -> IssueReport:
    """反馈: what was done, with photos of the result; the citizen is then asked to rate it."""
    if not text.strip():
        raise FeedbackError(_("请填写办理结果。"))
    if len(photos) > MAX_PHOTOS:
        raise FeedbackError(_("最多上传%(count)d张照片。") % {"count": MAX_PHOTOS})
    at = at or timezone.now()
    with transaction.atomic():
        report = _locked(report)
        check("reply", report, by=by)
        report.status, report.reply, report.replied_at = IssueStatus.REPLIED, text.strip(), at
        report.save()
        for photo in photos:
            IssuePhoto.objects.create(report=report, kind=IssuePhoto.Kind.RESULT, image=photo.content,
                                      width=photo.width, height=photo.height, created_at=at)
        _event(report, IssueEventKind.REPLY, by=by, at=at, note=text)
    return report


def approve_public(report: IssueReport, *, by, public_body: str, public_reply: str = "", photo_ids=(),
                   at=None) -> IssueReport:
    """Put the report on the public board: the text as approved (phones, ID numbers, addresses and the citizen's
    name removed again, whatever was typed) and the photos chosen (staff check them for faces and number plates)."""
    if not public_body.strip():
        raise FeedbackError(_("请填写公开的问题描述。"))
    photo_ids = [int(pk) for pk in photo_ids]
    with transaction.atomic():
        report = _locked(report)
        check("approve_public", report, by=by)
        report.public_body = redact(public_body.strip(), names=(report.name,))
        report.public_reply = redact(public_reply.strip(), names=(report.name,))
        report.is_public = True
        report.save()
        report.photos.update(is_public=False)
        shown = report.photos.filter(pk__in=photo_ids).update(is_public=True)
        _event(report, IssueEventKind.APPROVE_PUBLIC, by=by, at=at, note=_("公开照片%(count)d张") % {"count": shown})
    return report


def withdraw_public(report: IssueReport, *, by, reason: str, at=None) -> IssueReport:
    if not reason.strip():
        raise FeedbackError(_("请填写撤回理由。"))
    with transaction.atomic():
        report = _locked(report)
        check("withdraw_public", report, by=by)
        report.is_public = False
        report.save()
        report.photos.update(is_public=False)
        _event(report, IssueEventKind.WITHDRAW_PUBLIC, by=by, at=at, note=reason)
    return report


# The citizen's rating ----------------------------------------------------------------------------------------

def rate(report: IssueReport, *, level: str, comment: str = "", ip_hash: str = "", at=None) -> IssueReport:
    """评价: the citizen (verified by the caller) rates the handling department; a bad rating with the report's
    phone opens a callback case."""
    if level not in Level.values:
        raise FeedbackError(_("请选择满意程度。"))
    with transaction.atomic():
        report = _locked(report)
        if report.status == IssueStatus.RATED:
            raise FeedbackError(_("您已评价过本次办理，感谢您的参与。"))
        check("rate", report, by=None)
        rating = ratings.submit_rating(report.department, level=level, comment=comment, name=report.name,
                                       phone=report.phone, ip_hash=ip_hash, created_at=at)
        report.rating, report.status = rating, IssueStatus.RATED
        report.save()
        _event(report, IssueEventKind.RATE, by=None, at=rating.created_at, note=rating.get_level_display())
    return report


# The public board's figures -----------------------------------------------------------------------------------

def board_figures(reports=None) -> dict:
    """"已反映 N 起，已协调处理 M 件" as the seed county publishes them, in total and by township: every report
    received counts as reflected, those the handler replied to as handled. Two queries, whatever the data."""
    reports = IssueReport.objects.all() if reports is None else reports
    township = Case(When(division__level=DivisionLevel.VILLAGE, then=F("division__parent_id")),
                    default=F("division_id"))
    rows = (reports.annotate(township_id=township).values("township_id")
            .annotate(reported=Count("pk"), handled=Count("pk", filter=Q(status__in=HANDLED_STATES)))
            .order_by("township_id"))
    rows = list(rows)
    names = dict(Division.objects.filter(pk__in=[row["township_id"] for row in rows])
                 .values_list("pk", "name"))
    by_township = sorted(
        ({"township_id": row["township_id"], "name": names.get(row["township_id"], ""), "reported": row["reported"],
          "handled": row["handled"]} for row in rows),
        key=lambda row: (-row["reported"], row["name"]))
    return {
        "reported": sum(row["reported"] for row in by_township),
        "handled": sum(row["handled"] for row in by_township),
        "by_township": by_township,
    }
