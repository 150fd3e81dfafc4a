"""Read-only admin pages and inlines for records nobody edits by hand: logs, histories, digests, ratings.

`ReadOnlyAdminMixin` goes on a ModelAdmin or an inline; viewing follows the view permission. `ReadOnlyInline` is
the tabular inline of such records under their parent (a request's events, a publication's history).
"""

from django.contrib import admin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False
