from django.urls import path, register_converter

from catalog import views
from catalog.converters import DivisionCodeConverter
from catalog.models import Tag
from catalog.views import downloads, maps, subscriptions

app_name = "catalog"

register_converter(DivisionCodeConverter, "division_code")

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("divisions/<division_code:code>/", views.division, name="division"),
    path("divisions/<division_code:code>/map/", maps.division_map, name="division_map"),
    path("map/", maps.county_map, name="county_map"),
    path("domains/<slug:code>/", views.domain, name="domain"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("publications/<int:pk>/", views.publication, name="publication"),
    path("publications/<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("themes/<slug:slug>/", views.tag, {"kind": Tag.Kind.THEME}, name="theme"),
    path("life-events/<slug:slug>/", views.tag, {"kind": Tag.Kind.LIFE_EVENT}, name="life_event"),
    path("audiences/<slug:slug>/", views.tag, {"kind": Tag.Kind.AUDIENCE}, name="audience"),
    path("search/", views.search, name="search"),
    path("guide/", views.guide, name="guide"),
    path("guide/<division_code:code>/", views.guide, name="division_guide"),
    path("divisions/<division_code:code>/publications/", views.division_publications, name="division_publications"),
    path("domains/<slug:code>/publications/", views.domain_publications, name="domain_publications"),
    path("divisions/<division_code:code>/downloads/directory.xlsx", downloads.division_directory,
         name="division_directory_download"),
    path("divisions/<division_code:code>/downloads/items.<str:fmt>", downloads.division_items,
         name="division_items_download"),
    path("entries/<int:key>/subscribe/", subscriptions.subscribe, {"kind": "entry"}, name="subscribe_entry"),
    path("divisions/<division_code:key>/subscribe/", subscriptions.subscribe, {"kind": "division"},
         name="subscribe_division"),
    path("subscriptions/sent/", subscriptions.subscription_sent, name="subscription_sent"),
    path("subscriptions/confirm/", subscriptions.confirm, name="subscription_confirm"),
    path("subscriptions/unsubscribe/", subscriptions.unsubscribe, name="subscription_unsubscribe"),
    path("xinmeiti/", views.newmedia, name="newmedia"),
    path("xinmeiti/closed/", views.newmedia_retired, name="newmedia_retired"),
    path("disclosure-rules/", views.rules, name="county_rules"),
    path("disclosure-rules/<division_code:code>/", views.rules, name="rules"),
    path("statutory/", views.statutory, name="county_statutory"),
    path("statutory/<division_code:code>/", views.statutory, name="statutory"),
    path("statutory/<division_code:code>/<slug:column>/", views.statutory_column, name="statutory_column"),
]
