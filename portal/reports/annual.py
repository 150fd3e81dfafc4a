"""The statutory annual report (政府信息公开工作年度报告, national format of 2021) for a year and a government.

The county's report covers the county's own departments (each township government reports for itself and its
villages). Tables 二 and 三 are computed from publications and requests; the manual figures of table 二, table 四's
cases and the narrative sections 一, 五, 六 come from `AnnualReportInput`.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from applications.classification import REASONS_BY_OUTCOME, ApplicantKind, Outcome, Reason
from catalog.models import Department, Division, Level, Publication
from portal.reports import sources
from portal.reports.models import AnnualReportInput, ReviewCase
from portal.reports.scope import Period

# Table 三's numeric columns: 自然人, the five kinds of 法人或其他组织, 总计.
KIND_COLUMNS = [ApplicantKind.NATURAL_PERSON, *ApplicantKind.organisations()]
TOTAL = "total"
COLUMN_KEYS = [*KIND_COLUMNS, TOTAL]
CHINESE_NUMBERS = "一二三四五六七八"
DOCUMENT_TYPES = [Publication.DocumentType.REGULATION, Publication.DocumentType.NORMATIVE]


def report_departments(division: Division):
    """The organs a government's report covers: its own division's, plus the villages' for a township."""
    if division.level == Level.COUNTY:
        return Department.objects.filter(division=division)
    return Department.objects.filter(Q(division=division) | Q(division__parent=division))


@dataclass
class TableRow:
    label: str
    counts: dict[str, int]
    level: int = 0  # 0: 一 二 三 四; 1: (一)–(七); 2: the numbered reasons
    is_heading: bool = False

    @property
    def values(self) -> list[int]:
        return [self.counts[key] for key in COLUMN_KEYS]


def _empty() -> dict[str, int]:
    return {key: 0 for key in COLUMN_KEYS}


def _by_kind(queryset) -> dict[str, int]:
    counts = _empty()
    for item in queryset.values("applicant_kind").annotate(n=Count("pk")).order_by():
        counts[item["applicant_kind"]] = item["n"]
    counts[TOTAL] = sum(counts[kind] for kind in KIND_COLUMNS)
    return counts


def _sum(rows: list[dict[str, int]]) -> dict[str, int]:
    return {key: sum(row[key] for row in rows) for key in COLUMN_KEYS}


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class RequestsTable:
    rows: list[TableRow]
    received: dict[str, int]
    carried_in: dict[str, int]
    concluded: dict[str, int]
    carried_out: dict[str, int]
    checks: list[Check] = field(default_factory=list)

    @property
    def is_consistent(self) -> bool:
        return all(check.ok for check in self.checks)


def requests_table(departments, year: int) -> RequestsTable:
    """Table 三 from the requests of `departments`: received, carried over, concluded by result, carried on.

    Only received requests count (Art. 31): one withdrawn before its receipt was confirmed was never received, so
    it is in neither 一 nor 三, and 一 + 二 = 三（七） + 四 holds."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mine = sources.applications().received().filter(department__in=departments)
    received = _by_kind(mine.received_between(start, end))
    carried_in = _by_kind(mine.open_on(start - dt.timedelta(days=1)))
    carried_out = _by_kind(mine.open_on(end))
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for item in (mine.concluded_between(start, end).values("outcome", "reason", "applicant_kind")
                 .annotate(n=Count("pk")).order_by()):
        counts = cells.setdefault((item["outcome"], item["reason"] or ""), _empty())
        counts[item["applicant_kind"]] += item["n"]
        counts[TOTAL] += item["n"]

    rows = [
        TableRow("一、本年新收政府信息公开申请数量", received),
        TableRow("二、上年结转政府信息公开申请数量", carried_in),
        TableRow("三、本年度办理结果", _empty(), is_heading=True),
    ]
    outcome_totals = []
    for number, outcome in enumerate(Outcome):
        reasons = REASONS_BY_OUTCOME[outcome]
        label = f"（{CHINESE_NUMBERS[number]}）{outcome.label}"
        if outcome == Outcome.PARTIAL:
            label += "（区分处理的，只计这一情形，不计其他情形）"
        if not reasons:
            counts = cells.get((outcome, ""), _empty())
            rows.append(TableRow(label, counts, level=1))
            outcome_totals.append(counts)
            continue
        reason_rows = [cells.get((outcome, reason), _empty()) for reason in reasons]
        subtotal = _sum(reason_rows)
        rows.append(TableRow(label, subtotal, level=1))
        rows += [TableRow(f"{n}.{Reason(reason).label}", counts, level=2)
                 for n, (reason, counts) in enumerate(zip(reasons, reason_rows, strict=True), start=1)]
        outcome_totals.append(subtotal)
    concluded = _sum(outcome_totals)
    rows.append(TableRow("（七）总计", concluded, level=1))
    rows.append(TableRow("四、结转下年度继续办理", carried_out))
    table = RequestsTable(rows, received, carried_in, concluded, carried_out)
    table.checks = _checks(table, cells)
    return table


def _checks(table: RequestsTable, cells: dict) -> list[Check]:
    checks = []
    misfiled = sum(counts[TOTAL] for (outcome, reason), counts in cells.items()
                   if not _is_known_cell(outcome, reason))
    checks.append(Check("每一行各类申请人之和等于总计",
                        all(sum(row.counts[k] for k in KIND_COLUMNS) == row.counts[TOTAL] for row in table.rows)))
    checks.append(Check("办理结果各项之和等于（七）总计", misfiled == 0,
                        f"有 {misfiled} 件办结申请的办理结果无法归入表中任何一行" if misfiled else ""))
    balance = {key: table.received[key] + table.carried_in[key] - table.concluded[key] - table.carried_out[key]
               for key in COLUMN_KEYS}
    off = [key for key, diff in balance.items() if diff]
    checks.append(Check(
        "一 + 二 = 三（七） + 四",
        not off,
        f"总计：{table.received[TOTAL]} + {table.carried_in[TOTAL]} = "
        f"{table.concluded[TOTAL]} + {table.carried_out[TOTAL]}",
    ))
    return checks


def _is_known_cell(outcome: str, reason: str) -> bool:
    reasons = REASONS_BY_OUTCOME.get(outcome)
    if reasons is None:
        return False
    return reason in reasons if reasons else reason == ""


@dataclass
class DocumentRow:
    label: str
    made: int
    repealed: int
    in_force: int


def documents_table(departments, year: int) -> list[DocumentRow]:
    """Table 二's 规章 and 行政规范性文件: made this year, repealed this year, in force at the year's end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mine = Publication.objects.public().filter(department__in=departments, document_type__in=DOCUMENT_TYPES)
    counts = {
        item["document_type"]: item
        for item in mine.values("document_type").annotate(
            made=Count("pk", filter=Q(formed_on__gte=start, formed_on__lte=end)),
            repealed=Count("pk", filter=Q(validity=Publication.Validity.REPEALED, validity_changed_on__gte=start,
                                          validity_changed_on__lte=end)),
            in_force=Count("pk", filter=Q(formed_on__lte=end) & (
                Q(validity=Publication.Validity.VALID) | Q(validity_changed_on__gt=end))),
        ).order_by()
    }
    return [
        DocumentRow(str(kind.label), *(counts.get(kind, {}).get(key, 0) for key in ("made", "repealed", "in_force")))
        for kind in DOCUMENT_TYPES
    ]


