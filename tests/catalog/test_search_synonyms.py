"""Search in citizens' words: the synonym dictionary, entry and domain names, suggestions when nothing is found,
and the monthly search log (DESIGN §7). Run on SQLite and, with DATABASE_URL, on PostgreSQL."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog import search
from catalog.models import Publication, SearchLog, SearchSynonym
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = Publication.Status.PUBLISHED
SEARCH = reverse("catalog:search")


def published(title, body="", **fields):
    fields.setdefault("published_at", timezone.now())
    return factories.publication(title=title, body=body, status=PUBLISHED, **fields)


def found(query, **filters):
    terms = search.query_terms(search.clean_query(query)[0])
    matches = search.match_terms(Publication.objects.public(), terms).filter(**filters)
    return set(matches.values_list("title", flat=True))


def hit_titles(response):
    return [hit.publication.title for hit in response.context["hits"]]


# ---- the dictionary --------------------------------------------------------------------------------------------

def test_the_dictionary_is_seeded_with_at_least_thirty_groups_of_everyday_words():
    groups = [s.term_list for s in SearchSynonym.objects.all()]
    assert len(groups) >= 30
    assert groups[[g[0] for g in groups].index("低保")][:2] == ["低保", "最低生活保障"]
    everyday = {g[0] for g in groups}
    assert {"低保", "五保", "医保", "新农合", "三务"} <= everyday


def test_an_everyday_word_finds_the_item_titled_in_the_official_term():
    published("桃源镇2026年3月城乡最低生活保障对象名单")
    published("桃源镇2026年3月临时救助名单")
    assert found("低保") == {"桃源镇2026年3月城乡最低生活保障对象名单"}


def test_the_official_term_finds_the_item_titled_in_the_everyday_word():
    published("城关镇低保金发放情况")
    assert found("最低生活保障") == {"城关镇低保金发放情况"}


def test_a_term_that_jieba_splits_stays_one_term_and_finds_its_synonyms():
    assert search.query_terms("新农合缴费") == ["新农合", "缴费"]
    published("2026年度城乡居民医保缴费标准")
    published("新型农村合作医疗缴费通知")
    published("城乡居民养老保险缴费标准")
    assert found("新农合 缴费") == {"2026年度城乡居民医保缴费标准", "新型农村合作医疗缴费通知"}


def test_synonyms_are_or_ed_within_a_word_and_and_ed_across_words():
    published("特困人员救助供养对象名单")
    published("五保供养资金发放")
    published("特困人员救助供养政策解读")
    assert found("五保 名单") == {"特困人员救助供养对象名单"}


def test_a_word_without_synonyms_searches_as_before():
    published("义务教育学校划片范围")
    assert search.expand(["划片"])[0].alternatives == (("划片",),)
    assert found("划片") == {"义务教育学校划片范围"}


def test_a_synonym_added_in_the_admin_applies_to_the_next_search(client):
    published("村卫生室基本药物目录")
    assert hit_titles(client.get(SEARCH, {"q": "卫生所"})) == []
    SearchSynonym.objects.create(terms="卫生所、卫生室")
    assert hit_titles(client.get(SEARCH, {"q": "卫生所"})) == ["村卫生室基本药物目录"]


def test_a_deleted_synonym_stops_applying():
    published("城乡最低生活保障对象名单")
    SearchSynonym.objects.filter(terms__startswith="低保、").delete()
    SearchSynonym.objects.filter(terms__contains="低保户").delete()
    assert found("低保") == set()


def test_synonym_groups_are_stored_with_one_separator_and_lower_case():
    synonym = SearchSynonym(terms=" PPP , 政府和社会资本合作 ；ppp")
    synonym.full_clean()
    assert synonym.terms == "ppp、政府和社会资本合作"


@pytest.mark.parametrize("terms, message", [
    ("低保", "至少填写两个"),
    ("低保、“三公”经费", "去掉其中的标点"),
    ("低保、" + "字" * 21, "最多20个字"),
])
def test_bad_synonym_groups_are_refused_with_a_clear_message(terms, message):
    with pytest.raises(ValidationError) as refused:
        SearchSynonym(terms=terms).full_clean()
    assert message in str(refused.value)


def test_search_page_says_which_synonyms_it_searched_and_highlights_them(client):
    published("城乡最低生活保障对象名单")
    page = client.get(SEARCH, {"q": "低保"}).content.decode()
    assert "同时检索了意思相同的词：低保（最低生活保障" in page
    assert "城乡<mark>最低生活保障</mark>对象名单" in page


# ---- entry and domain names ------------------------------------------------------------------------------------

@pytest.fixture
def assistance():
    domain = factories.domain("社会救助", code="social-assistance")
    top = factories.entry(domain, name="最低生活保障")
    return factories.entry(parent=top, name="低保对象名单")


def test_the_entry_name_finds_the_entry_and_its_items(client, assistance):
    published("桂花村2026年第一季度公示", entry_=assistance)
    published("桂花村2026年第一季度公示（征地）")
    response = client.get(SEARCH, {"q": "低保对象名单"})
    assert hit_titles(response) == ["桂花村2026年第一季度公示"]
    assert [entry.pk for entry in response.context["entries"]] == [assistance.pk]
    assert reverse("catalog:entry", args=[assistance.pk]) in response.content.decode()


def test_a_word_of_the_item_and_a_word_of_its_entry_together_find_it(assistance):
    published("桂花村2026年第一季度公示", entry_=assistance)
    published("桂花村2026年第一季度公示（征地）")
    assert found("名单 桂花") == {"桂花村2026年第一季度公示"}


def test_the_parent_entrys_name_and_its_synonyms_find_the_items_below(assistance):
    published("桂花村2026年第一季度公示", entry_=assistance)
    assert found("低保") == {"桂花村2026年第一季度公示"}


def test_the_domain_name_finds_the_items_of_its_entries(assistance):
    published("桂花村2026年第一季度公示", entry_=assistance)
    published("义务教育招生方案")
    assert found("社会救助") == {"桂花村2026年第一季度公示"}


def test_a_renamed_entry_is_searched_by_its_new_name(assistance):
    published("桂花村2026年第一季度公示", entry_=assistance)
    assert found("特困") == set()
    assistance.name = "特困人员名单"
    assistance.save()
    assert found("特困") == {"桂花村2026年第一季度公示"}


def test_the_division_filter_includes_the_villages_below_the_township(client, assistance):
    township = factories.township(name="桃源镇")
    village = factories.village(township, name="桂花村")
    published("桂花村2026年3月最低生活保障对象名单", entry_=assistance, department_=factories.department(village))
    published("县本级2026年3月最低生活保障对象名单", entry_=assistance)
    response = client.get(SEARCH, {"q": "低保", "division": township.code})
    assert hit_titles(response) == ["桂花村2026年3月最低生活保障对象名单"]


# ---- nothing found: suggestions --------------------------------------------------------------------------------

def test_no_result_suggests_dictionary_terms_written_in_the_query(client):
    response = client.get(SEARCH, {"q": "低保金标准"})
    assert hit_titles(response) == []
    assert response.context["suggested_terms"][:2] == ["低保", "最低生活保障"]
    assert f'href="{SEARCH}?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C"' in response.content.decode()


def test_no_result_suggests_the_entries_with_the_nearest_names(client, assistance):
    other = factories.entry(assistance.domain, name="临时救助对象")
    response = client.get(SEARCH, {"q": "低保名单"})
    assert hit_titles(response) == []
    assert [e.pk for e in response.context["nearest_entries"]][:1] == [assistance.pk]
    assert other.pk not in [e.pk for e in response.context["nearest_entries"]]


def test_no_result_offers_the_request_form(client):
    page = client.get(SEARCH, {"q": "火箭发射场"}).content.decode()
    assert f'href="{reverse("applications:apply")}"' in page
    assert "在线申请政府信息公开" in page


def test_a_search_with_results_offers_no_suggestions(client):
    published("低保名单")
    response = client.get(SEARCH, {"q": "低保"})
    assert "suggested_terms" not in response.context
    assert "在线申请政府信息公开" not in response.content.decode()


# ---- the search log --------------------------------------------------------------------------------------------

def test_each_search_is_counted_under_its_words_in_the_month():
    today = dt.date(2026, 3, 17)
    SearchLog.objects.record("低保", found=True, on=today)
    SearchLog.objects.record("低保", found=False, on=today)
    SearchLog.objects.record("低保", found=True, on=dt.date(2026, 4, 1))
    march = SearchLog.objects.get(month=dt.date(2026, 3, 1), query="低保")
    assert (march.searches, march.empty_searches) == (2, 1)
    assert SearchLog.objects.get(month=dt.date(2026, 4, 1)).searches == 1


def test_the_search_page_counts_a_search_by_its_normalised_words(client):
    published("低保名单")
    client.get(SEARCH, {"q": "关于  低保 的"})
    client.get(SEARCH, {"q": "低保"})
    client.get(SEARCH, {"q": "火箭发射场"})
    month = timezone.localdate().replace(day=1)
    rows = {row.query: (row.searches, row.empty_searches) for row in SearchLog.objects.filter(month=month)}
    assert rows == {"低保": (2, 0), "火箭 发射场": (1, 1)}


def test_turning_a_page_does_not_count_another_search(client):
    client.get(SEARCH, {"q": "低保", "page": 2})
    client.get(SEARCH, {"q": "  "})
    assert not SearchLog.objects.exists()


def test_queries_that_may_hold_a_phone_or_id_number_are_not_logged(client):
    client.get(SEARCH, {"q": "13800138000 低保"})
    client.get(SEARCH, {"q": "330102199001011234"})
    assert not SearchLog.objects.exists()


def test_the_log_keeps_no_personal_data():
    fields = {field.name for field in SearchLog._meta.get_fields()}
    assert fields == {"id", "month", "query", "searches", "empty_searches"}


def test_supervisor_sees_the_months_top_searches_and_those_that_found_nothing(client):
    SearchLog.objects.create(month=dt.date(2026, 3, 1), query="低保", searches=40, empty_searches=0)
    SearchLog.objects.create(month=dt.date(2026, 3, 1), query="高龄津贴", searches=12, empty_searches=0)
    SearchLog.objects.create(month=dt.date(2026, 3, 1), query="电动车上牌", searches=9, empty_searches=9)
    SearchLog.objects.create(month=dt.date(2026, 4, 1), query="医保", searches=3, empty_searches=0)
    client.force_login(factories.supervisor(is_staff=True))
    response = client.get(reverse("admin:catalog_searchlog_changelist"), {"month": "2026-03"})
    assert response.status_code == 200
    assert [row.query for row in response.context["top"]] == ["低保", "高龄津贴", "电动车上牌"]
    assert [row.query for row in response.context["without_results"]] == ["电动车上牌"]
    latest = client.get(reverse("admin:catalog_searchlog_changelist"))
    assert [row.query for row in latest.context["top"]] == ["医保"]


def test_an_unknown_month_shows_the_latest_with_a_message(client):
    SearchLog.objects.create(month=dt.date(2026, 4, 1), query="医保", searches=3)
    client.force_login(factories.supervisor(is_staff=True))
    for month in ("2020-01", "abc", "2026-13"):
        response = client.get(reverse("admin:catalog_searchlog_changelist"), {"month": month})
        assert response.status_code == 200
        assert response.context["month"] == dt.date(2026, 4, 1)
        assert "已显示最近一个月" in response.context["error"]


def test_clerks_cannot_read_the_search_log_or_edit_synonyms(client):
    client.force_login(factories.clerk(factories.department()))
    assert client.get(reverse("admin:catalog_searchlog_changelist")).status_code == 403
    assert client.get(reverse("admin:catalog_searchsynonym_add")).status_code == 403


def test_supervisor_adds_a_synonym_group_in_the_admin(client):
    client.force_login(factories.supervisor(is_staff=True))
    response = client.post(reverse("admin:catalog_searchsynonym_add"), {"terms": "电动车上牌，电动自行车登记"})
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(terms="电动车上牌、电动自行车登记").exists()


def test_highlighting_marks_a_split_term_whole_and_no_stray_single_characters(client):
    published("新农合参保缴费通知", body="<p>请按时缴费，配合村委会做好工作。</p>")
    page = client.get(SEARCH, {"q": "新农合"}).content.decode()
    assert "<mark>新农合</mark>参保缴费通知" in page
    assert "配<mark>合" not in page
