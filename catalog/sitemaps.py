"""sitemap.xml sections for the public catalogue: divisions, domains, entries and published items.

Only what the public pages show is listed (published items; never drafts, pending or withdrawn ones). Items are
listed newest first in pages of PUBLICATIONS_PER_PAGE, each page one query of ids and dates.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Division, Domain, Entry, Publication

PUBLICATIONS_PER_PAGE = 5000


class DivisionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Division.objects.order_by("tree_id", "lft").only("code")

    def location(self, item):
        return reverse("catalog:division", args=[item.code])


class DomainSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Domain.objects.order_by("pk").only("code")

    def location(self, item):
        return reverse("catalog:domain", args=[item.code])


class EntrySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Entry.objects.order_by("pk").only("pk")

    def location(self, item):
        return reverse("catalog:entry", args=[item.pk])


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = PUBLICATIONS_PER_PAGE

    def items(self):
        return Publication.objects.public().order_by("-published_at", "-pk").only("pk", "updated_at")

    def location(self, item):
        return reverse("catalog:publication", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "divisions": DivisionSitemap,
    "domains": DomainSitemap,
    "entries": EntrySitemap,
    "publications": PublicationSitemap,
}
