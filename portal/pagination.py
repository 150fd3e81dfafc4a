"""The one way public list pages paginate: `templates/includes/pagination.html` prints the page it returns."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int) -> Page:
    """One page of `queryset`; a missing, junk or out-of-range ?page= gives the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
