"""The public 一张图 of the county, a township or a village, and a village's 三务 columns beside it."""

import functools

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from catalog import fragments
from catalog.map import place_map
from catalog.models import Division, Domain, Entry, Level, MapSettings, Publication
from portal.pagination import paginate

#: Facilities listed per page beside the map (the map itself draws every one).
LIST_SIZE = 50
#: Items each 三务 column shows on a village page before its "更多" link.
PER_COLUMN = 5


def tile_policy(view):
    """Add the tile server to the page's Content-Security-Policy outside the page cache, which keeps the page's body
    and validators but not a header of the view's own."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return with_tile_policy(view(request, *args, **kwargs), MapSettings.current())

    return wrapped


@tile_policy
@fragments.anonymous_page
def county_map(request):
    place = Division.objects.county().order_by("tree_id").first()
    if place is None:
        raise Http404("尚未设置本县行政区划。")
    return _map_page(request, place)


@tile_policy
@fragments.anonymous_page
def division_map(request, code):
    return _map_page(request, get_object_or_404(Division.objects.select_related("parent"), code=code))


def _map_page(request, place):
    the_map = place_map(place, request.GET.getlist("kind"))
    context = {
        "place": place,
        "place_path": list(place.get_ancestors(include_self=True)),
        "map": the_map,
        "page": paginate(request, the_map.markers, LIST_SIZE),
    }
    return render(request, "catalog/map.html", context)


def with_tile_policy(response, map_settings):
    """Let the page load the configured tile server's images (the site's policy allows only its own)."""
    origins = map_settings.tile_origins()
    if origins:
        policy = settings.CONTENT_SECURITY_POLICY.replace("img-src 'self' data:",
                                                          "img-src 'self' data: " + " ".join(origins))
        response.headers["Content-Security-Policy"] = policy
    return response


def village_columns(place) -> list[dict]:
    """The village's 三务 columns (村务, 党务, 财务 公开): the top-level items of the directory's village-only domains,
    each with this village's newest items under it. Two queries."""
    if place.level != Level.VILLAGE:
        return []
    village_only = Domain.objects.for_level(Level.VILLAGE).filter(is_county_level=False, is_township_level=False)
    tops = list(Entry.objects.filter(domain__in=village_only, parent=None).order_by("domain__order", "domain__code",
                                                                                    "order", "tree_id"))
    if not tops:
        return []
    rank = Window(RowNumber(), partition_by=[F("entry__tree_id")],
                  order_by=[F("published_at").desc(), F("id").desc()])
    latest = (Publication.objects.public().for_lists().filter(division=place,
                                                             entry__tree_id__in=[top.tree_id for top in tops])
              .annotate(rank=rank, column_tree=F("entry__tree_id")).filter(rank__lte=PER_COLUMN))
    by_tree = {}
    for item in latest:
        by_tree.setdefault(item.column_tree, []).append(item)
    return [{"entry": top, "items": by_tree.get(top.tree_id, [])} for top in tops]
