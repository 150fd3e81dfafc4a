"""The quarterly assessment on a small hand-built county: every figure, the score and the grade.

Spring Festival 2026: 15–23 February off, Saturdays 14 and 28 February worked (调休).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.classification import Outcome
from applications.models import ClockPause, Status
from catalog.models import Entry, Publication
from feedback.models import Callback
from portal.reports import assessment
from portal.reports.scope import Period
from tests import factories as f
from tests.portal import reports_factories as rf

pytestmark = pytest.mark.django_db
D = dt.date
Q1 = Period(2026, 1)
AFTER_Q1 = D(2026, 4, 15)


@pytest.fixture
def county_data():
    county = f.county()
    town = f.township(county, segment="101", name="城关镇")
    village = f.village(town, suffix="201", name="东村")
    bureau = f.department(county, name="县民政局")
    other = f.department(county, name="县教育局")
    town_gov = f.department(town, name="城关镇人民政府", is_disclosure_office=True)
    committee = f.department(village, name="东村村民委员会")
    domain = f.domain()
    parent = f.entry(domain, name="社会救助")
    fast = f.entry(domain, parent=parent, name="低保审批", time_limit_workdays=10)
    plain = f.entry(domain, parent=parent, name="救助政策")
    f.entry(domain, name="村务公开", is_county_level=False, is_township_level=False, is_village_level=True)
    return locals()


def published(entry, department, *, formed_on, on, **fields):
    return f.publication(entry, department, formed_on=formed_on, status=Publication.Status.PUBLISHED,
                         published_at=rf.at(on), **fields)


@pytest.fixture
def bureau_data(county_data):
    """Every record the bureau's row counts, and some it must not."""
    c = county_data
    bureau, fast, plain = c["bureau"], c["fast"], c["plain"]
    # 10 working days after Tue 10 Feb: 11, 12, 13, Sat 14, 24, 25, 26, 27, Sat 28 Feb, Mon 2 Mar.
    published(fast, bureau, formed_on=D(2026, 2, 10), on=D(2026, 3, 2))
    published(fast, bureau, formed_on=D(2026, 2, 10), on=D(2026, 3, 3))
    f.publication(plain, bureau, formed_on=D(2026, 3, 2), status=Publication.Status.WITHDRAWN,
                  published_at=rf.at(D(2026, 3, 5)))
    published(plain, bureau, formed_on=D(2025, 11, 3), on=D(2025, 12, 1),
              validity=Publication.Validity.REPEALED, validity_changed_on=D(2026, 3, 15))

    # 20 working days after Mon 2 Mar is Mon 30 Mar: replied on the last day.
    rf.concluded(bureau, received_on=D(2026, 3, 2), due_on=D(2026, 3, 30), replied_on=D(2026, 3, 30),
                 concluded_on=D(2026, 3, 30), outcome=Outcome.DISCLOSED)
    # Tue 10 Feb → Tue 3 Mar is 11 working days (the Spring Festival and its two worked Saturdays counted right).
    rf.concluded(bureau, received_on=D(2026, 2, 10), due_on=D(2026, 3, 10), replied_on=D(2026, 3, 3),
                 concluded_on=D(2026, 3, 3), outcome=Outcome.DISCLOSED)
    # Mon 5 Jan: due Mon 2 Feb (20 working days), replied Wed 4 Feb, 22 working days: late.
    rf.concluded(bureau, received_on=D(2026, 1, 5), due_on=D(2026, 2, 2), replied_on=D(2026, 2, 4),
                 concluded_on=D(2026, 2, 4), outcome=Outcome.PARTIAL)
    # Received by the education bureau and transferred: it counts for the bureau that has it now.
    moved = rf.application(c["other"], received_on=D(2026, 3, 10), due_on=D(2026, 4, 8))
    rf.transfer(moved, bureau, D(2026, 3, 12))
    # Mon 2 Feb + 20 working days = Fri 6 Mar; still unanswered.
    rf.application(bureau, received_on=D(2026, 2, 2), due_on=D(2026, 3, 6))
    # Tue 3 Feb + 20 = Mon 9 Mar; answered only on 10 April, so overdue at the quarter's end.
    rf.concluded(bureau, received_on=D(2026, 2, 3), due_on=D(2026, 3, 9), replied_on=D(2026, 4, 10),
                 concluded_on=D(2026, 4, 10), outcome=Outcome.DISCLOSED)
    # Consulting a third party since 18 March: its clock is stopped, so not overdue.
    paused = rf.application(bureau, received_on=D(2026, 3, 2), due_on=D(2026, 3, 20), status=Status.CONSULTING)
    ClockPause.objects.create(application=paused, kind=ClockPause.Kind.choices[0][0], started_on=D(2026, 3, 18),
                              answer_due_on=D(2026, 4, 8))

    for level in ("very_satisfied", "satisfied", "basic"):
        rf.rating(bureau, level=level, on=D(2026, 2, 1))
    bad_on_time = rf.rating(bureau, level="dissatisfied", on=D(2026, 3, 2), phone="13905790001")
    bad_late = rf.rating(bureau, level="very_dissatisfied", on=D(2026, 3, 9), phone="13905790002")
    appealed = rf.rating(bureau, level="dissatisfied", on=D(2026, 3, 2), is_removed=True, phone="13905790003")
    rf.rating(bureau, level="dissatisfied", on=D(2026, 4, 1))
    rf.callback(bad_on_time, callback_due_on=D(2026, 3, 3), rectification_due_on=D(2026, 3, 23),
                first_called_on=D(2026, 3, 3), rectified_on=D(2026, 3, 10), status=Callback.Status.CLOSED_SATISFIED)
    rf.callback(bad_late, callback_due_on=D(2026, 3, 10), rectification_due_on=D(2026, 3, 30),
                first_called_on=D(2026, 3, 12))
    rf.callback(appealed, callback_due_on=D(2026, 3, 3), rectification_due_on=D(2026, 3, 23),
                first_called_on=D(2026, 3, 3), rectified_on=D(2026, 3, 5))

    rf.message(bureau, on=D(2026, 3, 2), due_on=D(2026, 3, 9), answered_on=D(2026, 3, 9))
    rf.message(bureau, on=D(2026, 3, 2), due_on=D(2026, 3, 9), answered_on=D(2026, 3, 10))
    rf.message(bureau, on=D(2026, 3, 20), due_on=D(2026, 3, 27))
    return c


