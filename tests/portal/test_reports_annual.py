"""The annual report's tables on a hand-built county: every result row, carry-over across years, the checks."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from applications.classification import ApplicantKind as K
from applications.classification import Outcome, Reason
from applications.models import Status
from catalog.models import Publication
from portal.reports import annual, xlsx
from portal.reports.models import ReviewCase
from tests import factories as f
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 2, 10)


@pytest.fixture
def county_data():
    county = f.county()
    town = f.township(county, segment="101", name="城关镇")
    bureau = f.department(county, name="县民政局")
    town_gov = f.department(town, name="城关镇人民政府", is_disclosure_office=True)

    def done(received_on, concluded_on, outcome, reason="", kind=K.NATURAL_PERSON, status=Status.REPLIED):
        return rf.concluded(bureau, received_on=received_on, concluded_on=concluded_on, outcome=outcome,
                            reason=reason, kind=kind, status=status, replied_on=concluded_on)

    done(D(2024, 12, 20), D(2025, 1, 10), Outcome.DISCLOSED)  # carried in from 2024
    done(D(2024, 12, 25), D(2024, 12, 30), Outcome.DISCLOSED)  # all in 2024: not in the 2025 report
    done(D(2025, 3, 2), D(2025, 3, 20), Outcome.DISCLOSED, kind=K.BUSINESS)
    done(D(2025, 4, 1), D(2025, 4, 20), Outcome.PARTIAL, kind=K.RESEARCH)
    done(D(2025, 5, 6), D(2025, 5, 30), Outcome.WITHHELD, Reason.STATE_SECRET, kind=K.CHARITY)
    done(D(2025, 6, 2), D(2025, 6, 20), Outcome.UNAVAILABLE, Reason.NOT_HELD, kind=K.LEGAL_SERVICE)
    done(D(2025, 7, 1), D(2025, 7, 10), Outcome.NOT_PROCESSED, Reason.REPEATED, kind=K.OTHER_ORGANISATION)
    done(D(2025, 8, 1), D(2025, 8, 30), Outcome.OTHER, Reason.NO_CORRECTION, status=Status.DEEMED_WITHDRAWN)
    done(D(2025, 9, 1), D(2025, 10, 20), Outcome.OTHER, Reason.FEE_UNPAID, status=Status.FEE_LAPSED)
    done(D(2025, 10, 9), D(2025, 10, 15), Outcome.OTHER, Reason.OTHER, status=Status.WITHDRAWN)
    rf.application(bureau, received_on=D(2025, 12, 20))  # still open: carried on
    done(D(2025, 12, 22), D(2026, 1, 5), Outcome.DISCLOSED)  # concluded next year: carried on
    rf.application(bureau, received_on=None, status=Status.SUBMITTED)  # not yet received: counted nowhere
    rf.application(town_gov, received_on=D(2025, 3, 2))  # the township reports it, not the county

    def doc(kind, formed_on, **fields):
        f.publication(department_=bureau, document_type=kind, formed_on=formed_on,
                      status=fields.pop("status", Publication.Status.PUBLISHED), published_at=rf.at(formed_on),
                      **fields)

    doc(Publication.DocumentType.REGULATION, D(2025, 3, 2))
    doc(Publication.DocumentType.NORMATIVE, D(2025, 3, 2), validity=Publication.Validity.REPEALED,
        validity_changed_on=D(2025, 10, 1))
    doc(Publication.DocumentType.NORMATIVE, D(2023, 5, 4))
    doc(Publication.DocumentType.NORMATIVE, D(2025, 6, 1), status=Publication.Status.WITHDRAWN)
    doc(Publication.DocumentType.NOTICE, D(2025, 6, 1))

    inputs = rf.annual_input(county, 2025, licensing_decisions=321, fee_amount="12.3456", overview="总体情况正文")
    for kind, result in [("reconsideration", "upheld"), ("reconsideration", "upheld"),
                         ("reconsideration", "corrected"), ("lawsuit_after", "pending")]:
        rf.review_case(inputs, kind, result)
    return locals()


@pytest.fixture
def report(county_data):
    return annual.build(county_data["county"], 2025, TODAY)


def row(report, label_start):
    return next(r for r in report.requests.rows if r.label.startswith(label_start))


def test_received_this_year_by_applicant_kind(report):
    assert row(report, "一、").values == [5, 1, 1, 1, 1, 1, 10]


def test_carried_in_from_last_year(report):
    assert row(report, "二、").values == [1, 0, 0, 0, 0, 0, 1]


def test_each_result_row_counts_its_requests(report):
    assert row(report, "（一）予以公开").values == [1, 1, 0, 0, 0, 0, 2]
    assert row(report, "（二）部分公开").values == [0, 0, 1, 0, 0, 0, 1]
    assert row(report, "（三）不予公开").counts["total"] == 1
    assert row(report, "1.属于国家秘密").values == [0, 0, 0, 1, 0, 0, 1]
    assert row(report, "1.本机关不掌握相关政府信息").values == [0, 0, 0, 0, 1, 0, 1]
    assert row(report, "2.重复申请").values == [0, 0, 0, 0, 0, 1, 1]
    assert row(report, "1.申请人无正当理由逾期不补正").values == [1, 0, 0, 0, 0, 0, 1]
    assert row(report, "2.申请人逾期未按收费通知").values == [1, 0, 0, 0, 0, 0, 1]
    assert row(report, "（六）其他处理").values == [3, 0, 0, 0, 0, 0, 3]


def test_table_has_every_row_of_the_national_format(report):
    assert len(report.requests.rows) == 3 + 6 + 8 + 3 + 5 + 3 + 2


def test_total_and_carried_on_to_next_year(report):
    assert row(report, "（七）总计").values == [4, 1, 1, 1, 1, 1, 9]
    assert row(report, "四、").values == [2, 0, 0, 0, 0, 0, 2]


def test_add_up_checks_pass(report):
    assert report.requests.is_consistent
    assert report.requests.checks[2].detail == "总计：10 + 1 = 9 + 2"


def test_a_concluded_request_without_a_result_row_fails_the_checks(county_data):
    rf.concluded(county_data["bureau"], received_on=D(2025, 5, 5), concluded_on=D(2025, 5, 6),
                 outcome=Outcome.WITHHELD, reason="")
    table = annual.build(county_data["county"], 2025, TODAY).requests
    assert not table.is_consistent
    assert [check.ok for check in table.checks] == [True, False, False]


def test_documents_made_repealed_and_in_force(report):
    regulation, normative = report.documents
    assert (regulation.made, regulation.repealed, regulation.in_force) == (1, 0, 1)
    assert (normative.made, normative.repealed, normative.in_force) == (1, 1, 1)


def test_reconsideration_and_litigation_table(report):
    by_kind = {group["kind"]: (group["counts"], group["total"]) for group in report.cases}
    assert by_kind[ReviewCase.Kind.RECONSIDERATION] == ([2, 1, 0, 0], 3)
    assert by_kind[ReviewCase.Kind.LAWSUIT_DIRECT] == ([0, 0, 0, 0], 0)
    assert by_kind[ReviewCase.Kind.LAWSUIT_AFTER] == ([0, 0, 0, 1], 1)


def test_township_report_counts_its_own_requests(county_data):
    table = annual.build(county_data["town"], 2025, TODAY).requests
    assert table.received["total"] == 1


def test_report_without_inputs_still_has_computed_tables(county_data):
    report = annual.build(county_data["county"], 2024, TODAY)
    assert not report.inputs_entered
    assert report.requests.received["total"] == 2


def test_xlsx_has_the_same_tables(report):
    book = load_workbook(BytesIO(xlsx.annual_workbook(annual.snapshot(report), checks=report.requests.checks)))
    ws = book.active
    assert ws["A1"].value == "测试县人民政府2025年政府信息公开工作年度报告"
    rows = {r[0].value: [c.value for c in r[1:8]] for r in ws.iter_rows() if r[0].value}
    assert rows["一、本年新收政府信息公开申请数量"] == [5, 1, 1, 1, 1, 1, 10]
    assert rows["（七）总计"] == [4, 1, 1, 1, 1, 1, 9]
    assert rows["行政许可"][0] == 321
    assert rows["行政事业性收费"][0] == pytest.approx(12.3456)
    # Table 四 as the 2021 format prints it: three header rows (行政复议 | 行政诉讼 {…}, then the results), figures.
    top = next(r[0].row for r in ws.iter_rows() if r[0].value == "行政复议")
    assert [ws.cell(row=top + 3, column=col).value for col in range(1, 6)] == [2, 1, 0, 0, 3]
    assert "总体情况正文" in rows
