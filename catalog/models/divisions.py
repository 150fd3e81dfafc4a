"""Administrative divisions (county → township → village) and the departments that publish (公开主体)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet


class Level(models.TextChoices):
    """The government levels of DESIGN §1; also the 公开层级 of a directory entry."""

    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


LEVEL_ORDER = [Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]


class DivisionQuerySet(TreeQuerySet):
    def county(self):
        return self.filter(level=Level.COUNTY)

    def townships(self):
        return self.filter(level=Level.TOWNSHIP)

    def villages(self):
        return self.filter(level=Level.VILLAGE)

    def governments(self):
        """The county and the townships: the levels with a government of their own (reports, guides, searches)."""
        return self.filter(level__in=[Level.COUNTY, Level.TOWNSHIP])


class DivisionManager(TreeManager.from_queryset(DivisionQuerySet)):
    pass


class Division(MPTTModel):
    """A county, a township-level division (乡, 镇, 街道, 开发区) or a village-level one (村, 社区)."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("县")
        DISTRICT = "district", _("区")
        TOWNSHIP = "township", _("乡")
        TOWN = "town", _("镇")
        SUBDISTRICT = "subdistrict", _("街道")
        PARK = "park", _("工业园区/开发区")
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")

    KINDS_BY_LEVEL = {
        Level.COUNTY: {Kind.COUNTY, Kind.DISTRICT},
        Level.TOWNSHIP: {Kind.TOWNSHIP, Kind.TOWN, Kind.SUBDISTRICT, Kind.PARK},
        Level.VILLAGE: {Kind.VILLAGE, Kind.COMMUNITY},
    }

    name = models.CharField(_("名称"), max_length=60)
    code = models.CharField(
        _("统计用区划代码"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{12}$", _("区划代码应为12位数字。"))],
        help_text=_("12位统计用区划代码：县级以000000结尾，乡级以000结尾，村级为完整代码。"),
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )

    objects = DivisionManager()

    class MPTTMeta:
        order_insertion_by = ["code"]
        level_attr = "depth"

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return self.name

    @staticmethod
    def level_for_code(code: str) -> str | None:
        """The level a well-formed 12-digit code denotes, or None when the code is malformed."""
        if len(code) != 12 or not code.isdigit() or code[:6].endswith("00"):
            return None
        if code.endswith("000000"):
            return Level.COUNTY
        if code.endswith("000"):
            return Level.TOWNSHIP
        return Level.VILLAGE

    def clean(self):
        errors = {}
        code_level = self.level_for_code(self.code or "")
        if self.code and code_level is None:
            errors["code"] = _("区划代码应为12位数字，前6位为县级代码。")
        elif self.code and self.level and code_level != self.level:
            errors["code"] = _("区划代码与层级不符：县级代码以000000结尾，乡级以000结尾，村级为完整12位代码。")
        if self.level and self.kind and self.kind not in self.KINDS_BY_LEVEL[self.level]:
            allowed = "、".join(str(self.Kind(k).label) for k in sorted(self.KINDS_BY_LEVEL[self.level]))
            errors["kind"] = _("%(level)s区划的类型只能是：%(allowed)s。") % {
                "level": Level(self.level).label,
                "allowed": allowed,
            }
        if self.level == Level.COUNTY and self.parent_id:
            errors["parent"] = _("县级区划不能有上级区划。")
        elif self.level in (Level.TOWNSHIP, Level.VILLAGE):
            errors.update(self._parent_errors())
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self) -> dict:
        expected = LEVEL_ORDER[LEVEL_ORDER.index(self.level) - 1]
        if self.parent is None:
            return {"parent": _("请选择上级区划（%(level)s）。") % {"level": Level(expected).label}}
        if self.parent.level != expected:
            return {"parent": _("上级区划必须恰好高一级（%(level)s）。") % {"level": Level(expected).label}}
        prefix = 6 if self.level == Level.TOWNSHIP else 9
        if self.code and self.code[:prefix] != self.parent.code[:prefix]:
            return {"code": _("区划代码前%(n)s位应与上级区划“%(parent)s”（%(code)s）一致。") % {
                "n": prefix, "parent": self.parent.name, "code": self.parent.code}}
        return {}

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def government_name(self) -> str:
        """The full legal name of this place's government: 城关镇人民政府, 东城街道办事处, ……管理委员会."""
        if self.kind == self.Kind.SUBDISTRICT:
            return f"{self.name}办事处"
        if self.kind == self.Kind.PARK:
            return f"{self.name}管理委员会"
        return f"{self.name}人民政府"


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def recipients(self):
        """Active organs that receive requests for disclosure (Art. 54); never a village or residents' committee."""
        return self.active().filter(receives_requests=True)

    def county_disclosure_office(self):
        """The county government's disclosure office (at most one: a constraint keeps one per division)."""
        return self.filter(is_disclosure_office=True, division__in=Division.objects.county())

    def for_user(self, user):
        """The departments whose work `user` sees: every one for supervisors and superusers (catalog.access)."""
        from catalog.roles import sees_all_departments

        if sees_all_departments(user) and getattr(user, "is_active", False):
            return self
        return self.acted_for_by(user)

    def acted_for_by(self, user):
        """The departments `user` acts for: those they are staff of and the village-level ones those handle
        (`Department.handled_by`), every one for a superuser (catalog.access)."""
        if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
            return self.none()
        if user.is_superuser:
            return self
        mine = Department.staff.through.objects.filter(user=user).values("department_id")
        return self.filter(models.Q(pk__in=mine) | models.Q(handled_by__in=mine))

    def unstaffed(self):
        """Departments nobody can act for: no active staff of their own nor of the department handling them."""
        staffed = Department.staff.through.objects.filter(user__is_active=True).values("department_id")
        return self.exclude(pk__in=staffed).exclude(handled_by__in=staffed)


