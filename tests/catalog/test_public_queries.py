"""Every public page runs the same, small number of SQL queries with 10 or 1,000 published items (DESIGN §8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import fragments
from tests.catalog.public_data import add_publications, build

# The most queries any public catalogue page may run, whatever the data size: 10 for its own data, plus those of
# the database cache table when the cached page and fragment (catalog.fragments) are missing and get stored
# (none of them with Redis, and none once the fragment is cached).
MAX_QUERIES = 10 + 14
# A village's page also draws its 一张图 (facilities, review points, outlines) beside its 三务 columns (the village
# domains' top items, and the newest items under each).
EXTRA_QUERIES = {"village": 5}

PAGES = [
    "home", "directory", "county", "township", "village", "domain", "entry", "entry_in_township", "publication",
    "department", "theme", "life_event", "audience", "search", "search_filtered", "guide", "township_guide",
    "county_rules", "township_rules", "county_statutory", "township_statutory", "statutory_column",
    "division_publications", "domain_publications", "publication_in_village",
]


def page_url(c, page):
    search = reverse("catalog:search")
    return {
        "home": lambda: reverse("home"),
        "directory": lambda: reverse("catalog:directory"),
        "county": lambda: reverse("catalog:division", args=[c.county.code]),
        "township": lambda: reverse("catalog:division", args=[c.township.code]),
        "village": lambda: reverse("catalog:division", args=[c.village.code]),
        "domain": lambda: reverse("catalog:domain", args=[c.domain.code]),
        "entry": lambda: reverse("catalog:entry", args=[c.top.pk]),
        "entry_in_township": lambda: reverse("catalog:entry", args=[c.leaf.pk]) + f"?division={c.township.code}&page=3",
        "publication": lambda: reverse("catalog:publication", args=[c.policy.pk]),
        "department": lambda: reverse("catalog:department", args=[c.department.pk]) + "?page=2",
        "theme": lambda: reverse("catalog:theme", args=[c.theme.slug]),
        "life_event": lambda: reverse("catalog:life_event", args=[c.life_event.slug]),
        "audience": lambda: reverse("catalog:audience", args=[c.audience.slug]),
        "search": lambda: search + "?q=低保名单",
        "search_filtered": lambda: search
        + f"?q=低保&division={c.township.code}&domain={c.domain.code}&department={c.department.pk}&year=2026&page=2",
        "guide": lambda: reverse("catalog:guide"),
        "township_guide": lambda: reverse("catalog:division_guide", args=[c.township.code]),
        "county_rules": lambda: reverse("catalog:county_rules"),
        "township_rules": lambda: reverse("catalog:rules", args=[c.township.code]),
        "county_statutory": lambda: reverse("catalog:county_statutory"),
        "township_statutory": lambda: reverse("catalog:statutory", args=[c.township.code]),
        "statutory_column": lambda: reverse("catalog:statutory_column", args=[c.township.code, "art20_11"])
        + "?page=2",
        "division_publications": lambda: reverse("catalog:division_publications", args=[c.village.code]) + "?page=2",
        "domain_publications": lambda: reverse("catalog:domain_publications", args=[c.domain.code]) + "?page=3",
        "publication_in_village": lambda: reverse(
            "catalog:publication", args=[c.leaf.publications.filter(division=c.village).values_list("pk")[0][0]]),
    }[page]()


@pytest.fixture(params=[10, 1000], ids=["10-items", "1000-items"])
def catalogue(request, db):
    return build(request.param)


@pytest.mark.parametrize("page", PAGES)
def test_public_page_runs_a_bounded_number_of_queries(client, catalogue, page, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES + EXTRA_QUERIES.get(page, 0)):
        response = client.get(page_url(catalogue, page))
    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_public_page_runs_the_same_queries_with_ten_or_a_thousand_items(client, db, page):
    c = build(10)
    client.get(page_url(c, page))  # the cache version key exists from now on, as it does on a live site
    fragments.bump()  # both measured requests render their fragments (adding 990 items bumps it too)
    with CaptureQueriesContext(connection) as with_ten:
        client.get(page_url(c, page))
    add_publications(c, 990)
    with CaptureQueriesContext(connection) as with_a_thousand:
        client.get(page_url(c, page))
    assert len(with_a_thousand) == len(with_ten)
