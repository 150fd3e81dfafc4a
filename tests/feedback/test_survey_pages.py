"""Survey pages: answering online (one per browser, rate-limited, submitted once), the clerk's paper entry, the
results with their charts and the .xlsx export."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from feedback import surveys
from feedback.models import SurveyResponse
from portal import idempotency
from tests import factories
from tests.factories import FOOTER_QUERIES
from tests.feedback import survey_factories as sf

pytestmark = pytest.mark.django_db

ONLINE, OFFLINE = SurveyResponse.Channel.ONLINE, SurveyResponse.Channel.OFFLINE
IN_MARCH = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
IN_APRIL = dt.datetime(2026, 4, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def survey(department):
    return sf.standard_survey(department)


def post_data(survey, **answers):
    by_order = {q.order: q.pk for q in survey.questions.all()}
    data = {"submission_key": idempotency.new_key()}
    for order, value in answers.items():
        data[f"q{by_order[int(order[1:])]}"] = value
    return data


def detail_url(survey):
    return reverse("feedback:survey_detail", args=[survey.pk])


# ---- answering online --------------------------------------------------------------------------------------


@time_machine.travel(IN_MARCH)
def test_answering_online_stores_a_valid_questionnaire(client, survey):
    response = client.post(detail_url(survey), post_data(survey, q1="2", q2="1", q3=["1", "4"], q4="网站很好用"))
    assert response.status_code == 200
    assert "问卷已提交" in response.content.decode()
    stored = SurveyResponse.objects.get()
    assert stored.channel == ONLINE and stored.is_valid and stored.respondent
    assert sorted(stored.answers.values_list("number", flat=True).exclude(number=None)) == [1, 1, 2, 4]


@time_machine.travel(IN_MARCH)
def test_missing_required_answer_is_asked_for_in_chinese_and_nothing_stored(client, survey):
    response = client.post(detail_url(survey), post_data(survey, q1="2"))
    assert response.status_code == 400
    assert "请回答本题。" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@time_machine.travel(IN_MARCH)
def test_junk_choice_is_a_chinese_error_not_a_500(client, survey):
    response = client.post(detail_url(survey), post_data(survey, q1="9", q2="abc"))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


@time_machine.travel(IN_MARCH)
def test_the_same_browser_answers_once(client, survey):
    client.post(detail_url(survey), post_data(survey, q1="1", q2="1"))
    again = client.post(detail_url(survey), post_data(survey, q1="5", q2="2"))
    assert "您已经提交过" in again.content.decode()
    assert "您已经填写过本问卷" in client.get(detail_url(survey)).content.decode()
    assert SurveyResponse.objects.count() == 1


@time_machine.travel(IN_MARCH)
def test_the_same_form_posted_twice_is_stored_once(client, survey):
    data = post_data(survey, q1="1", q2="1")
    client.post(detail_url(survey), data)
    client.cookies.clear()  # even without the cookie: the submission key recognises the form
    assert "您已经提交过" in client.post(detail_url(survey), data).content.decode()
    assert SurveyResponse.objects.count() == 1


@time_machine.travel(IN_MARCH)
def test_a_client_is_limited_per_survey_per_day(client, survey, settings):
    settings.SURVEY_RESPONSES_PER_DAY = 2
    for _n in range(2):
        client.cookies.clear()
        assert client.post(detail_url(survey), post_data(survey, q1="1", q2="1")).status_code == 200
    client.cookies.clear()
    refused = client.post(detail_url(survey), post_data(survey, q1="1", q2="1"))
    assert refused.status_code == 429 and "次数已达上限" in refused.content.decode()
    client.cookies.clear()
    invalid = client.post(detail_url(survey), post_data(survey, q1="1"))  # an invalid form never counts
    assert invalid.status_code == 400
    assert SurveyResponse.objects.count() == 2


@time_machine.travel(IN_APRIL)
def test_a_closed_survey_takes_no_answers_and_links_its_results(client, survey):
    response = client.post(detail_url(survey), post_data(survey, q1="1", q2="1"))
    html = response.content.decode()
    assert "已于2026年3月31日结束" in html and reverse("survey_results", args=[survey.pk]) in html
    assert not SurveyResponse.objects.exists()


def test_an_unpublished_survey_is_not_found(client, department):
    hidden = sf.standard_survey(department, is_published=False)
    assert client.get(detail_url(hidden)).status_code == 404
    assert client.get(reverse("survey_results", args=[hidden.pk])).status_code == 404


@time_machine.travel(IN_MARCH)
def test_survey_pages_run_a_constant_number_of_queries(client, department, django_assert_max_num_queries):
    for _n in range(8):
        sf.standard_survey(department)
    survey = sf.standard_survey(department)
    with django_assert_max_num_queries(2 + FOOTER_QUERIES):
        assert client.get(reverse("feedback:survey_list")).status_code == 200
    with django_assert_max_num_queries(2 + FOOTER_QUERIES):
        assert client.get(detail_url(survey)).status_code == 200


# ---- results -------------------------------------------------------------------------------------------------


def _answered(survey, clerk, count=3):
    for n in range(count):
        surveys.submit_response(survey, sf.answers(survey, rating=1 + n % 2, single=1, multiple=[2]),
                                channel=OFFLINE, by=clerk)
    surveys.submit_response(survey, sf.answers(survey, rating=1, text="联系人张三 13800000000"), channel=OFFLINE,
                            by=clerk)


@time_machine.travel(IN_APRIL)
def test_public_results_show_figures_and_charts_but_no_written_answers(client, survey, clerk,
                                                                      django_assert_max_num_queries):
    _answered(survey, clerk)
    client.get(reverse("feedback:index"))  # the footer's site information, read once per worker
    with django_assert_max_num_queries(5 + FOOTER_QUERIES):
        html = client.get(reverse("survey_results", args=[survey.pk])).content.decode()
    assert "回收 <strong>4</strong> 份" in html and "有效问卷 <strong>3</strong> 份" in html
    assert "有效率 <strong>75.0%</strong>" in html
    assert html.count("chart-svg chart-bars") == 3
    assert "13800000000" not in html and "张三" not in html


@time_machine.travel(IN_MARCH)
def test_public_results_wait_for_the_closing_date(client, survey, clerk):
    _answered(survey, clerk)
    html = client.get(reverse("survey_results", args=[survey.pk])).content.decode()
    assert "调查结束后公布结果" in html and "chart-svg" not in html


def test_staff_results_include_written_answers_and_stay_in_the_department(client, survey, clerk, other_department):
    _answered(survey, clerk)
    client.force_login(clerk)
    html = client.get(reverse("reports:survey_results", args=[survey.pk])).content.decode()
    assert "联系人张三" in html and "chart-svg" in html
    client.force_login(factories.clerk(other_department))
    assert client.get(reverse("reports:survey_results", args=[survey.pk])).status_code == 404


def test_staff_results_need_a_login(client, survey):
    response = client.get(reverse("reports:survey_results", args=[survey.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_xlsx_export_has_the_figures_the_counts_and_print_setup(client, survey, clerk):
    _answered(survey, clerk)
    client.force_login(clerk)
    response = client.get(reverse("reports:survey_results_xlsx", args=[survey.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book["统计"]
    assert [c.value for c in ws[5]][:7] == [0, 4, 0, 4, 3, 1, 0.75]
    rows = [[c.value for c in row][:4] for row in ws.iter_rows(min_row=8)]
    assert ["2. 您主要通过什么渠道了解政务公开信息？", "政府网站", 3, 1.0] in rows
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows  # A4, header rows on every page
    assert book["文字意见"]["D2"].value == "联系人张三 13800000000"


# ---- paper entry in the admin ------------------------------------------------------------------------------


def paper_url(survey):
    return reverse("admin:feedback_survey_paper", args=[survey.pk])


def test_paper_entry_saves_and_shows_the_next_empty_page(clerk_client, survey):
    page = clerk_client.get(paper_url(survey)).content.decode()
    assert "autofocus" in page and "保存并录入下一份" in page
    by_order = {q.order: f"q{q.pk}" for q in survey.questions.all()}
    response = clerk_client.post(paper_url(survey), {"paper_number": "P-7", by_order[1]: "2", by_order[2]: "3",
                                                     by_order[3]: "1 4", by_order[4]: "", "_next": "1"})
    assert response.status_code == 302 and response["Location"] == paper_url(survey)
    stored = SurveyResponse.objects.get()
    assert stored.channel == OFFLINE and stored.is_valid and stored.paper_number == "P-7"
    followed = clerk_client.get(paper_url(survey)).content.decode()
    assert "已保存第 1 份纸质问卷：有效" in followed


def test_paper_with_a_missing_required_answer_is_stored_as_invalid(clerk_client, survey):
    by_order = {q.order: f"q{q.pk}" for q in survey.questions.all()}
    clerk_client.post(paper_url(survey), {by_order[1]: "1", "_next": "1"})
    assert "无效（缺答必答题第2题）" in clerk_client.get(paper_url(survey)).content.decode()
    assert not SurveyResponse.objects.get().is_valid


@pytest.mark.parametrize("typed, message", [("4", "请填写1到3之间的数字"), ("12", "单选题只能填一个数字"),
                                            ("x", "请填写1到3之间的数字")])
def test_paper_with_a_wrong_digit_is_refused_and_nothing_stored(clerk_client, survey, typed, message):
    by_order = {q.order: f"q{q.pk}" for q in survey.questions.all()}
    response = clerk_client.post(paper_url(survey), {by_order[1]: "1", by_order[2]: typed, "_next": "1"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_paper_entry_is_refused_outside_the_department(client, survey, other_department):
    client.force_login(factories.clerk(other_department))
    assert client.get(paper_url(survey)).status_code in (403, 404)


def test_questions_lock_once_questionnaires_come_back(clerk_client, survey, clerk):
    change = reverse("admin:feedback_survey_change", args=[survey.pk])
    assert 'name="questions-0-text"' in clerk_client.get(change).content.decode()
    _answered(survey, clerk, count=1)
    assert 'name="questions-0-text"' not in clerk_client.get(change).content.decode()
