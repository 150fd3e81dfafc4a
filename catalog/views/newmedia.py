"""政务新媒体: the county's official new-media accounts by department, with their QR codes, so that citizens can
tell real accounts from fakes; and, on a page of their own, the accounts closed or cancelled, no longer official.

Two queries per page whatever the number of accounts (the count and the page); no personal data: the operating
unit and the person responsible are staff-only.
"""

from django.db.models import Q
from django.shortcuts import render

from catalog import fragments
from catalog.models import NewMediaAccount
from portal.pagination import paginate

PER_PAGE = 30
QUERY_MAX_CHARS = 60


def _accounts(request, queryset):
    """`queryset` for listing, narrowed to the name or account ID a citizen typed (?q=)."""
    query = (request.GET.get("q") or "").strip()[:QUERY_MAX_CHARS]
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(handle__icontains=query))
    return query, queryset.select_related("department").only(
        "department__name", "department__short_name", "platform", "name", "handle", "link", "qr_image", "status",
        "opened_on", "closed_on")


@fragments.anonymous_page
def newmedia(request):
    query, accounts = _accounts(request, NewMediaAccount.objects.public())
    return render(request, "catalog/newmedia.html", {"page": paginate(request, accounts, PER_PAGE), "q": query})


@fragments.anonymous_page
def newmedia_retired(request):
    query, accounts = _accounts(request, NewMediaAccount.objects.retired().order_by("-closed_on", "pk"))
    return render(request, "catalog/newmedia_retired.html",
                  {"page": paginate(request, accounts, PER_PAGE), "q": query})
