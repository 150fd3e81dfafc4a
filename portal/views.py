"""The public home page, the display preferences every page offers, and the error pages."""

import re
import sys

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import InterfaceError, OperationalError
from django.db.models import Count
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from catalog import fragments
from catalog import sitemaps as catalog_sitemaps
from catalog.models import Division, Domain, Level, Publication, Tag
from portal.context_processors import A11Y_COOKIE

CHINESE = re.compile(r"[\u4e00-\u9fff]")
A11Y_OPTIONS = ("large", "contrast")
A11Y_COOKIE_AGE = 365 * 24 * 3600
HOME_LATEST = 8


@fragments.anonymous_page
def home(request):
    context = {
        "county": Division.objects.county().order_by("tree_id", "lft").first(),
        "directory_fragment": fragments.fragment(
            "home-directory", build=lambda: render_to_string("portal/_home_directory.html", _directory())
        ),
        "latest": Publication.objects.public().for_lists()[:HOME_LATEST],
    }
    tags = list(Tag.objects.filter(kind__in=[Tag.Kind.THEME, Tag.Kind.LIFE_EVENT]))
    context["themes"] = [t for t in tags if t.kind == Tag.Kind.THEME]
    context["life_events"] = [t for t in tags if t.kind == Tag.Kind.LIFE_EVENT]
    return render(request, "portal/home.html", context)


@fragments.anonymous_page
def sitemap_page(request):
    """网站地图: every section of the portal, the townships and the domains, on one page."""
    divisions = list(Division.objects.filter(level__in=[Level.COUNTY, Level.TOWNSHIP]).order_by("tree_id", "lft"))
    return render(request, "portal/sitemap.html", {
        "county": next((d for d in divisions if d.level == Level.COUNTY), None),
        "townships": [d for d in divisions if d.level == Level.TOWNSHIP],
        "domains": Domain.objects.all(),
        "themes": Tag.objects.filter(kind=Tag.Kind.THEME),
    })


def _directory() -> dict:
    """The domains and the county's divisions, township by township, as the home page lists them."""
    divisions = list(Division.objects.order_by("tree_id", "lft"))
    county = next((d for d in divisions if d.level == Level.COUNTY), None)
    townships = [d for d in divisions if d.level == Level.TOWNSHIP]
    villages_by_parent = {}
    for division in divisions:
        if division.level == Level.VILLAGE:
            villages_by_parent.setdefault(division.parent_id, []).append(division)
    for township in townships:
        township.villages = villages_by_parent.get(township.pk, [])
    return {"county": county, "townships": townships, "domains": Domain.objects.annotate(entry_count=Count("entries"))}


# A display preference, harmless to forge; exempt so public pages set no CSRF cookie and stay cacheable.
class PagesSitemap(Sitemap):
    """The portal's fixed public pages, for sitemap.xml."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "sitemap_page", "catalog:directory", "catalog:guide", "catalog:county_rules",
                "catalog:county_statutory", "annual_reports:list", "feedback:qa", "feedback:points",
                "catalog:newmedia", "catalog:newmedia_retired"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PagesSitemap, **catalog_sitemaps.SITEMAPS}

# Forms, look-ups and staff pages: nothing for a search engine, and search result pages are an endless space.
ROBOTS_DISALLOW = ["/admin/", "/apply/", "/reports/", "/search/", "/preferences/", "/feedback/rate/",
                   "/feedback/messages/", "/subscriptions/", "/entries/*/subscribe/", "/divisions/*/subscribe/"]


def api_docs(request):
    """开放数据接口: what the read-only API offers, its limits, and its OpenAPI description rendered by Swagger UI
    (served from our own static files, under the site's Content-Security-Policy)."""
    return render(request, "portal/api_docs.html", {
        "per_minute": settings.API_REQUESTS_PER_MINUTE, "per_hour": settings.API_REQUESTS_PER_HOUR,
        "page_size": settings.API_PAGE_SIZE, "max_page_size": settings.API_MAX_PAGE_SIZE,
    })


def robots_txt(request):
    """robots.txt: what crawlers may skip, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap_xml'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def preferences(request):
    """Toggle large-font or high-contrast mode, remembered in a cookie, and go back to the page."""
    chosen = set(filter(None, request.COOKIES.get(A11Y_COOKIE, "").split(","))) & set(A11Y_OPTIONS)
    toggle = request.POST.get("toggle", "")
    if toggle in A11Y_OPTIONS:
        chosen ^= {toggle}
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(A11Y_COOKIE, ",".join(sorted(chosen)), max_age=A11Y_COOKIE_AGE, samesite="Lax", httponly=True)
    return response


def favicon(request):
    """Browsers ask for /favicon.ico; the icon is a static SVG."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def _message(exception) -> str:
    """A view's own message for the citizen (our views raise Http404/PermissionDenied with Chinese text); not
    Django's English internals such as "No Publication matches the given query"."""
    message = exception.args[0] if exception is not None and exception.args else ""
    return message if isinstance(message, str) and CHINESE.search(message) else ""


def page_not_found(request, exception=None):
    return render(request, "404.html", {"message": _message(exception)}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"message": _message(exception)}, status=403)


def server_error(request):
    """500, or 503 with Retry-After while the database is unreachable (a restart, a failover): the citizen is told
    to try again shortly, and that a form sent twice is stored once (portal.idempotency). Renders without the
    database."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    response = HttpResponse(render_to_string("500.html", {"unavailable": unavailable}),
                            status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "10"
    return response
