"""The standard directory: domains (领域), their entries (公开事项) with the standard elements, and tags."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from catalog.fields import MultipleChoiceField
from catalog.models.divisions import Level


class LevelFlags(models.Model):
    """The levels (公开层级) something applies to, as three flags that filter cheaply."""

    is_county_level = models.BooleanField(_("县级"), default=True)
    is_township_level = models.BooleanField(_("乡级"), default=True)
    is_village_level = models.BooleanField(_("村级"), default=False)

    LEVEL_FIELDS = {
        Level.COUNTY: "is_county_level",
        Level.TOWNSHIP: "is_township_level",
        Level.VILLAGE: "is_village_level",
    }

    class Meta:
        abstract = True

    @property
    def levels(self) -> list[str]:
        return [level for level, field in self.LEVEL_FIELDS.items() if getattr(self, field)]

    @property
    def levels_display(self) -> str:
        return "、".join(str(Level(level).label) for level in self.levels)


class LevelQueryMixin:
    def for_level(self, level: str):
        """What a division of `level` must publish: the rows whose levels include it."""
        return self.filter(**{LevelFlags.LEVEL_FIELDS[Level(level)]: True})


class DomainQuerySet(LevelQueryMixin, models.QuerySet):
    pass


class Domain(LevelFlags):
    """A disclosure domain (领域), e.g. 社会救助 or the village-level 村务/党务/财务."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    description = models.CharField(_("简介"), max_length=300, blank=True)

    objects = DomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开领域")
        verbose_name_plural = _("公开领域")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A theme service (主题服务), a life event (一生事) or an audience group (面向群体) that entries carry."""

    class Kind(models.TextChoices):
        THEME = "theme", _("主题服务")
        LIFE_EVENT = "life_event", _("一生事")
        AUDIENCE = "audience", _("面向群体")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=20)
    slug = models.SlugField(_("网址标识"), max_length=30)
    order = models.PositiveIntegerField(_("排序"), default=0)
    description = models.CharField(_("简介"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("标签")
        verbose_name_plural = _("标签")
        ordering = ["kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="unique_tag_slug_per_kind"),
            models.UniqueConstraint(fields=["kind", "name"], name="unique_tag_name_per_kind"),
        ]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    """公开渠道和载体, the standard list."""

    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    SOCIAL = "social", _("两微一端")
    BRIEFING = "briefing", _("发布会/听证会")
    BROADCAST = "broadcast", _("广播电视")
    PRINT = "print", _("纸质媒体")
    REVIEW_POINT = "review_point", _("公开查阅点")
    SERVICE_CENTER = "service_center", _("政务服务中心")
    SERVICE_STATION = "service_station", _("便民服务站")
    DOOR_TO_DOOR = "door_to_door", _("入户/现场")
    NOTICE_BOARD = "notice_board", _("社区/企事业单位/村公示栏（电子屏）")
    PUSH = "push", _("精准推送")
    OTHER = "other", _("其他")


# How directories name the organs below the county in 公开主体 (e.g. "乡镇人民政府（街道办事处）、村（居）民委员会").
LOCAL_PUBLISHER_WORDS = {
    Level.TOWNSHIP: ("乡镇", "乡（镇）", "街道", "人民政府", "管委会", "管理委员会"),
    Level.VILLAGE: ("村（居）", "村民委员会", "居民委员会", "村委会", "居委会", "村级"),
}


def is_publisher_of(publisher_text: str, department) -> bool:
    """Whether an entry's 公开主体 names this department; an entry naming nobody binds every organ of its level."""
    text = (publisher_text or "").strip()
    if not text:
        return True
    level = department.division.level
    if level == Level.COUNTY:
        names = {department.name, department.short_name} - {""}
        return any(name in text for name in names)
    return any(word in text for word in LOCAL_PUBLISHER_WORDS[level])


class EntryQuerySet(LevelQueryMixin, TreeQuerySet):
    def items(self):
        """Entries that publications are filed under: the leaves of the directory tree."""
        return self.filter(rght=models.F("lft") + 1)

    def required_of(self, department):
        """The items `department` must cover: leaves of its level whose 公开主体 names it (or names nobody)."""
        leaves = self.items().for_level(department.division.level).values_list("pk", "publisher_text")
        return self.filter(pk__in=[pk for pk, text in leaves if is_publisher_of(text, department)])

    def covered_by(self, department, *, on):
        """Required items with at least one of the department's publications still valid at the end of `on`."""
        from catalog.models.publications import Publication

        valid = Publication.objects.valid_on(on).filter(department=department)
        return self.required_of(department).filter(pk__in=valid.values("entry"))

    def overdue_for(self, department, *, on):
        """Required items whose update cycle has run out at the end of `on` (待更新, catalog/freshness.py)."""
        from catalog.freshness import overdue_by_department

        required = set(self.required_of(department).values_list("pk", flat=True))
        return self.filter(pk__in=overdue_by_department({department.pk: required}, on)[department.pk])