def row_of(sheet, department):
    return next(row for row in sheet.rows if row.department == department)


@pytest.fixture
def bureau_row(bureau_data):
    sheet = assessment.build(bureau_data["county"], Q1, AFTER_Q1)
    return row_of(sheet, bureau_data["bureau"])


def test_county_sheet_lists_county_departments_and_township_governments_not_villages(county_data):
    sheet = assessment.build(county_data["county"], Q1, AFTER_Q1)
    names = {row.department.name for row in sheet.rows}
    assert names == {"县民政局", "县教育局", "城关镇人民政府"}


def test_township_sheet_lists_the_township_government_and_its_villages(county_data):
    sheet = assessment.build(county_data["town"], Q1, AFTER_Q1)
    assert {row.department.name for row in sheet.rows} == {"城关镇人民政府", "东村村民委员会"}


def test_entries_required_are_the_leaf_entries_of_the_departments_level(county_data):
    sheet = assessment.build(county_data["town"], Q1, AFTER_Q1)
    assert row_of(sheet, county_data["town_gov"]).entries_required == 2
    assert row_of(sheet, county_data["committee"]).entries_required == 1


def test_entries_covered_count_only_entries_with_a_publication_valid_at_quarter_end(bureau_row):
    assert (bureau_row.entries_required, bureau_row.entries_covered) == (2, 1)
    assert bureau_row.coverage_rate == Decimal("0.5")


def test_items_published_exclude_withdrawn_and_earlier_quarters(bureau_row):
    assert bureau_row.published == 2


def test_published_within_time_limit_counts_the_spring_festival_make_up_saturdays(bureau_row):
    assert bureau_row.published_timely == 1


def test_requests_received_count_a_transferred_request_for_its_current_department(bureau_data):
    sheet = assessment.build(bureau_data["county"], Q1, AFTER_Q1)
    assert row_of(sheet, bureau_data["bureau"]).requests_received == 7
    assert row_of(sheet, bureau_data["other"]).requests_received == 0


def test_requests_answered_and_answered_on_time(bureau_row):
    assert (bureau_row.requests_answered, bureau_row.requests_on_time) == (3, 2)


def test_mean_working_days_to_reply(bureau_row):
    # (20 + 11 + 22) / 3 = 17.67
    assert bureau_row.mean_reply_workdays == Decimal("17.7")


