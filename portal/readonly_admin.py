"""Admin for records nobody edits by hand: logs, digests, ratings. Viewing follows the view permission."""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