UNNAMED_BODIES = ("上一级主管部门", "上一级人民政府")


def reconsideration_body(division: Division, organ_kind: str) -> str:
    """Where an organ's decisions are reconsidered (行政复议法 as revised in 2023, in force 2024-01-01).

    Art. 24: the county people's government hears cases against its own work departments (and their 派出机构),
    the next-lower governments (乡镇人民政府) and the 派出机关 it set up (街道办事处, a park's 管理委员会). Art. 24
    also puts the county government itself before the government one level up; Art. 27: a vertically led organ
    (海关, 金融, 外汇管理, 税务, 国家安全机关) goes to its next-higher department. The county's data holds neither
    of those two names, so they come back as `UNNAMED_BODIES` and the disclosure office enters the full name.
    Never the deciding organ itself, and never a "街道人民政府": a sub-district has no government of its own.
    """
    if organ_kind == Department.OrganKind.VERTICAL:
        return UNNAMED_BODIES[0]
    if division.level == Level.COUNTY and organ_kind == Department.OrganKind.GOVERNMENT:
        return UNNAMED_BODIES[1]
    county = division
    while county.parent_id is not None:  # a township's parent is the county, usually already selected
        county = county.parent
    return county.government_name


class Department(models.Model):
    """An organ that publishes information (公开主体): a county bureau, a township government, a village committee."""

    class OrganKind(models.TextChoices):
        DEPARTMENT = "department", _("政府工作部门或其他机构")
        GOVERNMENT = "government", _("本级人民政府（街道办事处、管理委员会）")
        VERTICAL = "vertical", _("实行垂直领导的机关（海关、金融、外汇管理、税务、国家安全机关）")

    name = models.CharField(_("名称"), max_length=80)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    code = models.CharField(
        _("机构代码"),
        max_length=18,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Z]{6,18}$", _("机构代码为6至18位数字或大写字母。"))],
        help_text=_("用于生成索引号，例如组织机构代码或统一社会信用代码。"),
    )
    division = models.ForeignKey(
        Division, verbose_name=_("所属区划"), related_name="departments", on_delete=models.PROTECT
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    fax = models.CharField(_("传真"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True, error_messages={"invalid": _("请填写正确的电子邮箱地址。")})
    postcode = models.CharField(
        _("邮政编码"), max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", _("邮政编码为6位数字。"))]
    )
    organ_kind = models.CharField(
        _("机关类别"), max_length=12, choices=OrganKind.choices, default=OrganKind.DEPARTMENT,
        help_text=_("用于确定行政复议机关。"),
    )
    reconsideration_body_text = models.CharField(
        _("行政复议机关"), max_length=80, blank=True,
        help_text=_("留空则按行政复议法（2023年修订）第二十四条自动确定：县政府工作部门、乡镇人民政府、街道办事处"
                    "为县人民政府。县人民政府本身和实行垂直领导的机关须填写上一级机关的全称，"
                    "例如“示范市人民政府”“国家税务总局示范市税务局”。"),
    )
    receives_requests = models.BooleanField(
        _("受理政府信息公开申请"), default=True,
        help_text=_("行政机关和法律、法规授权的组织受理申请（《条例》第五十四条）。村民委员会、居民委员会不受理，"
                    "涉及村（社区）事务的申请由所在乡镇人民政府（街道办事处）受理。"),
    )
    is_disclosure_office = models.BooleanField(
        _("政府信息公开工作机构"), default=False, help_text=_("本级政府的政府信息公开工作机构，每个区划至多一个。")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), related_name="departments", blank=True
    )
    handled_by = models.ForeignKey(
        "self", verbose_name=_("代为办理的乡级单位"), related_name="handles", null=True, blank=True,
        on_delete=models.SET_NULL,
        help_text=_("村（社区）的评价、留言、回访等由该乡级单位的工作人员办理；留空时默认为上级乡镇人民政府。"),
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开主体")
        verbose_name_plural = _("公开主体")
        ordering = ["division__tree_id", "division__lft", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["division"],
                condition=models.Q(is_disclosure_office=True),
                name="one_disclosure_office_per_division",
                violation_error_message=_("该区划已有政府信息公开工作机构。"),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.handled_by_id is None and self.division_id is not None:
            self.handled_by = self.default_handler()
        if self.division_id is not None and self.division.level == Level.VILLAGE:
            # Village and residents' committees are not organs the Regulation binds (Art. 54): never recipients.
            self.receives_requests = False
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def reconsideration_body(self) -> str:
        """The body that reconsiders this organ's decisions: the text entered in admin, else computed."""
        return self.reconsideration_body_text or reconsideration_body(self.division, self.organ_kind)

    @property
    def reconsideration_body_is_named(self) -> bool:
        """Whether the body printed on notices is a full legal name, not the placeholder of `UNNAMED_BODIES`."""
        return self.reconsideration_body not in UNNAMED_BODIES

    def clean(self):
        super().clean()
        self._clean_remedies()
        if self.division_id is not None and self.division.level == Level.VILLAGE and self.receives_requests:
            raise ValidationError({"receives_requests": _(
                "村民委员会、居民委员会不受理政府信息公开申请，涉及村（社区）事务的申请由所在乡镇人民政府"
                "（街道办事处）受理。")})
        if self.handled_by_id is None or self.division_id is None:
            return
        if self.division.level != Level.VILLAGE:
            raise ValidationError({"handled_by": _("只有村级公开主体才由乡级单位代为办理。")})
        if self.handled_by.division_id != self.division.parent_id:
            raise ValidationError({"handled_by": _("代为办理的单位应是上级乡镇“%(township)s”的单位。") % {
                "township": self.division.parent}})

    def _clean_remedies(self):
        text = self.reconsideration_body_text.strip()
        self.reconsideration_body_text = text
        if "街道人民政府" in text:
            raise ValidationError({"reconsideration_body_text": _(
                "街道不设人民政府：街道办事处是县人民政府的派出机关，其行政复议机关是县人民政府。")})
        if text and text in (self.name, self.short_name):
            raise ValidationError({"reconsideration_body_text": _("行政复议机关不能是作出决定的机关本身。")})
        if not text and self.division_id is not None and \
                reconsideration_body(self.division, self.organ_kind) in UNNAMED_BODIES:
            raise ValidationError({"reconsideration_body_text": _(
                "请填写行政复议机关的全称：县人民政府本身由上一级人民政府复议（例如“示范市人民政府”），"
                "实行垂直领导的机关由上一级主管部门复议（例如“国家税务总局示范市税务局”）。")})

    def default_handler(self) -> "Department | None":
        """For a village-level department, the township government of its parent division (its disclosure office
        if marked, else its first active department); None for any other level."""
        division = self.division
        if division.level != Level.VILLAGE or division.parent_id is None:
            return None
        return (Department.objects.active().filter(division_id=division.parent_id)
                .order_by("-is_disclosure_office", "order", "pk").first())