def test_past_quarter_counts_requests_overdue_at_its_end_but_not_paused_ones(bureau_row):
    assert bureau_row.requests_overdue == 2


def test_current_quarter_counts_requests_overdue_today(bureau_data):
    sheet = assessment.build(bureau_data["county"], Q1, D(2026, 3, 25))
    # The request due 6 March is still running; the one due 9 March was answered (status now replied).
    assert row_of(sheet, bureau_data["bureau"]).requests_overdue == 1


def test_ratings_exclude_upheld_appeals_and_other_quarters(bureau_row):
    assert (bureau_row.ratings, bureau_row.ratings_satisfied, bureau_row.bad_ratings) == (5, 3, 2)
    assert bureau_row.satisfaction_rate == Decimal("0.6")


def test_bad_ratings_called_back_on_time_and_rectified(bureau_row):
    assert (bureau_row.called_back_on_time, bureau_row.rectified) == (1, 1)


def test_bad_rating_without_contact_is_listed_and_stays_out_of_the_callback_rate(bureau_data):
    rf.rating(bureau_data["bureau"], level="dissatisfied", on=D(2026, 3, 5))  # no phone: 无法回访, no case
    row = row_of(assessment.build(bureau_data["county"], Q1, AFTER_Q1), bureau_data["bureau"])
    # 3 bad ratings counted; 2 left a phone (on time, late); 1 called back on time: 1 ÷ 2
    assert (row.bad_ratings, row.bad_to_call_back, row.bad_cannot_call_back) == (3, 2, 1)
    assert row.callback_rate == Decimal("0.5")


def test_messages_answered_on_time(bureau_row):
    assert (bureau_row.messages, bureau_row.messages_on_time) == (3, 1)


def test_score_is_the_weighted_mean_of_rates_less_the_overdue_penalty(bureau_row):
    # 20×0.5 + 20×0.5 + 20×0.6667 + 15×0.6 + 10×0.5 + 10×0.5 + 5×0.3333 = 54.0 of 100, less 2 × 2 overdue.
    assert bureau_row.score == Decimal("50.0")
    assert bureau_row.grade == assessment.RED


def test_rates_without_a_denominator_do_not_count_in_the_score(county_data):
    published(county_data["plain"], county_data["town_gov"], formed_on=D(2026, 3, 2), on=D(2026, 3, 3))
    sheet = assessment.build(county_data["county"], Q1, AFTER_Q1)
    row = row_of(sheet, county_data["town_gov"])
    # Only coverage (1 of 2) and timeliness (1 of 1) apply: (20×0.5 + 20×1) / 40 = 75.
    assert row.score == Decimal("75.0")
    assert row.grade == assessment.YELLOW


def test_the_years_rule_is_used_and_old_quarters_keep_theirs(county_data):
    published(county_data["plain"], county_data["town_gov"], formed_on=D(2026, 3, 2), on=D(2026, 3, 3))
    rf.assessment_rule(2026, green_min=Decimal("70"), yellow_min=Decimal("50"))
    rf.assessment_rule(2025, green_min=Decimal("95"), yellow_min=Decimal("80"))
    this_year = assessment.build(county_data["county"], Q1, AFTER_Q1)
    last_year = assessment.build(county_data["county"], Period(2025, 4), AFTER_Q1)
    assert row_of(this_year, county_data["town_gov"]).grade == assessment.GREEN
    assert last_year.rule.green_min == Decimal("95")


def test_sheet_sorts_by_score_with_empty_values_last(county_data):
    published(county_data["plain"], county_data["town_gov"], formed_on=D(2026, 3, 2), on=D(2026, 3, 3))
    sheet = assessment.build(county_data["county"], Q1, AFTER_Q1)
    ordered = [row.department.name for row in sheet.sorted_rows("score", descending=True)]
    assert ordered[0] == "城关镇人民政府"


def test_sheet_query_count_does_not_grow_with_departments(county_data, django_assert_max_num_queries):
    for n in range(15):
        f.department(county_data["county"], name=f"县局{n}")
    with django_assert_max_num_queries(20):  # constant: 20 with 1 or 16 departments (one for 随手拍, two for 新媒体)
        assessment.build(county_data["county"], Q1, AFTER_Q1)



