"""The read-only JSON API (/api/v1/): only what the public pages show, paginated and filtered with Chinese errors,
a fixed number of queries per page, a limit per client, and an OpenAPI schema that lists every endpoint."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from catalog import api as catalog_api
from catalog.models import Publication
from portal.reports import api as reports_api
from tests import factories
from tests.catalog.public_data import add_publications, build
from tests.test_csp_pages import violations

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]

HIDDEN = "不应公开"
DATE_HELP = "日期格式为 年-月-日，例如 2026-03-02。"
#: What must never leave the portal through the API: staff, their notes, the organ's phone, the hidden items.
PRIVATE_MARKERS = ["zhangsan_clerk", "张小三", "lisi_reviewer", "李小四", "0579-86000001", "内部审核意见",
                   "撤回原因：内部", HIDDEN]


@pytest.fixture
def site(db):
    """The small public catalogue, a draft, an item under review and a withdrawn one (each with an attachment),
    and staff names and notes on the public items that the public pages never print."""
    c = build(3)
    drafter = factories.user("zhangsan_clerk", first_name="张小三", email="zhangsan@example.cn")
    checker = factories.user("lisi_reviewer", first_name="李小四")
    Publication.objects.public().update(created_by=drafter, submitted_by=drafter, reviewed_by=checker,
                                        review_note="内部审核意见：同意")
    c.hidden = {}
    for status in (Publication.Status.DRAFT, Publication.Status.PENDING, Publication.Status.WITHDRAWN):
        made = factories.publication(
            entry_=c.leaf, department_=c.township_government, division=c.township, title=f"{HIDDEN}的{status}信息",
            status=status, created_by=drafter,
            published_at=timezone.now() if status == Publication.Status.WITHDRAWN else None,
            withdrawn_reason="撤回原因：内部" if status == Publication.Status.WITHDRAWN else "",
        )
        factories.attachment(made, name=f"{HIDDEN}的附件.pdf")
        c.hidden[status] = made
    c.public_file = factories.attachment(c.policy, name="实施办法全文.pdf")
    return c


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params)


def assert_nothing_private(response):
    assert response.status_code == 200
    text = response.content.decode()
    assert [marker for marker in PRIVATE_MARKERS if marker in text] == []


# Only public data, endpoint by endpoint -------------------------------------------------------------------------


def test_divisions_show_no_hidden_item_or_personal_data(client, site):
    response = get(client, "catalog_api:divisions")
    assert_nothing_private(response)
    assert [row["code"] for row in response.json()["results"]] == [site.county.code, site.township.code,
                                                                   site.village.code]
    assert_nothing_private(get(client, "catalog_api:division", site.township.code))


def test_domains_show_no_hidden_item_or_personal_data(client, site):
    response = get(client, "catalog_api:domains")
    assert_nothing_private(response)
    assert response.json()["results"][0]["name"] == "社会救助"
    assert_nothing_private(get(client, "catalog_api:domain", site.domain.code))


def test_entries_show_no_hidden_item_or_personal_data(client, site):
    response = get(client, "catalog_api:entries")
    assert_nothing_private(response)
    leaf = next(row for row in response.json()["results"] if row["id"] == site.leaf.pk)
    assert leaf["content"] == "户主姓名、保障人数" and leaf["parent"] == site.top.pk and leaf["is_item"]
    assert {tag["name"] for tag in leaf["tags"]} == {"救助", "养老", "老年人"}
    assert_nothing_private(get(client, "catalog_api:entry", site.leaf.pk))


def test_publications_list_only_published_items_without_staff_or_notes(client, site):
    response = get(client, "catalog_api:publications")
    assert_nothing_private(response)
    rows = response.json()["results"]
    assert {row["id"] for row in rows} == set(Publication.objects.public().values_list("pk", flat=True))
    assert not {"status", "created_by", "reviewed_by", "review_note", "withdrawn_reason", "body"} & set(rows[0])


def test_a_publication_detail_is_public_items_only_with_their_body_and_files(client, site):
    response = get(client, "catalog_api:publication", site.policy.pk)
    assert_nothing_private(response)
    data = response.json()
    assert data["body"] == "<p>为规范最低生活保障工作，制定本办法。</p>"
    assert [row["name"] for row in data["attachments"]] == ["实施办法全文.pdf"]
    for hidden in site.hidden.values():
        missing = get(client, "catalog_api:publication", hidden.pk)
        assert missing.status_code == 404
        assert missing.json() == {"detail": "没有找到该数据，请检查网址中的代码或编号。"}


def test_attachments_are_those_of_published_items_with_their_public_download_address(client, site):
    response = get(client, "catalog_api:attachments")
    assert_nothing_private(response)
    rows = response.json()["results"]
    assert [(row["id"], row["publication"], row["format"]) for row in rows] == [
        (site.public_file.pk, site.policy.pk, "PDF")]
    download = rows[0]["download_url"]
    assert download == "http://testserver" + reverse("catalog:attachment", args=[site.policy.pk,
                                                                                   site.public_file.pk])
    assert client.get(download).status_code == 200


# Pagination, filters and errors ---------------------------------------------------------------------------------


def test_pages_link_to_each_other_and_a_page_past_the_end_is_a_chinese_404(client, site):
    add_publications(site, 2)  # 5 public items
    first = get(client, "catalog_api:publications", page_size=2).json()
    assert (first["count"], first["page"], first["pages"], first["previous"]) == (5, 1, 3, None)
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and "page=1" not in second["previous"]
    beyond = get(client, "catalog_api:publications", page=4, page_size=2)
    assert beyond.status_code == 404
    assert beyond.json() == {"detail": "第 4 页不存在：共 5 条数据，3 页。"}


@pytest.mark.parametrize(("params", "message"), [
    ({"page": "abc"}, "参数 page 应为正整数，收到的是“abc”。"),
    ({"page": "0"}, "参数 page 应为正整数，收到的是“0”。"),
    ({"page_size": "1000"}, "参数 page_size 应为1 到 100 之间的整数，收到的是“1000”。"),
    ({"date_from": "2026-02-30"}, "参数 date_from 不是有效的日期（收到“2026-02-30”）。" + DATE_HELP),
    ({"date_to": "昨天"}, "参数 date_to 不是有效的日期（收到“昨天”）。" + DATE_HELP),
    ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "起始日期 date_from 不能晚于截止日期 date_to。"),
    ({"division": "999999999999"}, "没有代码为“999999999999”的区划。区划代码为12位数字，见 /api/v1/divisions/。"),
    ({"domain": "nope"}, "没有代码为“nope”的公开领域，见 /api/v1/domains/。"),
])
def test_bad_parameters_are_a_chinese_400(client, params, message):
    response = get(client, "catalog_api:publications", **params)
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_the_division_filter_includes_everything_below_it(client, site):
    add_publications(site, 4)  # spread over the county, the township and the village
    rows = get(client, "catalog_api:publications", division=site.township.code, page_size=100).json()["results"]
    expected = Publication.objects.public().filter(division__in=[site.township, site.village])
    assert {row["id"] for row in rows} == set(expected.values_list("pk", flat=True))
    assert {row["division"]["code"] for row in rows} == {site.township.code, site.village.code}
    places = get(client, "catalog_api:divisions", division=site.township.code).json()["results"]
    assert [row["code"] for row in places] == [site.township.code, site.village.code]


def test_domain_and_date_range_filters(client, site):
    other = factories.publication(title="教育领域的信息", status=Publication.Status.PUBLISHED,
                                  published_at=dt.datetime(2026, 1, 10, 23, 30, tzinfo=dt.UTC))
    rows = get(client, "catalog_api:publications", domain=site.domain.code).json()["results"]
    assert other.pk not in {row["id"] for row in rows} and rows
    # 23:30 UTC on 10 January is 11 January in the portal's time zone (Asia/Shanghai).
    on_the_day = get(client, "catalog_api:publications", date_from="2026-01-11", date_to="2026-01-11").json()
    assert [row["id"] for row in on_the_day["results"]] == [other.pk]
    assert get(client, "catalog_api:publications", date_to="2026-01-10").json()["count"] == 0
    files = get(client, "catalog_api:attachments", domain=site.domain.code, date_from="2026-01-12").json()
    assert [row["id"] for row in files["results"]] == [site.public_file.pk]


def test_the_entries_of_a_division_are_its_level_s_directory(client, site):
    county_only = factories.entry(site.domain, name="县级才有的事项", is_township_level=False)
    village_rows = get(client, "catalog_api:entries", division=site.village.code).json()["results"]
    assert {row["id"] for row in village_rows} == {site.top.pk, site.leaf.pk}
    county_rows = get(client, "catalog_api:entries", division=site.county.code).json()["results"]
    assert county_only.pk in {row["id"] for row in county_rows}


def test_a_list_page_costs_the_same_queries_whatever_the_data_size(client, site, django_assert_max_num_queries):
    add_publications(site, 60)
    for index in range(4):
        factories.attachment(Publication.objects.public()[index])
    # The division and domain look-ups, the count and the page (the entries' tags: one prefetch).
    for name in ("catalog_api:publications", "catalog_api:attachments", "catalog_api:entries",
                 "catalog_api:divisions", "catalog_api:domains"):
        with django_assert_max_num_queries(4):
            response = get(client, name, division=site.county.code, page_size=100)
        assert response.status_code == 200, name
    with django_assert_max_num_queries(4):
        assert get(client, "catalog_api:publication", site.policy.pk).status_code == 200


def test_anything_else_under_api_is_a_json_404_and_writing_is_refused_in_chinese(client, db):
    missing = client.get("/api/v1/applications/")
    assert missing.status_code == 404 and missing.json()["detail"].startswith("没有这个接口")
    refused = client.post(reverse("catalog_api:publications"), {"title": "x"})
    assert refused.status_code == 405 and refused.json() == {"detail": "本接口只读，只接受 GET 请求。"}


# The limit per client -------------------------------------------------------------------------------------------


def test_each_client_behind_the_proxy_has_its_own_limit_with_a_chinese_429(client, db, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    settings.RATELIMIT_IP_HEADER = "HTTP_X_REAL_IP"
    url = reverse("catalog_api:domains")
    # Every request reaches the portal from the proxy's address; the proxy names the client in X-Real-IP.
    first = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.7"}
    second = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.8"}
    assert [client.get(url, **first).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url, **first)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["detail"].startswith("请求过于频繁：每个用户每分钟最多 2 次")
    assert client.get(url, **second).status_code == 200


# The schema and its page ----------------------------------------------------------------------------------------


def test_the_schema_is_valid_openapi_and_lists_every_endpoint(client, db):
    response = client.get(reverse("api_schema"))
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    routes = [pattern for pattern in [*catalog_api.urlpatterns, *reports_api.urlpatterns]
              if isinstance(pattern, URLPattern)]
    expected = {"/api/v1/" + str(pattern.pattern).replace("<str:code>", "{code}").replace("<slug:code>", "{code}")
                .replace("<int:pk>", "{id}") for pattern in routes}
    assert set(schema["paths"]) == expected
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())


def test_the_documentation_page_uses_our_own_files_under_the_site_s_policy(client, db):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert violations(html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert set(re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]*)"', html)) <= {
        path for path in re.findall(r'"(/static/[^"]*)"', html)}
    footer = client.get("/").content.decode()
    assert f'href="{reverse("api_docs")}"' in footer
