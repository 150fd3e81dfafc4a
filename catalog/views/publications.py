"""A published item, search over all of them, and the disclosure guide."""

from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog import fragments, guides
from catalog import search as fulltext
from catalog.models import Attachment, Division, Level, Publication, SearchLog, Tag
from catalog.search_form import SearchForm
from catalog.views.common import PAGE_SIZE, in_subtree


@fragments.anonymous_page
def publication(request, pk):
    """One published item: metadata, body, attachments, related items; 404 unless it is public."""
    item = get_object_or_404(
        Publication.objects.public().select_related("department", "division", "entry__domain", "entry__parent"),
        pk=pk,
    )
    # 三同步: a policy links to its interpretations and an interpretation to its policy, public ones only (one query).
    linked = list(Publication.objects.public().for_lists().filter(
        Q(interprets=item) | Q(pk=item.interprets_id or 0)).order_by("published_at", "id"))
    context = {
        "publication": item,
        "interpretations": [other for other in linked if other.interprets_id == item.pk],
        "interpreted_policy": next((other for other in linked if other.pk == item.interprets_id), None),
        "themes": list(item.entry.tags.filter(kind=Tag.Kind.THEME)),
        "related": list(Publication.objects.public().for_lists().filter(related=item)),
        "attachments": list(item.attachments.all()),
        "place_path": list(item.division.get_ancestors(include_self=True)),
        "printing": request.GET.get("print") == "1",
    }
    return render(request, "catalog/publication.html", context)


def attachment(request, pk, attachment_pk):
    """An attachment of a public item, streamed by Django so withdrawn items' files are never reachable."""
    found = get_object_or_404(Attachment.objects.public(), pk=attachment_pk, publication_id=pk)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("附件文件不存在。") from error
    return FileResponse(handle, as_attachment=True, filename=found.download_name)


def search(request):
    """Search titles, bodies, document numbers and entry and domain names, with the office's synonyms.

    An empty or absurd query gets a friendly page; a search that finds nothing gets suggestions (related terms from
    the synonym dictionary, the directory entries with the nearest names, the request form). Each new search (no
    ?page=) is counted in the monthly search log; this page is never served from the page cache, so every search
    is counted.
    """
    form = SearchForm(request.GET or None)
    filtering = any(request.GET.get(name) for name in ("division", "domain", "department", "year"))
    context = {"form": form, "terms": [], "page": None, "hits": [], "filtering": filtering}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        terms = fulltext.query_terms(data.get("q", ""))
        context["terms"] = terms
        if terms:
            expanded = fulltext.expand(terms)
            publications = fulltext.match_terms(
                Publication.objects.public().select_related("department", "division").defer("search_text"), terms
            )
            if data.get("division"):
                publications = publications.filter(**in_subtree("division", data["division"]))
            if data.get("domain"):
                publications = publications.filter(entry__domain=data["domain"])
            if data.get("department"):
                publications = publications.filter(department=data["department"])
            if data.get("year"):
                publications = publications.filter(published_at__year=data["year"])
            page = fulltext.page_of_matches(publications, request.GET.get("page"), PAGE_SIZE)
            context["page"] = page
            context["hits"] = fulltext.hits(page.object_list, fulltext.highlight_words(expanded))
            context["synonyms"] = [term for term in expanded if term.synonyms]
            context["entries"] = fulltext.matching_entries(expanded)
            if not context["hits"]:
                context["suggested_terms"] = fulltext.suggested_terms(data["q"], terms)
                context["nearest_entries"] = fulltext.nearest_entries(data["q"])
            if not request.GET.get("page"):
                SearchLog.objects.record(" ".join(terms), found=bool(context["hits"]), on=timezone.localdate())
    context["themes"] = list(Tag.objects.filter(kind=Tag.Kind.THEME)[:12])
    return render(request, "catalog/search.html", context)


def guide(request, code=None):
    """政府信息公开指南 (Art. 12): generated from the government's data, then the text its office added in admin."""
    places = Division.objects.select_related("parent")
    if code is None:
        place = places.county().order_by("tree_id").first()
        if place is None:
            raise Http404("尚未设置本县行政区划。")
    else:
        place = get_object_or_404(places, code=code)
        if place.level == Level.VILLAGE:
            raise Http404("村（社区）不单独编制公开指南。")
    return render(request, "catalog/guide.html", {"guide": guides.guide_for(place), "place": place})
