"""What supervisors enter: the assessment rules of each year and the annual report's manual inputs."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class AssessmentRule(models.Model):
    """The weights and grade thresholds of one year's quarterly assessment; old quarters keep their year's rule."""

    # (weight field, figure key, label): the score is the weighted mean of these rates (see assessment.py).
    COMPONENTS = [
        ("weight_coverage", "coverage_rate", _("目录覆盖率")),
        ("weight_freshness", "freshness_rate", _("更新及时率")),
        ("weight_timeliness", "timely_rate", _("按时公开率")),
        ("weight_requests", "on_time_rate", _("依申请按时答复率")),
        ("weight_satisfaction", "satisfaction_rate", _("满意率")),
        ("weight_callbacks", "callback_rate", _("差评按时回访率")),
        ("weight_rectification", "rectified_rate", _("差评整改率")),
        ("weight_messages", "message_rate", _("留言按时答复率")),
        ("weight_issues", "issue_rate", _("随手拍按时办结率")),
    ]

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    weight_coverage = models.PositiveSmallIntegerField(_("目录覆盖率权重"), default=20, validators=PERCENT)
    weight_freshness = models.PositiveSmallIntegerField(
        _("更新及时率权重"), default=0, validators=PERCENT,
        help_text=_("默认为0，不影响原有得分；计入时请相应调低其他权重，使总和仍为100。"),
    )
    weight_timeliness = models.PositiveSmallIntegerField(_("按时公开率权重"), default=20, validators=PERCENT)
    weight_requests = models.PositiveSmallIntegerField(_("依申请按时答复率权重"), default=20, validators=PERCENT)
    weight_satisfaction = models.PositiveSmallIntegerField(_("满意率权重"), default=15, validators=PERCENT)
    weight_callbacks = models.PositiveSmallIntegerField(_("差评按时回访率权重"), default=10, validators=PERCENT)
    weight_rectification = models.PositiveSmallIntegerField(_("差评整改率权重"), default=10, validators=PERCENT)
    weight_messages = models.PositiveSmallIntegerField(_("留言按时答复率权重"), default=5, validators=PERCENT)
    weight_issues = models.PositiveSmallIntegerField(
        _("随手拍按时办结率权重"), default=0, validators=PERCENT,
        help_text=_("默认为0，不计入得分；设定后与其他各项权重合计仍应为100。"))
    overdue_penalty = models.DecimalField(
        _("每件逾期申请扣分"), max_digits=4, decimal_places=1, default=Decimal("2.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("考核时仍逾期未答复的每件依申请公开申请扣减的分数。"),
    )
    green_min = models.DecimalField(
        _("绿色等次最低分"), max_digits=5, decimal_places=1, default=Decimal("90.0"), validators=PERCENT
    )
    yellow_min = models.DecimalField(
        _("黄色等次最低分"), max_digits=5, decimal_places=1, default=Decimal("75.0"), validators=PERCENT,
        help_text=_("低于此分为红色。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核规则")
        verbose_name_plural = _("考核规则")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年考核规则"

    def weights(self) -> dict[str, int]:
        """Figure key → weight."""
        return {key: getattr(self, field) for field, key, _label in self.COMPONENTS}

    def clean(self):
        errors = {}
        total = sum(getattr(self, field) or 0 for field, _key, _label in self.COMPONENTS)
        if total != 100:
            errors["__all__"] = _("各项权重之和应为100，现为%(total)s。") % {"total": total}
        if self.green_min is not None and self.yellow_min is not None and self.green_min <= self.yellow_min:
            errors["green_min"] = _("绿色等次最低分应高于黄色等次最低分。")
        if errors:
            raise ValidationError(errors)


class AnnualReportInput(models.Model):
    """The figures and narrative of one government's annual report that no record gives (DESIGN §6)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    division = models.ForeignKey(
        "catalog.Division", verbose_name=_("政府（区划）"), related_name="annual_report_inputs",
        on_delete=models.PROTECT, limit_choices_to={"level__in": ["county", "township"]},
        help_text=_("县人民政府选县，乡镇人民政府（街道办事处）选乡镇。"),
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), related_name="annual_report_inputs", null=True, blank=True,
        on_delete=models.PROTECT,
        help_text=_("部门自己的年度报告选本部门（区划选部门所属区划）；本级政府的年度报告留空。"),
    )
    licensing_decisions = models.PositiveIntegerField(_("行政许可本年处理决定数量"), default=0)
    penalty_decisions = models.PositiveIntegerField(_("行政处罚本年处理决定数量"), default=0)
    coercion_decisions = models.PositiveIntegerField(_("行政强制本年处理决定数量"), default=0)
    fee_amount = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"), max_digits=12, decimal_places=4, default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度报告填报内容")
        verbose_name_plural = _("年度报告填报内容")
        ordering = ["-year", "division__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "division"], name="one_annual_report_input_per_government_year",
                condition=models.Q(department__isnull=True),
                violation_error_message=_("该政府该年度的年度报告填报内容已存在，请修改原记录。"),
            ),
            models.UniqueConstraint(
                fields=["year", "department"], name="one_annual_report_input_per_department_year",
                condition=models.Q(department__isnull=False),
                violation_error_message=_("该部门该年度的年度报告填报内容已存在，请修改原记录。"),
            ),
        ]

    def __str__(self):
        return f"{self.department or self.division}{self.year}年度报告"

    def clean(self):
        if self.department_id and self.division_id and self.department.division_id != self.division_id:
            raise ValidationError({"division": _("部门的年度报告，区划应为该部门所属区划。")})


