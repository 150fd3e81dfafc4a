"""随手拍: problems citizens report with photos, followed through 反映 → 交办 → 反馈 → 评价 (feedback.snapshots).

A report is received by the government of its township (乡镇人民政府 / 街道办事处, `receiver`), which dispatches it
(交办) to the competent department or township with a deadline in working days; the handling department replies
with text and photos of the result, and the citizen rates the handling. Every step is an append-only
`IssueEvent`. What the public board shows is a copy staff approved, with personal data removed.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, Division
from catalog.models import Level as DivisionLevel
from portal import idempotency, tracking
from portal.localdates import local_day_bounds
from portal.uploads import UploadTo
from portal.workdays import workdays_between

#: A dispatched report due within this many working days is marked as due soon.
SOON_WORKDAYS = 2
CODE_PREFIX = "SP"
CODE_LENGTH = 9


def new_report_code() -> str:
    return tracking.new_code(CODE_PREFIX, CODE_LENGTH)


class IssueCategory(models.Model):
    """A kind of problem citizens choose from (环境卫生, 道路设施 …), edited in the admin."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    description = models.CharField(_("说明"), max_length=100, blank=True,
                                   help_text=_("显示在选项下方，例如“垃圾堆放、污水、噪声”。"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("随手拍类别")
        verbose_name_plural = _("随手拍类别")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class IssueStatus(models.TextChoices):
    RECEIVED = "received", _("待交办")
    DISPATCHED = "dispatched", _("办理中")
    REPLIED = "replied", _("已反馈")
    RATED = "rated", _("已评价")
    REJECTED = "rejected", _("不予受理")


#: The states in which a report counts as 已协调处理 on the public board: the handler has replied.
HANDLED_STATES = (IssueStatus.REPLIED, IssueStatus.RATED)


class IssueReportQuerySet(models.QuerySet):
    def for_user(self, user):
        """The reports whose current or receiving department `user` sees (catalog.access)."""
        visible = Department.objects.for_user(user).values("pk")
        return self.filter(models.Q(department__in=visible) | models.Q(receiver__in=visible))

    def public(self):
        """On the public board: the citizen agreed and staff approved."""
        return self.filter(is_public=True, wants_public=True).exclude(status=IssueStatus.REJECTED)

    def awaiting_public_review(self):
        """The citizen agreed to make it public and nobody has approved it yet."""
        return self.filter(wants_public=True, is_public=False).exclude(status=IssueStatus.REJECTED)

    def handled(self):
        return self.filter(status__in=HANDLED_STATES)

    def in_handling(self):
        return self.filter(status=IssueStatus.DISPATCHED)

    def overdue(self, on: dt.date):
        """督办: dispatched, not replied, past the due date on `on`; these are the supervisors' list."""
        return self.in_handling().filter(due_on__lt=on)

    def replied_on_time(self):
        return self.filter(replied_at__isnull=False, replied_at__date__lte=models.F("due_on"))

    def between(self, start: dt.date, end: dt.date):
        low, high = local_day_bounds(start, end)
        return self.filter(created_at__gte=low, created_at__lt=high)


class IssueReport(models.Model):
    """One problem a citizen reported (随手拍)."""

    tracking_number = models.CharField(_("查询码"), max_length=20, unique=True, default=new_report_code,
                                       editable=False)
    category = models.ForeignKey(IssueCategory, verbose_name=_("问题类别"), related_name="reports",
                                 on_delete=models.PROTECT)
    division = models.ForeignKey(Division, verbose_name=_("所在村（社区）"), related_name="issue_reports",
                                 on_delete=models.PROTECT)
    body = models.TextField(_("问题描述"), max_length=1000)
    location = models.CharField(_("具体位置"), max_length=100, blank=True,
                                help_text=_("例如路名、门牌号或附近的标志性建筑。"))
    name = models.CharField(_("称呼"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    wants_public = models.BooleanField(_("群众同意公开"), default=False, editable=False,
                                       help_text=_("群众同意后，经工作人员审核，问题和照片才会公开（不含姓名、电话）。"))
    status = models.CharField(_("状态"), max_length=12, choices=IssueStatus.choices, default=IssueStatus.RECEIVED,
                              editable=False)
    receiver = models.ForeignKey(Department, verbose_name=_("受理单位"), related_name="received_issue_reports",
                                 on_delete=models.PROTECT, editable=False)
    department = models.ForeignKey(Department, verbose_name=_("办理单位"), related_name="issue_reports",
                                   on_delete=models.PROTECT, editable=False)
    created_at = models.DateTimeField(_("反映时间"), default=timezone.now, editable=False)
    dispatched_at = models.DateTimeField(_("交办时间"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("办理期限"), null=True, blank=True, editable=False)
    due_is_provisional = models.BooleanField(_("期限待确认"), default=False, editable=False)
    reply = models.TextField(_("办理结果"), blank=True, editable=False)
    replied_at = models.DateTimeField(_("反馈时间"), null=True, blank=True, editable=False)
    is_public = models.BooleanField(_("已公开"), default=False, editable=False)
    public_body = models.TextField(_("公开的问题描述"), blank=True, editable=False)
    public_reply = models.TextField(_("公开的办理结果"), blank=True, editable=False)
    rating = models.OneToOneField("feedback.Rating", verbose_name=_("评价"), related_name="issue_report",
                                  null=True, blank=True, editable=False, on_delete=models.PROTECT)
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    submission_key = idempotency.key_field()

    objects = IssueReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("随手拍")
        verbose_name_plural = _("随手拍")
        ordering = ["-created_at", "-id"]
        permissions = [("publish_issuereport", _("审核随手拍公开"))]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["is_public", "-created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.category}"

    @property
    def township(self) -> Division:
        """The township-level division the report belongs to (its own division for a township)."""
        return self.division.parent if self.division.level == DivisionLevel.VILLAGE else self.division

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """IssueReportQuerySet.overdue for one row."""
        on = on or timezone.localdate()
        return self.status == IssueStatus.DISPATCHED and self.due_on is not None and self.due_on < on

    def deadline_badge(self, on: dt.date | None = None) -> dict:
        """The keyword arguments of portal.badges for this report's deadline on `on` (today by default)."""
        on = on or timezone.localdate()
        if self.status != IssueStatus.DISPATCHED or self.due_on is None:
            return {"due_on": self.due_on, "state": "done", "label": self.get_status_display()}
        if on <= self.due_on:
            left = workdays_between(on, self.due_on)
            state = "soon" if left <= SOON_WORKDAYS else "normal"
        else:
            left, state = -workdays_between(self.due_on, on), "overdue"
        return {"due_on": self.due_on, "state": state, "left": left, "is_provisional": self.due_is_provisional}

    @property
    def is_replied_late(self) -> bool:
        return (self.replied_at is not None and self.due_on is not None
                and timezone.localdate(self.replied_at) > self.due_on)


class IssuePhotoQuerySet(models.QuerySet):
    def public(self):
        """Photos staff chose to show, of reports on the public board (portal.media serves these to anyone)."""
        return self.filter(is_public=True, report__in=IssueReport.objects.public())


class IssuePhoto(models.Model):
    """A photo of the problem (by the citizen) or of the result (by the handler), stored without its metadata."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("问题照片")
        RESULT = "result", _("办理结果照片")

    report = models.ForeignKey(IssueReport, verbose_name=_("随手拍"), related_name="photos", on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.PROBLEM)
    image = models.FileField(_("照片"), upload_to=UploadTo("issue-photos"), max_length=200, db_index=True)
    width = models.PositiveIntegerField(_("宽"), default=0, editable=False)
    height = models.PositiveIntegerField(_("高"), default=0, editable=False)
    is_public = models.BooleanField(_("公开显示"), default=False, editable=False)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)

    objects = IssuePhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("随手拍照片")
        verbose_name_plural = _("随手拍照片")
        ordering = ["kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"


class IssueEventKind(models.TextChoices):
    SUBMIT = "submit", _("群众反映")
    DISPATCH = "dispatch", _("交办")
    TRANSFER = "transfer", _("转办")
    RETURN = "return", _("退回")
    REJECT = "reject", _("不予受理")
    REPLY = "reply", _("反馈办理结果")
    RATE = "rate", _("群众评价")
    APPROVE_PUBLIC = "approve_public", _("审核公开")
    WITHDRAW_PUBLIC = "withdraw_public", _("撤回公开")


class IssueEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("issue report events are append-only")

    def delete(self):
        raise TypeError("issue report events are append-only")


class IssueEvent(models.Model):
    """One step in a report's life: who, when, from which department to which, why. Append-only."""

    report = models.ForeignKey(IssueReport, verbose_name=_("随手拍"), related_name="events", on_delete=models.PROTECT)
    kind = models.CharField(_("事项"), max_length=20, choices=IssueEventKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                           related_name="+", on_delete=models.PROTECT, help_text=_("空表示群众本人"))
    from_department = models.ForeignKey(Department, verbose_name=_("原办理单位"), null=True, blank=True,
                                        related_name="+", on_delete=models.PROTECT)
    to_department = models.ForeignKey(Department, verbose_name=_("新办理单位"), null=True, blank=True,
                                      related_name="+", on_delete=models.PROTECT)
    status_after = models.CharField(_("状态"), max_length=12, choices=IssueStatus.choices)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = IssueEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("随手拍办理记录")
        verbose_name_plural = _("随手拍办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("issue report events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("issue report events are append-only")