class Entry(MPTTModel, LevelFlags):
    """A directory entry (公开事项): 一级事项 at the top of a domain, 二级事项 (and rarely 三级) below it."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("全社会")
        SPECIFIC = "specific", _("特定群体")

    class Mode(models.TextChoices):
        PROACTIVE = "proactive", _("主动公开")
        ON_REQUEST = "on_request", _("依申请公开")

    class Category(models.TextChoices):
        """五公开."""

        DECISION = "decision", _("决策公开")
        EXECUTION = "execution", _("执行公开")
        MANAGEMENT = "management", _("管理公开")
        SERVICE = "service", _("服务公开")
        RESULT = "result", _("结果公开")

    class UpdateCycle(models.TextChoices):
        """How often an item set must be brought up to date (catalog/freshness.py turns this into a due date)."""

        ON_CHANGE = "on_change", _("信息形成或变更后按公开时限")
        REALTIME = "realtime", _("实时")
        MONTHLY = "monthly", _("每月")
        QUARTERLY = "quarterly", _("每季度")
        YEARLY = "yearly", _("每年")

    class Column(models.TextChoices):
        """The public column an entry's items appear in besides the directory: the organ's disclosure rules, or
        one of the fifteen categories of Regulation Art. 20 that every organ must publish proactively."""

        RULES = "rules", _("政府信息公开制度")
        ART20_01 = "art20_01", _("（一）行政法规、规章和规范性文件")
        ART20_02 = "art20_02", _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")
        ART20_03 = "art20_03", _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")
        ART20_04 = "art20_04", _("（四）国民经济和社会发展统计信息")
        ART20_05 = "art20_05", _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")
        ART20_06 = "art20_06", _("（六）实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定")
        ART20_07 = "art20_07", _("（七）财政预算、决算信息")
        ART20_08 = "art20_08", _("（八）行政事业性收费项目及其依据、标准")
        ART20_09 = "art20_09", _("（九）政府集中采购项目的目录、标准及实施情况")
        ART20_10 = "art20_10", _("（十）重大建设项目的批准和实施情况")
        ART20_11 = "art20_11", _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况")
        ART20_12 = "art20_12", _("（十二）突发公共事件的应急预案、预警信息及应对情况")
        ART20_13 = "art20_13", _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")
        ART20_14 = "art20_14", _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")
        ART20_15 = "art20_15", _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")

        @classmethod
        def statutory(cls) -> list["Entry.Column"]:
            """The fifteen Art. 20 categories, in the Regulation's order."""
            return [c for c in cls if c != cls.RULES]

    MAX_DEPTH = 3

    domain = models.ForeignKey(Domain, verbose_name=_("公开领域"), related_name="entries", on_delete=models.PROTECT)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级事项"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("事项名称"), max_length=120)
    order = models.PositiveIntegerField(_("序号"), default=0)
    content = models.TextField(_("公开内容（要素）"), blank=True)
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit_text = models.CharField(
        _("公开时限"), max_length=200, blank=True, default="自信息形成或者变更之日起20个工作日内"
    )
    time_limit_workdays = models.PositiveSmallIntegerField(
        _("公开时限（工作日）"),
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("自信息形成或者变更之日起的工作日数，用于判断是否按时公开。"),
    )
    posting_workdays = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), null=True, blank=True, help_text=_("如“公示7个工作日”，没有公示期的留空。")
    )
    update_cycle = models.CharField(
        _("更新周期"), max_length=12, choices=UpdateCycle.choices, default=UpdateCycle.ON_CHANGE,
        help_text=_("按月、按季、按年或实时更新的事项，超过周期未更新的标为“待更新”；"
                    "“信息形成或变更后”的事项只看公开时限，不判断是否待更新。导入目录时从公开时限中读取。"),
    )
    publisher_text = models.CharField(_("公开主体"), max_length=200, blank=True)
    channels = MultipleChoiceField(_("公开渠道和载体"), choices=Channel.choices)
    audience = models.CharField(_("公开对象"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    mode = models.CharField(_("公开方式"), max_length=12, choices=Mode.choices, default=Mode.PROACTIVE)
    category = models.CharField(_("五公开类别"), max_length=12, choices=Category.choices, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), related_name="entries", blank=True)
    column = models.CharField(
        _("公开栏目"), max_length=12, choices=Column.choices, blank=True, db_index=True,
        help_text=_("本事项下的信息同时列入的栏目：政府信息公开制度，或条例第二十条规定的法定主动公开内容之一。"),
    )

    objects = TreeManager.from_queryset(EntryQuerySet)()

    class MPTTMeta:
        order_insertion_by = ["order"]
        level_attr = "depth"

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.domain_id != self.domain_id:
            raise ValidationError({"parent": _("上级事项必须属于同一公开领域。")})
        if self.parent.depth + 1 >= self.MAX_DEPTH:
            raise ValidationError({"parent": _("公开事项最多分三级。")})

    def channel_labels(self) -> list[str]:
        return self._meta.get_field("channels").labels(self.channels)
