"""The quarterly assessment sheet (DESIGN §6): one row of figures per department, a score and a grade.

Every figure comes from grouped aggregate queries (about twenty whatever the number of departments); only the
mean working days to reply walks rows, over the quarter's replied requests of one government.

Score = Σ(weight × rate) ÷ Σ(weights of the rates that apply) × 100 − penalty × requests overdue, kept within
0–100. A rate applies when its denominator is not zero (a department that received no request is not marked
down for it). Grade: green from `green_min`, yellow from `yellow_min`, red below.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from applications.models import REPLIED_ON_TIME
from catalog.freshness import overdue_by_department
from catalog.models import Department, Division, Entry, NewMediaAccount, Publication
from catalog.models.directory import is_publisher_of
from catalog.models.publications import without_interpretation_q
from feedback.models import IssueStatus
from feedback.models.ratings import SATISFIED_LEVELS
from portal.localdates import local_day_bounds
from portal.reports import sources
from portal.reports.links import changelist
from portal.reports.models import AssessmentRule
from portal.reports.scope import Period, departments

GREEN, YELLOW, RED = "green", "yellow", "red"
GRADE_LABELS = {GREEN: _("绿"), YELLOW: _("黄"), RED: _("红"), "": _("无数据")}

# (key, header, explanation): the sheet's columns after the department, in order (the xlsx and the screen).
COLUMNS = [
    ("entries_required", "应覆盖目录事项数",
     "本单位所在层级须公开、且“公开主体”列明本单位（县级部门按名称或简称，乡级为乡镇人民政府或街道，"
     "村级为村（居）民委员会；未列明主体的事项本级各单位均须公开）的末级目录事项数。"),
    ("entries_covered", "已覆盖事项数", "季末仍有至少一条有效（未失效、未废止、未撤回）公开信息的应覆盖事项数。"),
    ("coverage_rate", "目录覆盖率", "已覆盖事项数 ÷ 应覆盖目录事项数。"),
    ("entries_overdue", "待更新事项", "按月、按季、按年或实时更新的应覆盖事项中，到季末（当前季度为今日）本单位最近一次"
     "发布后已超过更新周期加公开时限仍未更新的事项数。"),
    ("freshness_rate", "更新及时率", "1 − 待更新事项 ÷ 应覆盖目录事项数。"),
    ("published", "本季发布信息数", "本季度内发布且未撤回的公开信息条数。"),
    ("published_timely", "按时公开数", "其中在公开事项规定时限（自成文日期起的工作日）内发布的条数。"),
    ("timely_rate", "按时公开率", "按时公开数 ÷ 本季发布信息数。"),
    ("policies_without_interpretation", "政策文件未同步解读数",
     "本季度发布的规章、行政规范性文件中，发布时没有已发布（或同时发布）的政策解读的件数（三同步）。"),
    ("requests_received", "收到申请数", "本季度收到（以收到申请日期计）的依申请公开申请数，转办的计入现办理机关。"),
    ("requests_answered", "答复数", "本季度作出答复的申请数。"),
    ("requests_on_time", "按时答复数", "其中答复日期不晚于答复期限（含补正重新起算、延期和暂停）的申请数。"),
    ("on_time_rate", "按时答复率", "按时答复数 ÷ 答复数。"),
    ("requests_overdue", "逾期未答复数", "当前季度为今日仍逾期未答复的申请数；以往季度为季末时已逾期未答复的申请数。"),
    ("mean_reply_workdays", "平均答复工作日", "本季度答复的申请自收到至答复的平均工作日数。"),
    ("ratings", "评价数", "本季度收到的好差评（不含申诉成立后剔除的评价）。"),
    ("ratings_satisfied", "满意数", "非常满意、满意、基本满意之和。"),
    ("satisfaction_rate", "满意率", "满意数 ÷ 评价数。"),
    ("bad_ratings", "差评数", "不满意、非常不满意之和。"),
    ("bad_to_call_back", "应回访差评数", "留有联系方式的差评数（未留联系方式的无法回访，不计入回访率）。"),
    ("bad_cannot_call_back", "无法回访数", "未留联系方式、无法回访的差评数。"),
    ("called_back_on_time", "按时回访数", "差评在回访期限内完成首次回访的件数。"),
    ("callback_rate", "按时回访率", "按时回访数 ÷ 应回访差评数。"),
    ("rectified", "已整改数", "差评已完成整改的件数。"),
    ("rectified_rate", "整改率", "已整改数 ÷ 差评数。"),
    ("messages", "留言数", "本季度收到的留言和纠错。"),
    ("messages_on_time", "按时答复留言数", "在答复期限内答复的留言数。"),
    ("message_rate", "留言按时答复率", "按时答复留言数 ÷ 留言数。"),
    ("issues_replied", "随手拍办结数", "本季度作出反馈的交办本单位（或转办至本单位）的随手拍件数。"),
    ("issues_on_time", "随手拍按时办结数", "其中在交办时确定的办理期限（工作日）内反馈的件数。"),
    ("issue_rate", "随手拍按时办结率", "随手拍按时办结数 ÷ 随手拍办结数。"),
    ("issues_overdue", "随手拍逾期未办结", "当前季度为今日、以往季度为季末，已过办理期限仍未反馈的随手拍件数。"),
    ("issue_ratings", "随手拍评价数", "本季度群众对本单位办理随手拍的评价数（也计入上面的评价数）。"),
    ("issue_satisfaction_rate", "随手拍满意率", "随手拍评价中非常满意、满意、基本满意之和 ÷ 随手拍评价数。"),
    ("newmedia_accounts", "运营中新媒体账号数",
     "截止日（季末；当前季度为今日）处于运营中的本单位政务新媒体账号数；已关停、已注销的不计。"),
    ("newmedia_overdue", "新媒体逾期未更新数",
     "其中截止日距最近一次更新（从未登记更新的，距开设日期）超过更新频率要求的账号数：每周更新的超过7天、每两周的超过"
     "14天、每月的超过30天（按自然日计，恰好满期限的当天不算逾期）。"),
    ("score", "得分", "按考核规则计算的得分（0–100）。"),
    ("grade", "等次", "绿、黄、红，按考核规则的分数线评定。"),
]
RATE_KEYS = {"coverage_rate", "freshness_rate", "timely_rate", "on_time_rate", "satisfaction_rate", "callback_rate",
             "rectified_rate", "message_rate", "issue_rate", "issue_satisfaction_rate"}
SORT_KEYS = {"department"} | {key for key, _h, _e in COLUMNS}


def rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass
class Row:
    department: Department
    entries_required: int = 0
    entries_covered: int = 0
    entries_overdue: int = 0
    published: int = 0
    published_timely: int = 0
    policies_without_interpretation: int = 0
    requests_received: int = 0
    requests_answered: int = 0
    requests_on_time: int = 0
    requests_overdue: int = 0
    mean_reply_workdays: Decimal | None = None
    ratings: int = 0
    ratings_satisfied: int = 0
    bad_ratings: int = 0
    bad_to_call_back: int = 0
    called_back_on_time: int = 0
    rectified: int = 0
    messages: int = 0
    messages_on_time: int = 0
    issues_replied: int = 0
    issues_on_time: int = 0
    issues_overdue: int = 0
    issue_ratings: int = 0
    issue_ratings_satisfied: int = 0
    newmedia_accounts: int = 0
    newmedia_overdue: int = 0
    score: Decimal | None = None
    grade: str = ""
    links: dict = field(default_factory=dict)

    @property
    def coverage_rate(self):
        return rate(self.entries_covered, self.entries_required)

    @property
    def freshness_rate(self):
        return rate(self.entries_required - self.entries_overdue, self.entries_required)

    @property
    def timely_rate(self):
        return rate(self.published_timely, self.published)

    @property
    def on_time_rate(self):
        return rate(self.requests_on_time, self.requests_answered)

    @property
    def satisfaction_rate(self):
        return rate(self.ratings_satisfied, self.ratings)

    @property
    def bad_cannot_call_back(self) -> int:
        """RatingQuerySet.cannot_call_back: the bad ratings that are not to_call_back (no contact details)."""
        return self.bad_ratings - self.bad_to_call_back

    @property
    def callback_rate(self):
        return rate(self.called_back_on_time, self.bad_to_call_back)

    @property
    def rectified_rate(self):
        return rate(self.rectified, self.bad_ratings)

    @property
    def message_rate(self):
        return rate(self.messages_on_time, self.messages)

    @property
    def issue_rate(self):
        return rate(self.issues_on_time, self.issues_replied)

    @property
    def issue_satisfaction_rate(self):
        return rate(self.issue_ratings_satisfied, self.issue_ratings)

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS[self.grade])

    def value(self, key: str):
        if key == "department":
            return self.department.display_name
        return getattr(self, key)

    def cells(self) -> list[dict]:
        """The figures in column order, each with its link (None where there is nothing to open)."""
        return [{"key": key, "value": self.value(key), "is_rate": key in RATE_KEYS, "url": self.links.get(key)}
                for key, _header, _explanation in COLUMNS]


def rule_for(year: int) -> tuple[AssessmentRule, bool]:
    """The year's rule, or the default rule (unsaved) when supervisors have not set one; and whether it is set."""
    found = AssessmentRule.objects.filter(year=year).first()
    return (found, True) if found else (AssessmentRule(year=year), False)


