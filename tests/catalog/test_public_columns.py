"""The public columns (政府信息公开制度, 法定主动公开内容), the full paginated lists behind each "更多", and the place
breadcrumbs (county › township › village) on division, entry and publication pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog import fragments
from catalog.models import Entry, Publication
from catalog.views.columns import PER_CATEGORY
from catalog.views.common import LATEST, PAGE_SIZE
from tests import factories
from tests.catalog.public_data import add_publications, build

pytestmark = pytest.mark.django_db
Column = Entry.Column


@pytest.fixture
def c():
    return build(10)


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def rules_entry():
    return factories.entry(factories.domain("政务公开工作", code="open-government"), name="政府信息公开制度",
                           column=Column.RULES)


def publish(entry, department, title, **fields):
    return factories.publication(entry, department, title=title, status=Publication.Status.PUBLISHED,
                                 published_at=timezone.now(), **fields)


def test_rules_column_lists_only_the_places_own_rules(client, c):
    entry = rules_entry()
    publish(entry, c.township_government, "城关镇人民政府政府信息依申请公开工作制度")
    publish(entry, c.department, "示范县政府信息主动公开制度")
    body = text(client.get(reverse("catalog:rules", args=[c.township.code])))
    assert "城关镇人民政府政府信息公开制度" in body
    assert "依申请公开工作制度" in body and "示范县政府信息主动公开制度" not in body
    assert "低保对象名单" not in body  # items of other columns stay out


def test_rules_column_says_so_when_there_are_none(client, c):
    body = text(client.get(reverse("catalog:county_rules")))
    assert "暂无已公开的政府信息公开制度。" in body


def test_statutory_column_shows_all_fifteen_categories_with_an_honest_none(client, c):
    body = text(client.get(reverse("catalog:statutory", args=[c.county.code])))
    for column in Column.statutory():
        assert str(column.label) in body
    assert len(Column.statutory()) == 15
    # The normative document is (一) whatever its entry; the county's 低保 lists are (十一); 12 others are empty.
    section = body.split(str(Column.ART20_01.label))[1].split("</section>")[0]
    assert "示范县城乡居民最低生活保障实施办法" in section
    assert body.count("暂无。") == 13


def test_statutory_category_shows_the_newest_few_and_links_to_all(client, c):
    add_publications(c, 30)
    response = client.get(reverse("catalog:statutory", args=[c.township.code]))
    body = text(response)
    eleven = next(cat for cat in response.context["categories"] if cat["column"] == Column.ART20_11)
    newest = list(Publication.objects.public().filter(division=c.township).in_column(Column.ART20_11)[:PER_CATEGORY])
    assert eleven["items"] == newest
    more = reverse("catalog:statutory_column", args=[c.township.code, Column.ART20_11])
    assert more in body
    full = client.get(more)
    assert full.context["page"].paginator.count == Publication.objects.public().filter(division=c.township).count()


def test_unknown_statutory_category_and_village_columns_are_not_found(client, c):
    assert client.get(reverse("catalog:statutory_column", args=[c.township.code, "art20_99"])).status_code == 404
    assert client.get(reverse("catalog:statutory_column", args=[c.township.code, "rules"])).status_code == 404
    assert client.get(reverse("catalog:statutory", args=[c.village.code])).status_code == 404
    assert client.get(reverse("catalog:rules", args=[c.village.code])).status_code == 404


def test_rules_page_runs_the_same_queries_with_few_or_many_rules(client, c):
    entry = rules_entry()
    for n in range(3):
        publish(entry, c.township_government, f"制度{n}")
    url = reverse("catalog:rules", args=[c.township.code]) + "?page=2"
    client.get(url)
    fragments.bump()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3, 60):
        publish(entry, c.township_government, f"制度{n}")
    fragments.bump()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.context["page"].number == 2 and len(response.context["page"].object_list) == PAGE_SIZE


def test_division_page_links_more_to_every_item_of_the_place(client, c):
    add_publications(c, 60)
    body = text(client.get(reverse("catalog:division", args=[c.township.code])))
    more = reverse("catalog:division_publications", args=[c.township.code])
    assert more in body
    total = Publication.objects.public().filter(division=c.township).count()
    assert total > LATEST
    pages = [client.get(more, {"page": n}).context["page"] for n in (1, 2)]
    assert pages[0].paginator.count == total
    seen = [p.pk for page in pages for p in page.object_list]
    assert len(seen) == len(set(seen)) == min(total, 2 * PAGE_SIZE)


def test_domain_page_links_more_to_every_item_of_the_domain(client, c):
    add_publications(c, 30)
    body = text(client.get(reverse("catalog:domain", args=[c.domain.code])))
    more = reverse("catalog:domain_publications", args=[c.domain.code])
    assert more in body
    full = client.get(more, {"page": "junk"})
    assert full.context["page"].paginator.count == Publication.objects.public().count()
    assert "下一页" in text(full)


def crumbs(body):
    nav = body.split('class="breadcrumbs')[1].split("</nav>")[0]
    return re.findall(r">([^<>]+)</(?:a|span|li)>", nav)


def test_breadcrumbs_show_county_township_and_village(client, c):
    village_item = Publication.objects.public().filter(division=c.village).first()
    assert crumbs(text(client.get(reverse("catalog:division", args=[c.village.code]))))[:4] == [
        "首页", c.county.name, "城关镇", "东坪村"]
    assert crumbs(text(client.get(reverse("catalog:publication", args=[village_item.pk]))))[:4] == [
        "首页", c.county.name, "城关镇", "东坪村"]
    entry_page = client.get(reverse("catalog:entry", args=[c.leaf.pk]), {"division": c.village.code})
    assert crumbs(text(entry_page))[:5] == ["首页", c.county.name, "城关镇", "东坪村", "社会救助"]
