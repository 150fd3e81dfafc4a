"""What a report covers: a period (a quarter or a year) and a government (the county, or one township).

The county's sheet lists every county-level department plus each township government (乡镇人民政府 as one row);
a township's sheet lists the township government and its village (community) committees.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from catalog.models import Department, Division, Level


class ReportScopeError(ValueError):
    """A period or government a report cannot be made for; the message is shown as-is."""


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None for the whole year

    def __post_init__(self):
        if not 2000 <= self.year <= 2100:
            raise ReportScopeError("年份应在2000至2100之间。")
        if self.quarter is not None and self.quarter not in (1, 2, 3, 4):
            raise ReportScopeError("季度应为1至4。")

    @classmethod
    def parse(cls, year, quarter=None) -> "Period":
        """From query-string values; junk raises ReportScopeError."""
        try:
            year = int(year)
            quarter = int(quarter) if quarter not in (None, "") else None
        except (TypeError, ValueError):
            raise ReportScopeError("年份或季度格式不正确。") from None
        return cls(year, quarter)

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> dt.date:
        if not self.quarter or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.quarter:
            return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"
        return f"{self.year}年度"

    def previous(self) -> "Period":
        if self.quarter is None:
            return Period(self.year - 1)
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)


def governments():
    """The governments reports are made for: the county first, then its townships by code."""
    return Division.objects.governments().order_by("tree_id", "lft")


def government(division_id) -> Division:
    """The county or township with this id; the county when no id is given."""
    found = governments()
    try:
        found = found.filter(pk=int(division_id)) if division_id not in (None, "") else found.county()
    except (TypeError, ValueError):
        raise ReportScopeError("请选择县或乡镇（街道）。") from None
    division = found.first()
    if division is None:
        raise ReportScopeError("没有找到该政府。")
    return division


def departments_filter(division: Division) -> Q:
    """A Q selecting the departments a government's sheet covers."""
    if division.level == Level.COUNTY:
        return Q(division=division) | Q(division__parent=division, division__level=Level.TOWNSHIP)
    return Q(division=division) | Q(division__parent=division)


def departments(division: Division):
    """The rows of a government's sheet, in the directory's order."""
    return Department.objects.active().filter(departments_filter(division)).select_related("division")
