"""Admin for divisions and departments; the directory and publications register in their own modules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from catalog.models import Department, Division
from catalog.scoping import DepartmentScopedAdminMixin


@admin.register(Division)
class DivisionAdmin(MPTTModelAdmin):
    list_display = ["name", "code", "level", "kind"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code"]
    mptt_level_indent = 24
    autocomplete_fields = ["parent"]


@admin.register(Department)
class DepartmentAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_path = "pk"
    list_display = ["name", "short_name", "code", "division", "phone", "is_disclosure_office", "receives_requests",
                    "is_active"]
    list_filter = ["division__level", "is_disclosure_office", "receives_requests", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["division"]
    autocomplete_fields = ["division", "handled_by"]
    filter_horizontal = ["staff"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "division", "is_disclosure_office", "is_active", "order",
                           "receives_requests", "organ_kind", "reconsideration_body_text", "handled_by"]}),
        (_("联系方式"), {"fields": ["phone", "address", "postcode", "office_hours", "fax", "email"]}),
        (_("工作人员"), {"fields": ["staff"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return self.fieldsets
        return self.fieldsets[:2]


# The directory and publications register in their own modules.
from catalog import (  # noqa: E402, F401
    admin_directory,
    admin_map,
    admin_newmedia,
    admin_publications,
    admin_subscriptions,
    search_admin,
)
