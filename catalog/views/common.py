"""Helpers the public catalogue views share."""

from django.core.paginator import Paginator

from catalog.models import Publication

PAGE_SIZE = 20
LATEST = 10


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of `queryset`; a missing, junk or out-of-range ?page= gives the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def publication_list():
    """Published items as lists show them: no body, with the names a list row prints."""
    return (
        Publication.objects.public()
        .select_related("department", "division")
        .defer("body", "search_text", "review_note", "withdrawn_reason")
    )


def in_subtree(prefix: str, node) -> dict:
    """Filter kwargs for rows whose `prefix` (an MPTT foreign key) is `node` or below it."""
    if node.rght == node.lft + 1:
        return {prefix: node}  # a leaf: use the foreign-key index, no join
    return {f"{prefix}__tree_id": node.tree_id, f"{prefix}__lft__gte": node.lft, f"{prefix}__rght__lte": node.rght}
