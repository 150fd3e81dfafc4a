"""The demo's supervisors' data: this year's and last year's assessment rules, last year's annual-report inputs
with their review cases."""

import pytest
from django.utils import timezone

from portal.reports.models import AnnualReportInput, AssessmentRule, ReviewCase

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "rules": sorted(AssessmentRule.objects.values_list("year", "green_min", "yellow_min")),
        "inputs": sorted(AnnualReportInput.objects.values_list("year", "division__code", "licensing_decisions",
                                                               "fee_amount")),
        "cases": sorted(ReviewCase.objects.values_list("report__division__code", "kind", "result", "case_number")),
    }


def test_demo_loads_rules_and_last_years_inputs():
    year = timezone.localdate().year
    loaded = snapshot()
    assert {rule[0] for rule in loaded["rules"]} == {year - 1, year}
    assert {item[0] for item in loaded["inputs"]} == {year - 1}
    assert loaded["cases"]