def cases_table(report_input: AnnualReportInput | None) -> list[dict]:
    """Table 四: for reconsideration, direct lawsuits and lawsuits after reconsideration, the counts by result."""
    counts = {}
    if report_input is not None and report_input.pk:
        for item in report_input.cases.values("kind", "result").annotate(n=Count("pk")).order_by():
            counts[(item["kind"], item["result"])] = item["n"]
    groups = []
    for kind in ReviewCase.Kind:
        by_result = [counts.get((kind, result), 0) for result in ReviewCase.Result]
        groups.append({"kind": kind, "label": kind.label, "counts": by_result, "total": sum(by_result)})
    return groups


@dataclass
class AnnualReport:
    government: Division
    department: Department | None  # set for a department's own report; None for the government's
    period: Period
    made_on: dt.date
    inputs: AnnualReportInput
    inputs_entered: bool
    documents: list[DocumentRow]
    requests: RequestsTable
    cases: list[dict]
    office: Department | None = None  # the government's disclosure office, when known

    @property
    def organ_name(self) -> str:
        """The full name of the organ the report is of."""
        if self.department is not None:
            return self.department.name
        return government_name(self.government, self.office)

    @property
    def title(self) -> str:
        return f"{self.organ_name}{self.period.year}年政府信息公开工作年度报告"


def government_name(government: Division, office: Department | None = None) -> str:
    """The county's 人民政府; a township's full name is its government department's (人民政府 or 街道办事处)."""
    if government.level == Level.COUNTY:
        return f"{government.name}人民政府"
    return office.name if office is not None else government.name


def build(government: Division, year: int, today: dt.date, *, department: Department | None = None) -> AnnualReport:
    """The government's report over its departments, or with `department` that department's own report."""
    if department is not None:
        departments = Department.objects.filter(pk=department.pk).values("pk")
    else:
        departments = report_departments(government).values("pk")
    found = AnnualReportInput.objects.filter(year=year, division=government, department=department).first()
    inputs = found or AnnualReportInput(year=year, division=government, department=department)
    return AnnualReport(
        government=government,
        department=department,
        period=Period(year),
        made_on=today,
        inputs=inputs,
        inputs_entered=found is not None,
        documents=documents_table(departments, year),
        requests=requests_table(departments, year),
        cases=cases_table(found),
    )


def reports_for_government(organ: Department) -> Division | None:
    """The government whose report `organ` publishes: its division's, when it is that government's disclosure
    office (政府信息公开工作机构); None when it publishes only its own."""
    if organ.is_disclosure_office and organ.division.level in (Level.COUNTY, Level.TOWNSHIP):
        return organ.division
    return None


def build_for_organ(organ: Department, year: int, today: dt.date) -> AnnualReport:
    """The report `organ` publishes: its government's for a disclosure office, otherwise its own."""
    government = reports_for_government(organ)
    if government is not None:
        report = build(government, year, today)
        report.office = organ
        return report
    return build(organ.division, year, today, department=organ)


def snapshot(report: AnnualReport) -> dict:
    """Every figure and text of the report as plain JSON data: what a published report keeps for good.

    The cross-checks are not part of it: they are the supervisors' working aid, not the report.
    """
    inputs = report.inputs
    return {
        "title": report.title,
        "organ_name": report.organ_name,
        "year": report.period.year,
        "overview": inputs.overview,
        "documents": [[row.label, row.made, row.repealed, row.in_force] for row in report.documents],
        "decisions": [["行政许可", inputs.licensing_decisions], ["行政处罚", inputs.penalty_decisions],
                      ["行政强制", inputs.coercion_decisions]],
        "fee_amount": f"{inputs.fee_amount:.4f}",
        "requests": [{"label": row.label, "level": row.level, "is_heading": row.is_heading,
                      "values": row.values} for row in report.requests.rows],
        "cases": [{"label": str(group["label"]), "counts": group["counts"], "total": group["total"]}
                  for group in report.cases],
        "problems": inputs.problems,
        "other_matters": inputs.other_matters,
    }