def score(row: Row, rule: AssessmentRule) -> Decimal | None:
    weighted = Decimal(0)
    weights = 0
    for key, weight in rule.weights().items():
        value = getattr(row, key)
        if value is None or not weight:
            continue
        weighted += Decimal(weight) * value
        weights += weight
    if not weights:
        return None
    result = weighted / weights * 100 - rule.overdue_penalty * row.requests_overdue
    return min(Decimal(100), max(Decimal(0), result)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def grade(value: Decimal | None, rule: AssessmentRule) -> str:
    if value is None:
        return ""
    if value >= rule.green_min:
        return GREEN
    return YELLOW if value >= rule.yellow_min else RED


@dataclass
class Sheet:
    government: Division
    period: Period
    rule: AssessmentRule
    rule_is_set: bool
    made_on: dt.date
    rows: list[Row]

    @property
    def grade_counts(self) -> dict[str, int]:
        counts = {GREEN: 0, YELLOW: 0, RED: 0}
        for row in self.rows:
            if row.grade:
                counts[row.grade] += 1
        return counts

    def sorted_rows(self, key: str, descending: bool = False) -> list[Row]:
        """Rows by a column; empty values last whichever the direction."""
        if key not in SORT_KEYS:
            return self.rows
        present = [row for row in self.rows if row.value(key) not in (None, "")]
        missing = [row for row in self.rows if row.value(key) in (None, "")]
        if key == "grade":
            order = {GREEN: 0, YELLOW: 1, RED: 2}
            present.sort(key=lambda row: order[row.grade], reverse=descending)
        else:
            present.sort(key=lambda row: row.value(key), reverse=descending)
        return present + missing


def build(government: Division, period: Period, today: dt.date) -> Sheet:
    rule, rule_is_set = rule_for(period.year)
    rows = {dept.pk: Row(dept) for dept in departments(government)}
    ids = list(rows)
    start, end = period.start, period.end
    asof = min(today, end)
    if ids:
        _directory(rows, ids, end, asof)
        _publications(rows, ids, start, end)
        _requests(rows, ids, start, end, asof, today)
        _feedback(rows, ids, start, end)
        _issue_reports(rows, ids, start, end, asof)
        _newmedia(rows, ids, asof)
    for row in rows.values():
        row.score = score(row, rule)
        row.grade = grade(row.score, rule)
        row.links = _links(row, start, end, asof)
    return Sheet(government, period, rule, rule_is_set, today, list(rows.values()))


def _count_into(rows: dict, queryset, attr: str, group: str = "department") -> None:
    for item in queryset.values(group).annotate(n=Count("pk")).order_by():
        setattr(rows[item[group]], attr, item["n"])


def _directory(rows: dict, ids: list[int], end: dt.date, asof: dt.date) -> None:
    """EntryQuerySet.required_of, covered_by and overdue_for for every department at once, from one list of the
    leaves."""
    leaves = list(Entry.objects.items().values_list("pk", "publisher_text", *Entry.LEVEL_FIELDS.values()))
    flag_index = {level: 2 + n for n, level in enumerate(Entry.LEVEL_FIELDS)}
    required: dict[int, set[int]] = {}
    for row in rows.values():
        department = row.department
        position = flag_index[department.division.level]
        required[department.pk] = {
            leaf[0] for leaf in leaves if leaf[position] and is_publisher_of(leaf[1], department)
        }
        row.entries_required = len(required[department.pk])
    # The leaves as a list of ids, not `entry__rght=F("entry__lft") + 1`: PostgreSQL cannot estimate that
    # expression (it guessed 7 of 1,500 entries) and answered with 1,500 nested index probes, 1.2 s at county scale.
    leaf_ids = [leaf[0] for leaf in leaves]
    covered = (
        Publication.objects.valid_on(end)
        .filter(department__in=ids, entry__in=leaf_ids)
        .values_list("department", "entry").distinct().order_by()
    )
    for department_id, entry_id in covered:
        if entry_id in required[department_id]:
            rows[department_id].entries_covered += 1
    for department_id, overdue in overdue_by_department(required, asof).items():
        rows[department_id].entries_overdue = len(overdue)


def _publications(rows: dict, ids: list[int], start: dt.date, end: dt.date) -> None:
    low, high = local_day_bounds(start, end)
    published = (
        Publication.objects.public().filter(department__in=ids, published_at__gte=low, published_at__lt=high)
        .values("department").annotate(n=Count("pk"), timely=Count("pk", filter=Q(is_timely=True)),
                                       alone=Count("pk", filter=without_interpretation_q())).order_by()
    )
    for item in published:
        row = rows[item["department"]]
        row.published, row.published_timely = item["n"], item["timely"]
        row.policies_without_interpretation = item["alone"]


def _requests(rows: dict, ids: list[int], start, end, asof: dt.date, today: dt.date) -> None:
    objects = sources.applications()
    mine = objects.filter(department__in=ids)
    replied = Q(replied_on__gte=start, replied_on__lte=end)
    received = Q(received_on__gte=start, received_on__lte=end)
    counts = (
        mine.filter(received | replied).values("department")
        .annotate(
            received=Count("pk", filter=received),
            answered=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & REPLIED_ON_TIME),
        ).order_by()
    )
    for item in counts:
        row = rows[item["department"]]
        row.requests_received, row.requests_answered = item["received"], item["answered"]
        row.requests_on_time = item["on_time"]
    _count_into(rows, mine.overdue_as_of(asof, today=today), "requests_overdue")
    totals: dict[int, list[int]] = {}
    for application in mine.filter(replied).only("department", "received_on", "replied_on"):
        days = application.workdays_to_reply
        if days is not None:
            totals.setdefault(application.department_id, []).append(days)
    for department_id, days in totals.items():
        rows[department_id].mean_reply_workdays = (Decimal(sum(days)) / len(days)).quantize(
            Decimal("0.1"), ROUND_HALF_UP)


