from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from drf_spectacular.views import SpectacularJSONAPIView

from catalog import api as catalog_api
from catalog import feeds
from portal import api, media, views
from portal.reports import api as reports_api
from portal.reports import surveys as survey_results

SITEMAP_SECONDS = 3600

handler404 = "portal.views.page_not_found"
handler403 = "portal.views.permission_denied"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("favicon.ico", views.favicon),
    path("sitemap/", views.sitemap_page, name="sitemap_page"),
    path("sitemap.xml", cache_page(SITEMAP_SECONDS)(sitemap_views.index),
         {"sitemaps": views.SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap_xml"),
    path("sitemap-<section>.xml", cache_page(SITEMAP_SECONDS)(sitemap_views.sitemap),
         {"sitemaps": views.SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Atom feeds of newly published items.
    path("feeds/divisions/<str:code>/", feeds.DivisionFeed(), name="division_feed"),
    path("feeds/domains/<slug:code>/", feeds.DomainFeed(), name="domain_feed"),
    path("feeds/entries/<int:pk>/", feeds.EntryFeed(), name="entry_feed"),
    # The read-only open-data API (each app's api.py), its OpenAPI schema and the page that documents it.
    path("api/v1/", include(catalog_api)),
    path("api/v1/", include(reports_api)),
    path("api/v1/schema/", SpectacularJSONAPIView.as_view(), name="api_schema"),
    path("api/v1/docs/", views.api_docs, name="api_docs"),
    re_path(r"^api/", api.not_found),
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("apply/", include("applications.urls")),
    path("feedback/surveys/<int:pk>/results/", survey_results.public_results, name="survey_results"),
    path("feedback/", include("feedback.urls")),
    path("suishoupai/", include("feedback.snapshot_urls")),
    path("reports/", include("portal.reports.urls")),
    path("annual-reports/", include("portal.reports.public_urls")),
    # Uploaded files, in every mode: served only to whoever may see the record that owns them.
    path("media/<path:path>", media.serve, name="media"),
]