class ReviewCase(models.Model):
    """One administrative reconsideration or lawsuit about disclosure (table 四), entered by a supervisor."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LAWSUIT_DIRECT = "lawsuit_direct", _("行政诉讼（未经复议直接起诉）")
        LAWSUIT_AFTER = "lawsuit_after", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    report = models.ForeignKey(
        AnnualReportInput, verbose_name=_("年度报告"), related_name="cases", on_delete=models.CASCADE
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    case_number = models.CharField(_("案号"), max_length=60, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        ordering = ["report", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number}".strip()


class PublishedAnnualReportQuerySet(models.QuerySet):
    def current(self):
        """The version of each organ's year that the public site shows: the one no correction superseded."""
        return self.filter(superseded_by__isnull=True)

    def for_lists(self):
        return self.select_related("organ", "organ__division").only(
            "organ__name", "organ__division__name", "organ__division__level", "year", "version", "title",
            "organ_name", "published_at", "supersedes_id")


class PublishedAnnualReport(models.Model):
    """An annual report as published (Art. 49–50): a frozen snapshot of its figures and text.

    A published row is never changed: later changes to requests, publications or inputs leave it as it was. A
    correction is published as a new version that supersedes the old one; the old one stays readable, marked as
    corrected (portal.reports.publishing).
    """

    organ = models.ForeignKey(
        "catalog.Department", verbose_name=_("发布机关"), related_name="published_annual_reports",
        on_delete=models.PROTECT,
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    supersedes = models.OneToOneField(
        "self", verbose_name=_("更正的版本"), related_name="superseded_by", null=True, blank=True,
        on_delete=models.PROTECT,
    )
    organ_name = models.CharField(_("机关全称（发布时）"), max_length=120)
    title = models.CharField(_("标题"), max_length=200)
    snapshot = models.JSONField(_("发布时的报告内容"))
    correction_note = models.TextField(_("更正说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), related_name="+", on_delete=models.PROTECT
    )

    objects = PublishedAnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("已发布的政府信息公开年报")
        verbose_name_plural = _("已发布的政府信息公开年报")
        ordering = ["-year", "organ__division__tree_id", "organ__division__lft", "organ__order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "version"], name="one_published_report_per_version"),
        ]
        permissions = [("publish_annual_report", _("可以发布政府信息公开年报"))]

    def __str__(self):
        return self.title if self.version == 1 else f"{self.title}（更正第{self.version - 1}次）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("已发布的年报不可修改；更正请发布新版本。")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("annual_reports:detail", args=[self.pk])



def _count(label: str, help_text: str = ""):
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


def _yes_no(label: str):
    return models.BooleanField(label, null=True, blank=True)


class WebsiteYearInput(models.Model):
    """What the portal cannot count for the website's annual statistics (政府网站工作年度报表, 国办发〔2017〕47号):
    visits from the county's statistics tool, services, security, new media and the people who sign the form.

    Empty means 未填 on the form; everything the portal records (items published, interpretations, messages) is
    counted by portal/reports/website.py instead of typed here.
    """

    class SiteType(models.TextChoices):
        PORTAL = "portal", _("政府门户网站")
        DEPARTMENT = "department", _("部门网站")

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    site_type = models.CharField(_("网站类型"), max_length=12, choices=SiteType.choices, default=SiteType.PORTAL)
    home_url = models.URLField(_("首页网址"), blank=True)
    unique_visitors = _count(_("独立用户访问总量（个）"), _("取自网站访问统计工具。"))
    page_views = _count(_("网站总访问量（次）"), _("取自网站访问统计工具。"))
    overview_updates = _count(_("概况类信息更新量（条）"))
    news_updates = _count(_("政务动态信息更新量（条）"))
    columns_maintained = _count(_("专栏专题维护数量（个）"))
    columns_opened = _count(_("专栏专题新开设数量（个）"))
    interpretation_products = _count(_("解读产品数量（个）"), _("图解、音视频、动漫等。"))
    media_commentaries = _count(_("媒体评论文章数量（篇）"))
    hot_topic_responses = _count(_("回应公众关注热点或重大舆情数量（次）"))
    service_catalogue = _yes_no(_("是否发布服务事项目录"))
    registered_users = _count(_("注册用户数（个）"))
    service_items = _count(_("政务服务事项数量（项）"))
    online_service_items = _count(_("可全程在线办理政务服务事项数量（项）"))
    cases_total = _count(_("办件量总数（件）"))
    cases_persons = _count(_("自然人办件量（件）"))
    cases_organisations = _count(_("法人办件量（件）"))
    unified_platform = _yes_no(_("是否使用统一平台"))
    consultations_held = _count(_("征集调查期数（期）"))
    consultation_opinions = _count(_("收到意见数量（条）"))
    consultation_results = _count(_("公布调查结果期数（期）"))
    interviews = _count(_("在线访谈期数（期）"))
    interview_questions = _count(_("在线访谈网民留言数量（条）"))
    interview_answers = _count(_("答复网民提问数量（条）"))
    smart_qa = _yes_no(_("是否提供智能问答功能"))
    security_checks = _count(_("安全检测评估次数（次）"))
    security_findings = _count(_("发现问题数量（个）"))
    security_fixed = _count(_("问题整改数量（个）"))
    security_monitoring = _yes_no(_("是否建立安全监测预警机制"))
    emergency_drills = _yes_no(_("是否开展应急演练"))
    security_owner = _yes_no(_("是否明确网站安全责任人"))
    new_media = _yes_no(_("是否有移动新媒体"))
    weibo_name = models.CharField(_("微博名称"), max_length=60, blank=True)
    weibo_posts = _count(_("微博信息发布量（条）"))
    weibo_followers = _count(_("微博关注量（个）"))
    wechat_name = models.CharField(_("微信名称"), max_length=60, blank=True)
    wechat_posts = _count(_("微信信息发布量（条）"))
    wechat_subscribers = _count(_("微信订阅数（个）"))
    other_new_media = models.CharField(_("其他移动新媒体"), max_length=200, blank=True)
    search_as_service = _yes_no(_("搜索即服务"))
    multilingual = _yes_no(_("多语言版本"))
    personalised = _yes_no(_("千人千网"))
    other_innovation = models.CharField(_("其他创新"), max_length=200, blank=True)
    head = models.CharField(_("单位负责人"), max_length=30, blank=True)
    reviewer = models.CharField(_("审核人"), max_length=30, blank=True)
    filled_by = models.CharField(_("填报人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    filled_on = models.DateField(_("填报日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("网站年度报表填报")
        verbose_name_plural = _("网站年度报表填报")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年网站工作年度报表填报"
