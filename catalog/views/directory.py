"""Browsing the directory: by place (division), domain, entry, department and tag."""

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from catalog import fragments, freshness
from catalog.map import place_map
from catalog.models import Department, Division, Domain, Entry, Level, Publication, Tag
from catalog.views import maps
from catalog.views.common import LATEST, PAGE_SIZE, in_subtree
from portal.pagination import paginate


def _counts_by_entry(publications) -> dict[int, int]:
    return dict(publications.order_by().values_list("entry").annotate(n=Count("id")).values_list("entry", "n"))


def _tree(entries, counts: dict[int, int]):
    """Nest entries (given in tree order) under their domains; attach publication counts rolled up the tree."""
    domains, nodes = {}, {}
    for item in entries:
        item.publication_count = counts.get(item.pk, 0)
        item.items = []
        nodes[item.pk] = item
        if item.parent_id in nodes:
            nodes[item.parent_id].items.append(item)
        else:
            domains.setdefault(item.domain_id, []).append(item)
    for item in reversed(entries):
        if item.parent_id in nodes:
            nodes[item.parent_id].publication_count += item.publication_count
    return domains


@fragments.anonymous_page
def directory(request):
    """All domains of the standard directory, and the ways to browse it."""
    domains = Domain.objects.annotate(entry_count=Count("entries"))
    tags = Tag.objects.all()
    return render(request, "catalog/directory.html", {"domains": domains, "tags": tags})


@fragments.anonymous_page
def division(request, code):
    """A place's own directory (what its level must publish) with counts, its departments and latest items."""
    place = get_object_or_404(Division.objects.select_related("parent"), code=code)
    today = timezone.localdate()  # freshness marks change with the day, not only with saves
    context = {
        "place": place,
        "directory_tree": fragments.fragment(
            "division-tree", place.pk, today,
            build=lambda: render_to_string("catalog/_division_tree.html",
                                           {"place": place, "domains": _division_domains(place, today)}),
        ),
        "place_path": list(place.get_ancestors(include_self=True)),
        "children": list(place.get_children()),
        "departments": list(place.departments.active()),
        "latest": Publication.objects.public().for_lists().filter(division=place)[:LATEST],
    }
    if place.level == Level.VILLAGE:
        context["map"] = place_map(place)
        context["village_columns"] = maps.village_columns(place)
    return render(request, "catalog/division.html", context)


def _division_domains(place, today):
    """The domains `place` must publish in, each with its entry tree, publication counts and freshness."""
    entries = list(
        Entry.objects.for_level(place.level).select_related("domain").order_by("domain__order", "domain__code",
                                                                               "tree_id", "lft")
    )
    counts = _counts_by_entry(Publication.objects.public().filter(division=place))
    updated = freshness.last_updates(Publication.objects.filter(division=place), "division")
    for item in entries:
        item.last_update = updated.get((item.pk, place.pk))
        item.freshness = freshness.entry_state(item, item.last_update, today)
    by_domain = _tree(entries, counts)
    domains = [d for d in Domain.objects.for_level(place.level) if d.pk in by_domain]
    for d in domains:
        d.tops = by_domain[d.pk]
        d.publication_count = sum(top.publication_count for top in d.tops)
    return domains


@fragments.anonymous_page
def domain(request, code):
    """A domain's entries across the county with publication counts, and its latest items."""
    the_domain = get_object_or_404(Domain, code=code)
    entries = list(the_domain.entries.order_by("tree_id", "lft"))
    counts = _counts_by_entry(Publication.objects.public().filter(entry__domain=the_domain))
    tops = _tree(entries, counts).get(the_domain.pk, [])
    latest = Publication.objects.public().for_lists().filter(entry__domain=the_domain)[:LATEST]
    return render(request, "catalog/domain.html", {"domain": the_domain, "tops": tops, "latest": latest})


@fragments.anonymous_page
def division_publications(request, code):
    """Everything published in one place (its own items, not those of the places below it), paginated."""
    place = get_object_or_404(Division, code=code)
    page = paginate(request, Publication.objects.public().for_lists().filter(division=place), PAGE_SIZE)
    return render(request, "catalog/publication_list_page.html", {
        "heading": f"{place.name}全部公开信息", "place_path": list(place.get_ancestors(include_self=True)),
        "page": page,
    })


@fragments.anonymous_page
def domain_publications(request, code):
    """Everything published in one domain across the county, paginated."""
    the_domain = get_object_or_404(Domain, code=code)
    page = paginate(request, Publication.objects.public().for_lists().filter(entry__domain=the_domain), PAGE_SIZE)
    return render(request, "catalog/publication_list_page.html",
                  {"heading": f"{the_domain.name}领域全部公开信息", "domain": the_domain, "page": page})


@fragments.anonymous_page
def entry(request, pk):
    """An entry's standard elements and what has been published under it (optionally in one place)."""
    item = get_object_or_404(Entry.objects.select_related("domain", "parent"), pk=pk)
    publications = Publication.objects.public().for_lists().filter(**in_subtree("entry", item))
    place = None
    code = request.GET.get("division", "")
    if len(code) == 12 and code.isascii() and code.isdigit():
        place = Division.objects.filter(code=code).first()
        if place is not None:
            publications = publications.filter(**in_subtree("division", place))
    last = publications.order_by().aggregate(last=Max("published_at"))["last"]
    last_update = timezone.localdate(last) if last else None
    context = {
        "last_update": last_update,
        # The 待更新 mark is judged per place: county-wide, one township's update would hide another's gap.
        "freshness": freshness.entry_state(item, last_update, timezone.localdate()) if place else None,
        "entry": item,
        "tags": list(item.tags.all()),
        "children": list(item.get_children()),
        "place": place,
        "place_path": list(place.get_ancestors(include_self=True)) if place else [],
        "page": paginate(request, publications, PAGE_SIZE),
    }
    return render(request, "catalog/entry.html", context)


@fragments.anonymous_page
def department(request, pk):
    """A publishing organ: how to reach it and everything it has published."""
    organ = get_object_or_404(Department.objects.select_related("division"), pk=pk)
    page = paginate(request, Publication.objects.public().for_lists().filter(department=organ), PAGE_SIZE)
    return render(request, "catalog/department.html", {"department": organ, "page": page})


@fragments.anonymous_page
def tag(request, kind, slug):
    """A theme service, life event or audience page: its entries by domain and the items filed under them."""
    the_tag = get_object_or_404(Tag, kind=kind, slug=slug)
    entries = list(the_tag.entries.select_related("domain").order_by("domain__order", "tree_id", "lft"))
    siblings = list(Tag.objects.filter(kind=kind))
    page = paginate(request, Publication.objects.public().for_lists().filter(entry__tags=the_tag), PAGE_SIZE)
    context = {"tag": the_tag, "entries": entries, "siblings": siblings, "page": page}
    return render(request, "catalog/tag.html", context)


