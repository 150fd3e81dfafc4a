from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("apply/", include("applications.urls")),
    path("feedback/", include("feedback.urls")),
    path("reports/", include("portal.reports.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