def _feedback(rows: dict, ids: list[int], start: dt.date, end: dt.date) -> None:
    quarter = sources.ratings().counted().between(start, end).filter(department__in=ids)
    _count_into(rows, quarter, "ratings")
    _count_into(rows, quarter.satisfied(), "ratings_satisfied")
    _count_into(rows, quarter.bad(), "bad_ratings")
    _count_into(rows, quarter.to_call_back(), "bad_to_call_back")
    cases = sources.callbacks().of_bad_ratings(start, end).filter(rating__department__in=ids)
    _count_into(rows, cases.called_back_on_time(), "called_back_on_time", "rating__department")
    _count_into(rows, cases.rectified(), "rectified", "rating__department")
    notes = sources.messages().between(start, end).filter(department__in=ids)
    _count_into(rows, notes, "messages")
    _count_into(rows, notes.answered_on_time(), "messages_on_time")


def _issue_reports(rows: dict, ids: list[int], start: dt.date, end: dt.date, asof: dt.date) -> None:
    """随手拍 by the department handling them, in one grouped query: replied in the quarter (on time or late),
    overdue at `asof` (dispatched, due before then and not replied by then: a later reply does not undo it), and the
    citizens' ratings of them in the quarter (which count among the department's ratings as well)."""
    low, high = local_day_bounds(start, end)
    replied = Q(replied_at__gte=low, replied_at__lt=high)
    late = Q(due_on__lt=asof, dispatched_at__isnull=False) & (
        Q(replied_at__isnull=True, status=IssueStatus.DISPATCHED) | Q(replied_at__date__gt=asof))
    rated = Q(rating__isnull=False, rating__is_removed=False, rating__created_at__gte=low,
              rating__created_at__lt=high)
    figures = (
        sources.issue_reports().filter(department__in=ids).values("department")
        .annotate(replied=Count("pk", filter=replied),
                  on_time=Count("pk", filter=replied & Q(replied_at__date__lte=F("due_on"))),
                  overdue=Count("pk", filter=late),
                  rated=Count("pk", filter=rated),
                  satisfied=Count("pk", filter=rated & Q(rating__level__in=SATISFIED_LEVELS)))
        .order_by()
    )
    for item in figures:
        row = rows[item["department"]]
        row.issues_replied, row.issues_on_time, row.issues_overdue = item["replied"], item["on_time"], item["overdue"]
        row.issue_ratings, row.issue_ratings_satisfied = item["rated"], item["satisfied"]


