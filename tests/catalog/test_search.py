"""Chinese full-text search over published items (DESIGN §7): jieba tokens, filters, highlighting, odd input."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog import search
from catalog.models import Publication
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = Publication.Status.PUBLISHED


def published(title, body="", **fields):
    fields.setdefault("published_at", timezone.now())
    return factories.publication(title=title, body=body, status=PUBLISHED, **fields)


def found(query, **filters):
    terms = search.query_terms(search.clean_query(query)[0])
    matches = search.match_terms(Publication.objects.public(), terms).filter(**filters)
    return set(matches.values_list("title", flat=True))


def test_document_tokens_split_chinese_words_and_keep_their_parts():
    tokens = search.document_tokens("最低生活保障对象名单").split()
    assert {"最低", "生活", "保障", "对象", "名单"} <= set(tokens)


def test_saving_a_publication_stores_tokens_of_title_body_and_document_number():
    item = published("养老服务补贴发放公告", body="<p>高龄<b>津贴</b>按月发放</p>", document_number="示民发〔2025〕7号")
    assert {"养老", "补贴", "津贴", "示民发", "2025", "7"} <= set(item.search_text.split())
    assert "<b>" not in item.search_text


def test_a_partial_save_of_the_title_refreshes_the_stored_tokens():
    item = published("低保名单")
    item.title = "特困人员名单"
    item.save(update_fields=["title"])
    item.refresh_from_db()
    assert "特困" in item.search_text.split()
    assert "低保" not in item.search_text.split()


def test_chinese_query_finds_items_by_title_word():
    published("城关镇2026年3月城乡低保对象名单公示")
    published("义务教育招生入学工作方案")
    assert found("低保") == {"城关镇2026年3月城乡低保对象名单公示"}


def test_query_words_must_all_appear():
    published("低保对象名单公示")
    published("低保政策解读")
    assert found("低保 名单") == {"低保对象名单公示"}


def test_query_matches_words_in_the_body():
    published("关于做好冬春救助工作的通知", body="<p>临时救助对象包括因火灾导致基本生活困难的家庭。</p>")
    assert found("火灾") == {"关于做好冬春救助工作的通知"}


def test_query_matches_document_number():
    published("示范县城乡居民最低生活保障实施办法", document_number="示政办发〔2025〕12号")
    assert found("示政办发") == {"示范县城乡居民最低生活保障实施办法"}


def test_latin_words_match_whatever_their_case():
    published("PPP项目合同公开")
    assert found("ppp") == {"PPP项目合同公开"}


def test_a_word_inside_a_longer_token_does_not_match_on_either_backend():
    published("保障房分配结果")
    assert found("障房") == set()


def test_unpublished_items_are_never_found():
    factories.publication(title="低保名单草稿", body="低保")
    withdrawn = published("已撤回的低保名单")
    Publication.objects.filter(pk=withdrawn.pk).update(status=Publication.Status.WITHDRAWN)
    assert found("低保") == set()


def test_common_words_alone_still_search_rather_than_fail():
    assert search.query_terms("的") == ["的"]
    assert search.query_terms("关于 低保 的") == ["低保"]


def test_clean_query_removes_control_characters_and_cuts_long_input():
    text, was_cut = search.clean_query("低保\x00\x07\n名单" + "字" * 10_000)
    assert text.startswith("低保 名单")
    assert len(text) == search.MAX_QUERY_CHARS
    assert was_cut


def test_highlight_escapes_before_marking():
    html = search.highlight("<script>低保</script> & 低保", ["低保"])
    assert html == "&lt;script&gt;<mark>低保</mark>&lt;/script&gt; &amp; <mark>低保</mark>"


def test_highlight_joins_adjacent_words_in_one_mark():
    assert search.highlight("城乡低保名单公示", ["低保", "名单"]) == "城乡<mark>低保名单</mark>公示"


def test_highlight_never_marks_inside_an_escaped_entity():
    assert search.highlight("A&B", ["amp"]) == "A&amp;B"


def test_search_page_highlights_matched_words(client):
    item = published("城乡低保对象名单公示")
    response = client.get(reverse("catalog:search"), {"q": "低保"})
    assert "城乡<mark>低保</mark>对象名单公示" in response.content.decode()
    assert reverse("catalog:publication", args=[item.pk]) in response.content.decode()


def test_search_page_filters_by_division_and_its_villages(client):
    township = factories.township(name="城关镇")
    village = factories.village(township, name="东坪村")
    published("东坪村低保名单", department_=factories.department(village))
    published("县本级低保名单")
    response = client.get(reverse("catalog:search"), {"q": "低保", "division": township.code})
    hits = [hit.publication.title for hit in response.context["hits"]]
    assert hits == ["东坪村低保名单"]


def test_search_page_filters_by_domain(client):
    wanted = factories.entry(factories.domain("社会救助", code="social-assistance"))
    published("低保名单", entry_=wanted)
    published("低保资金预算")
    response = client.get(reverse("catalog:search"), {"q": "低保", "domain": "social-assistance"})
    assert [hit.publication.title for hit in response.context["hits"]] == ["低保名单"]


def test_search_page_filters_by_department(client):
    bureau = factories.department(name="县民政局")
    published("民政局低保名单", department_=bureau)
    published("财政局低保资金")
    response = client.get(reverse("catalog:search"), {"q": "低保", "department": bureau.pk})
    assert [hit.publication.title for hit in response.context["hits"]] == ["民政局低保名单"]


def test_filter_lists_keep_the_chosen_option_and_follow_new_departments(client):
    bureau = factories.department(name="县民政局")
    factories.department(name="县财政局")
    page = client.get(reverse("catalog:search"), {"q": "低保", "department": bureau.pk}).content.decode()
    assert f'<option value="{bureau.pk}" selected>县民政局</option>' in page
    assert " selected>" not in page.split('name="department"')[0]  # division and domain stay "全部"
    factories.department(name="县退役军人事务局")  # a new organ: the cached option list is out of date
    page = client.get(reverse("catalog:search"), {"q": "低保"}).content.decode()
    assert "县退役军人事务局</option>" in page and f'value="{bureau.pk}" selected' not in page


def test_filter_lists_escape_names(client):
    factories.department(name="<b>县局</b>")
    page = client.get(reverse("catalog:search"), {"q": "低保"}).content.decode()
    assert "&lt;b&gt;县局&lt;/b&gt;</option>" in page


def test_search_page_filters_by_year_of_publication(client):
    this_year = timezone.localdate().year
    last_year_noon = timezone.make_aware(dt.datetime(this_year - 1, 6, 1, 12))
    published("去年的低保名单", published_at=last_year_noon)
    published("今年的低保名单")
    response = client.get(reverse("catalog:search"), {"q": "低保", "year": this_year - 1})
    assert [hit.publication.title for hit in response.context["hits"]] == ["去年的低保名单"]


def test_search_page_paginates_results(client):
    for n in range(25):
        published(f"第{n}期低保名单")
    response = client.get(reverse("catalog:search"), {"q": "低保", "page": 2})
    assert len(response.context["hits"]) == 5


def test_unknown_filter_values_are_reported_and_the_query_still_runs(client):
    published("低保名单")
    response = client.get(reverse("catalog:search"), {"q": "低保", "division": "zzz", "year": "abc", "domain": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "区划：所选条件无效" in body
    assert [hit.publication.title for hit in response.context["hits"]] == ["低保名单"]


@pytest.mark.parametrize("query", ["", "   ", "！？。，、", "\x00\x01\x1f", "<script>alert(1)</script>", "字" * 10_000,
                                   "%%%'\";--", "\u202e\u200b"])
def test_empty_or_absurd_queries_answer_a_friendly_page(client, query):
    response = client.get(reverse("catalog:search"), {"q": query, "page": "-1"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("field", ["division", "domain", "department", "year"])
def test_filters_with_nul_bytes_are_refused_politely(client, field):
    published("低保名单")
    response = client.get(reverse("catalog:search"), {"q": "低保", field: "33\x0099"})
    assert response.status_code == 200
    assert [hit.publication.title for hit in response.context["hits"]] == ["低保名单"]


def test_query_with_a_nul_byte_still_searches(client):
    published("低保名单")
    response = client.get(reverse("catalog:search"), {"q": "低保\x00"})
    assert [hit.publication.title for hit in response.context["hits"]] == ["低保名单"]


def test_empty_query_asks_what_to_look_for(client):
    response = client.get(reverse("catalog:search"), {"q": "！！"})
    assert "请输入要查找的内容" in response.content.decode()


def test_overlong_query_says_it_was_cut(client):
    response = client.get(reverse("catalog:search"), {"q": "低保" * 5_000})
    assert "关键词过长" in response.content.decode()


def test_query_with_no_match_says_so(client):
    published("低保名单")
    response = client.get(reverse("catalog:search"), {"q": "火箭发射"})
    assert "没有找到" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_search_uses_the_stored_vector_and_its_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_publication_search_vector_gin'")
        (definition,) = cursor.fetchone()
        cursor.execute("SELECT generation_expression FROM information_schema.columns "
                       "WHERE table_name = 'catalog_publication' AND column_name = 'search_vector'")
        (generated,) = cursor.fetchone()
    assert "gin (search_vector)" in definition
    assert "to_tsvector('simple'::regconfig, search_text)" in generated
    terms = search.query_terms("低保")
    sql = str(search.match_terms(Publication.objects.public(), terms).query)
    assert '("catalog_publication"."search_vector") @@' in sql


def test_reindex_command_fills_tokens_that_a_bulk_import_left_empty():
    item = published("高龄津贴发放名单")
    Publication.objects.filter(pk=item.pk).update(search_text="")
    call_command("reindex_search", stdout=io.StringIO())
    assert found("津贴") == {"高龄津贴发放名单"}


def test_search_counts_matches_only_up_to_the_cap_and_says_more(client, monkeypatch):
    monkeypatch.setattr(search.CappedPaginator, "cap", 3)
    for n in range(5):
        published(f"低保名单第{n}批")
    response = client.get(reverse("catalog:search"), {"q": "低保"})
    text = response.content.decode()
    assert response.context["page"].paginator.count == 3
    assert "找到 3 条以上" in text


def test_search_below_the_cap_gives_the_exact_count(client):
    for n in range(2):
        published(f"低保名单第{n}批")
    response = client.get(reverse("catalog:search"), {"q": "低保"})
    assert "找到 2 条与" in response.content.decode()


def test_the_capped_count_asks_for_no_order(client):
    published("低保名单")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("catalog:search"), {"q": "低保"})
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "ORDER BY" not in counts[0]
