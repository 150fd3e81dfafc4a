"""The two public columns every government keeps: its disclosure rules (政府信息公开制度) and the fifteen
categories of information it must publish proactively (法定主动公开内容, Regulation Art. 20)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from catalog import fragments
from catalog.models import Division, Entry, Level, Publication
from catalog.views.common import PAGE_SIZE
from portal.pagination import paginate

# How many of the newest items each Art. 20 category shows on the summary page before its "更多" link.
PER_CATEGORY = 5


def _government_place(code) -> Division:
    """The county (no code) or a county or township: the places with a government, hence with these columns."""
    places = Division.objects.select_related("parent")
    if code is None:
        place = places.county().order_by("tree_id").first()
        if place is None:
            raise Http404("尚未设置本县行政区划。")
        return place
    place = get_object_or_404(places, code=code)
    if place.level == Level.VILLAGE:
        raise Http404("村（居）民委员会不单独设置此栏目，请查看所属乡镇（街道）。")
    return place


def _in_column(place, column):
    return Publication.objects.public().for_lists().filter(division=place).in_column(column)


@fragments.anonymous_page
def rules(request, code=None):
    """政府信息公开制度: the rules the government's disclosure work follows, newest first, paginated."""
    place = _government_place(code)
    page = paginate(request, _in_column(place, Entry.Column.RULES), PAGE_SIZE)
    return render(request, "catalog/rules.html", {"place": place, "page": page})


@fragments.anonymous_page
def statutory(request, code=None):
    """法定主动公开内容: each Art. 20 category with its newest items, or an honest 暂无."""
    place = _government_place(code)
    latest = Publication.objects.public().for_lists().filter(division=place).latest_in_columns(
        Entry.Column.statutory(), PER_CATEGORY)
    by_column = {}
    for item in latest:
        by_column.setdefault(item.column, []).append(item)
    categories = [{"column": column, "label": column.label, "items": by_column.get(column.value, [])}
                  for column in Entry.Column.statutory()]
    return render(request, "catalog/statutory.html", {"place": place, "categories": categories,
                                                      "per_category": PER_CATEGORY})


@fragments.anonymous_page
def statutory_column(request, code, column):
    """All the items of one Art. 20 category in one place, paginated."""
    place = _government_place(code)
    if column not in Entry.Column.values or column == Entry.Column.RULES:
        raise Http404("没有这个法定主动公开类别。")
    page = paginate(request, _in_column(place, column), PAGE_SIZE)
    return render(request, "catalog/statutory_column.html",
                  {"place": place, "label": Entry.Column(column).label, "page": page})
