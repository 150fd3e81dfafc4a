from django.contrib import admin
from django.urls import include, path

from portal import media, views
from portal.reports import surveys as survey_results

handler404 = "portal.views.page_not_found"
handler403 = "portal.views.permission_denied"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("favicon.ico", views.favicon),
    path("sitemap/", views.sitemap_page, name="sitemap_page"),
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("apply/", include("applications.urls")),
    path("feedback/surveys/<int:pk>/results/", survey_results.public_results, name="survey_results"),
    path("feedback/", include("feedback.urls")),
    path("reports/", include("portal.reports.urls")),
    path("annual-reports/", include("portal.reports.public_urls")),
    # Uploaded files, in every mode: served only to whoever may see the record that owns them.
    path("media/<path:path>", media.serve, name="media"),
]
