"""Error pages speak Chinese and tell the citizen what to do next, also with DEBUG off."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404
from django.test import Client, override_settings
from django.views import defaults

from portal import views
from tests import factories

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_chinese_404_page_with_ways_on(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "信息检索" in page and "依申请公开" in page
    assert "Not Found" not in page


@override_settings(DEBUG=False)
def test_a_missing_record_shows_no_english_internals(client):
    page = client.get("/publications/999999/").content.decode()
    assert "页面不存在" in page and "matches the given query" not in page


def test_a_views_own_chinese_message_is_shown(rf):
    response = views.page_not_found(rf.get("/x/"), Http404("这条信息已撤回。"))
    assert "这条信息已撤回。" in response.content.decode()


def test_permission_denied_is_explained_in_chinese(rf):
    request = rf.get("/x/")
    request.user = factories.user()
    response = views.permission_denied(request, PermissionDenied("Forbidden"))
    page = response.content.decode()
    assert response.status_code == 403 and "无权访问" in page and "Forbidden" not in page


def test_the_500_page_needs_no_database_and_reassures_about_submissions(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = defaults.server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时繁忙" in page and "不会重复登记" in page


def test_the_400_page_is_chinese(rf):
    response = defaults.bad_request(rf.get("/"), SuspiciousOperation("bad"))
    assert response.status_code == 400 and "无法处理这个请求" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_form_posted_without_a_valid_token_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/feedback/rate/", {"level": "satisfied"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "没有保存" in page and "CSRF" not in page


@pytest.mark.parametrize("error, status, retry_after, text", [
    (OperationalError("connection refused"), 503, "10", "正在重启或维护"),  # the database is away: try again soon
    (ValueError("a bug"), 500, None, "工作人员会尽快处理"),
])
def test_a_failing_view_answers_503_while_the_database_is_away_else_500(client, monkeypatch, error, status,
                                                                          retry_after, text):
    from catalog import search

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(search, "query_terms", failing)
    client.raise_request_exception = False
    with override_settings(DEBUG=False):
        response = client.get("/search/", {"q": "低保"})
    assert response.status_code == status and response.get("Retry-After") == retry_after
    assert text in response.content.decode()