def test_xlsx_sheet_has_title_headers_frozen_panes_and_the_bureaus_figures_cell_by_cell(bureau_data):
    from io import BytesIO

    from openpyxl import load_workbook

    from portal.reports import xlsx

    sheet = assessment.build(bureau_data["county"], Q1, AFTER_Q1)
    book = load_workbook(BytesIO(xlsx.assessment_workbook(sheet)))
    ws = book["考核表"]
    assert ws["A1"].value == "测试县2026年第一季度政府信息公开工作考核表（制表日期：2026年04月15日）"
    assert ws.freeze_panes == "C3"
    headers = [cell.value for cell in ws[2]]
    assert headers[:4] == ["序号", "单位", "应覆盖目录事项数", "已覆盖事项数"]
    row = next(r for r in ws.iter_rows(min_row=3) if r[1].value == "县民政局")
    values = dict(zip(headers, (cell.value for cell in row), strict=True))
    assert values["应覆盖目录事项数"] == 2
    assert values["已覆盖事项数"] == 1
    assert values["目录覆盖率"] == 0.5
    assert values["本季发布信息数"] == 2
    assert values["按时公开数"] == 1
    assert values["收到申请数"] == 7
    assert values["答复数"] == 3
    assert values["按时答复数"] == 2
    assert values["逾期未答复数"] == 2
    assert values["平均答复工作日"] == 17.7
    assert values["评价数"] == 5
    assert values["满意率"] == 0.6
    assert values["差评数"] == 2
    assert values["按时回访数"] == 1
    assert values["已整改数"] == 1
    assert values["留言数"] == 3
    assert values["按时答复留言数"] == 1
    assert values["得分"] == 50.0
    assert values["等次"] == "红"
    grade_cell = row[headers.index("等次")]
    assert grade_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert row[headers.index("目录覆盖率")].number_format == "0.0%"
    rules = book["说明"]
    texts = [cell.value for column in rules.iter_cols(max_col=2) for cell in column if cell.value]
    assert "目录覆盖率" in texts
    assert any(str(text).startswith("得分 = Σ(权重 × 比率)") for text in texts)
    assert "2026年考核规则（本年度尚未设置，使用默认规则）" in texts


def test_import_export_resource_exports_one_plain_row_per_department(bureau_data):
    from portal.reports.resources import AssessmentRowResource

    sheet = assessment.build(bureau_data["county"], Q1, AFTER_Q1)
    dataset = AssessmentRowResource().export(sheet.rows)
    record = next(r for r in dataset.dict if r["单位"] == "县民政局")
    assert (record["收到申请数"], record["得分"], record["等次"]) == ("7", "50.0", "红")
    assert len(dataset) == 3


def test_a_county_department_must_cover_only_entries_that_name_it():
    from portal.reports.assessment import is_publisher_of

    county = f.county()
    civil = f.department(county, name="县民政局", short_name="民政局")
    township = f.township(county)
    town_gov = f.department(township, name="某镇人民政府")
    village_committee = f.department(f.village(township), name="某村村民委员会")
    named = "县民政局、乡镇人民政府（街道办事处）、村（居）民委员会"
    assert is_publisher_of(named, civil)
    assert not is_publisher_of("县教育体育局", civil)
    assert is_publisher_of(named, town_gov) and not is_publisher_of("县教育体育局", town_gov)
    assert is_publisher_of(named, village_committee)
    assert not is_publisher_of("县民政局、乡镇人民政府（街道办事处）", village_committee)
    assert is_publisher_of("", civil)


LINKED_FIGURES = ["entries_required", "entries_covered", "published", "published_timely", "requests_received",
                  "requests_answered", "requests_overdue", "ratings", "ratings_satisfied", "bad_ratings",
                  "bad_to_call_back", "bad_cannot_call_back", "called_back_on_time", "rectified", "messages"]


@pytest.mark.parametrize("key", LINKED_FIGURES)
def test_each_figures_admin_list_shows_as_many_records_as_the_figure(client, bureau_data, key):
    """The drill-down list and the figure use the same queryset method (e.g. the overdue request answered only
    in April, and the case of the appealed rating, are in neither)."""
    client.force_login(f.user(is_superuser=True, is_staff=True))
    sheet = assessment.build(bureau_data["county"], Q1, AFTER_Q1)
    for row in sheet.rows:
        response = client.get(row.links[key])
        assert response.context["cl"].result_count == getattr(row, key), row.department.name


