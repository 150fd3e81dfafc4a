"""Formatting for the supervision reports."""

from decimal import Decimal

from django import template

register = template.Library()
NOT_APPLICABLE = "不适用"


@register.filter
def cell_text(cell: dict) -> str:
    """A sheet cell as shown: rates as percentages; a rate that does not apply to the unit (nothing to measure it
    by, so its weight is shared out among the others) as 不适用; other missing values as a dash."""
    value = cell["value"]
    if value is None:
        return NOT_APPLICABLE if cell["is_rate"] else "—"
    if cell["is_rate"]:
        return f"{Decimal(value) * 100:.1f}%"
    return str(value)


@register.filter
def is_supervisor(user) -> bool:
    from catalog.roles import is_supervisor as check

    return check(user)


@register.simple_tag
def annual_reports_matching(terms):
    """The published annual reports a search's terms name (portal.reports.public.matching_reports)."""
    from portal.reports.public import matching_reports

    return matching_reports(terms)
