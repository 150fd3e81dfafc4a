"""Admin for the text a government's office adds to its generated disclosure guide (catalog.guides); everyone on
staff may read it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.models import GuidePage


@admin.register(GuidePage)
class GuidePageAdmin(admin.ModelAdmin):
    list_display = ["division_label", "updated_at"]
    list_select_related = ["division"]
    autocomplete_fields = ["division"]
    search_fields = ["division__name", "body"]
    readonly_fields = ["updated_at"]
    fields = ["division", "body", "updated_at"]

    @admin.display(description=_("所属区划"), ordering="division__code")
    def division_label(self, page):
        return page.division or _("本县（县人民政府）")
