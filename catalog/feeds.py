"""Atom feeds of newly published items: for a division (and everything below it), a domain and an entry.

Journalists, upper-level platforms and feed readers follow a place or a topic without visiting the portal. Only
what the public pages show goes out: published items (never drafts, pending or withdrawn ones), with the fields a
list row prints and a plain-text summary of the body. Each feed is one query of at most FEED_SIZE rows.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from catalog.models import Division, Domain, Entry, Publication
from catalog.views.common import in_subtree

FEED_SIZE = 30
SUMMARY_CHARS = 200


class PublicationFeed(Feed):
    """The newest published items of one object, newest first."""

    feed_type = Atom1Feed
    kind = ""

    def get_object(self, request, *args, **kwargs):
        raise NotImplementedError

    def filters(self, obj) -> dict:
        raise NotImplementedError

    def title(self, obj):
        return f"{obj.name} · {self.kind}最新公开信息"

    def subtitle(self, obj):
        return f"{obj.name}最新发布的政府信息（最近 {FEED_SIZE} 条）。"

    def items(self, obj):
        return (Publication.objects.public().filter(**self.filters(obj))
                .select_related("department", "division", "entry")
                .only("pk", "title", "body", "published_at", "updated_at", "index_number", "document_number",
                      "department__name", "division__name", "entry__name")
                .order_by("-published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = " ".join(strip_tags(item.body).split())
        head = f"{item.department.name} · {item.division.name} · {item.entry.name}"
        if item.document_number:
            head += f" · {item.document_number}"
        summary = text[:SUMMARY_CHARS] + ("…" if len(text) > SUMMARY_CHARS else "")
        return f"{head}\n{summary}" if summary else head

    def item_link(self, item):
        return reverse("catalog:publication", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.department.name

    def item_guid(self, item):
        return item.index_number or f"publication-{item.pk}"

    item_guid_is_permalink = False


class DivisionFeed(PublicationFeed):
    kind = "区划"

    def get_object(self, request, code):
        return get_object_or_404(Division, code=code)

    def link(self, obj):
        return reverse("catalog:division", args=[obj.code])

    def filters(self, obj) -> dict:
        return in_subtree("division", obj)


class DomainFeed(PublicationFeed):
    kind = "领域"

    def get_object(self, request, code):
        return get_object_or_404(Domain, code=code)

    def link(self, obj):
        return reverse("catalog:domain", args=[obj.code])

    def filters(self, obj) -> dict:
        return {"entry__domain": obj}


class EntryFeed(PublicationFeed):
    kind = "事项"

    def get_object(self, request, pk):
        return get_object_or_404(Entry, pk=pk)

    def link(self, obj):
        return reverse("catalog:entry", args=[obj.pk])

    def filters(self, obj) -> dict:
        return in_subtree("entry", obj)
