"""Admin of e-mail subscriptions: the disclosure office (supervisors) and the superuser only, since each row is a
citizen's address: only their role is granted the view and delete permissions (catalog/migrations, through
catalog.roles.grant_permissions). Every page that shows addresses is logged (portal.access_log). Nobody adds or edits a
subscription here; a supervisor may delete one when a citizen asks by phone."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.models import Subscription
from portal.access_log import PersonalDataAdminMixin


@admin.register(Subscription)
class SubscriptionAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    personal_data_in_list = True
    list_display = ["email", "target_display", "is_confirmed_display", "requested_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["entry", "division"]
    fields = ["email", "entry", "division", "requested_at", "confirmed_at"]
    readonly_fields = fields

    @admin.display(description=_("订阅内容"))
    def target_display(self, obj):
        return f"事项：{obj.entry.name}" if obj.entry_id else f"区划：{obj.division.name}"

    @admin.display(description=_("已确认"), boolean=True)
    def is_confirmed_display(self, obj):
        return obj.is_confirmed

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
