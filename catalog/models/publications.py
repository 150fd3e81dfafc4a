"""Published information (公开信息) filed under a directory entry, reviewed before release (先审查后发布)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models.directory import Entry
from catalog.models.divisions import Department, Division
from catalog.models.index_numbers import IndexCounter
from catalog.sanitize import clean_html
from portal import workdays
from portal.localdates import local_day_bounds

# Fields whose changes are not worth a history line: timestamps and derived values.
UNTRACKED_FIELDS = {"id", "created_at", "updated_at", "search_text", "deadline_on", "is_timely", "index_number"}


def column_expression():
    """The public column a publication appears in (see PublicationQuerySet.with_column)."""
    return models.Case(
        models.When(document_type__in=["regulation", "normative"], then=models.Value(Entry.Column.ART20_01)),
        default=models.F("entry__column"), output_field=models.CharField(),
    )


def without_interpretation_q() -> models.Q:
    """A policy document (Publication.POLICY_TYPES) with no public 政策解读 linked to it published by the time it
    was (approved together counts as with it): 三同步 not kept."""
    with_it = Publication.objects.filter(status=Publication.Status.PUBLISHED, interprets=models.OuterRef("pk"),
                                         published_at__lte=models.OuterRef("published_at"))
    return models.Q(document_type__in=Publication.POLICY_TYPES) & ~models.Q(models.Exists(with_it))


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """What citizens may see: published and not withdrawn."""
        return self.filter(status=Publication.Status.PUBLISHED)

    def valid_on(self, day: dt.date):
        """Public at the end of `day`: published by then, not withdrawn, and not expired or repealed by then."""
        _start, end = local_day_bounds(day, day)
        still_valid = models.Q(validity=Publication.Validity.VALID) | models.Q(validity_changed_on__gt=day)
        return self.public().filter(still_valid, published_at__lt=end)

    def pending(self):
        """Submitted and waiting for a reviewer (待审核)."""
        return self.filter(status=Publication.Status.PENDING)

    def for_lists(self):
        """What a public list row prints: the department and division names, without the body or search text."""
        return self.select_related("department", "division").defer(
            "body", "search_text", "review_note", "withdrawn_reason")

    def with_column(self):
        """Annotate each row's public column (Entry.Column): its entry's, except that regulations and normative
        documents always belong to Art. 20 (一), whichever entry they are filed under."""
        return self.annotate(column=column_expression())

    def in_column(self, column: str):
        return self.with_column().filter(column=column)

    def latest_in_columns(self, columns, per_column: int):
        """The newest `per_column` rows of each column in `columns`, in one query (each row carries `column`)."""
        rank = models.Window(RowNumber(), partition_by=column_expression(),
                             order_by=[models.F("published_at").desc(), models.F("id").desc()])
        return self.with_column().filter(column__in=list(columns)).annotate(rank=rank).filter(rank__lte=per_column)

    def awaiting_review_by(self, user):
        """Pending items `user` may review: reviewers only, in the departments they act for (catalog.access), never
        one they drafted or submitted (catalog.publishing.check also refuses one whose content they edited)."""
        from catalog.publishing import REVIEW_PERMISSION

        if not getattr(user, "is_authenticated", False) or not user.has_perm(REVIEW_PERMISSION):
            return self.none()
        queryset = self.pending().exclude(submitted_by=user).exclude(created_by=user)
        return queryset.filter(department__in=Department.objects.acted_for_by(user).values("pk"))

    def returned(self):
        """Drafts a reviewer sent back for changes (退回修改): only a rejection turns a reviewed item into a draft."""
        return self.filter(status=Publication.Status.DRAFT, reviewed_at__isnull=False)

    def returned_to(self, user):
        """Returned drafts that `user` drafted or submitted, in the departments they act for."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        theirs = models.Q(created_by=user) | models.Q(submitted_by=user)
        return self.returned().filter(theirs, department__in=Department.objects.acted_for_by(user).values("pk"))

    def for_user(self, user):
        return self.filter(department__in=Department.objects.for_user(user))

    def policies(self):
        """Policy documents (规章, 行政规范性文件), which are published together with their interpretation (三同步)."""
        return self.filter(document_type__in=Publication.POLICY_TYPES)

    def without_interpretation(self):
        """Public policy documents published without their interpretation (`without_interpretation_q`): the
        quarterly sheet's figure counts with the same condition and its drill-down lists this."""
        return self.public().filter(without_interpretation_q())


