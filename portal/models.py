"""The working-day calendar's admin-editable data (DESIGN §3)."""

import datetime as dt
import re
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One day whose status differs from chinese_calendar's, or a day of a year it does not know yet."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选表示该日上班（含调休补班），不勾选表示放假。"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("例如：国庆节、春节调休上班"))

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self):
        kind = "上班" if self.is_workday else "放假"
        return f"{self.date:%Y-%m-%d} {kind} {self.note}".strip()


class CalendarYear(models.Model):
    """A year whose holiday schedule the disclosure office has entered and confirmed."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    is_confirmed = models.BooleanField(_("已确认全年安排"), default=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(
        _("依据"), max_length=200, blank=True, help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知")
    )

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"

    @staticmethod
    def years_needing_schedule(today: dt.date) -> list[int]:
        """This year and next, where no schedule is known: deadlines run into them."""
        from portal import workdays

        return [y for y in (today.year, today.year + 1) if workdays.calendar.schedule(y).is_provisional]


class AuditLog(models.Model):
    """Staff sign-ins and refusals. Object changes made in the admin are in Django's admin LogEntry."""

    class Event(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    event = models.CharField(_("事件"), max_length=20, choices=Event.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("登录名"), max_length=150, blank=True)
    ip_hash = models.CharField(_("来源（加盐摘要）"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录审计")
        verbose_name_plural = _("登录审计")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_event_display()} {self.username}"

    @classmethod
    def record(cls, event, request, *, user=None, username=""):
        from portal.ratelimit import ip_hash

        return cls.objects.create(
            event=event,
            user=user,
            username=(username or (user.get_username() if user else ""))[:150],
            ip_hash=ip_hash(request) if request is not None else "",
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:200],
        )
POLICE_RECORD_DIGITS = re.compile(r"\d{10,}")


class SiteInfo(models.Model):
    """What every page's footer carries (政府网站发展指引, 国办发〔2017〕47号), entered by the disclosure office.

    One row; `current()` returns it, or unsaved defaults before anyone has entered it.
    """

    organiser = models.CharField(_("主办单位"), max_length=100, default="示范县人民政府办公室")
    undertaker = models.CharField(_("承办单位"), max_length=100, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    postcode = models.CharField(
        _("邮政编码"), max_length=6, blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("邮政编码应为6位数字。"))],
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True, error_messages={"invalid": _("请填写正确的电子邮箱地址。")})
    site_code = models.CharField(
        _("网站标识码"), max_length=10, blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]{10}$", _("网站标识码为10位数字或字母，由上级主管单位分配。"))],
    )
    icp_number = models.CharField(_("ICP备案号"), max_length=40, blank=True, help_text=_("例如：浙ICP备12345678号"))
    police_number = models.CharField(
        _("公安机关备案号"), max_length=60, blank=True,
        help_text=_("例如：浙公网安备33078202000001号；页脚链接到全国互联网安全管理服务平台的查询页。"),
    )
    conac_url = models.URLField(
        _("党政机关网站标识链接"), blank=True,
        help_text=_("中央机构编制委员会办公室为本网站颁发的党政机关网站标识的核验地址（bszs.conac.cn）。"),
    )
    is_demo = models.BooleanField(
        _("演示数据"), default=False, help_text=_("勾选时每个页面顶部显示“演示数据”提示。载入演示县时自动勾选。")
    )

    class Meta:
        verbose_name = _("网站信息")
        verbose_name_plural = _("网站信息（页脚）")

    def __str__(self):
        return str(_("网站信息（页脚）"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "SiteInfo":
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def police_record_code(self) -> str:
        """The digits of the 公安机关备案号, which the national look-up page takes as its `code`."""
        found = POLICE_RECORD_DIGITS.search(self.police_number)
        return found.group(0) if found else ""


class RateCounter(models.Model):
    """One rate-limit counter (portal.ratelimit) when the shared cache is the database table, whose increment is a
    read and a write: this row is locked while it is counted, so parallel requests cannot pass the limit."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("频率计数")
        verbose_name_plural = _("频率计数")

    def __str__(self):
        return f"{self.key}: {self.count}"



class ImportJob(models.Model):
    """An Excel import the background worker checks and then writes, with the progress its page shows.

    The file itself is kept in the row (`data`) until the job ends, so a worker on another host can read it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队等待")
        VALIDATING = "validating", _("正在校验")
        WRITING = "writing", _("正在写入")
        DONE = "done", _("导入完成")
        INVALID = "invalid", _("校验未通过，未导入")
        FAILED = "failed", _("导入中断")

    FINISHED = {Status.DONE, Status.INVALID, Status.FAILED}
    ERRORS_KEPT = 200
    # A running job with no progress for this long has lost its worker (a batch takes seconds): it may be resumed.
    STALLED_AFTER = dt.timedelta(minutes=10)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    model = models.CharField(_("导入对象"), max_length=100)
    file_name = models.CharField(_("文件名"), max_length=200)
    data = models.BinaryField(_("文件内容"), null=True, editable=False)
    format_index = models.PositiveSmallIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    rows_checked = models.PositiveIntegerField(_("已校验行数"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入行数"), default=0)
    totals = models.JSONField(_("结果"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("Excel 导入任务")
        verbose_name_plural = _("Excel 导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_stalled(self) -> bool:
        from django.utils import timezone

        running = self.status in {self.Status.VALIDATING, self.Status.WRITING}
        return running and self.updated_at is not None and timezone.now() - self.updated_at > self.STALLED_AFTER

    @property
    def rows_done(self) -> int:
        """Rows through the current phase: checked while validating, written while writing."""
        return self.rows_written if self.status in {self.Status.WRITING, self.Status.DONE} else self.rows_checked

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.total_rows) if self.total_rows else 0


class PersonalDataAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the personal-data access log is append-only")

    def delete(self):
        raise TypeError("the personal-data access log is append-only")


class PersonalDataAccess(models.Model):
    """Staff looking at citizens' personal data (name, ID number, phone, address): who, when, what, from where.

    Written by `portal.access_log` whenever the admin shows or hands out such data (a request's page, a list
    with applicants' names, an export, a printed notice); append-only, read by supervisors.
    """

    class Kind(models.TextChoices):
        VIEW = "view", _("查看详情")
        LIST = "list", _("查看列表")
        EXPORT = "export", _("导出")
        PRINT = "print", _("打印")
        DOWNLOAD = "download", _("下载材料")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), null=True, blank=True,
                             related_name="+", on_delete=models.SET_NULL)
    username = models.CharField(_("登录名"), max_length=150)
    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices)
    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("数据类别"), related_name="+",
                                     on_delete=models.PROTECT)
    object_id = models.CharField(_("记录编号"), max_length=64, blank=True, help_text=_("列表和导出为空"))
    object_repr = models.CharField(_("记录"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("条数"), default=1)
    place = models.CharField(_("页面或文件"), max_length=100)
    address = models.CharField(_("来源地址"), max_length=45, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("个人信息查阅记录")
        verbose_name_plural = _("个人信息查阅记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="portal_pda_object")]

    def __str__(self):
        return f"{self.username} {self.get_kind_display()} {self.object_repr or self.place}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the personal-data access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the personal-data access log is append-only")
