"""Admin for the disclosure guide: the disclosure office edits it, everyone on staff may read it."""

from django.contrib import admin

from catalog.models import GuidePage


@admin.register(GuidePage)
class GuidePageAdmin(admin.ModelAdmin):
    list_display = ["title", "division", "updated_at"]
    list_select_related = ["division"]
    autocomplete_fields = ["division"]
    search_fields = ["title", "division__name"]
    readonly_fields = ["updated_at"]
    fields = ["division", "title", "body", "updated_at"]