class Publication(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")

    class DocumentType(models.TextChoices):
        """Counted by the annual report's table 二 (规章, 行政规范性文件)."""

        REGULATION = "regulation", _("规章")
        NORMATIVE = "normative", _("行政规范性文件")
        OTHER_DOCUMENT = "document", _("其他文件")
        INTERPRETATION = "interpretation", _("政策解读")
        NOTICE = "notice", _("公示公告")
        OTHER = "other", _("其他信息")

    entry = models.ForeignKey(Entry, verbose_name=_("公开事项"), related_name="publications", on_delete=models.PROTECT)
    division = models.ForeignKey(
        Division, verbose_name=_("所属区划"), related_name="publications", on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name=_("发布机构"), related_name="publications", on_delete=models.PROTECT
    )
    title = models.CharField(_("标题"), max_length=200)
    index_number = models.CharField(_("索引号"), max_length=40, unique=True, null=True, blank=True, editable=False)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    document_type = models.CharField(
        _("文件类型"), max_length=16, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    formed_on = models.DateField(_("成文日期"), help_text=_("信息形成或者变更的日期，公开时限自此日起计算。"))
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, editable=False)
    body = models.TextField(_("正文"), blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField(
        _("失效或废止日期"), null=True, blank=True, help_text=_("文件失效或被废止的日期。")
    )
    related = models.ManyToManyField("self", verbose_name=_("相关信息"), blank=True, symmetrical=True)
    interprets = models.ForeignKey(
        "self", verbose_name=_("解读的政策文件"), related_name="interpretations", null=True, blank=True,
        on_delete=models.PROTECT, limit_choices_to={"document_type__in": ["regulation", "normative"]},
        help_text=_("文件类型为“政策解读”时，选择所解读的规章或行政规范性文件；二者同步审核发布（三同步）。"),
    )
    no_interpretation_reason = models.TextField(
        _("未同步发布解读的原因"), blank=True, editable=False,
        help_text=_("政策文件未与解读同步发布时，由审核员在审核通过时填写。"),
    )

    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("审核意见"), blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True, editable=False)
    search_text = models.TextField(_("检索分词"), blank=True, editable=False)
    deadline_on = models.DateField(
        _("公开时限截止日"), null=True, blank=True, editable=False,
        help_text=_("成文日期起算公开事项规定的工作日数，发布时确定。"),
    )
    is_timely = models.BooleanField(_("按时公开"), null=True, blank=True, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["entry", "status", "-published_at"]),
            models.Index(fields=["division", "status", "-published_at"]),
            models.Index(fields=["department", "status", "-published_at"]),
            models.Index(fields=["department", "status", "is_timely"]),
            # The public lists' order (newest first) with no ties to sort: a page is the index's first rows.
            models.Index(fields=["-published_at", "-id"], condition=models.Q(status="published"),
                         name="catalog_pub_public_newest_idx"),
        ]
        permissions = [("review_publication", _("可以审核、退回和撤回本单位的公开信息"))]

    #: The document types published together with their interpretation (解读材料与政策文件"三同步").
    POLICY_TYPES = (DocumentType.REGULATION, DocumentType.NORMATIVE)

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Sanitise the body, take an index number once and keep timeliness current. The history row is the
        caller's to write (catalog.history), as each action knows what it did."""
        derived = self.prepare_for_save()
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            if not self.index_number:
                self.index_number = IndexCounter.take_number(self.department, self.formed_on.year)
                derived.append("index_number")
            if update_fields is not None:
                kwargs["update_fields"] = set(update_fields) | set(derived)
            super().save(*args, **kwargs)
        self._saved_values = self._tracked_values()

    def prepare_for_save(self) -> list[str]:
        """Derive what save() and catalog.history.create_many() store besides the user's input; return the fields
        touched."""
        self.body = clean_html(self.body)
        derived = ["body"]
        if self.department_id and not self.division_id:
            self.division_id = self.department.division_id
            derived.append("division")
        if self.published_at and (
            self.deadline_on is None or {"formed_on", "entry", "published_at"} & set(self.changed_fields())
        ):
            self.refresh_timeliness()
            derived += ["deadline_on", "is_timely"]
        return derived

    @property
    def needs_interpretation(self) -> bool:
        return self.document_type in self.POLICY_TYPES

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    # What a clerk may still edit in each state; everything else is fixed once submitted (先审查后发布).
    EDITABLE_FIELDS_BY_STATUS = {
        Status.DRAFT: None,  # everything
        Status.PENDING: set(),
        Status.PUBLISHED: {"validity", "validity_changed_on", "related"},
        Status.WITHDRAWN: set(),
    }

    def editable_fields(self) -> set[str] | None:
        """The fields that may change in the current status; None means all of them."""
        return self.EDITABLE_FIELDS_BY_STATUS[self.status]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_values = instance._tracked_values()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._saved_values = self._tracked_values()

    def _tracked_values(self) -> dict:
        loaded = self.__dict__
        return {
            field.name: loaded[field.attname]
            for field in self._meta.concrete_fields
            if field.name not in UNTRACKED_FIELDS and field.attname in loaded
        }

    def changed_fields(self) -> list[str]:
        """Tracked fields whose value differs from what was loaded (all of them for a new publication)."""
        before = getattr(self, "_saved_values", {})
        return [name for name, value in self._tracked_values().items() if name not in before or before[name] != value]

    def clean(self):
        errors = {}
        if self.entry_id and not self.entry.is_leaf_node():
            errors["entry"] = _("请选择最末一级的公开事项（不能选择含有下级事项的一级事项）。")
        if self.department_id and not self.division_id:
            self.division = self.department.division
        if self.department_id and self.division_id and not self._division_is_within_department():
            errors["division"] = _("所属区划应为发布机构“%(department)s”所在的区划或其下级区划。") % {
                "department": self.department}
        if self.validity != self.Validity.VALID and not self.validity_changed_on:
            errors["validity_changed_on"] = _("文件失效或废止时，请填写失效或废止日期。")
        if self.interprets_id and self.document_type != self.DocumentType.INTERPRETATION:
            errors["interprets"] = _("只有文件类型为“政策解读”的信息才能关联所解读的政策文件。")
        elif self.interprets_id and self.interprets_id == self.pk:
            errors["interprets"] = _("不能解读自身。")
        editable = self.editable_fields() if not self._state.adding else None
        if editable is not None:
            locked = [name for name in self.changed_fields() if name not in editable and name != "status"]
            if locked:
                labels = "、".join(str(self._meta.get_field(name).verbose_name) for name in locked)
                errors["__all__"] = _("“%(status)s”状态的信息不能修改：%(fields)s。") % {
                    "status": self.get_status_display(), "fields": labels}
        if errors:
            raise ValidationError(errors)

    def _division_is_within_department(self) -> bool:
        home = self.department.division
        division = self.division
        return division.pk == home.pk or (
            division.tree_id == home.tree_id and home.lft < division.lft and division.rght < home.rght
        )

    def compute_deadline(self):
        """The last day to publish in time: the entry's working days after formation (the first day not counted)."""
        return workdays.add_workdays(self.formed_on, self.entry.time_limit_workdays)

    def refresh_timeliness(self) -> None:
        """Store the deadline and whether publication met it, so reports need no working-day arithmetic."""
        if not self.published_at or not self.formed_on or not self.entry_id:
            return
        self.deadline_on = self.compute_deadline()
        self.is_timely = timezone.localdate(self.published_at) <= self.deadline_on

    @property
    def deadline_is_provisional(self) -> bool:
        """Whether the stored deadline was counted over a year whose holiday schedule is not yet entered."""
        return bool(self.deadline_on) and workdays.any_provisional(self.formed_on, self.deadline_on)

    @property
    def met_time_limit(self) -> bool | None:
        """Whether it was published within its entry's time limit; None while it is not published."""
        if self.is_timely is not None:
            return self.is_timely
        if not self.published_at:
            return None
        return timezone.localdate(self.published_at) <= self.compute_deadline()
