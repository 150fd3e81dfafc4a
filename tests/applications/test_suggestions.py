"""Search before you ask: the request form suggests published items as the citizen describes the information
(the public search with its synonyms), and counts the requests avoided per day, nothing about who."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import suggestions, views
from applications.models import Application, SuggestionDay
from catalog.models import Publication
from portal import idempotency
from tests import factories as f
from tests.applications import factories as af
from tests.factories import FOOTER_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]
SUGGEST = reverse("applications:suggestions")
APPLY = reverse("applications:apply")
KEY = "k" * 22


def published(title, **fields):
    return f.publication(title=title, status=Publication.Status.PUBLISHED, published_at=timezone.now(), **fields)


@pytest.fixture
def dibao():
    return published("城关镇2025年第四季度最低生活保障对象名单公示")


def test_the_description_finds_published_items_with_the_synonyms(client, dibao):
    f.publication(title="城关镇低保对象名单（草稿）")  # a draft is never suggested
    response = client.get(SUGGEST, {"q": "我想要城关镇的低保对象名单", "k": KEY})
    html = response.content.decode()
    assert response.status_code == 200
    assert dibao.title in html and "草稿" not in html
    assert f'{reverse("applications:follow_suggestion", args=[dibao.pk])}?k={KEY}' in html


def test_a_long_description_backs_off_to_its_most_specific_words(client, dibao):
    text = "请提供城关镇最低生活保障对象名单，以及该名单的审批会议纪要和民主评议记录"
    assert dibao.title in client.get(SUGGEST, {"q": text}).content.decode()


def test_a_few_characters_search_nothing(client, dibao, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(SUGGEST, {"q": "低保"})
    assert response.status_code == 200 and dibao.title not in response.content.decode()


def test_nothing_found_says_so_plainly(client, dibao):
    html = client.get(SUGGEST, {"q": "天文台观测记录档案"}).content.decode()
    assert "没有找到与" in html and "请继续填写申请" in html


def test_the_look_up_runs_a_constant_number_of_queries(client):
    """At most three searches (three, two, then one of the description's longest terms), whatever the data."""
    text = "城关镇最低生活保障对象名单审批记录"
    counts = []
    for items in (1, 12):
        for n in range(len(counts) * 1, items):
            published(f"最低生活保障对象名单第{n}批")
        client.get(SUGGEST, {"q": text})  # the worker reads the synonyms and entry names once per catalogue version
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SUGGEST, {"q": text})
        counts.append(len(queries))
        assert response.content.decode().count("<li>") == min(items, 5)
    assert counts[0] == counts[1] <= 3 + FOOTER_QUERIES


def test_look_ups_are_rate_limited_per_client(client, dibao, monkeypatch):
    monkeypatch.setattr(views, "SUGGEST_LIMIT", (2, 3600))
    for _ in range(2):
        assert client.get(SUGGEST, {"q": "最低生活保障对象名单"}).status_code == 200
    response = client.get(SUGGEST, {"q": "最低生活保障对象名单"})
    assert response.status_code == 429 and "查询过于频繁" in response.content.decode()


def test_following_a_suggestion_counts_once_per_form_and_opens_the_item(client, dibao, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    url = reverse("applications:follow_suggestion", args=[dibao.pk])
    for _ in range(2):
        response = client.get(url, {"k": KEY})
        assert response.status_code == 302 and response.url == reverse("catalog:publication", args=[dibao.pk])
    client.get(url)  # no form key (a shared link): not counted
    client.get(url, {"k": "<script>"})
    day = SuggestionDay.objects.get()
    assert (day.day, day.followed, day.submitted_after, day.avoided) == (dt.date(2026, 3, 20), 1, 0, 1)


def test_a_withdrawn_item_is_not_followed(client):
    draft = f.publication(title="未发布的信息")
    assert client.get(reverse("applications:follow_suggestion", args=[draft.pk]), {"k": KEY}).status_code == 404
    assert not SuggestionDay.objects.exists()


def test_submitting_the_form_after_following_is_no_request_avoided(client, dibao, department, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    client.get(reverse("applications:follow_suggestion", args=[dibao.pk]), {"k": KEY})
    data = af.applicant_fields(department=department.pk, submission_key=KEY, credit_code="",
                               legal_representative="", contact_name="", postcode="")
    response = client.post(APPLY, data)
    assert response.status_code == 302 and Application.objects.count() == 1
    day = SuggestionDay.objects.get()
    assert (day.followed, day.submitted_after, day.avoided) == (1, 1, 0)
    assert SuggestionDay.objects.totals(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == {
        "followed": 1, "submitted_after": 1, "avoided": 0}


def test_without_javascript_the_button_shows_the_form_again_with_suggestions(client, dibao, department):
    data = af.applicant_fields(department=department.pk, submission_key=KEY, description="城关镇低保对象名单",
                               applicant_name="王秀兰", _suggest="1")
    response = client.post(APPLY, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert dibao.title in html and f"?k={KEY}" in html
    assert 'value="王秀兰"' in html and "城关镇低保对象名单</textarea>" in html
    assert f'value="{KEY}"' in html  # the same form: following a suggestion and then submitting is matched
    assert "errorlist" not in html and not Application.objects.exists()


def test_the_form_carries_the_enhancement_and_its_fallback(client):
    html = client.get(APPLY).content.decode()
    assert f'data-suggest-url="{SUGGEST}"' in html
    assert 'name="_suggest"' in html and 'formnovalidate' in html
    assert 'id="suggestions" aria-live="polite"' in html


def test_the_dashboard_shows_the_requests_avoided(supervisor_client, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    SuggestionDay.objects.create(day=dt.date(2026, 3, 19), followed=7, submitted_after=2)
    SuggestionDay.objects.create(day=dt.date(2026, 1, 5), followed=4, submitted_after=0)
    SuggestionDay.objects.create(day=dt.date(2025, 12, 31), followed=9, submitted_after=0)  # last year
    html = supervisor_client.get("/reports/").content.decode()
    table = html.split('<table class="avoided-requests">', 1)[1].split("</table>", 1)[0]
    # Last 30 days (from 19 Feb): 7 − 2 = 5; this year: (7 + 4) − 2 = 9.
    assert '<th scope="row">近30天</th><td class="num">7</td><td class="num">2</td><td class="num"><strong>5' in table
    assert '<td class="num">11</td><td class="num">2</td><td class="num"><strong>9' in table


def test_counts_keep_no_personal_data():
    assert {field.name for field in SuggestionDay._meta.fields} == {"id", "day", "followed", "submitted_after"}
    assert suggestions.followed(idempotency.new_key(), dt.date(2026, 3, 20)) is True


def test_demo_counts_load_again_unchanged():
    from applications.demo import load_suggestion_days

    load_suggestion_days(dt.date(2026, 3, 20))
    first = list(SuggestionDay.objects.values_list("day", "followed", "submitted_after"))
    load_suggestion_days(dt.date(2026, 3, 20))
    assert list(SuggestionDay.objects.values_list("day", "followed", "submitted_after")) == first
    assert len(first) == 45 and all(submitted <= followed for _day, followed, submitted in first)