def test_overdue_link_of_the_current_quarter_lists_requests_overdue_today(client, county_data):
    bureau, today = county_data["bureau"], timezone.localdate()
    rf.application(bureau, received_on=today - dt.timedelta(days=60), due_on=today - dt.timedelta(days=1))
    rf.application(bureau, received_on=today, due_on=today + dt.timedelta(days=28))
    sheet = assessment.build(county_data["county"], Period.quarter_of(today), today)
    row = row_of(sheet, bureau)
    client.force_login(f.user(is_superuser=True, is_staff=True))
    assert row.requests_overdue == 1
    assert client.get(row.links["requests_overdue"]).context["cl"].result_count == 1


def test_entries_overdue_count_periodic_entries_past_their_cycle_and_link_to_the_same_list(client, bureau_data):
    c = bureau_data
    Entry.objects.filter(pk=c["plain"].pk).update(update_cycle=Entry.UpdateCycle.QUARTERLY)
    Entry.objects.filter(pk=c["fast"].pk).update(update_cycle=Entry.UpdateCycle.MONTHLY)
    sheet = assessment.build(c["county"], Q1, AFTER_Q1)
    row = row_of(sheet, c["bureau"])
    # 救助政策, quarterly: last public item Mon 1 Dec 2025 (the 5 March one was withdrawn); Q4 2025 ends Wed 31 Dec,
    # due 20 working days later (29 Jan 2026), so 待更新 at the end of Q1.
    # 低保审批, monthly: last item Tue 3 Mar; March ends Tue 31 Mar, due 10 working days later (14 Apr): up to date.
    assert row.entries_overdue == 1
    assert row.freshness_rate == Decimal("0.5000")
    client.force_login(f.user(is_superuser=True, is_staff=True))
    for each in sheet.rows:
        listed = client.get(each.links["entries_overdue"]).context["cl"].result_list
        assert len(listed) == each.entries_overdue, each.department.name
    assert [entry.name for entry in client.get(row.links["entries_overdue"]).context["cl"].result_list] == ["救助政策"]


def test_freshness_weighs_in_the_score_only_when_the_rule_gives_it_a_weight(bureau_data):
    Entry.objects.filter(pk=bureau_data["plain"].pk).update(update_cycle=Entry.UpdateCycle.QUARTERLY)
    default = row_of(assessment.build(bureau_data["county"], Q1, AFTER_Q1), bureau_data["bureau"])
    assert default.score == Decimal("50.0")  # as before: the default weight is 0
    rf.assessment_rule(2026, weight_satisfaction=5, weight_freshness=10)
    weighted = row_of(assessment.build(bureau_data["county"], Q1, AFTER_Q1), bureau_data["bureau"])
    # coverage 20×0.5 + freshness 10×0.5 + timeliness 20×0.5 + requests 20×0.6667 + satisfaction 5×0.6
    # + callbacks 10×0.5 + rectification 10×0.5 + messages 5×0.3333 = 53.0, less 2 × 2 overdue.
    assert weighted.score == Decimal("49.0")


def test_a_unit_with_nothing_to_measure_shows_not_applicable_and_no_grade(db):
    from portal.reports.templatetags.reports_tags import cell_text

    other_county = f.county(code="339902000000", name="邻县")
    empty = f.department(other_county, name="邻县档案馆")
    sheet = assessment.build(other_county, Q1, AFTER_Q1)
    row = row_of(sheet, empty)
    # No entry names it as publisher, no item, request, rating or message: no rate applies, so no score at all.
    assert row.score is None and row.grade == "" and row.grade_label == "无数据"
    shown = {cell["key"]: cell_text(cell) for cell in row.cells()}
    assert shown["coverage_rate"] == "不适用" and shown["on_time_rate"] == "不适用"


def test_the_xlsx_writes_not_applicable_rates_and_states_the_formula(county_data):
    import io

    import openpyxl

    from portal.reports import xlsx

    f.department(county_data["county"], name="县档案馆")
    sheet = assessment.build(county_data["county"], Q1, AFTER_Q1)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.assessment_workbook(sheet)))
    rows = {r[1]: r for r in workbook["考核表"].iter_rows(min_row=3, values_only=True)}
    assert "不适用" in rows["县档案馆"]
    notes = " ".join(str(c) for r in workbook["说明"].iter_rows(values_only=True) for c in r if c)
    assert "其权重由适用各项分摊" in notes