def _newmedia(rows: dict, ids: list[int], asof: dt.date) -> None:
    """政务新媒体 on the cut-off day: accounts in operation, and those overdue (catalog.newmedia's rule)."""
    accounts = NewMediaAccount.objects.filter(department__in=ids)
    _count_into(rows, accounts.in_operation_on(asof), "newmedia_accounts")
    _count_into(rows, accounts.overdue(on=asof), "newmedia_overdue")


def _links(row: Row, start: dt.date, end: dt.date, asof: dt.date) -> dict:
    """Each figure's admin list, filtered by the same queryset method the figure counts with."""
    dept = {"department__id__exact": row.department.pk}
    published = {**dept, "status__exact": Publication.Status.PUBLISHED.value, "published_at__date__gte": start,
                 "published_at__date__lte": end}
    rated = {**dept, "created_at__date__gte": start, "created_at__date__lte": end}
    counted = {**rated, "is_removed__exact": 0}
    cases = {"rating__department__id__exact": row.department.pk, "rated": f"{start.isoformat()}..{end.isoformat()}"}
    return {
        "entries_required": changelist("catalog.entry", required_of=row.department.pk),
        "entries_covered": changelist("catalog.entry", covered_by=f"{row.department.pk}..{end.isoformat()}"),
        "entries_overdue": changelist("catalog.entry", overdue_for=f"{row.department.pk}..{asof.isoformat()}"),
        "published": changelist("catalog.publication", **published),
        "published_timely": changelist("catalog.publication", **published, is_timely__exact=1),
        "policies_without_interpretation": changelist("catalog.publication", **published, without_interpretation=1),
        "requests_received": changelist("applications.application", **dept, received_on__gte=start,
                                        received_on__lte=end),
        "requests_answered": changelist("applications.application", **dept, replied_on__gte=start,
                                        replied_on__lte=end),
        "requests_overdue": changelist("applications.application", **dept, overdue_on=asof),
        "ratings": changelist("feedback.rating", **counted),
        "ratings_satisfied": changelist("feedback.rating", **counted, grade="satisfied"),
        "bad_ratings": changelist("feedback.rating", **counted, grade="bad"),
        "bad_to_call_back": changelist("feedback.rating", **counted, grade="to_call_back"),
        "bad_cannot_call_back": changelist("feedback.rating", **counted, grade="cannot_call_back"),
        "called_back_on_time": changelist("feedback.callback", **cases, progress="called_back_on_time"),
        "rectified": changelist("feedback.callback", **cases, progress="rectified"),
        "messages": changelist("feedback.message", **rated),
        "newmedia_overdue": changelist("catalog.newmediaaccount", **dept, overdue_on=asof),
    }
