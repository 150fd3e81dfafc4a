"""The public catalogue pages: what they show, what they hide, and that odd URLs never answer 500."""

import pytest
from django.urls import reverse

from catalog.models import Publication
from tests import factories
from tests.catalog.public_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    return build(10)


def text(response):
    return response.content.decode()


def test_home_links_townships_villages_domains_and_services(client, c):
    body = text(client.get(reverse("home")))
    assert reverse("catalog:division", args=[c.township.code]) in body
    assert reverse("catalog:division", args=[c.village.code]) in body
    assert reverse("catalog:domain", args=[c.domain.code]) in body
    assert reverse("catalog:theme", args=[c.theme.slug]) in body
    assert reverse("catalog:life_event", args=[c.life_event.slug]) in body
    assert reverse("catalog:guide") in body
    assert 'href="/apply/"' in body and 'href="/feedback/points/"' in body  # the services other apps provide
    assert 'action="/search/"' in body


def test_home_lists_latest_publications_but_not_drafts(client, c):
    body = text(client.get(reverse("home")))
    assert c.policy.title in body
    assert c.draft.title not in body


def test_division_page_shows_its_directory_with_publication_counts(client, c):
    response = client.get(reverse("catalog:division", args=[c.township.code]))
    domain = response.context["domains"][0]
    assert domain.name == "社会救助"
    assert domain.tops[0].items[0].publication_count == Publication.objects.public().filter(division=c.township).count()


def test_division_page_omits_domains_its_level_need_not_publish(client, c):
    factories.entry(factories.domain("财政预决算", code="budget", is_village_level=False))
    response = client.get(reverse("catalog:division", args=[c.village.code]))
    assert [d.name for d in response.context["domains"]] == ["社会救助"]


def test_division_page_lists_its_departments(client, c):
    body = text(client.get(reverse("catalog:division", args=[c.county.code])))
    assert reverse("catalog:department", args=[c.department.pk]) in body


def test_domain_page_counts_publications_of_the_whole_county(client, c):
    response = client.get(reverse("catalog:domain", args=[c.domain.code]))
    assert response.context["tops"][0].publication_count == Publication.objects.public().count()


def test_entry_page_shows_standard_elements(client, c):
    body = text(client.get(reverse("catalog:entry", args=[c.leaf.pk])))
    for label in ("公开内容（要素）", "公开时限", "公开对象", "公开方式", "公开层级", "户主姓名、保障人数"):
        assert label in body


def test_entry_page_narrowed_to_a_township_shows_it_and_its_villages(client, c):
    response = client.get(reverse("catalog:entry", args=[c.leaf.pk]), {"division": c.township.code})
    assert {p.division_id for p in response.context["page"].object_list} == {c.township.pk, c.village.pk}


def test_publication_page_shows_metadata_table(client, c):
    body = text(client.get(reverse("catalog:publication", args=[c.policy.pk])))
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "文号", "主题分类", "有效性"):
        assert f'<th scope="row">{label}</th>' in body
    assert "示政办发〔2025〕12号" in body


def test_publication_page_copes_with_a_missing_index_number(client, c):
    Publication.objects.filter(pk=c.policy.pk).update(index_number=None)
    body = text(client.get(reverse("catalog:publication", args=[c.policy.pk])))
    assert '<th scope="row">索引号</th><td>—</td>' in body


def test_policy_and_interpretation_link_to_each_other(client, c):
    policy_page = text(client.get(reverse("catalog:publication", args=[c.policy.pk])))
    interpretation_page = text(client.get(reverse("catalog:publication", args=[c.interpretation.pk])))
    assert reverse("catalog:publication", args=[c.interpretation.pk]) in policy_page
    assert reverse("catalog:publication", args=[c.policy.pk]) in interpretation_page


def test_related_links_hide_unpublished_items(client, c):
    c.policy.related.add(c.draft)
    body = text(client.get(reverse("catalog:publication", args=[c.policy.pk])))
    assert c.draft.title not in body


