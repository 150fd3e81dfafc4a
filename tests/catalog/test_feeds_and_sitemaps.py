"""Atom feeds, sitemap.xml and robots.txt list exactly what the public pages show."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Publication
from tests import factories
from tests.catalog.public_data import build

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def hidden_items(c):
    """A draft, a pending and a withdrawn item in the township, under the catalogue's leaf entry."""
    made = {}
    for status in (Publication.Status.DRAFT, Publication.Status.PENDING, Publication.Status.WITHDRAWN):
        made[status] = factories.publication(entry_=c.leaf, department_=c.township_government, division=c.township,
                                             title=f"不应公开的{status}信息", status=status)
    return made


def atom_entries(response) -> list[dict]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [{"title": e.find(f"{ATOM}title").text, "link": e.find(f"{ATOM}link").get("href"),
             "summary": e.find(f"{ATOM}summary").text or ""} for e in root.findall(f"{ATOM}entry")]


def test_a_division_feed_lists_its_published_items_and_those_below_it_newest_first(client):
    c = build(6)
    hidden_items(c)
    village_item = factories.publication(entry_=c.leaf, department_=c.township_government, division=c.village,
                                         title="东坪村低保公示", status=Publication.Status.PUBLISHED,
                                         published_at=timezone.now())
    entries = atom_entries(client.get(reverse("division_feed", args=[c.township.code])))
    titles = [e["title"] for e in entries]
    assert titles[0] == village_item.title  # below the township, and the newest
    expected = set(Publication.objects.public().filter(division__in=[c.township, c.village])
                   .values_list("title", flat=True))
    assert set(titles) == expected
    assert not any("不应公开" in t for t in titles)
    assert entries[0]["link"].endswith(reverse("catalog:publication", args=[village_item.pk]))


def test_domain_and_entry_feeds_never_carry_drafts_pending_or_withdrawn_items(client):
    c = build(6)
    hidden_items(c)
    for url in (reverse("domain_feed", args=[c.domain.code]), reverse("entry_feed", args=[c.top.pk]),
                reverse("entry_feed", args=[c.leaf.pk])):
        titles = [e["title"] for e in atom_entries(client.get(url))]
        assert titles and not any("不应公开" in t for t in titles)


def test_a_feed_summary_is_plain_text_naming_the_publisher(client):
    c = build(3)
    c.policy.body = "<p>第一段<strong>加粗</strong></p><table><tr><td>表格</td></tr></table>"
    c.policy.save()
    entries = atom_entries(client.get(reverse("entry_feed", args=[c.policy.entry_id])))
    mine = next(e for e in entries if e["title"] == c.policy.title)
    assert "<" not in mine["summary"] and "第一段加粗" in mine["summary"]
    assert c.policy.department.name in mine["summary"]


def test_a_feed_is_one_query_for_its_items(client, django_assert_max_num_queries):
    c = build(20)
    url = reverse("division_feed", args=[c.county.code])
    with django_assert_max_num_queries(2):  # the division and its items
        assert client.get(url).status_code == 200


def test_an_unknown_feed_is_a_404_not_a_500(client):
    assert client.get(reverse("division_feed", args=["999999999999"])).status_code == 404
    assert client.get(reverse("entry_feed", args=[987654])).status_code == 404


def test_the_sitemap_index_and_its_sections_list_only_public_pages(client):
    c = build(5)
    hidden = hidden_items(c)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(s.endswith("/sitemap-publications.xml") for s in sections)
    published = client.get("/sitemap-publications.xml")
    locations = [loc.text for loc in ET.fromstring(published.content).iter(f"{SITEMAP}loc")]
    for item in Publication.objects.public():
        assert any(loc.endswith(reverse("catalog:publication", args=[item.pk])) for loc in locations)
    for item in hidden.values():
        assert not any(loc.endswith(reverse("catalog:publication", args=[item.pk])) for loc in locations)
    divisions = client.get("/sitemap-divisions.xml").content.decode()
    assert reverse("catalog:division", args=[c.village.code]) in divisions
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert reverse("catalog:guide") in pages


def test_robots_txt_keeps_crawlers_out_of_forms_and_staff_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/admin/", "/apply/", "/search/", "/reports/", "/subscriptions/", "/entries/*/subscribe/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_division_domain_and_entry_pages_link_their_feeds(client):
    c = build(3)
    pairs = (("catalog:division", "division_feed", c.township.code), ("catalog:domain", "domain_feed", c.domain.code),
             ("catalog:entry", "entry_feed", c.top.pk))
    for page_name, feed_name, key in pairs:
        page, feed = reverse(page_name, args=[key]), reverse(feed_name, args=[key])
        html = client.get(page).content.decode()
        assert 'type="application/atom+xml"' in html and f'href="{feed}"' in html