def test_publication_page_offers_hidden_read_aloud_print_and_qr(client, c):
    body = text(client.get(reverse("catalog:publication", args=[c.policy.pk])))
    assert 'data-read-aloud="#publication-body"' in body and "hidden>朗读全文</button>" in body
    assert "data-print" in body
    assert "<svg" in body


def test_print_view_marks_the_page_for_printing(client, c):
    response = client.get(reverse("catalog:publication", args=[c.policy.pk]), {"print": "1"})
    assert 'class="print-view"' in text(response)


def test_publication_body_never_carries_script_to_the_page(client, c):
    unsafe = '<p>正文</p><script>alert(1)</script><img src=x onerror="x()">'
    Publication.objects.filter(pk=c.policy.pk).update(body=unsafe)
    body = text(client.get(reverse("catalog:publication", args=[c.policy.pk])))
    assert "alert(1)" not in body and "onerror" not in body
    assert "<p>正文</p>" in body


@pytest.mark.parametrize("status", [Publication.Status.DRAFT, Publication.Status.PENDING, Publication.Status.WITHDRAWN])
def test_unpublished_publication_is_not_found(client, c, status):
    Publication.objects.filter(pk=c.draft.pk).update(status=status)
    assert client.get(reverse("catalog:publication", args=[c.draft.pk])).status_code == 404


def test_unpublished_items_are_absent_from_lists(client, c):
    for url in (reverse("catalog:entry", args=[c.leaf.pk]), reverse("catalog:department", args=[c.department.pk]),
                reverse("catalog:theme", args=[c.theme.slug]), reverse("catalog:division", args=[c.county.code])):
        assert c.draft.title not in text(client.get(url))


def test_department_page_shows_contacts_and_paginates(client, c):
    response = client.get(reverse("catalog:department", args=[c.department.pk]))
    assert "0579-86000001" in text(response)
    assert response.context["page"].paginator.per_page == 20


def test_tag_pages_list_tagged_entries(client, c):
    pages = (("catalog:theme", c.theme), ("catalog:life_event", c.life_event), ("catalog:audience", c.audience))
    for name, tag in pages:
        response = client.get(reverse(name, args=[tag.slug]))
        assert response.context["entries"] == [c.leaf]


def test_a_tag_is_only_found_under_its_own_kind(client, c):
    assert client.get(reverse("catalog:life_event", args=[c.theme.slug])).status_code == 404


@pytest.mark.parametrize("url", [
    "/divisions/000000000000/", "/divisions/abc/", "/domains/no-such-domain/", "/entries/999999/",
    "/publications/999999/", "/departments/999999/", "/themes/nothing/", "/guide/999999999999/", "/divisions/%00/",
    "/guide/%00/", "/domains/%00/",
])
def test_unknown_ids_are_not_found(client, c, url):
    assert client.get(url).status_code == 404


def test_village_has_no_guide_of_its_own(client, c):
    assert client.get(reverse("catalog:division_guide", args=[c.village.code])).status_code == 404


@pytest.mark.parametrize("query", [
    "?page=abc", "?page=-5", "?page=999999", "?division=%00", "?division=33990110000%00", "?division=" + "9" * 500,
    "?x=" + "y" * 5000, "?page=1.5&division=339901100000&division=zz",
])
def test_junk_query_strings_never_fail(client, c, query):
    for url in (reverse("catalog:entry", args=[c.leaf.pk]), reverse("catalog:department", args=[c.department.pk]),
                reverse("catalog:theme", args=[c.theme.slug]), reverse("catalog:publication", args=[c.policy.pk]),
                reverse("home"), reverse("catalog:directory")):
        assert client.get(url + query).status_code == 200


def test_public_pages_carry_no_inline_script_or_style(client, c):
    for url in (reverse("home"), reverse("catalog:publication", args=[c.policy.pk]),
                reverse("catalog:division", args=[c.township.code]), reverse("catalog:search") + "?q=低保",
                reverse("catalog:guide"), reverse("catalog:entry", args=[c.leaf.pk])):
        body = text(client.get(url))
        assert "<script>" not in body and ' style="' not in body and " onclick=" not in body
